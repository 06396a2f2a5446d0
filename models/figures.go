package models

// The overview's key figures, each with one definition (GLOSSARY "Figures,
// one definition each"). Every page, PDF, digest and the API read them from
// Figures, computed in one place (data.DB.Figures).

// ActivePhases are the phases of an active project: concept, planning,
// execution and closing, the phases that report monthly. Ideas, projects
// in realisation, done and cancelled projects are counted apart.
var ActivePhases = ReportingPhases

// PhaseActive is the list filter that selects the active phases.
const PhaseActive = "active"

// ValidPhaseFilter accepts a phase or PhaseActive.
func ValidPhaseFilter(s string) bool { return s == PhaseActive || ValidPhase(s) }

// IsActivePhase says whether a project in the phase counts as active.
func IsActivePhase(phase string) bool { return oneOf(phase, ActivePhases) }

// IsClosedPhase says whether a project is done or cancelled: it is shown by
// its phase, never by a status colour or progress.
func IsClosedPhase(phase string) bool { return phase == PhaseDone || phase == PhaseCancelled }

// Figures are the overview's key figures by name (CONTRACT "Figures").
type Figures struct {
	// ActiveProjects counts projects in an active phase.
	ActiveProjects int64 `json:"active_projects"`
	Ideas          int64 `json:"ideas"`
	InRealisation  int64 `json:"in_realisation"`
	Done           int64 `json:"done"`
	Cancelled      int64 `json:"cancelled"`
	// Red, Yellow, Green and Missing count the active projects by status.
	Red     int64 `json:"red"`
	Yellow  int64 `json:"yellow"`
	Green   int64 `json:"green"`
	Missing int64 `json:"missing"`
	// BudgetNOK and SpentNOK sum the active projects, all years.
	BudgetNOK int64 `json:"budget_nok"`
	SpentNOK  int64 `json:"spent_nok"`
	// Benefits in kroner: realised by all measurements, and planned to date.
	BenefitsRealisedNOK int64 `json:"benefits_realised_nok"`
	BenefitsPlannedNOK  int64 `json:"benefits_planned_nok"`
	PendingCases        int64 `json:"pending_cases"`
	// GrantReportsDue counts granted grants whose report is due within
	// GrantReportSoon days (or overdue).
	GrantReportsDue int64 `json:"grant_reports_due"`
	// MunicipalitiesBehind counts member municipalities behind on the rollout.
	MunicipalitiesBehind int64 `json:"municipalities_behind"`
	// Deadlines counts contract ends and option deadlines within the
	// horizon: the list of GET /api/v1/procurements/deadlines.
	Deadlines    int64 `json:"deadlines"`
	HorizonMonth int   `json:"horizon_months"`
}

// FigureNames are the names of the key figures, in the order the overview
// shows them.
var FigureNames = []string{"active_projects", "ideas", "in_realisation", "red", "yellow", "green", "missing",
	"budget_nok", "spent_nok", "benefits_realised_nok", "benefits_planned_nok", "pending_cases",
	"grant_reports_due", "municipalities_behind", "deadlines"}

// Figure returns a key figure by name (0 and false for an unknown name).
func (f Figures) Figure(name string) (int64, bool) {
	switch name {
	case "active_projects":
		return f.ActiveProjects, true
	case "ideas":
		return f.Ideas, true
	case "in_realisation":
		return f.InRealisation, true
	case "done":
		return f.Done, true
	case "cancelled":
		return f.Cancelled, true
	case "red":
		return f.Red, true
	case "yellow":
		return f.Yellow, true
	case "green":
		return f.Green, true
	case "missing":
		return f.Missing, true
	case "budget_nok":
		return f.BudgetNOK, true
	case "spent_nok":
		return f.SpentNOK, true
	case "benefits_realised_nok":
		return f.BenefitsRealisedNOK, true
	case "benefits_planned_nok":
		return f.BenefitsPlannedNOK, true
	case "pending_cases":
		return f.PendingCases, true
	case "grant_reports_due":
		return f.GrantReportsDue, true
	case "municipalities_behind":
		return f.MunicipalitiesBehind, true
	case "deadlines":
		return f.Deadlines, true
	}
	return 0, false
}

// FiguresOf computes the project figures from the phase × status counts
// and the money of the active projects; the other figures are counted by
// the store.
func FiguresOf(byPhaseStatus []Count) Figures {
	var f Figures
	for _, c := range byPhaseStatus {
		switch {
		case IsActivePhase(c.A):
			f.ActiveProjects += c.N
			switch c.B {
			case StatusRed:
				f.Red += c.N
			case StatusYellow:
				f.Yellow += c.N
			case StatusGreen:
				f.Green += c.N
			case StatusMissing:
				f.Missing += c.N
			}
		case c.A == PhaseIdea:
			f.Ideas += c.N
		case c.A == PhaseRealisation:
			f.InRealisation += c.N
		case c.A == PhaseDone:
			f.Done += c.N
		case c.A == PhaseCancelled:
			f.Cancelled += c.N
		}
	}
	return f
}

// Closed says whether the project is done or cancelled.
func (p Project) Closed() bool { return IsClosedPhase(p.Phase) }

// Payment is what a municipality pays in a year: its yearly statement's
// total (the one figure every page and PDF shows), with the breakdown by
// kind of line beside it.
type Payment struct {
	Year                                          int
	TotalNOK                                      int64
	ContributionNOK, ProcurementsNOK, ProjectsNOK int64
}

// PaymentOf sums a yearly statement by kind of line.
func PaymentOf(st Statement) Payment {
	p := Payment{Year: st.Year, TotalNOK: st.TotalNOK}
	for _, l := range st.Lines {
		switch l.Kind {
		case LineContribution:
			p.ContributionNOK += l.AmountNOK
		case LineProcurement:
			p.ProcurementsNOK += l.AmountNOK
		case LineProject:
			p.ProjectsNOK += l.AmountNOK
		}
	}
	return p
}
