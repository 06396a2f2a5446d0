package models

// The aggregates behind the overview, the municipality page and the budget:
// the store computes them, pages and PDFs show them.

// DashFilter narrows every figure of a dashboard; empty fields match all.
type DashFilter struct {
	ServiceArea  string
	Municipality string
	// County is the first two digits of the participants' municipality numbers.
	County string
	Phase  string
}

// Count is a number for a pair of keys (phase × status, stage, ...).
type Count struct {
	A, B string
	N    int64
}

// Dashboard holds the aggregates behind the dashboard and the municipality page.
type Dashboard struct {
	Filter        DashFilter
	Today         Date
	ByPhaseStatus []Count // phase, status
	Trend         []Count // period, overall: projects by status at each of the last 12 months' end
	// TrendSoFar is the month still running: its point counts up to now.
	TrendSoFar    string
	Budget        []AreaMoney
	Participation []Count // municipality, service area
	// ParticipationByCounty counts projects (each once) with a participant
	// in the county, per service area: the heat map's rows at national scale.
	ParticipationByCounty []Count // county, service area
	Pipeline              []Count // stage
	Contracts             []ContractSpan
	Benefits              []BenefitMonth
	PendingCases          int64
	Deadlines             int64
	// DeadlineList is what Deadlines counts (data.ContractDeadlines).
	DeadlineList []Deadline
	// Figures are the key figures by name, computed from the above.
	Figures Figures
	Horizon int
	// Totals are of the active projects (ActivePhases), all years.
	Totals       struct{ Projects, BudgetNOK, SpentNOK, ForecastNOK int64 }
	BenefitTotal struct {
		RealisedNOK, PlannedNOK int64
		Hours, FTE              float64
	}
}

// AreaMoney is budget, spent and forecast of a service area.
type AreaMoney struct {
	Area                    string
	Budget, Spent, Forecast int64
}

// ContractSpan is a contract on the timeline.
type ContractSpan struct {
	ID         int64
	Title      string
	Start, End Date
}

// BenefitMonth is realised and planned kroner in a month.
type BenefitMonth struct {
	Period            string
	Realised, Planned int64
}

// AdoptionPoint is, for one month, the share of member municipalities that
// had each solution in use at its end.
type AdoptionPoint struct {
	Month string        // YYYY-MM
	Pct   map[int64]int // solution id → percent of members
}

// BudgetLine is one amount of the programme's budget for a year.
type BudgetLine struct {
	Kind      string // income: contribution, grant, municipalities, other; cost: project, procurement
	RefID     int64
	Title     string
	AmountNOK int64
}

// Budget is the programme's money for a year: income by source and costs
// by project and procurement, and the grants whose report is outstanding.
type Budget struct {
	Year        int
	Income      []BudgetLine
	Costs       []BudgetLine
	IncomeNOK   int64
	CostsNOK    int64
	Outstanding []Grant
}
