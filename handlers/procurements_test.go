package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"samla/data"
	"samla/models"
)

func TestProcurementAPI(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	// The example: 26 500, 13 300 and 450 inhabitants, 1 000 000 kr, 30 % equal.
	r := e.api("POST", "/api/v1/procurements", editor, `{"title":"Felles e-læring","procedure":"open","estimated_value_nok":3000000,
		"lead_municipality":"1833","municipalities":["1824","1835"],"annual_cost_nok":1000000,"cost_key":{"equal_pct":30,"basis":"population"},
		"contract_start":"2026-01-01","contract_end":"2028-12-31","options":[{"description":"1 år","deadline":"2028-06-30"}]}`)
	expect(t, "create", r, 201, `"stage":"needs"`, `"equal_pct":30`)
	p := decode[models.Procurement](t, r.body)
	r = e.api("GET", fmt.Sprintf("/api/v1/procurements/%d/cost-shares", p.ID), e.token(models.RoleViewer), "")
	expect(t, "shares", r, 200)
	shares := decode[[]models.CostShare](t, r.body)
	want := map[string]int64{"1833": 560_870, "1824": 331_304, "1835": 107_826}
	var sum int64
	for _, s := range shares {
		sum += s.AmountNOK
		if want[s.Municipality] != s.AmountNOK {
			t.Errorf("%s: %d, want %d", s.Municipality, s.AmountNOK, want[s.Municipality])
		}
	}
	if sum != 1_000_000 {
		t.Fatalf("sum %d", sum)
	}
	// Stage changes are recorded with their date; backwards is refused.
	expect(t, "stage", e.api("PATCH", fmt.Sprintf("/api/v1/procurements/%d", p.ID), editor, `{"stage":"announced","stage_date":"2026-02-01","doffin_ref":"2026-101234"}`), 200, `"stage":"announced"`)
	expect(t, "stage back", e.api("PATCH", fmt.Sprintf("/api/v1/procurements/%d", p.ID), editor, `{"stage":"needs"}`), 422, `"stage":"order"`)
	expect(t, "history", e.api("GET", fmt.Sprintf("/api/v1/procurements/%d/stages", p.ID), editor, ""), 200, `"stage":"announced","reached":"2026-02-01"`)

	// Bad input names the field.
	for name, c := range map[string]struct{ body, field string }{
		"equal over 100":       {`{"title":"X","procedure":"open","lead_municipality":"1833","municipalities":["1833"],"cost_key":{"equal_pct":120,"basis":"population"}}`, "cost_key.equal_pct"},
		"negative weight":      {`{"title":"X","procedure":"open","lead_municipality":"1833","municipalities":["1833"],"cost_key":{"equal_pct":0,"basis":"weights","weights":{"1833":-1}}}`, "cost_key.weights"},
		"all-zero weights":     {`{"title":"X","procedure":"open","lead_municipality":"1833","municipalities":["1833"],"cost_key":{"equal_pct":0,"basis":"weights","weights":{"1833":0}}}`, "cost_key.weights"},
		"end before start":     {`{"title":"X","procedure":"open","lead_municipality":"1833","municipalities":["1833"],"contract_start":"2027-01-01","contract_end":"2026-01-01"}`, "contract_end"},
		"unknown municipality": {`{"title":"X","procedure":"open","lead_municipality":"1833","municipalities":["9999"]}`, "municipalities"},
		"bad procedure":        {`{"title":"X","procedure":"auction","lead_municipality":"1833","municipalities":["1833"]}`, "procedure"},
	} {
		r := e.api("POST", "/api/v1/procurements", editor, c.body)
		if r.status != 422 || fieldErrors(t, r.body)[c.field] == "" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	expect(t, "viewer writes", e.api("POST", "/api/v1/procurements", e.token(models.RoleViewer), `{}`), 403)
	// Demo contracts ending within the horizon are listed.
	r = e.api("GET", "/api/v1/procurements/deadlines", editor, "")
	expect(t, "deadlines", r, 200, `"kind":"contract_end"`, `"kind":"option"`, "Velferdsteknologi")
}

func TestProcurementPages(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	r := b.do("GET", "/procurements", nil)
	expect(t, "list", r, 200, "Felles anskaffelser", "Kontrakten utløper", "Velferdsteknologi: trygghetsalarmer")
	r = b.do("GET", "/procurements?stage=needs", nil)
	expect(t, "warning tag", r, 200, "Kartverktøy og planregister", "Terskelverdi")
}

func TestProcurementForm(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleEditor)
	form := url.Values{"title": {"Felles møteromsløsning"}, "procedure": {"open"}, "stage": {"needs"}, "lead_municipality": {"1833"},
		"municipalities": {"1833", "1824", "1835"}, "annual_cost_nok": {"1 000 000"}, "equal_pct": {"130"}, "basis": {"population"}}
	r := b.post("/procurements/new", "/procurements/new", form)
	expect(t, "bad equal share", r, 422, "Må være mellom 0 og 100.", `value="Felles møteromsløsning"`)
	form.Set("equal_pct", "30")
	r = b.post("/procurements/new", "/procurements/new", form)
	if r.status != 303 {
		t.Fatalf("create: %d %.300s", r.status, r.body)
	}
	r = b.do("GET", r.header.Get("Location"), nil)
	expect(t, "shares on page", r, 200, "560\u00a0870\u00a0kr", "331\u00a0304\u00a0kr", "107\u00a0826\u00a0kr", "1\u00a0000\u00a0000\u00a0kr", fmt.Sprintf("Innbyggertall per 01.01.%d", e.db.Now().Year()))
	if !strings.Contains(r.body, "Behovsavklaring") {
		t.Error("timeline lacks the first stage")
	}
}

func TestSavingsBecomeABenefit(t *testing.T) {
	e := newEnv(t)
	list, _ := e.db.Procurements(t.Context(), data.ProcurementFilter{})
	var p models.Procurement
	for _, x := range list {
		if x.AloneSavings() > 0 && len(x.ProjectIDs) > 0 {
			p = x
			break
		}
	}
	if p.ID == 0 {
		t.Fatal("the demo has no procurement with savings and a project")
	}
	b := e.sessionAs(models.RoleEditor)
	page := fmt.Sprintf("/procurements/%d", p.ID)
	r := b.post(page, page+"/benefit", url.Values{})
	if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/benefits/") {
		t.Fatalf("savings benefit: %d %s", r.status, r.header.Get("Location"))
	}
	again := b.post(page, page+"/benefit", url.Values{})
	if again.header.Get("Location") != r.header.Get("Location") {
		t.Fatal("registered twice")
	}
	expect(t, "benefit page", b.do("GET", r.header.Get("Location"), nil), 200, "Besparelse ved felles anskaffelse", "Økonomisk")
}
