package models

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestBenefitFigures(t *testing.T) {
	timeBenefit := Benefit{Type: BenefitTime, Baseline: 0, Target: 1000, HourValueNOK: 600, Granularity: "month",
		Plan: []PlanPoint{{"2026-01", 200}, {"2026-02", 200}, {"2026-03", 200}}}
	cases := []struct {
		name     string
		b        Benefit
		ms       []Measurement
		realised float64
		pct      float64
		status   string
		fte      float64
		nok      int64
	}{
		// The example: 200 + 300 hours of 1 000 → 500 h, 50 %, 500 ÷ 1 695 årsverk.
		{"time", timeBenefit, []Measurement{{Period: "2026-01", Value: 200}, {Period: "2026-02", Value: 300}}, 500, 50, PlanAhead, 500.0 / 1695, 300_000},
		{"time on plan", timeBenefit, []Measurement{{Period: "2026-01", Value: 195}, {Period: "2026-02", Value: 200}}, 395, 39.5, PlanOnPlan, 395.0 / 1695, 237_000},
		{"time behind", timeBenefit, []Measurement{{Period: "2026-03", Value: 100}}, 100, 10, PlanBehind, 100.0 / 1695, 60_000},
		{"by municipality adds up", timeBenefit, []Measurement{{Period: "2026-01", Value: 120, Municipality: "1833"}, {Period: "2026-01", Value: 80, Municipality: "1824"}}, 200, 20, PlanOnPlan, 200.0 / 1695, 120_000},
		{"not measured", timeBenefit, nil, 0, 0, PlanNotMeasured, 0, 0},
		{"economic", Benefit{Type: BenefitEconomic, Target: 500_000}, []Measurement{{Period: "2026-01", Value: 125_000.4}}, 125_000.4, 25.00008, PlanNone, 0, 125_000},
		{"dis-benefit subtracts", Benefit{Type: BenefitDisbenefit, Target: 50_000}, []Measurement{{Period: "2026-01", Value: 20_000}}, 20_000, 40, PlanNone, 0, -20_000},
		{"quality is a level", Benefit{Type: BenefitQuality, Baseline: 3.2, Target: 4.2, Plan: []PlanPoint{{"2026-06", 3.8}}},
			[]Measurement{{Period: "2026-03", Value: 3.5}, {Period: "2026-06", Value: 3.9}}, 0.7, 70, PlanAhead, 0, 0},
		{"aiming down", Benefit{Type: BenefitTime, Baseline: 0, Target: -400, Plan: []PlanPoint{{"2026-01", -100}}},
			[]Measurement{{Period: "2026-01", Value: -150}}, -150, 37.5, PlanAhead, -150.0 / 1695, 0},
	}
	for _, c := range cases {
		f := c.b.Figures(c.ms, 1695)
		// Figures are rounded: hours, percentages and årsverk to two decimals.
		if !near(f.Realised, c.realised) || math.Abs(f.RealisedPct-c.pct) > 0.005 || f.PlanStatus != c.status || math.Abs(f.FTE-c.fte) > 0.005 || f.FTE != Round2(f.FTE) || f.ValueNOK != c.nok {
			t.Errorf("%s: %+v", c.name, f)
		}
	}
	f := timeBenefit.Figures([]Measurement{{Period: "2026-01", Value: 200}, {Period: "2026-02", Value: 300}}, 1695)
	if f.FTE != 0.29 {
		t.Errorf("årsverk rounded to two decimals: %v", f.FTE)
	}
	tot := BenefitTotal{}
	tot.Add(0, 500.0/1695, 0)
	if got := tot.Rounded().FTE; got != 0.29 {
		t.Errorf("total årsverk rounded to two decimals: %v", got)
	}
}

func TestBenefitValidation(t *testing.T) {
	ok := Benefit{Title: "Frigjort tid", Type: BenefitTime, Unit: "timer", Owner: "Enhetsleder", Granularity: "month",
		Baseline: 0, Target: 1000, BaselineDate: MustDate("2026-01-01"), TargetDate: MustDate("2027-12-31"),
		Plan: []PlanPoint{{"2026-06", 100}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := ok
	bad.Target, bad.TargetDate, bad.Plan = 0, MustDate("2025-01-01"), []PlanPoint{{"2030-01", 1}}
	f := Fields(bad.Validate())
	for _, k := range []string{"target", "target_date", "plan"} {
		if f[k] == "" {
			t.Errorf("%s not named: %v", k, f)
		}
	}
	m := Measurement{Period: "2028-03", Value: 10, Municipality: "1811"}
	f = Fields(ok.ValidateMeasurement(&m, []string{"1833"}))
	if f["period"] != "outside_plan" || f["municipality"] != "not_participant" {
		t.Errorf("measurement: %v", f)
	}
	q := ok
	q.Granularity = "quarter"
	if !q.ValidPeriod("2026-Q2") || q.ValidPeriod("2026-05") || q.PeriodOfDate(MustDate("2026-05-17").Time) != "2026-Q2" {
		t.Error("quarters")
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{"1 234,5": 1234.5, "1234.5": 1234.5, "-3": -3, "1\u00a0000": 1000} {
		if got, ok := ParseNumber(in); !ok || got != want {
			t.Errorf("%q: %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "abc", "NaN", "Inf", "1,2,3"} {
		if _, ok := ParseNumber(in); ok {
			t.Errorf("%q parsed", in)
		}
	}
}
