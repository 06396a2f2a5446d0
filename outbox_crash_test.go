package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/mail"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"samla/data"
	"samla/models"
)

// crashBox is an SMTP server that keeps each message fully received, by
// recipient, with its Message-ID; it tells when a given message has begun.
type crashBox struct {
	mu       sync.Mutex
	got      map[string][]string // recipient → Message-IDs received
	begun    int
	signalAt int
	reached  chan struct{}
}

func (b *crashBox) NewSession(*smtp.Conn) (smtp.Session, error) { return &crashSession{b: b}, nil }

type crashSession struct {
	b  *crashBox
	to string
}

func (s *crashSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *crashSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = to
	return nil
}
func (s *crashSession) Data(r io.Reader) error {
	s.b.mu.Lock()
	s.b.begun++
	if s.b.begun == s.b.signalAt {
		close(s.b.reached)
	}
	s.b.mu.Unlock()
	time.Sleep(300 * time.Millisecond) // slow enough to be killed in the middle
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	if _, err := io.ReadAll(msg.Body); err != nil {
		return err
	}
	s.b.mu.Lock()
	s.b.got[s.to] = append(s.b.got[s.to], msg.Header.Get("Message-Id"))
	s.b.mu.Unlock()
	return nil
}
func (s *crashSession) Reset()        {}
func (s *crashSession) Logout() error { return nil }

// TestOutboxAfterKill: samla is killed (SIGKILL) in the middle of a batch of
// ten e-mails, while the third is being handed to the relay. After a
// restart every message arrives without anyone pressing "retry stuck":
// those never attempted go out by themselves, and the one in doubt is sent
// again with the same Message-ID (at least once).
func TestOutboxAfterKill(t *testing.T) {
	box := &crashBox{got: map[string][]string{}, signalAt: 3, reached: make(chan struct{})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(box)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	go srv.Serve(ln)
	defer srv.Close()
	db := t.TempDir() + "/crash.db"
	start := func(demo bool) (*exec.Cmd, string) {
		var args []string
		if demo {
			args = []string{"-demo"}
		}
		return serveChild(t, "samla", db, args, "SAMLA_SMTP_URL=smtp://"+ln.Addr().String())
	}
	cmd, base := start(true)
	_, token, _ := runCLI(t, "", "token", "create", "-db", db, "-email", "admin@samla.example")
	token = strings.TrimSpace(token)
	var rcpts []string
	for i := range 10 {
		rcpts = append(rcpts, fmt.Sprintf(`"mottaker%d@rana.kommune.example"`, i))
	}
	code, body := apiCall(t, "POST", base+"/api/v1/report-schedules", token, `{"report":"portfolio","cron":"0 7 1 1 *","recipients":[`+strings.Join(rcpts, ",")+`]}`)
	if code != 201 {
		t.Fatalf("schedule: %d %s", code, body)
	}
	var sch models.Schedule
	if err := json.Unmarshal([]byte(body), &sch); err != nil || sch.ID == 0 {
		t.Fatalf("schedule: %v %s", err, body)
	}
	if code, body := apiCall(t, "POST", fmt.Sprintf("%s/api/v1/report-schedules/%d/run", base, sch.ID), token, ""); code != 202 {
		t.Fatalf("run: %d %s", code, body)
	}
	select {
	case <-box.reached:
	case <-time.After(60 * time.Second):
		t.Fatal("the outbox did not reach the third message")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	box.mu.Lock()
	before := 0
	for _, ids := range box.got {
		before += len(ids)
	}
	box.mu.Unlock()
	store, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := store.Deliveries(context.Background(), "sending", 50)
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	if len(ds) > 1 {
		t.Errorf("%d deliveries in doubt after the kill, want at most the one being sent", len(ds))
	}
	t.Logf("killed with %d received, %d in doubt", before, len(ds))

	start(false) // no button pressed: the outbox goes on by itself
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		box.mu.Lock()
		n := len(box.got)
		box.mu.Unlock()
		if n == 10 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	box.mu.Lock()
	defer box.mu.Unlock()
	dups := 0
	for i := range 10 {
		to := fmt.Sprintf("mottaker%d@rana.kommune.example", i)
		ids := box.got[to]
		if len(ids) == 0 {
			t.Errorf("%s never got the report", to)
			continue
		}
		for _, mid := range ids {
			if mid != ids[0] || mid == "" {
				t.Errorf("%s got Message-IDs %v: a resend must keep it", to, ids)
			}
		}
		dups += len(ids) - 1
	}
	if dups > 1 {
		t.Errorf("%d duplicates: only the message in doubt may come twice", dups)
	}
}
