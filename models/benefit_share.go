package models

import "math"

// A municipality measured against its own share of a benefit (GLOSSARY
// "a municipality's share"): explicit targets per municipality when the
// benefit has them, else the municipality's population among the project's
// municipalities.

// MunicipalityTarget is a benefit's explicit target for one municipality:
// its part of the change from baseline to target, in the benefit's unit.
type MunicipalityTarget struct {
	Municipality string  `json:"municipality"`
	Target       float64 `json:"target"`
}

// ShareOf is the municipality's fraction (0–1) of a benefit: its explicit
// target ÷ the benefit's change (target − baseline) when the benefit has
// explicit targets (a municipality without one then has none), else its
// population ÷ the population of the project's municipalities. A
// municipality outside the project has no share.
func (b *Benefit) ShareOf(municipality string, explicit []MunicipalityTarget, participants []string, population map[string]int64) float64 {
	if len(explicit) > 0 {
		span := b.Target - b.Baseline
		if span == 0 {
			return 0
		}
		for _, t := range explicit {
			if t.Municipality == municipality {
				return t.Target / span
			}
		}
		return 0
	}
	var all, own int64
	for _, m := range participants {
		all += population[m]
		if m == municipality {
			own = population[m]
		}
	}
	if all == 0 {
		return 0
	}
	return float64(own) / float64(all)
}

// Scaled is the benefit as one municipality's part of it: amounts of its
// plan and its change to target multiplied by share. A quality level is
// not shared out: every municipality aims for the same level.
func (b Benefit) Scaled(share float64) Benefit {
	if !b.Cumulative() {
		return b
	}
	b.Target = b.Baseline + (b.Target-b.Baseline)*share
	plan := make([]PlanPoint, len(b.Plan))
	for i, p := range b.Plan {
		plan[i] = PlanPoint{Period: p.Period, Value: p.Value * share}
	}
	b.Plan = plan
	return b
}

// FiguresFor computes a benefit's figures for one municipality: its own
// measurements against its share of the plan and target, so that ahead,
// on plan and behind say how it does against what falls to it.
func (b *Benefit) FiguresFor(ms []Measurement, share float64, hoursPerFTE int64) BenefitFigures {
	own := b.Scaled(share)
	f := own.Figures(ms, hoursPerFTE)
	f.Share = Round4(share)
	f.TargetShare = Round2(own.Target - own.Baseline)
	return f
}

// PlanUpTo is the plan up to and including period (summed for an
// amount, the level in that period for a quality level).
func (b *Benefit) PlanUpTo(period string) float64 {
	planned, _ := b.againstPlan(0, period)
	return planned
}

// Round4 rounds to four decimals (a share such as 0.3712).
func Round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// ShareNOK is a municipality's share of a benefit in kroner: of its plan up
// to and including period, and of its target (amounts only; a quality level
// has no kroner).
func (b *Benefit) ShareNOK(share float64, period string, hoursPerFTE int64) (planned, target int64) {
	if !b.Cumulative() {
		return 0, 0
	}
	own := b.Scaled(share)
	_, _, planned = own.Value(own.PlanUpTo(period), hoursPerFTE)
	_, _, target = own.Value(own.Target-own.Baseline, hoursPerFTE)
	return planned, target
}

// PlanStateNOK says whether realised kroner are ahead of, on or behind the
// planned kroner (within PlanTolerance is on plan); nothing planned yet is
// no plan.
func PlanStateNOK(realised, planned int64) string {
	if planned == 0 {
		return PlanNone
	}
	tol := math.Abs(float64(planned)) * PlanTolerance
	switch diff := float64(realised - planned); {
	case diff > tol:
		return PlanAhead
	case diff < -tol:
		return PlanBehind
	}
	return PlanOnPlan
}
