package handlers_test

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"samla/models"
)

// Every list of the API pages the same way: limit and offset, a 422 for
// a wrong value, and X-Total-Count.
func TestEveryListPagesAlike(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleAdmin)
	lists := []string{"/api/v1/audit", "/api/v1/report-schedules", "/api/v1/projects/1/status-reports", "/api/v1/projects/1/milestones",
		"/api/v1/projects/1/risks", "/api/v1/projects/1/phase-changes", "/api/v1/procurements/deadlines", "/api/v1/procurements/1/cost-shares",
		"/api/v1/procurements/1/stages", "/api/v1/benefits/1/measurements", "/api/v1/report-deliveries", "/api/v1/cases", "/api/v1/actions",
		"/api/v1/municipalities", "/api/v1/projects", "/api/v1/procurements", "/api/v1/benefits", "/api/v1/meetings", "/api/v1/decisions"}
	for _, path := range lists {
		all := e.api("GET", path, tok, "")
		if all.status != 200 || all.header.Get("X-Total-Count") == "" {
			t.Errorf("%s: %d, X-Total-Count %q", path, all.status, all.header.Get("X-Total-Count"))
			continue
		}
		total, _ := strconv.Atoi(all.header.Get("X-Total-Count"))
		one := e.api("GET", path+"?limit=1", tok, "")
		if n := len(decode[[]map[string]any](t, one.body)); n != min(1, total) {
			t.Errorf("%s?limit=1 gave %d items of %d", path, n, total)
		}
		for _, bad := range []string{"limit=abc", "limit=-1", "limit=0", "limit=100000", "offset=-1", "offset=x"} {
			r := e.api("GET", path+"?"+bad, tok, "")
			field, _, _ := strings.Cut(bad, "=")
			if r.status != 422 || fieldErrors(t, r.body)[field] == "" {
				t.Errorf("%s?%s: %d %s", path, bad, r.status, r.body)
			}
		}
	}
}

// A body with several wrong fields names each of them in one 422, wrong
// types included; JSON that does not parse is the only 400.
func TestEveryWrongFieldNamed(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/projects", tok, `{"title":"x","budget_nok":"abc","phase":5,"bogus":1}`)
	f := fieldErrors(t, r.body)
	if r.status != 422 || f["budget_nok"] != "type" || f["phase"] != "type" || f["bogus"] != "unknown_field" || f["service_area"] == "" || f["lead_municipality"] == "" {
		t.Errorf("create: %d %v", r.status, f)
	}
	r = e.api("POST", "/api/v1/projects", tok, `{"title":"x","phase":"nonsense","service_area":"education","lead_municipality":"1833"}`)
	if r.status != 422 || !strings.Contains(r.body, `"allowed":{"phase":["idea"`) || !strings.Contains(r.body, "phase must be one of: idea, concept") {
		t.Errorf("a choice error does not list the allowed values: %s", r.body)
	}
	for _, body := range []string{`{"title":`, `[1,2]`, `"x"`, `{} {}`} {
		if r := e.api("POST", "/api/v1/projects", tok, body); r.status != 400 {
			t.Errorf("%s: %d, want 400", body, r.status)
		}
	}
	if n := e.api("GET", "/api/v1/projects", tok, "").header.Get("X-Total-Count"); n != "26" {
		t.Errorf("bad input wrote projects: %s in all", n)
	}
}

// Every object as GET returns it can be sent back with PATCH: read-only
// fields that are unchanged are accepted, changed ones named.
func TestPatchAcceptsWhatGetReturns(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleAdmin)
	sch := e.api("POST", "/api/v1/report-schedules", tok, `{"report":"portfolio","cron":"0 7 1 * *","recipients":"steering"}`)
	if sch.status != 201 {
		t.Fatalf("schedule: %d %s", sch.status, sch.body)
	}
	meetings := decode[[]models.Meeting](t, e.api("GET", "/api/v1/meetings", tok, "").body)
	cases := decode[[]models.Case](t, e.api("GET", "/api/v1/cases?status=pending", tok, "").body)
	if len(meetings) == 0 || meetings[0].Status == models.MeetingApproved || len(cases) == 0 {
		t.Fatal("the demo lacks a planned meeting or a pending case")
	}
	for _, path := range []string{"/api/v1/projects/1", "/api/v1/procurements/1", "/api/v1/benefits/1", fmt.Sprintf("/api/v1/meetings/%d", meetings[0].ID),
		fmt.Sprintf("/api/v1/cases/%d", cases[0].ID), "/api/v1/municipalities/1833", "/api/v1/report-schedules/1"} {
		got := e.api("GET", path, tok, "")
		if strings.HasPrefix(path, "/api/v1/report-schedules/") {
			got = sch
			path = fmt.Sprintf("/api/v1/report-schedules/%d", decode[models.Schedule](t, sch.body).ID)
		}
		if r := e.api("PATCH", path, tok, got.body); r.status != 200 {
			t.Errorf("PATCH %s with its own GET: %d %s", path, r.status, r.body)
		}
	}
	r := e.api("PATCH", "/api/v1/benefits/1", tok, `{"realised": 123456789}`)
	if r.status != 422 || fieldErrors(t, r.body)["realised"] != "read_only" {
		t.Errorf("a changed read-only field: %d %s", r.status, r.body)
	}
}

// Values the domain cannot hold are refused by the models for forms, API
// and imports alike, and the largest values it can hold break no page.
func TestHostileNumbersBreakNothing(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleAdmin)
	for _, c := range []struct{ method, path, body, field string }{
		{"PATCH", "/api/v1/projects/1", `{"budget_nok": 9223372036854775807}`, "budget_nok"},
		{"POST", "/api/v1/projects/1/status-reports", `{"period":"2026-10","overall":"green","time":"green","cost":"green","quality":"green","risk":"green","benefits":"green","spent_nok":9223372036854775807}`, "spent_nok"},
		{"POST", "/api/v1/benefits/1/measurements", `{"period":"2025-06","value":1e308}`, "value"},
		{"POST", "/api/v1/benefits/1/measurements", `{"period":"2025-06","value":1e300}`, "value"},
		{"PATCH", "/api/v1/benefits/1", `{"hour_value_nok": 9223372036854775807}`, "hour_value_nok"},
		{"PATCH", "/api/v1/municipalities/1833", `{"population": 9223372036854775807}`, "population"},
		{"PATCH", "/api/v1/projects/1", "{\"title\": \"\u200b\u200b\ufeff\"}", "title"},
		{"PATCH", "/api/v1/procurements/1", `{"annual_cost_nok": 1000000000001}`, "annual_cost_nok"},
	} {
		r := e.api(c.method, c.path, tok, c.body)
		if r.status != 422 || fieldErrors(t, r.body)[c.field] == "" {
			t.Errorf("%s %s %s: %d %s", c.method, c.path, c.body, r.status, r.body)
		}
	}
	// The largest values allowed, everywhere at once.
	for id := 1; id <= 26; id++ {
		r := e.api("PATCH", fmt.Sprintf("/api/v1/projects/%d", id), tok, fmt.Sprintf(`{"budget_nok": %d}`, models.MaxNOK))
		if r.status != 200 {
			t.Fatalf("project %d: %d %s", id, r.status, r.body)
		}
	}
	benefits := decode[[]models.Benefit](t, e.api("GET", "/api/v1/benefits?limit=1000", tok, "").body)
	for _, b := range benefits {
		if b.Type == models.BenefitQuality {
			continue
		}
		e.api("PATCH", fmt.Sprintf("/api/v1/benefits/%d", b.ID), tok, fmt.Sprintf(`{"hour_value_nok": %d}`, models.MaxHourValue))
		period := b.BaselineDate.AddDate(0, 1, 0).Format("2006-01")
		if b.Granularity == "quarter" {
			period = fmt.Sprintf("%d-Q%d", b.BaselineDate.Year(), (int(b.BaselineDate.Month())+2)/3)
		}
		for range 3 {
			r := e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), tok, fmt.Sprintf(`{"period":%q,"value":%g}`, period, models.MaxMeasure))
			if r.status != 201 {
				t.Fatalf("benefit %d: %d %s", b.ID, r.status, r.body)
			}
		}
	}
	b := e.sessionAs(models.RoleAdmin)
	for _, page := range []string{"/", "/projects", "/benefits", "/procurements", "/municipalities/1833", "/reports/portfolio.pdf",
		"/reports/municipalities/1833.pdf", "/export/portfolio.xlsx", "/export/benefits.csv", "/steering"} {
		if r := b.do("GET", page, nil); r.status >= 500 {
			t.Errorf("%s: %d", page, r.status)
		}
	}
	for _, path := range []string{"/api/v1/benefits", "/api/v1/benefits/totals", "/api/v1/benefits/1", "/api/v1/projects", "/api/v1/procurements"} {
		r := e.api("GET", path, tok, "")
		if r.status != 200 || strings.Contains(r.body, `"value_nok":-9`) {
			t.Errorf("%s: %d %.300s", path, r.status, r.body)
		}
	}
	totals := e.api("GET", "/api/v1/benefits/totals", tok, "").body
	if strings.Contains(totals, "00000000001") || strings.Contains(totals, "99999999999") {
		t.Errorf("totals show float noise: %.300s", totals)
	}
}

// A benefit without a plan says so; it is not "on plan".
func TestBenefitWithoutPlan(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/benefits", tok, `{"project_id":1,"title":"Uten plan","type":"time","unit":"timer","owner":"Enhetsleder",
		"baseline":0,"baseline_date":"2025-01-01","target":100,"target_date":"2026-12-31"}`)
	if r.status != 201 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	id := decode[models.Benefit](t, r.body).ID
	e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", id), tok, `{"period":"2025-03","value":10.1}`)
	got := decode[models.Benefit](t, e.api("GET", fmt.Sprintf("/api/v1/benefits/%d", id), tok, "").body)
	if got.PlanStatus != models.PlanNone {
		t.Errorf("plan_status %q, want no_plan", got.PlanStatus)
	}
}

// PDF and export routes answer an API client without a valid token with
// 401, as the API does, not with a redirect to the login page.
func TestDownloadsAnswerAPIClients401(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/reports/portfolio.pdf", "/reports/municipalities/1833.pdf", "/export/portfolio.xlsx", "/export/projects.csv"} {
		for _, h := range [][2]string{{"Authorization", "Bearer nonsense"}, {"Accept", "application/json"}} {
			req := httptest.NewRequest("GET", path, nil)
			req.Header.Set(h[0], h[1])
			r := e.do(req)
			if r.status != 401 || !strings.Contains(r.body, `"unauthorized"`) {
				t.Errorf("%s with %s: %d %.100s", path, h[0], r.status, r.body)
			}
		}
	}
	if r := e.browser().do("GET", "/reports/portfolio.pdf", nil); r.status != 303 {
		t.Errorf("a browser is not sent to the login page: %d", r.status)
	}
}

// The dashboard's contract timeline has years on its axis (a value axis in
// years, which the page shows as 2026, not 2 026), not day numbers.
func TestContractTimelineHasDateAxis(t *testing.T) {
	e := newEnv(t)
	r := e.sessionAs(models.RoleViewer).do("GET", "/overview", nil)
	i := strings.Index(r.body, `id="chart-contracts-spec"`)
	if r.status != 200 || i < 0 {
		t.Fatalf("%d; no contracts chart data", r.status)
	}
	block := r.body[i:min(len(r.body), i+20000)]
	if !strings.Contains(block, `"type":"value"`) || !strings.Contains(block, `"formatter":"year"`) {
		t.Errorf("the contracts chart's axis is not a date axis: %.400s", block)
	}
}

// Every field of every answer is snake_case: phase changes included.
func TestPhaseChangesSnakeCase(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleEditor)
	e.api("PATCH", "/api/v1/projects/1", tok, `{"phase":"cancelled","phase_reason":"Avsluttet i styringsgruppen"}`)
	r := e.api("GET", "/api/v1/projects/1/phase-changes", tok, "")
	expect(t, "phase changes", r, 200, `"from":`, `"to":"cancelled"`, `"reason":"Avsluttet i styringsgruppen"`, `"case_id":`)
	if strings.Contains(r.body, `"From"`) || strings.Contains(r.body, `"CaseID"`) {
		t.Errorf("PascalCase fields: %s", r.body)
	}
}
