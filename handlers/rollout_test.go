package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"samla/data"
	"samla/models"
)

// A municipal contact changes their own municipality's rollout row, and
// nothing else: not another municipality's row, not a project, not the
// catalogue.
func TestContactChangesOnlyOwnRollout(t *testing.T) {
	e := newEnv(t)
	contact := e.token(models.RoleContact) // Træna, 1835
	sols := decode[[]models.Solution](t, e.api("GET", "/api/v1/solutions", contact, "").body)
	if len(sols) < 15 {
		t.Fatalf("%d solutions in the demo", len(sols))
	}
	id := sols[0].ID
	r := e.api("PUT", fmt.Sprintf("/api/v1/solutions/%d/rollouts/1835", id), contact, `{"status":"in_use","comment":"Tatt i bruk i hele kommunen"}`)
	expect(t, "own row", r, 200, `"status":"in_use"`, `"municipality":"1835"`, `"in_use_date":"`)
	expect(t, "another municipality", e.api("PUT", fmt.Sprintf("/api/v1/solutions/%d/rollouts/1833", id), contact, `{"status":"in_use"}`), 403)
	expect(t, "a project", e.api("PATCH", "/api/v1/projects/1", contact, `{"title":"x"}`), 403)
	expect(t, "a new project", e.api("POST", "/api/v1/projects", contact, `{"title":"x"}`), 403)
	expect(t, "the catalogue", e.api("PATCH", fmt.Sprintf("/api/v1/solutions/%d", id), contact, `{"name":"x"}`), 403)
	expect(t, "a viewer", e.api("PUT", fmt.Sprintf("/api/v1/solutions/%d/rollouts/1833", id), e.token(models.RoleViewer), `{"status":"in_use"}`), 403)
	expect(t, "an editor", e.api("PUT", fmt.Sprintf("/api/v1/solutions/%d/rollouts/1833", id), e.token(models.RoleEditor), `{"status":"planned","wave":"Pulje 2","planned_date":"2027-03-01"}`), 200, `"wave":"Pulje 2"`)
	bad := e.api("PUT", fmt.Sprintf("/api/v1/solutions/%d/rollouts/1835", id), contact, `{"status":"done","planned_date":"1.3.2027","contact_email":"x"}`)
	if f := fieldErrors(t, bad.body); bad.status != 422 || f["status"] == "" || f["planned_date"] == "" || f["contact_email"] == "" {
		t.Errorf("bad row: %d %v", bad.status, f)
	}
	rows := decode[[]models.Rollout](t, e.api("GET", fmt.Sprintf("/api/v1/solutions/%d/rollouts", id), contact, "").body)
	if len(rows) != 16 {
		t.Errorf("%d rows, want one per member municipality", len(rows))
	}
	// The contact records a benefit measurement for their own municipality only.
	benefits := decode[[]models.Benefit](t, e.api("GET", "/api/v1/benefits?municipality=1835", contact, "").body)
	for _, b := range benefits {
		if b.Type == models.BenefitQuality {
			continue
		}
		period := b.BaselineDate.AddDate(0, 2, 0).Format("2006-01")
		if b.Granularity == "quarter" {
			continue
		}
		expect(t, "own measurement", e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), contact,
			fmt.Sprintf(`{"period":%q,"value":12,"municipality":"1835"}`, period)), 201)
		expect(t, "another's measurement", e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), contact,
			fmt.Sprintf(`{"period":%q,"value":12,"municipality":"1833"}`, period)), 403)
		break
	}
}

// The adoption figures follow the rule exactly, on a hand-computed example
// in an otherwise empty programme: four municipalities, three solutions.
func TestAdoptionFiguresByHand(t *testing.T) {
	e, admin := emptyEnv(t)
	for _, m := range []string{`{"number":"1811","name":"Bindal","population":1400}`, `{"number":"1812","name":"Sømna","population":2000}`,
		`{"number":"1813","name":"Brønnøy","population":7900}`, `{"number":"1815","name":"Vega","population":1200}`} {
		expect(t, "municipality", e.api("POST", "/api/v1/municipalities", admin, m), 201)
	}
	var ids []int64
	for _, name := range []string{"SvarUt", "Helsenorge", "eByggesak"} {
		r := e.api("POST", "/api/v1/solutions", admin, fmt.Sprintf(`{"name":%q,"kind":"national","service_area":"administration"}`, name))
		expect(t, name, r, 201)
		ids = append(ids, decode[models.Solution](t, r.body).ID)
	}
	set := func(sol int64, mun, status string) {
		t.Helper()
		expect(t, "set", e.api("PUT", fmt.Sprintf("/api/v1/solutions/%d/rollouts/%s", sol, mun), admin, fmt.Sprintf(`{"status":%q}`, status)), 200)
	}
	// Bindal: 3 of 3 (100 %). Sømna: 1 of 2, one not relevant (50 %).
	// Brønnøy: 1 of 3 (33 %). Vega: nothing set, 0 of 3 (0 %).
	// Median of 100, 50, 33, 0 = 41.5; behind is ≤ 21.5: Vega only.
	for _, id := range ids {
		set(id, "1811", "in_use")
	}
	set(ids[0], "1812", "in_use")
	set(ids[1], "1812", "not_relevant")
	set(ids[2], "1812", "planned")
	set(ids[0], "1813", "in_use")
	set(ids[1], "1813", "in_progress")
	r := e.api("GET", "/api/v1/adoption", admin, "")
	a := decode[models.Adoption](t, r.body)
	if a.MedianPct != 41.5 {
		t.Errorf("median %v, want 41.5", a.MedianPct)
	}
	want := map[string][4]int{"1811": {3, 3, 100, 0}, "1812": {1, 2, 50, 0}, "1813": {1, 3, 33, 0}, "1815": {0, 3, 0, 1}}
	for _, m := range a.Municipalities {
		w := want[m.Number]
		if m.InUse != w[0] || m.Relevant != w[1] || m.Pct != w[2] || m.Behind != (w[3] == 1) {
			t.Errorf("%s: %+v, want %v", m.Number, m, w)
		}
	}
	mine := e.api("GET", "/api/v1/municipalities/1815/adoption", admin, "")
	expect(t, "one municipality", mine, 200, `"behind":true`, `"pct":0`, `"median_pct":41.5`, `"name":"SvarUt"`, `"lacks":[`)
	expect(t, "filter", e.api("GET", "/api/v1/adoption?kind=local", admin, ""), 200, `"median_pct":0`)
	expect(t, "bad filter", e.api("GET", "/api/v1/adoption?kind=galactic&as_of=igår", admin, ""), 422, `"kind":"choice"`, `"as_of":"date"`)
}

// The matrix can be seen as of an earlier day: today's change is not in it.
func TestAdoptionAsOf(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	sols := decode[[]models.Solution](t, e.api("GET", "/api/v1/solutions", editor, "").body)
	cell := func(a models.Adoption) string {
		for _, c := range a.Cells {
			if c.SolutionID == sols[0].ID && c.Municipality == "1826" {
				return c.Status
			}
		}
		return models.RolloutNotStarted
	}
	before := decode[models.Adoption](t, e.api("GET", "/api/v1/adoption", editor, "").body)
	e.api("PUT", fmt.Sprintf("/api/v1/solutions/%d/rollouts/1826", sols[0].ID), editor, `{"status":"not_relevant"}`)
	now := decode[models.Adoption](t, e.api("GET", "/api/v1/adoption", editor, "").body)
	yesterday := e.db.Now().AddDate(0, 0, -1).Format("2006-01-02")
	then := decode[models.Adoption](t, e.api("GET", "/api/v1/adoption?as_of="+yesterday, editor, "").body)
	if cell(now) != "not_relevant" || cell(then) != cell(before) || cell(before) == "not_relevant" {
		t.Errorf("before %s, now %s, as of yesterday %s", cell(before), cell(now), cell(then))
	}
}

// The adoption page lists the municipalities behind first with what they
// lack, shows the matrix in colour, shape and words, and a contact edits
// their own cells from it.
func TestAdoptionPage(t *testing.T) {
	e := newEnv(t)
	r := e.sessionAs(models.RoleViewer).do("GET", "/adoption", nil)
	expect(t, "page", r, 200, "Kommuner som henger etter", "Træna", "Mangler det de fleste har", "app-tag--r-in_use", "I bruk", "Innføring over tid")
	if i, j := strings.Index(r.body, `id="behind"`), strings.Index(r.body, `id="matrix"`); i < 0 || j < i {
		t.Error("the municipalities behind do not come first")
	}
	if strings.Contains(r.body, "/rollouts/") {
		t.Error("a viewer is offered to edit rollout cells")
	}
	contact := e.sessionAs(models.RoleContact)
	page := contact.do("GET", "/adoption", nil).body
	if !strings.Contains(page, "/rollouts/1835?back=adoption") || strings.Contains(page, "/rollouts/1833") {
		t.Error("a contact's editable cells are not exactly their own municipality's")
	}
	sols := decode[[]models.Solution](t, e.api("GET", "/api/v1/solutions", e.token(models.RoleContact), "").body)
	form := fmt.Sprintf("/solutions/%d/rollouts/1835", sols[1].ID)
	res := contact.post(form, form, url.Values{"status": {"in_use"}, "wave": {"Pulje 2"}, "back": {"adoption"}})
	if res.status != 303 || !strings.Contains(res.header.Get("Location"), "/adoption") {
		t.Fatalf("save: %d %s", res.status, res.header.Get("Location"))
	}
	bad := contact.post(form, form, url.Values{"status": {"in_use"}, "in_use_date": {"2999-01-01"}, "comment": {"Skrevet inn"}})
	expect(t, "bad date", bad, 422, "Skrevet inn", `aria-invalid="true"`)
	expect(t, "another's cell", contact.do("GET", fmt.Sprintf("/solutions/%d/rollouts/1833", sols[1].ID), nil), 403)
	expect(t, "municipality page", e.sessionAs(models.RoleViewer).do("GET", "/municipalities/1835", nil), 200, "Innføring av løsninger", "henger etter", "Planlagte datoer")
	expect(t, "dashboard", e.sessionAs(models.RoleViewer).do("GET", "/overview", nil), 200, `id="kf-behind"`, "Kommuner som henger etter")
	expect(t, "project", e.sessionAs(models.RoleViewer).do("GET", "/projects/1", nil), 200)
}

// The matrix sheet of the workbook, imported into a programme with the same
// municipalities and no solutions, gives the same matrix.
func TestRolloutMatrixRoundTrip(t *testing.T) {
	src := newEnv(t)
	book := []byte(src.sessionAs(models.RoleViewer).do("GET", "/export/portfolio.xlsx", nil).body)
	dst, token := emptyEnv(t)
	for _, kind := range []string{"municipalities", "projects", "solutions", "rollouts"} {
		dry := upload(dst, "/api/v1/import/"+kind+"?dry_run=true", token, "portefolje.xlsx", book)
		expect(t, kind+" dry run", dry, 200, `"rejected":0`)
		expect(t, kind, upload(dst, "/api/v1/import/"+kind, token, "portefolje.xlsx", book), 200, `"rejected":0`)
	}
	cells := func(e *env, token string) []string {
		a := decode[models.Adoption](t, e.api("GET", "/api/v1/adoption", token, "").body)
		sols := decode[[]models.Solution](t, e.api("GET", "/api/v1/solutions?limit=1000", token, "").body)
		name := map[int64]string{}
		for _, s := range sols {
			name[s.ID] = s.Name
		}
		var out []string
		for _, c := range a.Cells {
			if c.Status != models.RolloutNotStarted {
				out = append(out, name[c.SolutionID]+"/"+c.Municipality+"="+c.Status)
			}
		}
		sort.Strings(out)
		return out
	}
	want, got := cells(src, src.token(models.RoleViewer)), cells(dst, token)
	if strings.Join(want, "\n") != strings.Join(got, "\n") || len(got) < 100 {
		t.Errorf("matrices differ: %d cells, want %d", len(got), len(want))
	}
	again := upload(dst, "/api/v1/import/rollouts", token, "portefolje.xlsx", book)
	expect(t, "re-import", again, 200, `"changed":0`, `"created":0`)
	_ = context.Background
}

// With more than 60 member municipalities a solution's page sums them up per
// county; a county shows its municipalities, and a contact finds their own.
func TestSolutionPageByCounty(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for i := range 50 {
		err := e.db.CreateMunicipality(ctx, models.System, models.Municipality{Number: fmt.Sprintf("50%02d", 50+i), Name: fmt.Sprintf("Trøndersk kommune %02d", i),
			Population: 1000, Member: true})
		if err != nil {
			t.Fatal(err)
		}
	}
	sols, _ := e.db.Solutions(ctx, data.SolutionFilter{})
	id := sols[0].ID
	b := e.sessionAs(models.RoleContact) // Træna, 1835
	r := b.do("GET", fmt.Sprintf("/solutions/%d", id), nil)
	expect(t, "grouped", r, 200, "66 kommuner, samlet per fylke", `href="?county=18#rows">Nordland</a>`, `href="?county=50#rows">Trøndelag</a>`,
		fmt.Sprintf(`href="/solutions/%d?county=18#m-1835"`, id))
	if strings.Contains(r.body, "Trøndersk kommune 00") {
		t.Error("the grouped page lists municipalities")
	}
	r = b.do("GET", fmt.Sprintf("/solutions/%d?county=18", id), nil)
	expect(t, "Nordland", r, 200, `id="m-1835"`, "Træna", "Alle fylker")
	if strings.Contains(r.body, "Trøndersk") {
		t.Error("Nordland's page lists a municipality of Trøndelag")
	}
	r = b.post(fmt.Sprintf("/solutions/%d/rollouts/1835", id), fmt.Sprintf("/solutions/%d/rollouts/1835", id), url.Values{"status": {"in_use"}, "in_use_date": {"2026-11-01"}})
	if r.status != 303 || r.header.Get("Location") != fmt.Sprintf("/solutions/%d?saved=rollout&county=18#m-1835", id) {
		t.Errorf("after saving: %d %q", r.status, r.header.Get("Location"))
	}
}
