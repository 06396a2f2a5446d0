package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"samla/data"
)

// slowBox is an SMTP server that takes its time over each message, so that
// samla can be stopped while it sends.
type slowBox struct {
	mu       sync.Mutex
	received int
	started  chan struct{}
}

func (b *slowBox) NewSession(*smtp.Conn) (smtp.Session, error) { return &slowSession{b}, nil }

type slowSession struct{ b *slowBox }

func (s *slowSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *slowSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *slowSession) Data(r io.Reader) error {
	select {
	case s.b.started <- struct{}{}:
	default:
	}
	io.ReadAll(r)
	time.Sleep(1500 * time.Millisecond)
	s.b.mu.Lock()
	s.b.received++
	s.b.mu.Unlock()
	return nil
}
func (s *slowSession) Reset()        {}
func (s *slowSession) Logout() error { return nil }

// Stopping samla (SIGTERM) while it sends an e-mail lets the outbox finish
// that message: after a restart it is sent exactly once.
func TestStopDuringDelivery(t *testing.T) {
	box := &slowBox{started: make(chan struct{}, 1)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(box)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	go srv.Serve(ln)
	defer srv.Close()
	t.Setenv("SAMLA_SMTP_URL", "smtp://"+ln.Addr().String())
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	serve := func() (string, context.CancelFunc, chan error) {
		addr := freeAddr(t)
		t.Setenv("SAMLA_BASE_URL", "http://"+addr)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			var out bytes.Buffer
			done <- run(ctx, []string{"serve", "-demo", "-addr", addr, "-db", db}, strings.NewReader(""), &out, &out)
		}()
		for i := 0; i < 200; i++ {
			if r, err := http.Get("http://" + addr + "/healthz"); err == nil && r.StatusCode == 200 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		return "http://" + addr, cancel, done
	}
	base, stop, done := serve()
	_, token, _ := runCLI(t, "", "token", "create", "-db", db, "-email", "admin@samla.example")
	api := func(method, path, body string) map[string]any {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(token))
		req.Header.Set("Content-Type", "application/json")
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		var out map[string]any
		json.NewDecoder(r.Body).Decode(&out)
		return out
	}
	sch := api("POST", "/api/v1/report-schedules", `{"report":"portfolio","cron":"0 7 1 1 *","recipients":["direktor@rana.kommune.example"]}`)
	api("POST", fmt.Sprintf("/api/v1/report-schedules/%v/run", sch["id"]), "")
	select {
	case <-box.started:
	case <-time.After(20 * time.Second):
		t.Fatal("the outbox did not start sending")
	}
	began := time.Now()
	stop() // as SIGTERM does
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("stopped with %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("samla did not stop within 15 s")
	}
	if d := time.Since(began); d > 12*time.Second {
		t.Errorf("stopping took %s", d)
	}
	_, stop, done = serve() // and again: nothing is sent twice
	time.Sleep(1500 * time.Millisecond)
	stop()
	<-done
	box.mu.Lock()
	n := box.received
	box.mu.Unlock()
	if n != 1 {
		t.Errorf("the message was received %d times", n)
	}
	store, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ds, _ := store.Deliveries(context.Background(), "", 10)
	if len(ds) != 1 || ds[0].Status != "sent" {
		t.Errorf("deliveries: %+v", ds)
	}
}
