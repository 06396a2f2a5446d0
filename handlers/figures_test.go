package handlers_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"samla/models"
)

var figureRe = regexp.MustCompile(`data-figure="([a-z_]+)"[^>]*>([^<]*)<`)

// figureNumber reads "51 500 000 kr", "1 234" (with non-breaking spaces) as
// a number.
func figureNumber(t *testing.T, s string) int64 {
	t.Helper()
	s = strings.NewReplacer("\u00a0", "", "\u202f", "", " ", "", "kr", "", "&nbsp;", "").Replace(strings.TrimSpace(s))
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("figure %q is not a number", s)
	}
	return n
}

// pageFigures reads every data-figure of a page; a figure shown twice
// must show the same number.
func pageFigures(t *testing.T, b *browser, path string) map[string]int64 {
	t.Helper()
	r := b.do("GET", path, nil)
	if r.status != 200 {
		t.Fatalf("%s: %d", path, r.status)
	}
	out := map[string]int64{}
	for _, m := range figureRe.FindAllStringSubmatch(r.body, -1) {
		n := figureNumber(t, m[2])
		if old, ok := out[m[1]]; ok && old != n {
			t.Errorf("%s shows %s as %d and %d", path, m[1], old, n)
		}
		out[m[1]] = n
	}
	return out
}

// The done-when test of "one truth on every page": on the Helgeland demo,
// each key figure (CONTRACT "Figures") is the same number on the overview,
// the projects list, the procurements page, Rana's page and PDF, and the API.
func TestOneTruthOnEveryPage(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	token := e.token(models.RoleViewer)
	api := decode[map[string]int64](t, e.api("GET", "/api/v1/figures", token, "").body)

	overview := pageFigures(t, b, "/overview")
	for _, name := range models.FigureNames {
		got, ok := overview[name]
		if !ok {
			t.Errorf("the overview does not mark %s", name)
			continue
		}
		if got != api[name] {
			t.Errorf("%s: overview %d, API %d", name, got, api[name])
		}
	}
	// Active projects exclude ideas, realisation, done and cancelled: the
	// demo has 26 projects, 2 ideas, 4 in realisation, 2 done, 1 cancelled.
	if api["active_projects"] != 17 || api["ideas"] != 2 || api["in_realisation"] != 4 || api["done"] != 2 || api["cancelled"] != 1 {
		t.Errorf("project figures %v", api)
	}
	if api["red"]+api["yellow"]+api["green"]+api["missing"] > api["active_projects"] {
		t.Errorf("statuses %v add up to more than the active projects", api)
	}

	// The projects list counts the same.
	for _, name := range []string{"active_projects", "red", "yellow", "green", "missing"} {
		path := "/projects?phase=active"
		if name != "active_projects" {
			path += "&status=" + name
		}
		if got := pageFigures(t, b, path)[name]; got != api[name] {
			t.Errorf("%s: projects list %d, API %d", name, got, api[name])
		}
	}
	// Done and cancelled projects show their phase and status none.
	for _, phase := range []string{"done", "cancelled"} {
		list := decode[[]models.Project](t, e.api("GET", "/api/v1/projects?phase="+phase, token, "").body)
		for _, p := range list {
			if p.Status != models.StatusNone {
				t.Errorf("%s project %q has status %s", phase, p.Title, p.Status)
			}
		}
	}

	// 6 = 6: the procurements page and the deadlines API list the same.
	if got := pageFigures(t, b, "/procurements")["deadlines"]; got != api["deadlines"] {
		t.Errorf("deadlines: procurements page %d, overview %d", got, api["deadlines"])
	}
	deadlines := decode[[]map[string]any](t, e.api("GET", "/api/v1/procurements/deadlines", token, "").body)
	if int64(len(deadlines)) != api["deadlines"] || api["deadlines"] == 0 {
		t.Errorf("deadlines: API list %d, figure %d", len(deadlines), api["deadlines"])
	}

	// Rana: its page shows the figures of the overview filtered to it.
	rana := decode[map[string]int64](t, e.api("GET", "/api/v1/figures?municipality=1833", token, "").body)
	page := pageFigures(t, b, "/municipalities/1833")
	filtered := pageFigures(t, b, "/overview?municipality=1833")
	for _, name := range []string{"active_projects", "red", "yellow", "green", "missing", "budget_nok", "spent_nok",
		"benefits_realised_nok", "benefits_planned_nok", "pending_cases", "deadlines"} {
		if page[name] != rana[name] || filtered[name] != rana[name] {
			t.Errorf("%s: Rana's page %d, overview for Rana %d, API %d", name, page[name], filtered[name], rana[name])
		}
	}
	// Rana's plan is Rana's share, not the programme's.
	if rana["benefits_planned_nok"] >= api["benefits_planned_nok"] || rana["benefits_planned_nok"] == 0 {
		t.Errorf("Rana's planned benefits %d against the programme's %d", rana["benefits_planned_nok"], api["benefits_planned_nok"])
	}
	totals := decode[struct {
		Groups []models.BenefitTotal `json:"groups"`
	}](t, e.api("GET", "/api/v1/benefits/totals?by=municipality", token, "").body)
	var row models.BenefitTotal
	for _, g := range totals.Groups {
		if g.Key == "1833" {
			row = g
		}
	}
	if row.TargetNOK <= 0 || row.PlannedNOK <= 0 || row.PlanStatus == "" {
		t.Errorf("Rana's totals row %+v lacks its share", row)
	}

	// What Rana pays in the year is one figure: the statement's total, on
	// its page and twice in its PDF (page 1 and the statement section).
	st := decode[models.Statement](t, e.api("GET", "/api/v1/municipalities/1833/statement?year=2026", token, "").body)
	if got := page["municipality_pays_nok"]; got != st.TotalNOK || got == 0 {
		t.Errorf("Rana pays %d on its page, %d by its statement", got, st.TotalNOK)
	}
	pdf := b.do("GET", "/reports/municipalities/1833.pdf", nil)
	if pdf.status != 200 {
		t.Fatalf("PDF: %d", pdf.status)
	}
	text := strings.ReplaceAll(pdfToText(t, []byte(pdf.body)), "\u202f", " ")
	total := strconv.FormatInt(st.TotalNOK, 10)
	if n := strings.Count(strings.ReplaceAll(text, " ", ""), total+"kr"); n < 2 {
		t.Errorf("the PDF shows the statement total %d kr %d times, want page 1 and the statement", st.TotalNOK, n)
	}
	if !strings.Contains(text, "Kommunen betaler i 2026") {
		t.Errorf("the PDF does not say what Rana pays")
	}
}

// Amounts are typed as people type them on every form; a wrong one names
// the field and shows an example; a new procurement is confirmed as created.
func TestKronerAsPeopleTypeThem(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleEditor)
	form := url.Values{"title": {"Felles møteromsløsning"}, "procedure": {"open"}, "stage": {"needs"}, "lead_municipality": {"1833"},
		"municipalities": {"1833", "1824"}, "annual_cost_nok": {"ni hundre"}, "estimated_value_nok": {"900 000 kr"}, "equal_pct": {"30"}, "basis": {"population"}}
	r := b.post("/procurements/new", "/procurements/new", form)
	expect(t, "a wrong amount", r, 422, "Skriv et beløp i kroner, for eksempel 900 000.", `value="ni hundre"`)
	form.Set("annual_cost_nok", "1\u00a0000\u00a0000\u00a0kr")
	r = b.post("/procurements/new", "/procurements/new", form)
	if r.status != 303 {
		t.Fatalf("create: %d %.300s", r.status, r.body)
	}
	r = b.do("GET", r.header.Get("Location"), nil)
	expect(t, "created", r, 200, "Anskaffelsen er opprettet.", "900\u00a0000\u00a0kr", "1\u00a0000\u00a0000\u00a0kr")
}
