package models

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Phases of a project, after Prosjektveiviseren (GLOSSARY.md).
const (
	PhaseIdea        = "idea"
	PhaseConcept     = "concept"
	PhasePlanning    = "planning"
	PhaseExecution   = "execution"
	PhaseClosing     = "closing"
	PhaseRealisation = "realisation"
	PhaseDone        = "done"
	PhaseCancelled   = "cancelled"
)

// Phases in their order.
var Phases = []string{PhaseIdea, PhaseConcept, PhasePlanning, PhaseExecution, PhaseClosing, PhaseRealisation, PhaseDone, PhaseCancelled}

// ReportingPhases are the phases in which a monthly status report is due.
var ReportingPhases = []string{PhaseConcept, PhasePlanning, PhaseExecution, PhaseClosing}

// ServiceAreas (tjenesteområder).
var ServiceAreas = []string{"health_care", "education", "administration", "planning_building", "social_services", "child_welfare", "information_security", "other"}

// Statuses a dimension of a status report can have.
const (
	StatusGreen  = "green"
	StatusYellow = "yellow"
	StatusRed    = "red"
	// A project's status can also be missing (its report is overdue) or
	// none (no report yet, and none due).
	StatusMissing = "missing"
	StatusNone    = "none"
)

// RAG are the colours of a report dimension; ProjectStatuses what a project can show.
var (
	RAG             = []string{StatusGreen, StatusYellow, StatusRed}
	ProjectStatuses = []string{StatusGreen, StatusYellow, StatusRed, StatusMissing, StatusNone}
)

// Dimensions of a status report, overall first.
var Dimensions = []string{"overall", "time", "cost", "quality", "risk", "benefits"}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}

// ValidPhase, ValidServiceArea, ValidRAG and ValidProjectStatus check list values.
func ValidPhase(s string) bool         { return oneOf(s, Phases) }
func ValidServiceArea(s string) bool   { return oneOf(s, ServiceAreas) }
func ValidRAG(s string) bool           { return oneOf(s, RAG) }
func ValidProjectStatus(s string) bool { return oneOf(s, ProjectStatuses) }

// Project is one project of the programme's portfolio.
type Project struct {
	ID               int64     `json:"id"`
	Title            string    `json:"title"`
	Description      string    `json:"description"`
	ServiceArea      string    `json:"service_area"`
	Phase            string    `json:"phase"`
	LeadMunicipality string    `json:"lead_municipality"`
	Municipalities   []string  `json:"municipalities"`
	LeaderID         int64     `json:"-"`
	LeaderEmail      string    `json:"leader_email"`
	LeaderName       string    `json:"leader_name"`
	BudgetNOK        int64     `json:"budget_nok"`
	StartDate        Date      `json:"start_date"`
	EndDate          Date      `json:"end_date"`
	NationalSolution string    `json:"national_solution"`
	DocumentsURL     string    `json:"documents_url"`
	Archived         bool      `json:"archived"`
	UpdatedAt        time.Time `json:"updated_at"`
	// Public puts the project in the public catalogue; BudgetPublic shows
	// its budget there too.
	Public       bool `json:"public"`
	BudgetPublic bool `json:"budget_public"`
	// IdeaID is the idea the project was made from (0: none).
	IdeaID int64 `json:"idea_id"`
	// ChecklistOverride, on a change, moves the project forward although
	// mandatory checklist items are open, and says why (input only).
	ChecklistOverride string `json:"-"`

	// Derived from the latest status report.
	Status       string `json:"status"`
	LatestPeriod Period `json:"latest_period,omitempty"`
	ProgressPct  int    `json:"progress_pct"`
	SpentNOK     int64  `json:"spent_nok"`
	ForecastNOK  int64  `json:"forecast_nok"`
}

// Validate checks the fields a person can get wrong; that municipalities and
// the leader exist is the store's job.
func (p *Project) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &p.Title, 200)
	if utf8.RuneCountInString(p.Description) > 10000 {
		f.Add("description", "too_long")
	}
	if !ValidServiceArea(p.ServiceArea) {
		f.Add("service_area", "choice")
	}
	if !ValidPhase(p.Phase) {
		f.Add("phase", "choice")
	}
	if !ValidMunicipalityNumber(p.LeadMunicipality) {
		f.Add("lead_municipality", "required")
	}
	if len(p.Municipalities) == 0 {
		f.Add("municipalities", "at_least_one")
	}
	for _, m := range p.Municipalities {
		if !ValidMunicipalityNumber(m) {
			f.Add("municipalities", "unknown")
		}
	}
	kroner(f, "budget_nok", p.BudgetNOK)
	if !p.StartDate.IsZero() && !p.EndDate.IsZero() && p.EndDate.Before(p.StartDate) {
		f.Add("end_date", "before_start")
	}
	if p.DocumentsURL != "" {
		u, err := url.Parse(p.DocumentsURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			f.Add("documents_url", "url")
		}
	}
	if utf8.RuneCountInString(p.NationalSolution) > 100 {
		f.Add("national_solution", "too_long")
	}
	return f.Err()
}

// IncludeLead makes sure the lead municipality takes part, and removes duplicates.
func (p *Project) IncludeLead() {
	seen := map[string]bool{}
	out := []string{}
	for _, m := range append([]string{p.LeadMunicipality}, p.Municipalities...) {
		if m != "" && !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	p.Municipalities = out
}

// CanEditProject: editors and admins change any project; a project leader
// changes the projects they lead.
func CanEditProject(u *User, p *Project) bool {
	if u == nil {
		return false
	}
	return u.Role.EditsPortfolio() || u.Role == RoleLeader && p.LeaderID == u.ID
}

// Fold is how text is compared in searches: Unicode lower case in NFC, so
// that Æ/æ, Ø/ø and Å/å (and every other letter) match whatever their case.
func Fold(s string) string { return strings.ToLower(norm.NFC.String(s)) }

// StatusReport is a project's report for one month.
type StatusReport struct {
	ID              int64     `json:"id"`
	ProjectID       int64     `json:"project_id"`
	Period          Period    `json:"period"`
	Overall         string    `json:"overall"`
	Time            string    `json:"time"`
	Cost            string    `json:"cost"`
	Quality         string    `json:"quality"`
	Risk            string    `json:"risk"`
	Benefits        string    `json:"benefits"`
	OverallComment  string    `json:"overall_comment"`
	TimeComment     string    `json:"time_comment"`
	CostComment     string    `json:"cost_comment"`
	QualityComment  string    `json:"quality_comment"`
	RiskComment     string    `json:"risk_comment"`
	BenefitsComment string    `json:"benefits_comment"`
	ProgressPct     int       `json:"progress_pct"`
	SpentNOK        int64     `json:"spent_nok"`
	ForecastNOK     int64     `json:"forecast_nok"`
	Summary         string    `json:"summary"`
	NextSteps       string    `json:"next_steps"`
	DecisionNeeded  string    `json:"decision_needed"`
	ReportedBy      string    `json:"reported_by"`
	ReportedAt      time.Time `json:"reported_at"`
}

// Dimension returns the status and comment of a dimension by name.
func (r *StatusReport) Dimension(name string) (status, comment string) {
	switch name {
	case "overall":
		return r.Overall, r.OverallComment
	case "time":
		return r.Time, r.TimeComment
	case "cost":
		return r.Cost, r.CostComment
	case "quality":
		return r.Quality, r.QualityComment
	case "risk":
		return r.Risk, r.RiskComment
	case "benefits":
		return r.Benefits, r.BenefitsComment
	}
	return "", ""
}

// SetDimension sets the status and comment of a dimension by name.
func (r *StatusReport) SetDimension(name, status, comment string) {
	switch name {
	case "overall":
		r.Overall, r.OverallComment = status, comment
	case "time":
		r.Time, r.TimeComment = status, comment
	case "cost":
		r.Cost, r.CostComment = status, comment
	case "quality":
		r.Quality, r.QualityComment = status, comment
	case "risk":
		r.Risk, r.RiskComment = status, comment
	case "benefits":
		r.Benefits, r.BenefitsComment = status, comment
	}
}

// Validate checks a status report.
func (r *StatusReport) Validate() error {
	f := FieldErrors{}
	if !r.Period.Valid() {
		f.Add("period", "period")
	}
	for _, d := range Dimensions {
		st, comment := r.Dimension(d)
		if !ValidRAG(st) {
			f.Add(d, "rag")
		}
		if utf8.RuneCountInString(comment) > 2000 {
			f.Add(d+"_comment", "too_long")
		}
	}
	if r.ProgressPct < 0 || r.ProgressPct > 100 {
		f.Add("progress_pct", "percent")
	}
	kroner(f, "spent_nok", r.SpentNOK)
	kroner(f, "forecast_nok", r.ForecastNOK)
	for k, v := range map[string]string{"summary": r.Summary, "next_steps": r.NextSteps, "decision_needed": r.DecisionNeeded} {
		if utf8.RuneCountInString(v) > 10000 {
			f.Add(k, "too_long")
		}
	}
	return f.Err()
}

// Milestone is a dated goal of a project.
type Milestone struct {
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Title     string `json:"title"`
	DueDate   Date   `json:"due_date"`
	DoneDate  Date   `json:"done_date"`
}

// Validate checks a milestone.
func (m *Milestone) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &m.Title, 200)
	if m.DueDate.IsZero() {
		f.Add("due_date", "required")
	}
	return f.Err()
}

// Risk is a project risk; its score is probability × consequence (1–25).
type Risk struct {
	ID          int64  `json:"id"`
	ProjectID   int64  `json:"project_id"`
	Title       string `json:"title"`
	Probability int    `json:"probability"`
	Consequence int    `json:"consequence"`
	Mitigation  string `json:"mitigation"`
	Owner       string `json:"owner"`
	Open        bool   `json:"open"`
}

// Score is probability × consequence.
func (r Risk) Score() int { return r.Probability * r.Consequence }

// Validate checks a risk.
func (r *Risk) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &r.Title, 200)
	if r.Probability < 1 || r.Probability > 5 {
		f.Add("probability", "one_to_five")
	}
	if r.Consequence < 1 || r.Consequence > 5 {
		f.Add("consequence", "one_to_five")
	}
	if utf8.RuneCountInString(r.Mitigation) > 2000 {
		f.Add("mitigation", "too_long")
	}
	return f.Err()
}

// PhaseChange records a move between phases: who, when and why.
type PhaseChange struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	// CaseID and MeetingID link a change the steering group decided.
	CaseID    int64 `json:"case_id"`
	MeetingID int64 `json:"meeting_id"`
	// ChecklistOverride says why the change went on with mandatory
	// checklist items open.
	ChecklistOverride string `json:"checklist_override_reason"`
}
