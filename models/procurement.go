package models

import (
	"math/big"
	"sort"
	"time"
	"unicode/utf8"
)

// Procedures of public procurement (anskaffelsesprosedyrer).
var Procedures = []string{"open", "restricted", "negotiation", "competitive_dialogue", "innovation_partnership",
	"framework_calloff", "below_threshold", "direct_award"}

// Stages of a procurement in their order; cancelled can end any stage
// before the contract is in force.
var Stages = []string{"needs", "announced", "tender_deadline", "evaluation", "award", "standstill",
	"contract_signed", "in_force", "expired", "cancelled"}

const (
	StageCancelled = "cancelled"
	StageInForce   = "in_force"
	StageExpired   = "expired"
)

func ValidProcedure(s string) bool { return oneOf(s, Procedures) }
func ValidStage(s string) bool     { return oneOf(s, Stages) }

// StageIndex is a stage's place in the order, or -1.
func StageIndex(s string) int {
	for i, x := range Stages {
		if x == s {
			return i
		}
	}
	return -1
}

// StageMoveAllowed tells whether a procurement may go from one stage to
// another: forward only, and to cancelled from any stage before the
// contract is in force. Staying put is allowed.
func StageMoveAllowed(from, to string) bool {
	if from == to {
		return true
	}
	if from == StageCancelled || from == StageExpired {
		return false
	}
	if to == StageCancelled {
		return StageIndex(from) < StageIndex(StageInForce)
	}
	return StageIndex(to) > StageIndex(from)
}

// Cost-sharing bases.
const (
	BasisPopulation = "population"
	BasisWeights    = "weights"
)

// CostKey is how a procurement's cost is split: EqualPct percent equally
// among the participants, the rest by population or by custom weights.
type CostKey struct {
	EqualPct int              `json:"equal_pct"`
	Basis    string           `json:"basis"`
	Weights  map[string]int64 `json:"weights,omitempty"`
}

// Validate checks the key against the participants.
func (k *CostKey) Validate(participants []string) FieldErrors {
	f := FieldErrors{}
	if k.EqualPct < 0 || k.EqualPct > 100 {
		f.Add("cost_key.equal_pct", "percent")
	}
	switch k.Basis {
	case BasisPopulation:
	case BasisWeights:
		var sum int64
		for m, w := range k.Weights {
			if w < 0 {
				f.Add("cost_key.weights", "not_negative")
			} else if w > MaxWeight {
				f.Add("cost_key.weights", "range")
			}
			if !oneOf(m, participants) {
				f.Add("cost_key.weights", "not_participant")
			}
			sum += w
		}
		if sum == 0 && k.EqualPct < 100 {
			f.Add("cost_key.weights", "all_zero")
		}
	default:
		f.Add("cost_key.basis", "choice")
	}
	return f
}

// Participant is a municipality as the cost split sees it.
type Participant struct {
	Municipality string
	Population   int64
	Weight       int64
}

// CostShare is one municipality's part of a cost.
type CostShare struct {
	Municipality string  `json:"municipality"`
	Name         string  `json:"name,omitempty"`
	SharePct     float64 `json:"share_pct"`
	AmountNOK    int64   `json:"amount_nok"`
}

// ProcurementShare is one municipality's part of one procurement's cost.
type ProcurementShare struct {
	Procurement Procurement
	Share       CostShare
}

// ErrNoBasis is returned when the variable part cannot be split: every
// participant's population or weight is zero.
var ErrNoBasis = &Error{Code: EINVALID, Message: "the cost key has nothing to split by", Fields: map[string]string{"cost_key": "no_basis"}}

// AllocateCosts splits total (whole kroner) among the participants: each
// gets equalPct/n percent, plus its part of the rest in proportion to its
// population or weight. Amounts are whole kroner that add up to total
// exactly: each gets the floor of its exact share, and the kroner left go
// one each to the largest remainders (ties: larger basis, then number).
func AllocateCosts(total int64, key CostKey, parts []Participant) ([]CostShare, error) {
	n := int64(len(parts))
	if n == 0 {
		return []CostShare{}, nil
	}
	basis := func(p Participant) int64 {
		if key.Basis == BasisWeights {
			return p.Weight
		}
		return p.Population
	}
	var sumB int64
	for _, p := range parts {
		sumB += basis(p)
	}
	eq := int64(key.EqualPct)
	if sumB == 0 {
		if eq < 100 {
			return nil, ErrNoBasis
		}
		sumB = 1 // only the equal part is split
	}
	// Exact share_i = total * (eq*sumB + (100-eq)*n*b_i) / (100*n*sumB).
	den := new(big.Int).Mul(big.NewInt(100*n), big.NewInt(sumB))
	type item struct {
		CostShare
		rem   *big.Int
		basis int64
	}
	items := make([]item, len(parts))
	var assigned int64
	for i, p := range parts {
		b := basis(p)
		weight := eq*sumB + (100-eq)*n*b // fits int64: at most 100 × 357 × populations
		num := new(big.Int).Mul(big.NewInt(weight), big.NewInt(total))
		q, r := new(big.Int).QuoRem(num, den, new(big.Int))
		pct := float64(weight) / float64(n*sumB)
		items[i] = item{CostShare{Municipality: p.Municipality, SharePct: pct, AmountNOK: q.Int64()}, r, b}
		assigned += q.Int64()
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := items[order[a]], items[order[b]]
		if c := x.rem.Cmp(y.rem); c != 0 {
			return c > 0
		}
		if x.basis != y.basis {
			return x.basis > y.basis
		}
		return x.Municipality < y.Municipality
	})
	for k := int64(0); k < total-assigned; k++ {
		items[order[k%n]].AmountNOK++
	}
	out := make([]CostShare, len(items))
	for i, it := range items {
		out[i] = it.CostShare
	}
	return out, nil
}

// Procurement is a joint procurement of the programme.
type Procurement struct {
	ID                int64    `json:"id"`
	Title             string   `json:"title"`
	Description       string   `json:"description"`
	Procedure         string   `json:"procedure"`
	Stage             string   `json:"stage"`
	EstimatedValueNOK int64    `json:"estimated_value_nok"`
	LeadMunicipality  string   `json:"lead_municipality"`
	Municipalities    []string `json:"municipalities"`
	ProjectIDs        []int64  `json:"project_ids"`
	DoffinRef         string   `json:"doffin_ref"`
	Supplier          string   `json:"supplier"`
	ContractStart     Date     `json:"contract_start"`
	ContractEnd       Date     `json:"contract_end"`
	// TenderDeadline is the last day for tenders (tilbudsfrist), while tendering.
	TenderDeadline  Date                `json:"tender_deadline"`
	AnnualCostNOK   int64               `json:"annual_cost_nok"`
	CostKey         CostKey             `json:"cost_key"`
	SavingsAloneNOK int64               `json:"alone_cost_nok"`
	Options         []ProcurementOption `json:"options"`
	Warnings        []string            `json:"warnings"`
	UpdatedAt       time.Time           `json:"updated_at"`
}

// ProcurementOption is an option to extend a contract, with the deadline
// by which it must be decided.
type ProcurementOption struct {
	ID          int64  `json:"id"`
	Description string `json:"description"`
	Deadline    Date   `json:"deadline"`
	Decision    string `json:"decision"` // "", "exercised" or "declined"
}

// StageEvent is the date a procurement reached a stage.
type StageEvent struct {
	Stage   string    `json:"stage"`
	Reached Date      `json:"reached"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// Validate checks a procurement's own fields; references are the store's job.
func (p *Procurement) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &p.Title, 200)
	if utf8.RuneCountInString(p.Description) > 10000 {
		f.Add("description", "too_long")
	}
	if !ValidProcedure(p.Procedure) {
		f.Add("procedure", "choice")
	}
	if !ValidStage(p.Stage) {
		f.Add("stage", "choice")
	}
	kroner(f, "estimated_value_nok", p.EstimatedValueNOK)
	kroner(f, "annual_cost_nok", p.AnnualCostNOK)
	kroner(f, "alone_cost_nok", p.SavingsAloneNOK)
	if !ValidMunicipalityNumber(p.LeadMunicipality) {
		f.Add("lead_municipality", "required")
	}
	if len(p.Municipalities) == 0 {
		f.Add("municipalities", "at_least_one")
	}
	if !p.ContractStart.IsZero() && !p.ContractEnd.IsZero() && p.ContractEnd.Before(p.ContractStart) {
		f.Add("contract_end", "before_start")
	}
	for k, v := range p.CostKey.Validate(p.Municipalities) {
		f.Add(k, v)
	}
	for _, o := range p.Options {
		if o.Deadline.IsZero() {
			f.Add("options", "deadline_required")
		}
	}
	return f.Err()
}

// IncludeLead makes sure the lead municipality takes part, without duplicates.
func (p *Procurement) IncludeLead() {
	pr := Project{LeadMunicipality: p.LeadMunicipality, Municipalities: p.Municipalities}
	pr.IncludeLead()
	p.Municipalities = pr.Municipalities
}

// ThresholdWarnings says when the estimated value is above a threshold and
// the procedure does not fit it.
func ThresholdWarnings(value int64, procedure string, s Settings) []string {
	var w []string
	switch {
	case value > s.EEAThreshold && (procedure == "below_threshold" || procedure == "direct_award"):
		w = append(w, "above_eea_threshold")
	case value > s.NationalThreshold && procedure == "direct_award":
		w = append(w, "above_national_threshold")
	}
	return w
}

// AloneSavings is what buying together saves each year against the
// municipalities' own estimate of buying alone (0 when not estimated).
func (p *Procurement) AloneSavings() int64 {
	if p.SavingsAloneNOK == 0 {
		return 0
	}
	return p.SavingsAloneNOK - p.AnnualCostNOK
}

// Deadline is a contract end, an option deadline or a tender deadline
// inside the horizon.
type Deadline struct {
	ProcurementID int64
	Title         string
	Kind          string // "contract_end", "option" or "tender_deadline"
	Date          Date
	Detail        string
	Supplier      string
}
