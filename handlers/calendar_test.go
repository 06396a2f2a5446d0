package handlers_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-ical"

	"samla/data"
	"samla/handlers"
	"samla/models"
)

// parseICS reads a calendar with github.com/emersion/go-ical and, as a
// second and independent reader, Debian's python3-icalendar; both must
// agree on the events' UIDs.
func parseICS(t *testing.T, body string) (*ical.Calendar, map[string]*ical.Event) {
	t.Helper()
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v\n%.500s", err, body)
	}
	events := map[string]*ical.Event{}
	for _, ev := range cal.Events() {
		uid, err := ev.Props.Text(ical.PropUID)
		if err != nil || uid == "" {
			t.Fatalf("event without UID: %v", err)
		}
		if _, err := ev.DateTimeStart(nil); err != nil {
			t.Fatalf("%s: DTSTART: %v", uid, err)
		}
		events[uid] = &ev
	}
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import icalendar").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3-icalendar is missing; .ci/run installs it")
		}
		t.Log("python3-icalendar not installed: only go-ical read the calendar")
		return cal, events
	}
	file := filepath.Join(t.TempDir(), "feed.ics")
	os.WriteFile(file, []byte(body), 0o600)
	out, err := exec.Command(python, "-c", `
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
if cal.errors: sys.exit("errors: %r" % cal.errors)
for ev in cal.walk("VEVENT"):
    if ev.errors: sys.exit("event errors: %r" % ev.errors)
    ev.decoded("DTSTART")
    print(ev["UID"])
`, file).CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar: %v\n%s", err, out)
	}
	if n := len(strings.Fields(string(out))); n != len(events) {
		t.Fatalf("python3-icalendar read %d events, go-ical %d", n, len(events))
	}
	return cal, events
}

func TestCalendarFeed(t *testing.T) {
	e := newEnv(t)
	leader := e.token(models.RoleLeader)
	r := e.api("POST", "/api/v1/me/calendar-token", leader, "")
	expect(t, "token", r, 201, `"url":"http://localhost:8080/calendar/`, `"webcal":"webcal://localhost:8080/calendar/`)
	link := decode[struct{ URL string }](t, r.body)
	path := strings.TrimPrefix(link.URL, "http://localhost:8080")
	anon := e.browser()
	r = anon.do("GET", path, nil)
	expect(t, "feed", r, 200, "BEGIN:VCALENDAR", "BEGIN:VTIMEZONE", "TZID:Europe/Oslo", "Frist for statusrapport", "RRULE:FREQ=MONTHLY;BYMONTHDAY=10")
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("Content-Type %q", r.header.Get("Content-Type"))
	}
	_, events := parseICS(t, r.body)
	// The leader's feed has the milestones of the projects they lead, and
	// nothing of the others.
	u := e.user(models.RoleLeader)
	own, others := 0, 0
	rows, _, err := e.db.Projects(t.Context(), data.ProjectFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rows {
		ms, _ := e.db.Milestones(t.Context(), p.ID)
		for _, m := range ms {
			_, in := events[fmt.Sprintf("milestone-%d@localhost", m.ID)]
			switch {
			case p.LeaderID == u.ID && in:
				own++
			case p.LeaderID != u.ID && in:
				others++
			}
		}
	}
	if own == 0 || others != 0 {
		t.Fatalf("milestones in the leader's feed: %d own, %d of others' projects", own, others)
	}
	for uid := range events {
		if strings.HasPrefix(uid, "meeting-") {
			t.Fatalf("the leader sits in no body, yet sees %s", uid)
		}
	}

	// The feed speaks the reader's language.
	u.Lang = "en"
	if _, err := e.db.UpdateUser(t.Context(), models.System, u, "", ""); err != nil {
		t.Fatal(err)
	}
	expect(t, "feed in English", anon.do("GET", path, nil), 200, "SUMMARY:Status report deadline", "SUMMARY:Milestone: ")

	// A new link revokes the old one.
	r = e.api("POST", "/api/v1/me/calendar-token", leader, "")
	expect(t, "renew", r, 201)
	expect(t, "old link", anon.do("GET", path, nil), 404)
	expect(t, "nonsense", anon.do("GET", "/calendar/nonsense.ics", nil), 404)

	// The steering group's feed has every body's meetings.
	steering := e.sessionAs(models.RoleSteering)
	r = steering.post("/account", "/account/calendar", url.Values{})
	expect(t, "account link", r, 200, "webcal://localhost:8080/calendar/")
	feed := regexp1(t, `value="http://localhost:8080(/calendar/[^"]+\.ics)"`, r.body)
	r = anon.do("GET", feed, nil)
	_, events = parseICS(t, r.body)
	meetings, tenders := 0, 0
	for uid := range events {
		if strings.HasPrefix(uid, "meeting-") {
			meetings++
		}
		if strings.Contains(uid, "-tender_deadline-") {
			tenders++
		}
	}
	if tenders == 0 {
		t.Fatal("no tender deadline in the feed")
	}
	all, _ := e.db.Meetings(t.Context(), 0)
	yearAgo := e.db.Now().AddDate(-1, 0, 1)
	want := 0
	for _, m := range all {
		if m.Date.After(yearAgo) {
			want++
		}
	}
	if meetings != want || want == 0 {
		t.Fatalf("the steering group's feed has %d meetings, want the %d from a year back", meetings, want)
	}
}

func TestMeetingICSKeepsUIDWhenMoved(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/meetings", editor, `{"title":"Ekstraordinært møte, styringsgruppen; budsjett","date":"2026-12-03","time":"13:00","place":"Mo i Rana"}`)
	expect(t, "meeting", r, 201)
	m := decode[models.Meeting](t, r.body)
	viewer := e.sessionAs(models.RoleViewer)
	get := func() *ical.Event {
		t.Helper()
		r := viewer.do("GET", fmt.Sprintf("/steering/meetings/%d.ics", m.ID), nil)
		expect(t, "ics", r, 200)
		_, events := parseICS(t, r.body)
		ev := events[fmt.Sprintf("meeting-%d@localhost", m.ID)]
		if ev == nil || len(events) != 1 {
			t.Fatalf("events = %v", events)
		}
		return ev
	}
	ev := get()
	start, _ := ev.DateTimeStart(nil)
	summary, _ := ev.Props.Text(ical.PropSummary)
	if start.Format("2006-01-02 15:04") != "2026-12-03 13:00" || start.Location().String() != "Europe/Oslo" || summary != "Ekstraordinært møte, styringsgruppen; budsjett" {
		t.Fatalf("start %v (%s), summary %q", start, start.Location(), summary)
	}
	seq := func(ev *ical.Event) string { return ev.Props.Get(ical.PropSequence).Value }
	if seq(ev) != "0" {
		t.Fatalf("sequence %s", seq(ev))
	}
	expect(t, "move", e.api("PATCH", fmt.Sprintf("/api/v1/meetings/%d", m.ID), editor, `{"date":"2026-12-04"}`), 200, `"sequence":1`)
	if ev = get(); seq(ev) != "1" {
		t.Fatalf("sequence after a move %s", seq(ev))
	}
	expect(t, "notes only", e.api("PATCH", fmt.Sprintf("/api/v1/meetings/%d", m.ID), editor, `{"participants":[{"name":"Kari","role":"member","present":true}]}`), 200, `"sequence":1`)
	expect(t, "cancel", e.api("PATCH", fmt.Sprintf("/api/v1/meetings/%d", m.ID), editor, `{"status":"cancelled"}`), 200, `"sequence":2`)
	ev = get()
	if st, _ := ev.Props.Text(ical.PropStatus); st != "CANCELLED" || seq(ev) != "2" {
		t.Fatalf("cancelled: status %q sequence %s", st, seq(ev))
	}
	expect(t, "held after cancel", e.api("PATCH", fmt.Sprintf("/api/v1/meetings/%d", m.ID), editor, `{"status":"held"}`), 422)
}

func regexp1(t *testing.T, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%s not found in %.500s", pattern, s)
	}
	return m[1]
}

// The log never holds a calendar token or an opt-out link.
func TestSecretPathsAreNotLogged(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	e := newEnvWith(t, func(_ *data.DB, cfg *handlers.Config) {
		cfg.Log = slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, nil))
	})
	r := e.api("POST", "/api/v1/me/calendar-token", e.token(models.RoleViewer), "")
	link := decode[struct{ URL string }](t, r.body)
	path := strings.TrimPrefix(link.URL, "http://localhost:8080")
	expect(t, "feed", e.browser().do("GET", path, nil), 200)
	expect(t, "opt-out", e.browser().do("GET", "/unsubscribe/c2VjcmV0.bWFj", nil), 404)
	mu.Lock()
	defer mu.Unlock()
	log := buf.String()
	token := strings.TrimSuffix(strings.TrimPrefix(path, "/calendar/"), ".ics")
	if strings.Contains(log, token) || strings.Contains(log, "c2VjcmV0") || !strings.Contains(log, "/calendar/[redacted]") {
		t.Fatalf("log:\n%s", log)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
