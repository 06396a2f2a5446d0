package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"samla/locale"
	"samla/models"
)

func work(t *testing.T, e *env, token, query string) []models.WorkItem {
	t.Helper()
	r := e.api("GET", "/api/v1/me/work"+query, token, "")
	if r.status != 200 {
		t.Fatalf("work: %d %s", r.status, r.body)
	}
	return decode[[]models.WorkItem](t, r.body)
}

func findWork(items []models.WorkItem, kind string, ref int64) (models.WorkItem, bool) {
	for _, w := range items {
		if w.Kind == kind && w.RefID == ref {
			return w, true
		}
	}
	return models.WorkItem{}, false
}

// A leader's missing report is due on the deadline day of the period due,
// overdue after it, and the next month's once it is in.
func TestMyWorkReportDue(t *testing.T) {
	e := newEnv(t)
	at := func(s string) { e.db.Now = func() time.Time { d, _ := time.Parse(time.RFC3339, s); return d } }
	at("2026-12-01T09:00:00Z")
	editor, leader := e.token(models.RoleEditor), e.token(models.RoleLeader)
	r := e.api("POST", "/api/v1/projects", editor, `{"title":"Hjemmefrist","service_area":"health_care","phase":"execution",
		"lead_municipality":"1824","municipalities":["1824"],"leader_email":"prosjektleder@samla.example","start_date":"2026-01-01"}`)
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	p := decode[models.Project](t, r.body)

	w, ok := findWork(work(t, e, leader, ""), models.WorkStatusReport, p.ID)
	if !ok || w.Due.String() != "2026-12-10" || w.Overdue || w.URL != fmt.Sprintf("/projects/%d/status/new", p.ID) || w.Title != "Hjemmefrist" {
		t.Fatalf("on 1 December: %+v %v", w, ok)
	}
	// The status form proposes November and says by when.
	page := e.sessionAs(models.RoleLeader).do("GET", fmt.Sprintf("/projects/%d/status/new", p.ID), nil)
	if !strings.Contains(page.body, `value="2026-11"`) || !strings.Contains(page.body, "10.12.2026") {
		t.Fatalf("status form does not propose November due 10.12.2026")
	}
	// The editor's queue lists it too, to the project's page.
	if w, ok := findWork(work(t, e, editor, "?kind=status_report"), models.WorkStatusReport, p.ID); !ok || w.Due.String() != "2026-12-10" {
		t.Fatalf("editor's queue: %+v %v", w, ok)
	}

	at("2026-12-11T09:00:00Z")
	if w, _ := findWork(work(t, e, leader, ""), models.WorkStatusReport, p.ID); !w.Overdue {
		t.Fatalf("after the deadline: %+v", w)
	}
	items := work(t, e, leader, "")
	if !items[0].Overdue {
		t.Fatalf("overdue items come first: %+v", items[0])
	}

	r = e.api("POST", fmt.Sprintf("/api/v1/projects/%d/status-reports", p.ID), leader, `{"period":"2026-11","overall":"green","time":"green","cost":"green","quality":"green","risk":"green","benefits":"green","progress_pct":10}`)
	if r.status != 201 {
		t.Fatalf("report: %d %s", r.status, r.body)
	}
	if w, _ := findWork(work(t, e, leader, ""), models.WorkStatusReport, p.ID); w.Due.String() != "2027-01-10" || w.Overdue {
		t.Fatalf("after filing November: %+v", w)
	}
	// Another role leads nothing and owes no report.
	for _, w := range work(t, e, e.token(models.RoleViewer), "") {
		if w.Kind == models.WorkStatusReport {
			t.Fatalf("viewer owes a report: %+v", w)
		}
	}
	if r := e.api("GET", "/api/v1/me/work?kind=nonsense", leader, ""); r.status != 422 || !strings.Contains(r.body, "kind") {
		t.Fatalf("bad kind: %d %s", r.status, r.body)
	}
}

// The Træna contact's work is Træna's rows past date, each to its form.
func TestMyWorkContact(t *testing.T) {
	e := newEnv(t)
	items := work(t, e, e.token(models.RoleContact), "?kind=rollout")
	if len(items) == 0 {
		t.Fatal("no rollout rows past date for Træna")
	}
	today := models.DateOf(time.Now())
	for _, w := range items {
		if !strings.HasSuffix(w.URL, "/rollouts/1835") || !w.Due.Before(today) || !w.Overdue || !strings.Contains(w.Title, "Træna") {
			t.Fatalf("not a Træna row past date: %+v", w)
		}
		if r := e.sessionAs(models.RoleContact).do("GET", w.URL, nil); r.status != 200 {
			t.Fatalf("%s: %d", w.URL, r.status)
		}
	}
	page := e.sessionAs(models.RoleContact).do("GET", "/", nil)
	if page.status != 200 || !strings.Contains(page.body, `href="`+items[0].URL+`"`) || !strings.Contains(page.body, "passert planlagt dato") {
		t.Fatalf("contact's home lacks the rows: %d", page.status)
	}
}

// Each role lands on its own home; the overview has moved to /overview and
// old links with its filters follow it.
func TestHomes(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		role models.Role
		want []string
	}{
		{models.RoleLeader, []string{"Neste statusrapport", "Mine prosjekter", "Åpne risikoer", `id="report-countdown"`}},
		{models.RoleContact, []string{"Målinger å registrere", "Neste møter der kommunen er med"}},
		{models.RoleViewer, []string{"Rana (Raane) i samarbeidet", "/reports/municipalities/1833.pdf", `id="home-pays"`}},
		{models.RoleSteering, []string{"Saker som venter", "Neste møte", "Beslutninger som trengs"}},
		{models.RoleEditor, []string{"Programkontorets arbeidsliste", `id="keyfigures"`}},
		{models.RoleAdmin, []string{"Programkontorets arbeidsliste", `id="keyfigures"`}},
	} {
		r := e.sessionAs(c.role).do("GET", "/", nil)
		if r.status != 200 {
			t.Fatalf("%s: %d", c.role, r.status)
		}
		for _, w := range c.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("%s's home lacks %q", c.role, w)
			}
		}
	}
	// The director's total is the yearly statement's.
	st := decode[models.Statement](t, e.api("GET", "/api/v1/municipalities/1833/statement", e.token(models.RoleViewer), "").body)
	if r := e.sessionAs(models.RoleViewer).do("GET", "/", nil); st.TotalNOK == 0 || !strings.Contains(r.body, `id="home-pays">`+locale.Kroner(st.TotalNOK)) {
		t.Fatalf("director's home does not show the statement's total %d", st.TotalNOK)
	}
	b := e.sessionAs(models.RoleLeader)
	if r := b.do("GET", "/overview", nil); r.status != 200 || !strings.Contains(r.body, `id="keyfigures"`) || strings.Contains(r.body, "Programkontorets arbeidsliste") {
		t.Fatalf("/overview: %d", r.status)
	}
	if r := b.do("GET", "/?area=health_care&phase=execution", nil); r.status != 301 || r.header.Get("Location") != "/overview?area=health_care&phase=execution" {
		t.Fatalf("old link: %d %q", r.status, r.header.Get("Location"))
	}
	if r := b.do("GET", "/?saved=1", nil); r.status != 200 {
		t.Fatalf("flash on the home: %d", r.status)
	}
}
