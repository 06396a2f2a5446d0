package models

import "testing"

// A municipality is measured against its own share of a benefit. The
// expected numbers are worked out by hand in the comments.
func TestMunicipalityShareOfBenefit(t *testing.T) {
	pop := map[string]int64{"1833": 3000, "1824": 1000, "1835": 500}
	parts := []string{"1833", "1824"} // 1835 is not in the project
	econ := Benefit{Type: BenefitEconomic, Baseline: 0, Target: 100_000, Granularity: "month",
		Plan: []PlanPoint{{"2026-01", 10_000}, {"2026-02", 10_000}, {"2026-03", 10_000}}}
	rana := []Measurement{{Period: "2026-01", Value: 7_000, Municipality: "1833"}, {Period: "2026-02", Value: 7_000, Municipality: "1833"}}
	explicit := []MunicipalityTarget{{"1833", 50_000}, {"1824", 20_000}}

	cases := []struct {
		name       string
		mun        string
		explicit   []MunicipalityTarget
		ms         []Measurement
		share      float64 // hand: own ÷ all
		planned    float64 // hand: share × plan to the last measured period
		target     float64 // hand: share × (target − baseline)
		pct        float64 // hand: realised ÷ target × 100
		status     string
		plannedNOK int64 // hand: share × plan to 2026-03
	}{
		// 3 000 ÷ (3 000 + 1 000) = 0.75; plan to 2026-02 = 0.75 × 20 000 = 15 000;
		// 14 000 is 1 000 short, more than 5 % of 15 000 (750): behind.
		{"population", "1833", nil, rana, 0.75, 15_000, 75_000, 18.67, PlanBehind, 22_500},
		// 14 500 is 500 short of 15 000, within 750: on plan.
		{"population, on plan", "1833", nil, []Measurement{{Period: "2026-02", Value: 14_500, Municipality: "1833"}}, 0.75, 15_000, 75_000, 19.33, PlanOnPlan, 22_500},
		// explicit: 50 000 ÷ 100 000 = 0.5; plan to 2026-02 = 10 000; 14 000 is ahead.
		{"explicit", "1833", explicit, rana, 0.5, 10_000, 50_000, 28, PlanAhead, 15_000},
		// 1 000 ÷ 4 000 = 0.25; nothing measured.
		{"population, unmeasured", "1824", nil, nil, 0.25, 0, 25_000, 0, PlanNotMeasured, 7_500},
		// a municipality outside the project has no share
		{"outside", "1835", nil, nil, 0, 0, 0, 0, PlanNotMeasured, 0},
		// with explicit targets a municipality without one has none
		{"explicit, none given", "1835", explicit, nil, 0, 0, 0, 0, PlanNotMeasured, 0},
	}
	for _, c := range cases {
		share := econ.ShareOf(c.mun, c.explicit, parts, pop)
		if share != c.share {
			t.Errorf("%s: share %v, want %v", c.name, share, c.share)
		}
		f := econ.FiguresFor(c.ms, share, 1695)
		if f.PlannedToDate != c.planned || f.TargetShare != c.target || f.RealisedPct != c.pct || f.PlanStatus != c.status {
			t.Errorf("%s: planned %v target %v pct %v status %s, want %v %v %v %s", c.name, f.PlannedToDate, f.TargetShare, f.RealisedPct, f.PlanStatus,
				c.planned, c.target, c.pct, c.status)
		}
		planned, target := econ.ShareNOK(share, "2026-03", 1695)
		if planned != c.plannedNOK || target != int64(c.target) {
			t.Errorf("%s: ShareNOK %d, %d, want %d, %d", c.name, planned, target, c.plannedNOK, int64(c.target))
		}
	}
	// Against the whole programme's plan the same 14 000 would read as
	// far behind (20 000 planned): that was the mistake.
	if f := econ.Figures(rana, 1695); f.PlanStatus != PlanBehind || f.PlannedToDate != 20_000 {
		t.Errorf("programme figures %+v", f)
	}
	// Time: 1 000 hours at 500 kr, a quarter share is 250 hours = 125 000 kr.
	tb := Benefit{Type: BenefitTime, Target: 1_000, HourValueNOK: 500, Plan: []PlanPoint{{"2026-01", 400}}}
	if p, tg := tb.ShareNOK(0.25, "2026-06", 1695); p != 50_000 || tg != 125_000 {
		t.Errorf("time shares %d, %d, want 50 000 and 125 000", p, tg)
	}
	// A quality level is not shared out.
	q := Benefit{Type: BenefitQuality, Baseline: 3, Target: 5}
	if s := q.Scaled(0.1); s.Target != 5 {
		t.Errorf("a level was scaled: %v", s.Target)
	}
	for _, c := range []struct {
		realised, planned int64
		want              string
	}{{100, 0, PlanNone}, {96, 100, PlanOnPlan}, {94, 100, PlanBehind}, {106, 100, PlanAhead}, {105, 100, PlanOnPlan}} {
		if got := PlanStateNOK(c.realised, c.planned); got != c.want {
			t.Errorf("PlanStateNOK(%d, %d) = %s, want %s", c.realised, c.planned, got, c.want)
		}
	}
}
