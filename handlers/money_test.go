package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"samla/models"
)

// The statement API lists a municipality's lines and a total; the totals of
// all municipalities add up to the year's charges.
func TestStatementAPI(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleViewer)
	year := e.db.Now().Year()
	r := e.api("GET", fmt.Sprintf("/api/v1/municipalities/1833/statement?year=%d", year), tok, "")
	st := decode[models.Statement](t, r.body)
	if r.status != 200 || st.Municipality != "1833" || len(st.Lines) < 3 || st.TotalNOK <= 0 {
		t.Fatalf("%d %+v", r.status, st)
	}
	var sum int64
	kinds := map[string]bool{}
	for _, l := range st.Lines {
		sum += l.AmountNOK
		kinds[l.Kind] = true
	}
	if sum != st.TotalNOK || !kinds["contribution"] || !kinds["procurement"] || !kinds["project"] {
		t.Errorf("lines add up to %d of %d; kinds %v", sum, st.TotalNOK, kinds)
	}
	expect(t, "bad year", e.api("GET", "/api/v1/municipalities/1833/statement?year=abc", tok, ""), 422, `"year"`)
	expect(t, "unknown municipality", e.api("GET", "/api/v1/municipalities/9999/statement", tok, ""), 404)
}

// Bad money input is a 422 naming the field, never a 500, and writes nothing.
func TestMoneyBadInput(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/grants", tok, `{"funder":"Statsforvalteren i Nordland","scheme":"lotto","title":"Søknad","applied_nok":-5,"report_due":"31.12.2026"}`)
	f := fieldErrors(t, r.body)
	if r.status != 422 || f["scheme"] != "choice" || f["applied_nok"] != "not_negative" || f["report_due"] != "date" {
		t.Errorf("grant: %d %v", r.status, f)
	}
	r = e.api("PUT", "/api/v1/contributions/2027", tok, `{"total_nok":-1,"cost_key":{"equal_pct":30,"basis":"weights","weights":{"9999":3}}}`)
	f = fieldErrors(t, r.body)
	if r.status != 422 || f["total_nok"] != "not_negative" || f["cost_key.weights"] != "not_participant" {
		t.Errorf("contribution: %d %v", r.status, f)
	}
	r = e.api("PUT", "/api/v1/projects/1/funding", tok, `[{"year":2026,"source":"municipalities","amount_nok":100000,"cost_key":{"equal_pct":0,"basis":"weights","weights":{"1835":1,"9999":2}}},{"year":2026,"source":"grant","amount_nok":5}]`)
	f = fieldErrors(t, r.body)
	if r.status != 422 || f["funding[0].cost_key.weights"] == "" || f["funding[1].grant_id"] != "required" {
		t.Errorf("funding: %d %v", r.status, f)
	}
	expect(t, "funding not a list", e.api("PUT", "/api/v1/projects/1/funding", tok, `{"year":2026}`), 400)
	expect(t, "viewer", e.api("POST", "/api/v1/grants", e.token(models.RoleViewer), `{}`), 403)
	expect(t, "contact", e.api("PUT", "/api/v1/contributions/2027", e.token(models.RoleContact), `{}`), 403)
	ok := e.api("PUT", "/api/v1/contributions/2027", tok, `{"total_nok":1500000,"cost_key":{"equal_pct":30,"basis":"population"}}`)
	expect(t, "contribution", ok, 200, `"year":2027`, `"total_nok":1500000`)
	list := e.api("GET", "/api/v1/contributions", tok, "")
	expect(t, "contributions", list, 200, `"year":2027`)
}

// A grant whose report is due within 30 days is on the dashboard and in the
// weekly digest; once reported it is not.
func TestGrantDeadlinesShow(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleEditor)
	due := e.db.Now().AddDate(0, 0, 12).Format("2006-01-02")
	r := e.api("POST", "/api/v1/grants", tok, fmt.Sprintf(`{"funder":"KS DigiFin","scheme":"digifin","title":"Tilskudd til velferdsteknologi","status":"granted","granted_nok":300000,"report_due":%q}`, due))
	expect(t, "grant", r, 201)
	g := decode[models.Grant](t, r.body)
	dash := e.sessionAs(models.RoleViewer).do("GET", "/", nil).body
	if !strings.Contains(dash, `id="kf-grants"`) || !strings.Contains(e.sessionAs(models.RoleViewer).do("GET", "/budget", nil).body, "Tilskudd til velferdsteknologi") {
		t.Error("the grant's deadline is not on the dashboard or the budget page")
	}
	expect(t, "report", e.api("PATCH", fmt.Sprintf("/api/v1/grants/%d", g.ID), tok,
		fmt.Sprintf(`{"status":"reported","reported_date":%q}`, time.Now().Format("2006-01-02"))), 200, `"status":"reported"`)
	budget := e.sessionAs(models.RoleViewer).do("GET", "/budget", nil).body
	if i := strings.Index(budget, `id="outstanding"`); i < 0 || strings.Contains(budget[i:], "Tilskudd til velferdsteknologi") {
		t.Error("a reported grant is still outstanding")
	}
}
