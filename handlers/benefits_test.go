package handlers_test

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"

	"samla/data"
	"samla/models"
)

// livsProject is a demo project led by the demo leader.
func livsProject(t *testing.T, e *env) models.Project {
	t.Helper()
	list, _, err := e.db.Projects(context.Background(), data.ProjectFilter{LeaderID: e.user(models.RoleLeader).ID})
	if err != nil || len(list) == 0 {
		t.Fatalf("the demo leader leads no project: %v", err)
	}
	return list[0]
}

func TestBenefitAPI(t *testing.T) {
	e := newEnv(t)
	p := livsProject(t, e)
	editor := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/benefits", editor, fmt.Sprintf(`{"project_id":%d,"title":"Frigjort tid","type":"time","unit":"timer",
		"owner":"Enhetsleder","baseline":0,"target":1000,"baseline_date":"2026-01-01","target_date":"2027-12-31",
		"plan":[{"period":"2026-02","value":250},{"period":"2026-03","value":250}]}`, p.ID))
	expect(t, "create", r, 201, `"hour_value_nok":600`)
	b := decode[models.Benefit](t, r.body)
	leader := e.token(models.RoleLeader)
	for _, m := range []string{`{"period":"2026-02","value":200,"municipality":"` + p.Municipalities[0] + `"}`, `{"period":"2026-03","value":300}`} {
		expect(t, "measure", e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), leader, m), 201)
	}
	r = e.api("GET", fmt.Sprintf("/api/v1/benefits/%d", b.ID), e.token(models.RoleViewer), "")
	got := decode[models.Benefit](t, r.body)
	if got.Realised != 500 || got.RealisedPct != 50 || math.Round(got.FTE*100)/100 != 0.29 || got.ValueNOK != 300_000 {
		t.Fatalf("figures: %+v", got.BenefitFigures)
	}
	// Bad input names the field.
	expect(t, "equal target", e.api("POST", "/api/v1/benefits", editor, fmt.Sprintf(`{"project_id":%d,"title":"X","type":"time","unit":"t","owner":"Y",
		"baseline":5,"target":5,"baseline_date":"2026-01-01","target_date":"2025-01-01"}`, p.ID)), 422, `"target":"equals_baseline"`, `"target_date":"after_baseline"`)
	expect(t, "outside plan", e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), leader, `{"period":"2031-01","value":1}`), 422, `"period":"outside_plan"`)
	expect(t, "not participant", e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), leader, `{"period":"2026-04","value":1,"municipality":"0000"}`), 422, `"municipality":"not_participant"`)
	expect(t, "text value", e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), leader, `{"period":"2026-04","value":"mye"}`), 422, `"value":"type"`)
	expect(t, "viewer measures", e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), e.token(models.RoleViewer), `{"period":"2026-04","value":1}`), 403)
	expect(t, "leader defines", e.api("POST", "/api/v1/benefits", leader, `{}`), 403)

	// Totals agree with each other whichever way they are grouped.
	var totals []int64
	for _, by := range []string{"project", "service_area", "municipality"} {
		r := e.api("GET", "/api/v1/benefits/totals?by="+by, editor, "")
		v := decode[struct {
			Groups []models.BenefitTotal `json:"groups"`
			Total  models.BenefitTotal   `json:"total"`
		}](t, r.body)
		var sum int64
		for _, g := range v.Groups {
			sum += g.ValueNOK
		}
		if sum != v.Total.ValueNOK {
			t.Errorf("by %s: groups %d, total %d", by, sum, v.Total.ValueNOK)
		}
		totals = append(totals, v.Total.ValueNOK)
	}
	if totals[0] != totals[1] || totals[1] != totals[2] {
		t.Errorf("programme totals differ: %v", totals)
	}
}

func TestBenefitPages(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	expect(t, "overview", b.do("GET", "/benefits", nil), 200, "Gevinstrealisering", "Per tjenesteområde", "Per kommune", "Årsverk")
	list, _ := e.db.Benefits(context.Background(), data.BenefitFilter{})
	var notMeasured, measured models.Benefit
	for _, x := range list {
		if !x.Measured && notMeasured.ID == 0 {
			notMeasured = x
		}
		if x.Measured && measured.ID == 0 {
			measured = x
		}
	}
	if notMeasured.ID == 0 || measured.ID == 0 {
		t.Fatal("the demo lacks measured and unmeasured benefits")
	}
	if r := b.do("GET", "/benefits", nil); !strings.Contains(r.body, notMeasured.Title) {
		t.Error("a benefit without measurements is hidden")
	}
	expect(t, "benefit page", b.do("GET", fmt.Sprintf("/benefits/%d", measured.ID), nil), 200, measured.Title, "Plan og målinger")
	expect(t, "municipality page", b.do("GET", "/municipalities/1833", nil), 200, "Realisert i kommunen", "Prosjekter kommunen deltar i")

	// A leader records a measurement on the page; a bad one keeps the input.
	p := livsProject(t, e)
	var mine models.Benefit
	for _, x := range list {
		if x.ProjectID == p.ID {
			mine = x
		}
	}
	if mine.ID == 0 {
		t.Fatal("the demo leader's first project has no benefit")
	}
	l := e.sessionAs(models.RoleLeader)
	page := fmt.Sprintf("/benefits/%d", mine.ID)
	r := l.post(page, page+"/measurements", url.Values{"period": {"2019-01"}, "value": {"12,5"}, "comment": {"Første måling"}})
	expect(t, "outside plan", r, 422, "utenfor gevinstens planperiode", `value="12,5"`, `value="Første måling"`)
	r = l.post(page, page+"/measurements", url.Values{"period": {"2026-10"}, "value": {"abc"}})
	expect(t, "not a number", r, 422, "Skriv et tall, for eksempel 1 310 000 eller 12,5.")
}

// The benefit list comes in pages of 50, behind plan first, and says how
// many there are in all.
func TestBenefitListPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	list, _ := e.db.Benefits(ctx, data.BenefitFilter{})
	for i := len(list); i < 55; i++ {
		_, err := e.db.SaveBenefit(ctx, models.System, models.Benefit{ProjectID: list[0].ProjectID, Title: fmt.Sprintf("Ekstra gevinst %02d", i),
			Type: models.BenefitTime, Unit: "timer", Owner: "Enhetsleder", Baseline: 0, Target: 100,
			BaselineDate: models.MustDate("2026-01-01"), TargetDate: models.MustDate("2027-12-31")})
		if err != nil {
			t.Fatal(err)
		}
	}
	b := e.sessionAs(models.RoleViewer)
	first := b.do("GET", "/benefits", nil)
	expect(t, "page 1", first, 200, "55 gevinster", "Side 1 av 2", `href="/benefits?page=2"`)
	second := b.do("GET", "/benefits?page=2", nil)
	expect(t, "page 2", second, 200, "Side 2 av 2", `href="/benefits?page=1"`)
	if n := strings.Count(first.body, `href="/benefits/`) - strings.Count(second.body, `href="/benefits/`); n <= 0 {
		t.Errorf("page 1 should list more benefits than page 2 (difference %d)", n)
	}
	expect(t, "past the end shows the last page", b.do("GET", "/benefits?page=99", nil), 200, "55 gevinster", "Side 2 av 2")
}
