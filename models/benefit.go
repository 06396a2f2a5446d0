package models

import (
	"fmt"
	"math"
	"regexp"
	"time"
	"unicode/utf8"
)

// Benefit types (gevinsttyper).
const (
	BenefitEconomic   = "economic"
	BenefitTime       = "time"
	BenefitQuality    = "quality"
	BenefitDisbenefit = "dis_benefit"
)

// BenefitTypes in the order the UI lists them.
var BenefitTypes = []string{BenefitEconomic, BenefitTime, BenefitQuality, BenefitDisbenefit}

func ValidBenefitType(s string) bool { return oneOf(s, BenefitTypes) }

// Granularities of a benefit's plan and measurements.
var Granularities = []string{"month", "quarter"}

// Plan states: realised against plan for the same period.
const (
	PlanAhead       = "ahead"
	PlanOnPlan      = "on_plan"
	PlanBehind      = "behind"
	PlanNotMeasured = "not_measured"
	PlanNone        = "no_plan"
)

// PlanStatuses lists every plan state.
var PlanStatuses = []string{PlanAhead, PlanOnPlan, PlanBehind, PlanNotMeasured, PlanNone}

// PlanTolerance is how far from plan still counts as on plan (5 %).
const PlanTolerance = 0.05

// Benefit is an expected gain of a project, owned in the line organisation.
type Benefit struct {
	ID                int64       `json:"id"`
	ProjectID         int64       `json:"project_id"`
	ProjectTitle      string      `json:"project_title"`
	ServiceArea       string      `json:"service_area"`
	Title             string      `json:"title"`
	Type              string      `json:"type"`
	Indicator         string      `json:"indicator"`
	Unit              string      `json:"unit"`
	Owner             string      `json:"owner"`
	OwnerRole         string      `json:"owner_role"`
	OwnerMunicipality string      `json:"owner_municipality"`
	Baseline          float64     `json:"baseline"`
	BaselineDate      Date        `json:"baseline_date"`
	Target            float64     `json:"target"`
	TargetDate        Date        `json:"target_date"`
	HourValueNOK      int64       `json:"hour_value_nok"`
	Granularity       string      `json:"granularity"`
	Plan              []PlanPoint `json:"plan"`
	// Targets are explicit targets per municipality (may be empty).
	Targets   []MunicipalityTarget `json:"municipality_targets"`
	UpdatedAt time.Time            `json:"updated_at"`

	BenefitFigures
}

// PlanPoint is the planned value for one period.
type PlanPoint struct {
	Period string  `json:"period"`
	Value  float64 `json:"value"`
}

// Measurement is an actual value for a period, for the whole programme or
// one municipality.
type Measurement struct {
	ID           int64     `json:"id"`
	BenefitID    int64     `json:"benefit_id"`
	Period       string    `json:"period"`
	Value        float64   `json:"value"`
	Municipality string    `json:"municipality"`
	Comment      string    `json:"comment"`
	MeasuredBy   string    `json:"measured_by"`
	At           time.Time `json:"at"`
}

// BenefitFigures are a benefit's derived figures, computed by Figures.
type BenefitFigures struct {
	Realised      float64 `json:"realised"`
	RealisedPct   float64 `json:"realised_pct"`
	PlannedToDate float64 `json:"planned_to_date"`
	PlanStatus    string  `json:"plan_status"`
	Hours         float64 `json:"hours"`
	FTE           float64 `json:"fte"`
	ValueNOK      int64   `json:"value_nok"`
	LastPeriod    string  `json:"last_period"`
	Measured      bool    `json:"measured"`
	// Share and TargetShare are set when the figures are one municipality's:
	// its fraction of the benefit and its part of target − baseline.
	Share       float64 `json:"municipality_share,omitempty"`
	TargetShare float64 `json:"municipality_target,omitempty"`
}

// Cumulative reports whether the benefit's measurements are amounts that add
// up (kroner, hours); a quality indicator is a level, its latest value counts.
func (b Benefit) Cumulative() bool { return b.Type != BenefitQuality }

var (
	monthRe   = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
	quarterRe = regexp.MustCompile(`^\d{4}-Q[1-4]$`)
)

// ValidPeriod checks a period against the benefit's granularity.
func (b *Benefit) ValidPeriod(p string) bool {
	if b.Granularity == "quarter" {
		return quarterRe.MatchString(p)
	}
	return monthRe.MatchString(p)
}

// PeriodOfDate is the period a date falls in, at the benefit's granularity.
func (b *Benefit) PeriodOfDate(d time.Time) string {
	if b.Granularity == "quarter" {
		return fmt.Sprintf("%d-Q%d", d.Year(), (int(d.Month())-1)/3+1)
	}
	return d.Format("2006-01")
}

// InRange reports whether a period lies between the baseline and target dates.
func (b *Benefit) InRange(p string) bool {
	if b.BaselineDate.IsZero() || b.TargetDate.IsZero() {
		return true
	}
	return p >= b.PeriodOfDate(b.BaselineDate.Time) && p <= b.PeriodOfDate(b.TargetDate.Time)
}

// Validate checks a benefit and its plan.
func (b *Benefit) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &b.Title, 200)
	if !ValidBenefitType(b.Type) {
		f.Add("type", "choice")
	}
	if trimmed(b.Unit) == "" {
		f.Add("unit", "required")
	}
	if trimmed(b.Owner) == "" {
		f.Add("owner", "required")
	}
	if b.OwnerMunicipality != "" && !ValidMunicipalityNumber(b.OwnerMunicipality) {
		f.Add("owner_municipality", "unknown")
	}
	measure(f, "baseline", b.Baseline)
	measure(f, "target", b.Target)
	if b.Target == b.Baseline {
		f.Add("target", "equals_baseline")
	}
	if b.BaselineDate.IsZero() {
		f.Add("baseline_date", "required")
	}
	if b.TargetDate.IsZero() {
		f.Add("target_date", "required")
	} else if !b.BaselineDate.IsZero() && !b.BaselineDate.Before(b.TargetDate) {
		f.Add("target_date", "after_baseline")
	}
	kroner(f, "hour_value_nok", b.HourValueNOK)
	if b.HourValueNOK > MaxHourValue {
		f.Add("hour_value_nok", "range")
	}
	if !oneOf(b.Granularity, Granularities) {
		f.Add("granularity", "choice")
	}
	seen := map[string]bool{}
	for _, p := range b.Plan {
		if !b.ValidPeriod(p.Period) || !b.InRange(p.Period) || seen[p.Period] {
			f.Add("plan", "period")
		}
		measure(f, "plan", p.Value)
		seen[p.Period] = true
	}
	return f.Err()
}

// ValidateMeasurement checks a measurement against its benefit and the
// project's participants.
func (b *Benefit) ValidateMeasurement(m *Measurement, participants []string) error {
	f := FieldErrors{}
	switch {
	case !b.ValidPeriod(m.Period):
		f.Add("period", "period")
	case !b.InRange(m.Period):
		f.Add("period", "outside_plan")
	}
	measure(f, "value", m.Value)
	if m.Municipality != "" && !oneOf(m.Municipality, participants) {
		f.Add("municipality", "not_participant")
	}
	if utf8.RuneCountInString(m.Comment) > 2000 {
		f.Add("comment", "too_long")
	}
	return f.Err()
}

// Figures computes a benefit's derived figures from its measurements, the
// one place these rules live:
//   - economic, time and dis-benefit measurements are amounts: realised is
//     their sum; quality is a level: realised is the latest level (the mean
//     of the latest per municipality) less the baseline;
//   - percent of target is realised ÷ (target − baseline);
//   - against plan: the plan up to the last measured period, summed for
//     amounts or its value in that period for a level; within 5 % is on plan;
//   - time: hours, årsverk (hours ÷ hoursPerFTE) and kroner (hours × hour value);
//     economic: kroner; dis-benefit: kroner, subtracted.
func (b *Benefit) Figures(ms []Measurement, hoursPerFTE int64) BenefitFigures {
	var f BenefitFigures
	f.PlanStatus = PlanNotMeasured
	if len(b.Plan) == 0 {
		f.PlanStatus = PlanNone
	}
	if len(ms) == 0 {
		return f
	}
	f.Measured = true
	for _, m := range ms {
		if m.Period > f.LastPeriod {
			f.LastPeriod = m.Period
		}
	}
	if b.Cumulative() {
		for _, m := range ms {
			f.Realised += m.Value
		}
	} else {
		latest := map[string]Measurement{}
		for _, m := range ms {
			if l, ok := latest[m.Municipality]; !ok || m.Period > l.Period {
				latest[m.Municipality] = m
			}
		}
		var sum float64
		for _, m := range latest {
			sum += m.Value
		}
		f.Realised = sum/float64(len(latest)) - b.Baseline
	}
	if span := b.Target - b.Baseline; span != 0 {
		f.RealisedPct = f.Realised / span * 100
	}
	if len(b.Plan) > 0 {
		f.PlannedToDate, f.PlanStatus = b.againstPlan(f.Realised, f.LastPeriod)
	}
	f.Hours, f.FTE, f.ValueNOK = b.ValueOf(ms, hoursPerFTE)
	f.Realised, f.PlannedToDate, f.Hours, f.RealisedPct = Round2(f.Realised), Round2(f.PlannedToDate), Round2(f.Hours), Round2(f.RealisedPct)
	f.FTE = Round2(f.FTE)
	return f
}

// Round2 rounds to two decimals, so that sums of measurements show no
// binary noise (2360.7, not 2360.7000000000003).
func Round2(x float64) float64 { return math.Round(x*100) / 100 }

// ValueOf is the hours, årsverk and kroner of some of a benefit's
// measurements. Kroner are rounded per measurement, so that the figures of
// any split of the measurements (by municipality, say) add up exactly.
func (b *Benefit) ValueOf(ms []Measurement, hoursPerFTE int64) (hours, fte float64, nok int64) {
	if !b.Cumulative() {
		return 0, 0, 0
	}
	for _, m := range ms {
		h, _, n := b.Value(m.Value, hoursPerFTE)
		hours += h
		nok = AddNOK(nok, n)
	}
	if hoursPerFTE > 0 {
		fte = hours / float64(hoursPerFTE)
	}
	return hours, fte, nok
}

// againstPlan compares realised with the plan up to period.
func (b *Benefit) againstPlan(realised float64, period string) (float64, string) {
	var planned float64
	found := false
	for _, p := range b.Plan {
		if p.Period > period {
			continue
		}
		found = true
		if b.Cumulative() {
			planned += p.Value
		} else if p.Period <= period {
			planned = p.Value - b.Baseline
		}
	}
	if !found {
		return 0, PlanOnPlan
	}
	// Direction: a benefit may aim down (fewer hours spent); realised and
	// planned then are negative, and "ahead" means further down.
	sign := 1.0
	if b.Target < b.Baseline {
		sign = -1
	}
	diff := sign * (realised - planned)
	switch tol := math.Abs(planned) * PlanTolerance; {
	case diff > tol:
		return planned, PlanAhead
	case diff < -tol:
		return planned, PlanBehind
	}
	return planned, PlanOnPlan
}

// Value turns a realised amount into hours, årsverk and kroner.
func (b *Benefit) Value(realised float64, hoursPerFTE int64) (hours, fte float64, nok int64) {
	switch b.Type {
	case BenefitTime:
		hours = realised
		if hoursPerFTE > 0 {
			fte = hours / float64(hoursPerFTE)
		}
		nok = krone(hours * float64(b.HourValueNOK))
	case BenefitEconomic:
		nok = krone(realised)
	case BenefitDisbenefit:
		nok = -krone(math.Abs(realised))
	}
	return hours, fte, nok
}

// BenefitTotal adds up benefits' hours, årsverk and kroner.
type BenefitTotal struct {
	Key      string  `json:"key"`
	Label    string  `json:"label,omitempty"`
	Hours    float64 `json:"hours"`
	FTE      float64 `json:"fte"`
	ValueNOK int64   `json:"value_nok"`
	Benefits int     `json:"benefits"`
	// PlannedNOK and TargetNOK (by municipality): the municipality's own
	// share of the plan to date and of the target, in kroner; PlanStatus
	// compares ValueNOK with PlannedNOK.
	PlannedNOK int64  `json:"planned_nok"`
	TargetNOK  int64  `json:"target_nok"`
	PlanStatus string `json:"plan_status,omitempty"`
}

// Rounded is the total with hours and årsverk to two decimals.
func (t BenefitTotal) Rounded() BenefitTotal {
	t.Hours, t.FTE = Round2(t.Hours), Round2(t.FTE)
	return t
}

// MeasuredTotal is what the measured benefits of a list realised together,
// and those benefits: the figure a municipality's page and its director's
// home show.
func MeasuredTotal(list []Benefit) (BenefitTotal, []Benefit) {
	var t BenefitTotal
	var measured []Benefit
	for _, b := range list {
		if b.Measured {
			measured = append(measured, b)
			t.Add(b.Hours, b.FTE, b.ValueNOK)
		}
	}
	return t, measured
}

// Add adds one benefit's (or one part of a benefit's) figures.
func (t *BenefitTotal) Add(hours, fte float64, nok int64) {
	t.Hours += hours
	t.FTE += fte
	t.ValueNOK = AddNOK(t.ValueNOK, nok)
}
