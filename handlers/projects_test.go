package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"samla/data"
	"samla/models"
)

const newProjectJSON = `{"title":"Felles velferdsteknologi i Træna","description":"Trygghetsalarmer","service_area":"health_care",
	"phase":"planning","lead_municipality":"1835","municipalities":["1833","1824"],"leader_email":"prosjektleder@samla.example",
	"budget_nok":750000,"start_date":"2026-01-01","end_date":"2027-06-30","national_solution":"Digihelse"}`

func TestProjectAPI(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/projects", editor, newProjectJSON)
	expect(t, "create", r, 201, `"title":"Felles velferdsteknologi i Træna"`, `"lead_municipality":"1835"`, `"municipalities":["1824","1833","1835"]`)
	p := decode[models.Project](t, r.body)

	// It shows on the list and on its page.
	b := e.sessionAs(models.RoleViewer)
	expect(t, "list page", b.do("GET", "/projects?q=tr%C3%A6na", nil), 200, "Felles velferdsteknologi i Træna")
	expect(t, "project page", b.do("GET", fmt.Sprintf("/projects/%d", p.ID), nil), 200, "Felles velferdsteknologi i Træna", "Liv Prosjektleder", "750\u00a0000\u00a0kr")

	// Searching in capitals finds Træna.
	r = e.api("GET", "/api/v1/projects?q=TR%C3%86NA", editor, "")
	expect(t, "search TRÆNA", r, 200, "Felles velferdsteknologi i Træna")

	// Invalid input names every wrong field, and saves nothing.
	before, _, _ := e.db.Projects(context.Background(), data.ProjectFilter{Limit: 1})
	_ = before
	r = e.api("POST", "/api/v1/projects", editor, `{"title":"","service_area":"space","phase":"x","lead_municipality":"0000",
		"municipalities":["9999"],"budget_nok":-5,"start_date":"2026-05-01","end_date":"2026-01-01","leader_email":"nobody@x.no"}`)
	expect(t, "invalid", r, 422)
	f := fieldErrors(t, r.body)
	for _, k := range []string{"title", "service_area", "phase", "lead_municipality", "municipalities", "budget_nok", "end_date", "leader_email"} {
		if f[k] == "" {
			t.Errorf("422 does not name %s: %v", k, f)
		}
	}
	expect(t, "bad date", e.api("POST", "/api/v1/projects", editor, `{"title":"X","start_date":"01.01.2026"}`), 422, `"start_date":"date"`)
	expect(t, "malformed", e.api("POST", "/api/v1/projects", editor, `{"title":`), 400)
	expect(t, "missing", e.api("GET", "/api/v1/projects/999999", editor, ""), 404)
	expect(t, "viewer create", e.api("POST", "/api/v1/projects", e.token(models.RoleViewer), newProjectJSON), 403)

	// PATCH changes the phase and records why.
	r = e.api("PATCH", fmt.Sprintf("/api/v1/projects/%d", p.ID), editor, `{"phase":"execution","phase_reason":"Vedtatt BP3 i sak 4/2026","checklist_override_reason":"Sjekklisten føres etterpå"}`)
	expect(t, "patch", r, 200, `"phase":"execution"`)
	expect(t, "phase changes", e.api("GET", fmt.Sprintf("/api/v1/projects/%d/phase-changes", p.ID), editor, ""), 200, "Vedtatt BP3 i sak 4/2026")

	// Two people edit the same project: the second, based on the old version, gets 409.
	r = e.api("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), editor, "")
	tag := r.header.Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	first := httpReq("PATCH", fmt.Sprintf("/api/v1/projects/%d", p.ID), editor, `{"budget_nok":800000}`, tag)
	expect(t, "first writer", e.do(first), 200, `"budget_nok":800000`)
	second := httpReq("PATCH", fmt.Sprintf("/api/v1/projects/%d", p.ID), editor, `{"budget_nok":900000}`, tag)
	expect(t, "second writer", e.do(second), 409, `"code":"conflict"`)
	if got, _ := e.db.Project(context.Background(), p.ID); got.BudgetNOK != 800000 {
		t.Fatalf("lost update: %d", got.BudgetNOK)
	}

	// DELETE archives; the project is hidden but not lost.
	expect(t, "archive", e.api("DELETE", fmt.Sprintf("/api/v1/projects/%d", p.ID), editor, ""), 200, `"archived":true`)
	r = e.api("GET", "/api/v1/projects?q=velferdsteknologi%20i%20tr%C3%A6na", editor, "")
	if strings.Contains(r.body, "Felles velferdsteknologi i Træna") {
		t.Error("archived project listed")
	}
	expect(t, "archived list", e.api("GET", "/api/v1/projects?archived=true&q=tr%C3%A6na", editor, ""), 200, "Felles velferdsteknologi i Træna")
	expect(t, "restore", e.api("PATCH", fmt.Sprintf("/api/v1/projects/%d", p.ID), editor, `{"archived":false}`), 200, `"archived":false`)
}

func TestStatusReportChangesStatus(t *testing.T) {
	e := newEnv(t)
	// Before the deadline of the month: the project has no status yet.
	e.db.Now = func() time.Time { return time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC) }
	editor := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/projects", editor, newProjectJSON)
	p := decode[models.Project](t, r.body)
	if p.Status != "none" {
		t.Fatalf("new project status %q", p.Status)
	}
	leader := e.token(models.RoleLeader)
	report := `{"period":"2026-10","overall":"red","time":"red","cost":"yellow","quality":"green","risk":"yellow","benefits":"green",
		"overall_comment":"Leverandøren er forsinket","progress_pct":35,"spent_nok":200000,"forecast_nok":800000,"summary":"Pilot i Træna"}`
	expect(t, "report", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/status-reports", p.ID), leader, report), 201, `"overall":"red"`)
	expect(t, "status red", e.api("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), leader, ""), 200, `"status":"red"`, `"progress_pct":35`)
	// The same month again replaces the report.
	expect(t, "replace", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/status-reports", p.ID), leader, strings.Replace(report, `"overall":"red"`, `"overall":"yellow"`, 1)), 200, `"overall":"yellow"`)
	r = e.api("GET", fmt.Sprintf("/api/v1/projects/%d/status-reports", p.ID), leader, "")
	if n := strings.Count(r.body, `"period":"2026-10"`); n != 1 {
		t.Fatalf("reports for 2026-10: %d", n)
	}
	// After the deadline with no report for November's due month (October
	// is reported): fine. A month later without a November report: missing.
	e.db.Now = func() time.Time { return time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC) }
	expect(t, "missing", e.api("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), leader, ""), 200, `"status":"missing"`)
	r = e.api("GET", "/api/v1/projects?status=missing", leader, "")
	if !strings.Contains(r.body, fmt.Sprintf(`"id":%d,`, p.ID)) {
		t.Fatal("status=missing does not list the project")
	}

	// Invalid reports name every field.
	r = e.api("POST", fmt.Sprintf("/api/v1/projects/%d/status-reports", p.ID), leader, `{"period":"2026-13","overall":"blue","progress_pct":101,"spent_nok":-1}`)
	expect(t, "invalid report", r, 422)
	f := fieldErrors(t, r.body)
	for _, k := range []string{"period", "overall", "time", "cost", "quality", "risk", "benefits", "progress_pct", "spent_nok"} {
		if f[k] == "" {
			t.Errorf("422 does not name %s: %v", k, f)
		}
	}
	expect(t, "percent as text", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/status-reports", p.ID), leader, `{"progress_pct":"halvveis"}`), 422, `"progress_pct":"type"`)
}

// The leader rule holds both ways: a leader changes the projects they lead,
// and gets 403 on anybody else's.
func TestLeaderRule(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	liv := e.user(models.RoleLeader)
	list, _, err := e.db.Projects(ctx, data.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var mine, other models.Project
	for _, p := range list {
		if p.LeaderID == liv.ID && mine.ID == 0 {
			mine = p
		}
		if p.LeaderID != liv.ID && other.ID == 0 {
			other = p
		}
	}
	if mine.ID == 0 || other.ID == 0 {
		t.Fatal("the demo lacks projects of and not of the demo leader")
	}
	leader := e.token(models.RoleLeader)
	report := `{"period":"2026-10","overall":"green","time":"green","cost":"green","quality":"green","risk":"green","benefits":"green","progress_pct":50}`
	r := e.api("POST", fmt.Sprintf("/api/v1/projects/%d/status-reports", mine.ID), leader, report)
	if r.status != 201 && r.status != 200 {
		t.Fatalf("own project: %d %s", r.status, r.body)
	}
	expect(t, "other's project", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/status-reports", other.ID), leader, report), 403)
	expect(t, "other's milestone", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/milestones", other.ID), leader, `{"title":"X","due_date":"2027-01-01"}`), 403)
	expect(t, "own milestone", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/milestones", mine.ID), leader, `{"title":"Pilot i Træna","due_date":"2027-01-01"}`), 201)
	expect(t, "own risk", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/risks", mine.ID), leader, `{"title":"Sein levering","probability":4,"consequence":3}`), 201, `"open":true`)
	expect(t, "bad risk", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/risks", mine.ID), leader, `{"title":"","probability":9,"consequence":0}`), 422, `"probability"`, `"consequence"`, `"title"`)
	expect(t, "leader edits facts", e.api("PATCH", fmt.Sprintf("/api/v1/projects/%d", mine.ID), leader, `{"title":"Nytt navn"}`), 403)
	b := e.sessionAs(models.RoleLeader)
	expect(t, "other's form", b.do("GET", fmt.Sprintf("/projects/%d/status/new", other.ID), nil), 403)
	expect(t, "own form", b.do("GET", fmt.Sprintf("/projects/%d/status/new", mine.ID), nil), 200, "Skjemaet er fylt ut fra forrige rapport")
	// A viewer has no writing buttons.
	v := e.sessionAs(models.RoleViewer)
	if r := v.do("GET", fmt.Sprintf("/projects/%d", mine.ID), nil); strings.Contains(r.body, "/status/new") {
		t.Error("viewer sees the report button")
	}
}

func TestProjectForms(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleEditor)
	form := url.Values{"title": {"Digitalt renholdssystem <b>"}, "service_area": {"administration"}, "phase": {"idea"},
		"lead_municipality": {"1833"}, "budget_nok": {"1 000 000"}, "start_date": {"2026-05-01"}, "end_date": {"2026-01-01"},
		"municipalities": {"1811", "1812"}, "documents_url": {"ftp://x"}}
	r := b.post("/projects/new", "/projects/new", form)
	expect(t, "invalid form keeps input", r, 422, `value="Digitalt renholdssystem &lt;b&gt;"`, `value="1 000 000"`,
		"Kan ikke være før startdatoen.", "Må være en nettadresse", `id="m-1811" name="municipalities" value="1811" checked`)
	form.Set("end_date", "2027-01-01")
	form.Set("documents_url", "https://sharepoint.example/sites/renhold")
	r = b.post("/projects/new", "/projects/new", form)
	if r.status != 303 {
		t.Fatalf("create: %d %.400s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(strings.Split(loc, "?")[0], "/projects/"), 10, 64)
	p, err := e.db.Project(context.Background(), id)
	if err != nil || p.BudgetNOK != 1_000_000 || len(p.Municipalities) != 3 {
		t.Fatalf("created: %+v %v", p, err)
	}
	page := fmt.Sprintf("/projects/%d", id)
	// Status report form: errors keep input, then a valid report.
	rep := url.Values{"period": {"2026-10"}, "overall": {"green"}, "time": {"purple"}, "progress_pct": {"150"}, "summary": {"Første rapport"}}
	r = b.post(page+"/status/new", page+"/status", rep)
	expect(t, "invalid report", r, 422, "Første rapport", "Velg grønn, gul eller rød.", "Må være mellom 0 og 100.")
	for _, d := range models.Dimensions {
		rep.Set(d, "yellow")
	}
	rep.Set("progress_pct", "10")
	// A yellow dimension needs a comment.
	r = b.post(page+"/status/new", page+"/status", rep)
	expect(t, "yellow without a comment", r, 422, "Skriv hvorfor statusen er gul eller rød.", "app-dim-comment--open")
	for _, d := range models.Dimensions {
		rep.Set(d+"_comment", "Litt forsinket")
	}
	r = b.post(page+"/status/new", page+"/status", rep)
	if r.status != 303 {
		t.Fatalf("report: %d %.300s", r.status, r.body)
	}
	expect(t, "history", b.do("GET", r.header.Get("Location"), nil), 200, "Statusrapporten er lagret", "oktober 2026", "Gul")
	// Milestone with a bad date comes back with the error.
	r = b.post(page, page+"/milestones", url.Values{"ms_title": {"Pilot"}, "ms_due": {"i morgen"}})
	expect(t, "bad milestone", r, 422, `value="Pilot"`, "Må være en dato")
	r = b.post(page, page+"/milestones", url.Values{"ms_title": {"Pilot"}, "ms_due": {"2027-02-01"}})
	if r.status != 303 {
		t.Fatalf("milestone: %d", r.status)
	}
	// Phase change through the form is recorded with its reason.
	edit := url.Values{}
	for k, v := range form {
		edit[k] = v
	}
	edit.Set("phase", "concept")
	edit.Set("phase_reason", "Godkjent BP1")
	// The idea phase's mandatory checklist items are open: the form asks for a reason.
	r = b.post(page+"/edit", page+"/edit", edit)
	expect(t, "checklist open", r, 422, "Mandat for konseptfasen", "Obligatoriske punkter i sjekklisten er åpne")
	edit.Set("checklist_override_reason", "Mandatet ettersendes")
	r = b.post(page+"/edit", page+"/edit", edit)
	if r.status != 303 {
		t.Fatalf("edit: %d %.300s", r.status, r.body)
	}
	expect(t, "phase change shown", b.do("GET", page, nil), 200, "Godkjent BP1", "Idé → Konsept")
}

func TestProjectsListFiltersAndPages(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	r := b.do("GET", "/projects", nil)
	expect(t, "list", r, 200, "Digital hjemmeoppfølging", "26 prosjekter")
	r = b.do("GET", "/projects?phase=execution&sort=budget&desc=1", nil)
	expect(t, "phase filter", r, 200, "Gjennomføre")
	if strings.Contains(r.body, "Felles økonomisystem (ERP)") {
		t.Error("an idea-phase project in the execution filter")
	}
	r = b.do("GET", "/projects?municipality=1835", nil)
	expect(t, "municipality filter", r, 200, "Krisevarsling til innbyggere")
	expect(t, "junk filters", b.do("GET", "/projects?phase=x&status=y&page=-3&sort=drop", nil), 200)
	expect(t, "api filter error", e.api("GET", "/api/v1/projects?phase=x", e.token(models.RoleViewer), ""), 422, `"phase":"choice"`)
}

func httpReq(method, target, token, body, ifMatch string) *http.Request {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	return req
}

// A dashboard filtered by a municipality shows the same figures as the
// municipality's own page.
func TestDashboardFilterMatchesMunicipalityPage(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	figure := regexp.MustCompile(`id="(kf-[a-z]+)">([^<]+)<`)
	figures := func(path string) map[string]string {
		r := b.do("GET", path, nil)
		if r.status != 200 {
			t.Fatalf("%s: %d", path, r.status)
		}
		out := map[string]string{}
		for _, m := range figure.FindAllStringSubmatch(r.body, -1) {
			out[m[1]] = m[2]
		}
		return out
	}
	for _, nr := range []string{"1835", "1833"} {
		dash, page := figures("/overview?municipality="+nr), figures("/municipalities/"+nr)
		if len(dash) < 2 || fmt.Sprint(dash) != fmt.Sprint(page) {
			t.Errorf("%s: dashboard %v, municipality page %v", nr, dash, page)
		}
		if all := figures("/overview"); all["kf-active"] == dash["kf-active"] {
			t.Errorf("%s: the filter does not change the figures", nr)
		}
	}
}

// The dashboard filters by county: Helgeland lies in Nordland, so its
// dashboard and Nordland's agree, and Oslo's is empty; a county code that
// does not exist is ignored.
func TestDashboardCountyFilter(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	expect(t, "all", b.do("GET", "/overview", nil), 200, `id="kf-active">17<`)
	expect(t, "Nordland", b.do("GET", "/overview?county=18", nil), 200, `id="kf-active">17<`)
	expect(t, "Oslo", b.do("GET", "/overview?county=03", nil), 200, `id="kf-active">0<`)
	expect(t, "unknown county", b.do("GET", "/overview?county=99", nil), 200, `id="kf-active">17<`)
}
