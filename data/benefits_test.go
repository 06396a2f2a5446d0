package data_test

import (
	"context"
	"math"
	"testing"

	"samla/data"
	"samla/models"
)

func TestBenefitsMeasurementsTotals(t *testing.T) {
	ctx := context.Background()
	db, _ := projectDB(t)
	p, err := db.CreateProject(ctx, models.System, validProject()) // Rana and Træna take part
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.SaveBenefit(ctx, models.System, models.Benefit{ProjectID: p.ID, Title: "Frigjort tid i hjemmetjenesten", Type: models.BenefitTime,
		Unit: "timer", Owner: "Enhetsleder hjemmetjeneste", OwnerMunicipality: "1833", Baseline: 0, Target: 1000,
		BaselineDate: models.MustDate("2026-01-01"), TargetDate: models.MustDate("2027-12-31"),
		Plan: []models.PlanPoint{{Period: "2026-03", Value: 250}, {Period: "2026-02", Value: 250}}})
	if err != nil {
		t.Fatal(err)
	}
	if b.HourValueNOK != 600 || len(b.Plan) != 2 || b.Plan[0].Period != "2026-02" {
		t.Fatalf("saved: %+v", b)
	}
	leader := models.Actor{Email: "leder@example.no"}
	for _, m := range []models.Measurement{{Period: "2026-02", Value: 200, Municipality: "1833"}, {Period: "2026-03", Value: 300}} {
		m.BenefitID = b.ID
		if _, err := db.RecordMeasurement(ctx, leader, m); err != nil {
			t.Fatal(err)
		}
	}
	b, _ = db.Benefit(ctx, b.ID)
	if b.Realised != 500 || b.RealisedPct != 50 || math.Round(b.FTE*100)/100 != 0.29 || b.ValueNOK != 300_000 || b.PlanStatus != models.PlanOnPlan {
		t.Fatalf("figures: %+v", b.BenefitFigures)
	}
	// A second measurement for the same period and municipality replaces the first.
	if _, err := db.RecordMeasurement(ctx, leader, models.Measurement{BenefitID: b.ID, Period: "2026-02", Value: 100, Municipality: "1833", Comment: "Rettet"}); err != nil {
		t.Fatal(err)
	}
	if b, _ = db.Benefit(ctx, b.ID); b.Realised != 400 {
		t.Fatalf("after replace: %v", b.Realised)
	}
	for name, c := range map[string]struct {
		m     models.Measurement
		field string
	}{
		"outside the plan": {models.Measurement{Period: "2030-01", Value: 1}, "period"},
		"not a month":      {models.Measurement{Period: "februar", Value: 1}, "period"},
		"not participant":  {models.Measurement{Period: "2026-04", Value: 1, Municipality: "1824"}, "municipality"},
		"not a number":     {models.Measurement{Period: "2026-04", Value: math.NaN()}, "value"},
	} {
		c.m.BenefitID = b.ID
		if _, err := db.RecordMeasurement(ctx, leader, c.m); models.Fields(err)[c.field] == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err = db.SaveBenefit(ctx, models.System, models.Benefit{ProjectID: p.ID, Title: "X", Type: models.BenefitEconomic, Unit: "kr", Owner: "Y",
		Baseline: 5, Target: 5, BaselineDate: models.MustDate("2026-01-01"), TargetDate: models.MustDate("2025-01-01")})
	if f := models.Fields(err); f["target"] == "" || f["target_date"] == "" {
		t.Fatalf("invalid benefit: %v", err)
	}

	// An economic benefit measured in Træna, and a dis-benefit that subtracts.
	eco, err := db.SaveBenefit(ctx, models.System, models.Benefit{ProjectID: p.ID, Title: "Sparte lisenser", Type: models.BenefitEconomic, Unit: "kr",
		Owner: "Økonomisjef", Baseline: 0, Target: 200_000, BaselineDate: models.MustDate("2026-01-01"), TargetDate: models.MustDate("2026-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	db.RecordMeasurement(ctx, leader, models.Measurement{BenefitID: eco.ID, Period: "2026-05", Value: 50_000.4, Municipality: "1835"})
	db.RecordMeasurement(ctx, leader, models.Measurement{BenefitID: eco.ID, Period: "2026-06", Value: 49_999.6, Municipality: "1835"})
	dis, _ := db.SaveBenefit(ctx, models.System, models.Benefit{ProjectID: p.ID, Title: "Økt support", Type: models.BenefitDisbenefit, Unit: "kr",
		Owner: "IT-sjef", Baseline: 0, Target: 30_000, BaselineDate: models.MustDate("2026-01-01"), TargetDate: models.MustDate("2026-12-31")})
	db.RecordMeasurement(ctx, leader, models.Measurement{BenefitID: dis.ID, Period: "2026-05", Value: 10_000, Municipality: "1833"})

	var programme models.BenefitTotal
	for _, by := range []string{"project", "service_area", "municipality"} {
		groups, total, err := db.BenefitTotals(ctx, by)
		if err != nil {
			t.Fatal(err)
		}
		var sum models.BenefitTotal
		for _, g := range groups {
			sum.Add(g.Hours, g.FTE, g.ValueNOK)
		}
		if sum.ValueNOK != total.ValueNOK || math.Abs(sum.Hours-total.Hours) > 1e-9 || math.Abs(sum.FTE-total.FTE) > 1e-9 {
			t.Errorf("by %s: groups add up to %+v, total %+v", by, sum, total)
		}
		programme = total
	}
	// 400 h × 600 kr + 100 000 kr − 10 000 kr
	if programme.ValueNOK != 240_000+50_000+50_000-10_000 || programme.Hours != 400 {
		t.Fatalf("programme: %+v", programme)
	}
	groups, _, _ := db.BenefitTotals(ctx, "municipality")
	byMun := map[string]int64{}
	for _, g := range groups {
		byMun[g.Key] = g.ValueNOK
	}
	if byMun["1833"] != 60_000-10_000 || byMun["1835"] != 100_000 || byMun[""] != 180_000 {
		t.Fatalf("by municipality: %v", byMun)
	}
	// The municipality's view counts only its own measurements.
	list, _ := db.Benefits(ctx, data.BenefitFilter{Municipality: "1835"})
	var trana int64
	for _, b := range list {
		trana += b.ValueNOK
	}
	if trana != 100_000 {
		t.Fatalf("Træna's benefits: %d", trana)
	}
}
