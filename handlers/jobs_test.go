package handlers_test

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"samla/data"
	"samla/handlers"
	"samla/models"
	"samla/reports"
)

func TestScheduleAPI(t *testing.T) {
	e := newEnv(t)
	admin := e.token(models.RoleAdmin)
	for name, c := range map[string]struct{ body, field string }{
		"CRON_TZ without fields":  {`{"report":"portfolio","cron":"CRON_TZ=Europe/Oslo","recipients":"steering"}`, "cron"},
		"six fields":              {`{"report":"portfolio","cron":"0 0 7 1 * *","recipients":"steering"}`, "cron"},
		"nonsense cron":           {`{"report":"portfolio","cron":"every monday","recipients":"steering"}`, "cron"},
		"bad address":             {`{"report":"portfolio","cron":"0 7 * * 1","recipients":["not-an-address"]}`, "recipients"},
		"unknown report":          {`{"report":"budget","cron":"0 7 * * 1","recipients":"steering"}`, "report"},
		"unknown municipality":    {`{"report":"municipality","key":"0000","cron":"0 7 1 * *","recipients":"directors"}`, "key"},
		"directors for portfolio": {`{"report":"portfolio","cron":"0 7 1 * *","recipients":"directors"}`, "recipients"},
	} {
		r := e.api("POST", "/api/v1/report-schedules", admin, c.body)
		if r.status != 422 || fieldErrors(t, r.body)[c.field] == "" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	if list, _ := e.db.Schedules(t.Context()); len(list) != 0 {
		t.Fatal("an invalid schedule was saved")
	}
	r := e.api("POST", "/api/v1/report-schedules", admin, `{"report":"municipality","cron":"0 7 1 * *","recipients":"directors","lang":"nb"}`)
	expect(t, "create", r, 201, `"recipients":"directors"`, `"next_run":`)
	sch := decode[models.Schedule](t, r.body)
	r = e.api("POST", fmt.Sprintf("/api/v1/report-schedules/%d/run", sch.ID), admin, "")
	expect(t, "run now", r, 202, `"run_id":`)
	run := waitRun(t, e, decode[struct {
		RunID int64 `json:"run_id"`
	}](t, r.body).RunID)
	if run.Status != models.RunDone || run.Queued != 2 || run.Done != run.Total || run.Total == 0 {
		t.Fatalf("run: %+v", run)
	}
	r = e.api("GET", "/api/v1/report-deliveries", e.token(models.RoleEditor), "")
	expect(t, "deliveries", r, 200, `"status":"queued"`, "kommunedirektor@samla.example")
	expect(t, "editor reads", e.api("GET", "/api/v1/report-schedules", e.token(models.RoleEditor), ""), 200)
	expect(t, "editor writes", e.api("POST", "/api/v1/report-schedules", e.token(models.RoleEditor), `{}`), 403)
	expect(t, "patch", e.api("PATCH", fmt.Sprintf("/api/v1/report-schedules/%d", sch.ID), admin, `{"enabled":false}`), 200, `"enabled":false`)
	expect(t, "delete", e.api("DELETE", fmt.Sprintf("/api/v1/report-schedules/%d", sch.ID), admin, ""), 204)

	b := e.sessionAs(models.RoleAdmin)
	expect(t, "jobs page", b.do("GET", "/admin/jobs", nil), 200, "E-postserver er ikke satt opp", "Nattlig sikkerhetskopi", "Utboks")
	r = b.post("/admin/schedules", "/admin/schedules", map[string][]string{"report": {"portfolio"}, "cron": {"CRON_TZ=Europe/Oslo"}, "recipients": {"a@b.no, feil"}, "lang": {"nb"}})
	expect(t, "schedule form", r, 422, "Må være fem felt", `value="CRON_TZ=Europe/Oslo"`)
	if !strings.Contains(r.body, "Må være en gyldig e-postadresse") {
		t.Error("the bad address is not named")
	}
}

// A schedule to an address with a non-ASCII local part is refused when the
// mail server does not offer SMTPUTF8; an internationalised domain is fine.
func TestScheduleRecipientsNeedSMTPUTF8(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	relay := smtp.NewServer(smtpDiscard{})
	relay.Domain = "localhost"
	go relay.Serve(ln)
	t.Cleanup(func() { relay.Close() })
	e := newEnvWith(t, func(db *data.DB, cfg *handlers.Config) {
		m, err := reports.NewMailer("smtp://"+ln.Addr().String(), "Digitale Helgeland <samla@helgeland.example>", "")
		if err != nil {
			t.Fatal(err)
		}
		cfg.Jobs = reports.NewScheduler(&reports.Service{DB: db, Mailer: m, Loc: time.UTC, Log: testLogger()})
		cfg.MailConfigured = true
	})
	tok := e.token(models.RoleAdmin)
	r := e.api("POST", "/api/v1/report-schedules", tok, `{"report":"portfolio","cron":"0 7 * * 1","recipients":["ærlig@vega.kommune.example"]}`)
	expect(t, "utf-8 local part", r, 422, `"recipients":"smtputf8"`)
	r = e.api("POST", "/api/v1/report-schedules", tok, `{"report":"portfolio","cron":"0 7 * * 1","recipients":["post@brønnøy.kommune.example"]}`)
	expect(t, "idn domain", r, 201)
}

// smtpDiscard is a relay that takes everything and offers no SMTPUTF8.
type smtpDiscard struct{}

func (smtpDiscard) NewSession(*smtp.Conn) (smtp.Session, error) { return smtpDiscard{}, nil }
func (smtpDiscard) Mail(string, *smtp.MailOptions) error        { return nil }
func (smtpDiscard) Rcpt(string, *smtp.RcptOptions) error        { return nil }
func (smtpDiscard) Data(r io.Reader) error                      { _, err := io.Copy(io.Discard, r); return err }
func (smtpDiscard) Reset()                                      {}
func (smtpDiscard) Logout() error                               { return nil }

// waitRun polls a report run through the API until it is no longer running.
func waitRun(t *testing.T, e *env, id int64) models.ReportRun {
	t.Helper()
	editor := e.token(models.RoleEditor)
	for range 600 {
		r := e.api("GET", fmt.Sprintf("/api/v1/report-runs/%d", id), editor, "")
		expect(t, "report run", r, 200, `"status":`)
		run := decode[models.ReportRun](t, r.body)
		if run.Status != models.RunRunning {
			return run
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("run %d still running after 30 s", id)
	return models.ReportRun{}
}

// "Run now" on the page answers at once with the jobs page, where the run
// shows as a progress bar; a run cut off by a crash says how to finish it.
func TestReportRunOnJobsPage(t *testing.T) {
	e := newEnv(t)
	sch, err := e.db.SaveSchedule(t.Context(), models.System, models.Schedule{Report: "municipality", Cron: "0 7 1 * *",
		Recipients: models.Recipients{Group: models.RecipientsDirectors}, Lang: "nb", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	b := e.sessionAs(models.RoleAdmin)
	r := b.post("/admin/schedules", fmt.Sprintf("/admin/schedules/%d/run", sch.ID), url.Values{})
	if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/admin/jobs?run=") {
		t.Fatalf("run now: %d %q", r.status, r.header.Get("Location"))
	}
	var id int64
	fmt.Sscanf(strings.TrimPrefix(r.header.Get("Location"), "/admin/jobs?run="), "%d", &id)
	run := waitRun(t, e, id)
	page := b.do("GET", "/admin/jobs", nil)
	expect(t, "jobs page", page, 200, "Rapportkjøringer", fmt.Sprintf(`<progress max="%d" value="%d"`, run.Total, run.Done), "Ferdig",
		fmt.Sprintf("%d av %d rapporter laget, %d e-poster i utboksen", run.Total, run.Total, run.Queued))
	if strings.Contains(page.body, `hx-get="/admin/jobs/runs"`) {
		t.Error("a finished run keeps the list polling")
	}
	// A run recorded as running that no one runs was cut off.
	cut, err := e.db.StartReportRun(t.Context(), sch.ID, "manual-cut")
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "fragment without htmx", b.do("GET", "/admin/jobs/runs", nil), 303)
	frag := b.htmx("GET", "/admin/jobs/runs", nil)
	expect(t, "fragment", frag, 200, fmt.Sprintf(`id="run-%d"`, cut.ID), "Avbrutt", "fullfører kjøringen")
	if strings.Contains(frag.body, "<html") || strings.Contains(frag.body, `hx-trigger="every`) {
		t.Errorf("fragment: %.300s", frag.body)
	}
	expect(t, "viewer", e.sessionAs(models.RoleViewer).htmx("GET", "/admin/jobs/runs", nil), 403)
	expect(t, "missing run", e.api("GET", "/api/v1/report-runs/99999", e.token(models.RoleEditor), ""), 404)
}
