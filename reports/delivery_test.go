package reports_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"samla/data"
	"samla/models"
	"samla/outbound"
	"samla/reports"
)

// mailbox is an in-process SMTP server that keeps what it receives, and
// can be told to refuse.
type mailbox struct {
	mu       sync.Mutex
	messages []received
	refuse   bool
	srv      *smtp.Server
	addr     string
}

type received struct {
	from string
	to   []string
	data []byte
}

func (m *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{box: m}, nil }

type session struct {
	box  *mailbox
	from string
	to   []string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	if s.box.refuse {
		return &smtp.SMTPError{Code: 451, Message: "try again later"}
	}
	s.to = append(s.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	s.box.messages = append(s.box.messages, received{s.from, s.to, b})
	return nil
}
func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

func startMailbox(t *testing.T) *mailbox {
	t.Helper()
	box := &mailbox{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	box.addr = ln.Addr().String()
	box.srv = smtp.NewServer(box)
	box.srv.Domain = "localhost"
	go box.srv.Serve(ln)
	t.Cleanup(func() { box.srv.Close() })
	return box
}

func (m *mailbox) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.messages)
}

// clock is a settable time for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func service(t *testing.T, db *data.DB, box *mailbox) *reports.Service {
	t.Helper()
	oslo, _ := time.LoadLocation("Europe/Oslo")
	m, err := reports.NewMailer("smtp://"+box.addr, "samla@helgeland.example", "")
	if err != nil {
		t.Fatal(err)
	}
	m.Timeout = 5 * time.Second
	// the tests' webhook servers listen on 127.0.0.1
	guard, err := outbound.Parse("127.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	return &reports.Service{DB: db, Mailer: m, BaseURL: "https://samla.helgeland.example", Loc: oslo,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Outbound: guard}
}

// attachment parses a received message and returns its PDF attachment.
func attachment(t *testing.T, raw []byte) (subject string, pdf []byte) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.Header.Get("Content-Type") != "" && strings.HasPrefix(p.Header.Get("Content-Type"), "application/pdf") {
			b, _ := io.ReadAll(p) // multipart decodes neither base64 nor QP for us
			dec, err := decodeBase64(b)
			if err != nil {
				t.Fatal(err)
			}
			pdf = dec
		}
	}
	return subject, pdf
}

func decodeBase64(b []byte) ([]byte, error) {
	return io.ReadAll(newBase64Reader(bytes.NewReader(b)))
}

func TestScheduledMunicipalityReportByMail(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	box := startMailbox(t)
	svc := service(t, db, box)
	sch, err := db.SaveSchedule(ctx, models.System, models.Schedule{Report: "municipality", Key: "1826", Cron: "0 7 1 * *",
		Recipients: models.Recipients{Addresses: []string{"direktor@hattfjelldal.example", "okonomi@hattfjelldal.example"}}, Lang: "nb", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	n, err := svc.RunSchedule(ctx, sch, "manual-1")
	if err != nil || n != 2 {
		t.Fatalf("queued %d: %v", n, err)
	}
	if sent, failed, err := svc.SendDue(ctx); err != nil || sent != 2 || failed != 0 {
		t.Fatalf("send: %d %d %v", sent, failed, err)
	}
	if box.count() != 2 {
		t.Fatalf("received %d", box.count())
	}
	got := box.messages[0]
	if got.to[0] != "direktor@hattfjelldal.example" || got.from != "samla@helgeland.example" {
		t.Fatalf("envelope: %s → %v", got.from, got.to)
	}
	subject, pdf := attachment(t, got.data)
	if !strings.Contains(subject, "Hattfjelldal (Aarborte)") {
		t.Errorf("subject %q", subject)
	}
	text := pdfText(t, pdf)
	contains(t, "attached report", text, "Rapport for Hattfjelldal (Aarborte)")
	shares, _, _ := db.MunicipalityShares(ctx, "1826")
	for _, s := range shares {
		contains(t, "attached report", text, kroner(s.Share.AmountNOK))
	}
	if st, err := db.Statement(ctx, "1826", db.Now().Year()); err != nil {
		t.Fatal(err)
	} else {
		contains(t, "attached report", text, kroner(st.TotalNOK))
	}

	// The same run again queues nothing: no duplicates after a restart.
	if n, _ := svc.RunSchedule(ctx, sch, "manual-1"); n != 0 {
		t.Fatalf("the same run queued %d again", n)
	}
	if sent, _, _ := svc.SendDue(ctx); sent != 0 || box.count() != 2 {
		t.Fatalf("sent again: %d", box.count())
	}
	archive, _ := db.ArchivedReports(ctx, 10)
	if len(archive) != 2 || archive[0].ScheduleID != sch.ID {
		t.Fatalf("archive: %+v", archive)
	}
}

func TestDirectorsGetTheirMunicipality(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	box := startMailbox(t)
	svc := service(t, db, box)
	sch, err := db.SaveSchedule(ctx, models.System, models.Schedule{Report: "municipality", Cron: "0 7 1 * *",
		Recipients: models.Recipients{Group: models.RecipientsDirectors}, Lang: "nb", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RunSchedule(ctx, sch, "2026-12-01T07:00"); err != nil {
		t.Fatal(err)
	}
	svc.SendDue(ctx)
	want := map[string]string{"kommunedirektor@samla.example": "Rana (Raane)", "styringsgruppe@samla.example": "Alstahaug"}
	if box.count() != len(want) {
		t.Fatalf("received %d, want %d", box.count(), len(want))
	}
	for _, m := range box.messages {
		_, pdf := attachment(t, m.data)
		contains(t, m.to[0], pdfText(t, pdf), "Rapport for "+want[m.to[0]])
	}
}

// A refusing or absent server leads to retries with backoff, then
// "failed"; the archived PDF stays; once the server is back a new run delivers.
func TestRetriesAndFailure(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)}
	db.Now = c.now
	box := startMailbox(t)
	svc := service(t, db, box)
	box.refuse = true
	sch, _ := db.SaveSchedule(ctx, models.System, models.Schedule{Report: "portfolio", Cron: "0 7 * * 1",
		Recipients: models.Recipients{Addresses: []string{"leder@helgeland.example"}}, Lang: "nb", Enabled: true})
	if _, err := svc.RunSchedule(ctx, sch, "a"); err != nil {
		t.Fatal(err)
	}
	for attempt := 1; attempt <= len(models.RetryBackoff)+1; attempt++ {
		sent, failed, err := svc.SendDue(ctx)
		if err != nil || sent != 0 || failed != 1 {
			t.Fatalf("attempt %d: %d %d %v", attempt, sent, failed, err)
		}
		// Not due again before the backoff has passed.
		if _, failed, _ := svc.SendDue(ctx); failed != 0 {
			t.Fatalf("attempt %d retried at once", attempt)
		}
		c.add(3 * time.Hour)
	}
	ds, _ := db.Deliveries(ctx, "", 10)
	if ds[0].Status != models.DeliveryFailed || ds[0].Attempts != len(models.RetryBackoff)+1 || !strings.Contains(ds[0].Error, "451") {
		t.Fatalf("delivery: %+v", ds[0])
	}
	if _, pdf, err := db.ArchivedPDF(ctx, ds[0].ArchiveID); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("archived PDF lost: %v", err)
	}
	// The server is down altogether: a retry is scheduled.
	box.srv.Close()
	if _, err := svc.RunSchedule(ctx, sch, "b"); err != nil {
		t.Fatal(err)
	}
	if _, failed, _ := svc.SendDue(ctx); failed != 1 {
		t.Fatal("a send to a closed server did not fail")
	}
	ds, _ = db.Deliveries(ctx, models.DeliveryRetrying, 10)
	if len(ds) != 1 || !strings.Contains(ds[0].Error, "connect") {
		t.Fatalf("retrying: %+v", ds)
	}
	// Back again: the queued retry and a new run are delivered.
	box2 := startMailbox(t)
	svc2 := service(t, db, box2)
	if _, err := svc2.RunSchedule(ctx, sch, "c"); err != nil {
		t.Fatal(err)
	}
	c.add(time.Hour)
	if sent, _, _ := svc2.SendDue(ctx); sent != 2 || box2.count() != 2 {
		t.Fatalf("after the server returned: %d", box2.count())
	}
}

// Schedules fire on the first of the month at 07:00 Oslo time, winter and
// summer time alike.
func TestCronInOsloTime(t *testing.T) {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	for _, c := range []struct {
		after time.Time
		want  string
	}{
		{time.Date(2027, 3, 15, 12, 0, 0, 0, time.UTC), "2027-04-01T05:00:00Z"},  // CEST, UTC+2
		{time.Date(2026, 10, 15, 12, 0, 0, 0, time.UTC), "2026-11-01T06:00:00Z"}, // CET, UTC+1
		{time.Date(2027, 3, 1, 6, 30, 0, 0, time.UTC), "2027-04-01T05:00:00Z"},
	} {
		next, err := reports.NextRun("0 7 1 * *", c.after, oslo)
		if err != nil || next.UTC().Format(time.RFC3339) != c.want {
			t.Errorf("after %s: %s (%v), want %s", c.after, next.UTC().Format(time.RFC3339), err, c.want)
		}
	}
}

func TestRemindersOncePerRound(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 7, 8, 0, 0, 0, time.UTC)} // deadline 10th: three days before
	db.Now = c.now
	svc := service(t, db, startMailbox(t))
	n, err := svc.Reminders(ctx)
	if err != nil || n == 0 {
		t.Fatalf("first reminders: %d %v", n, err)
	}
	if again, _ := svc.Reminders(ctx); again != 0 {
		t.Fatalf("reminded twice: %d", again)
	}
	c.add(24 * time.Hour)
	if none, _ := svc.Reminders(ctx); none != 0 {
		t.Fatalf("reminded on an ordinary day: %d", none)
	}
	c.add(3 * 24 * time.Hour) // the 11th: after the deadline
	if second, _ := svc.Reminders(ctx); second == 0 {
		t.Fatal("no second reminder after the deadline")
	}
	ds, _ := db.Deliveries(ctx, "", 500)
	if !strings.Contains(ds[0].Subject, "Statusrapport mangler") {
		t.Fatalf("subject: %s", ds[0].Subject)
	}
}

func TestAlertsAndBackups(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	svc := service(t, db, startMailbox(t))
	n, err := svc.Alerts(ctx)
	if err != nil || n != 1 { // the demo has one programme-office user
		t.Fatalf("alerts: %d %v", n, err)
	}
	ds, _ := db.Deliveries(ctx, "", 5)
	if ds[0].Recipient != "programkontor@samla.example" || ds[0].Kind != "alert" {
		t.Fatalf("alert: %+v", ds[0])
	}
	set, _ := db.Settings(ctx)
	set.BackupKeep = 2
	if err := db.SaveSettings(ctx, models.System, set); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC)}
	db.Now = c.now
	for i := 0; i < 3; i++ {
		if _, err := svc.Backup(ctx); err != nil {
			t.Fatal(err)
		}
		c.add(24 * time.Hour)
	}
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(db.Path), "backups", "samla-*.db"))
	if len(files) != 2 {
		t.Fatalf("kept %d backups, want 2: %v", len(files), files)
	}
	b, err := data.Open(files[1])
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if list, _ := b.Municipalities(ctx); len(list) != 16 {
		t.Fatal("backup is incomplete")
	}

}

// A municipal contact is reminded once when a planned date has passed and
// the row was not updated since; an update stops the reminders.
func TestRolloutReminders(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db.Now = c.now
	sols, err := db.Solutions(ctx, data.SolutionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	r := models.Rollout{SolutionID: sols[0].ID, Municipality: "1835", Status: models.RolloutPlanned, Wave: "Pulje 2",
		PlannedDate: models.MustDate("2026-12-01"), ContactEmail: "it@trana.example"}
	if _, err := db.SetRollout(ctx, models.System, r); err != nil {
		t.Fatal(err)
	}
	svc := service(t, db, startMailbox(t))
	before, _ := svc.RolloutReminders(ctx)
	c.add(10 * 24 * time.Hour) // 3 December: the planned date has passed
	n, err := svc.RolloutReminders(ctx)
	// The rows past their date before (the demo has some) were reminded of
	// then; now only the new row's two people are.
	if err != nil || n != 2 {
		t.Fatalf("reminders: %d (before %d), %v; want the contact user and the row's contact", n, before, err)
	}
	if again, _ := svc.RolloutReminders(ctx); again != 0 {
		t.Fatalf("reminded twice: %d", again)
	}
	ds, _ := db.Deliveries(ctx, "", 500)
	found := map[string]bool{}
	for _, d := range ds {
		if strings.Contains(d.Subject, sols[0].Name) && strings.HasPrefix(d.Subject, "Innføring: planlagt dato er passert") {
			found[d.Recipient] = true
		}
	}
	if !found["kommunekontakt@samla.example"] || !found["it@trana.example"] {
		t.Errorf("recipients: %v", found)
	}
	r.Status = models.RolloutInProgress
	if _, err := db.SetRollout(ctx, models.System, r); err != nil {
		t.Fatal(err)
	}
	rows, _ := db.OverdueRollouts(ctx, models.DateOf(c.now()))
	for _, o := range rows {
		if o.SolutionID == r.SolutionID && o.Municipality == "1835" {
			t.Error("an updated row is still overdue")
		}
	}
}

// The weekly digest lists a grant whose report is due within 30 days; once
// the grant is reported it does not.
func TestDigestListsGrantDeadlines(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC)}
	db.Now = c.now
	svc := service(t, db, startMailbox(t))
	grants, err := db.Grants(ctx, data.GrantFilter{Status: "granted"})
	if err != nil {
		t.Fatal(err)
	}
	var due models.Grant
	for _, g := range grants {
		if g.ReportDueSoon(models.DateOf(c.now())) {
			due = g
		}
	}
	if due.ID == 0 {
		t.Fatal("the demo has no grant with a report due soon")
	}
	digest := func() string {
		t.Helper()
		if _, err := svc.Alerts(ctx); err != nil {
			t.Fatal(err)
		}
		ds, _ := db.Deliveries(ctx, "", 500)
		for _, d := range ds {
			if d.Kind == "alert" {
				body, err := db.DeliveryBody(ctx, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				return body
			}
		}
		return ""
	}
	if body := digest(); !strings.Contains(body, "Tilskudd med rapportfrist innen 30 dager") || !strings.Contains(body, due.Title) {
		t.Fatalf("the digest lacks the grant: %.600s", body)
	}
	due.Status, due.ReportedDate = "reported", models.DateOf(c.now())
	if _, err := db.SaveGrant(ctx, models.System, due); err != nil {
		t.Fatal(err)
	}
	c.add(7 * 24 * time.Hour) // next week's digest
	if body := digest(); strings.Contains(body, due.Title) {
		t.Error("a reported grant is still in the digest")
	}
}

// The programme office is reminded of a grant report 30 and 7 days before
// it is due, once each.
func TestGrantReminders(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)}
	db.Now = c.now
	svc := service(t, db, startMailbox(t))
	g, err := db.SaveGrant(ctx, models.System, models.Grant{Funder: "KS DigiFin", Scheme: "digifin", Title: "Rapport til DigiFin", Status: "granted",
		GrantedNOK: 500_000, ReportDue: models.MustDate("2027-01-15"), ProjectIDs: []int64{}})
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		n, err := svc.GrantReminders(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ds, _ := db.Deliveries(ctx, "", 500)
		sent := 0
		for _, d := range ds {
			if strings.Contains(d.Subject, g.Title) {
				sent++
			}
		}
		_ = n
		return sent
	}
	if n := count(); n != 0 {
		t.Fatalf("reminded 53 days before: %d", n)
	}
	c.add(25 * 24 * time.Hour) // 18 December: within 30 days
	if n := count(); n != 1 {
		t.Fatalf("30 days before: %d reminders", n)
	}
	if n := count(); n != 1 {
		t.Fatalf("reminded twice: %d", n)
	}
	c.add(21 * 24 * time.Hour) // 8 January: within 7 days
	if n := count(); n != 2 {
		t.Fatalf("7 days before: %d reminders", n)
	}
}
