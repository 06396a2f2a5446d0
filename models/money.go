package models

import (
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

// Grant schemes and statuses.
var (
	GrantSchemes  = []string{"skjonnsmidler", "digifin", "helseteknologi", "other"}
	GrantStatuses = []string{"draft", "applied", "granted", "rejected", "reported", "closed"}
)

// GrantReportSoon is how many days before a grant's report is due it shows
// among the deadlines (digest, dashboard, reminders).
const GrantReportSoon = 30

// Grant is money applied for from a funder (tilskudd): skjønnsmidler from
// Statsforvalteren, DigiFin, Helseteknologiordningen or other.
type Grant struct {
	ID              int64     `json:"id"`
	Funder          string    `json:"funder"`
	Scheme          string    `json:"scheme"`
	Title           string    `json:"title"`
	ProjectIDs      []int64   `json:"project_ids"`
	AppliedNOK      int64     `json:"applied_nok"`
	GrantedNOK      int64     `json:"granted_nok"`
	AppliedDate     Date      `json:"applied_date"`
	DecisionDate    Date      `json:"decision_date"`
	Status          string    `json:"status"`
	Conditions      string    `json:"conditions"`
	ReportDue       Date      `json:"report_due"`
	ReportedDate    Date      `json:"reported_date"`
	ReportArchiveID int64     `json:"report_archive_id"` // 0: no report file
	CaseID          int64     `json:"case_id"`           // 0: not a steering-group case
	UpdatedAt       time.Time `json:"updated_at"`
}

// Validate checks a grant.
func (g *Grant) Validate() error {
	f := FieldErrors{}
	requireText(f, "funder", &g.Funder, 200)
	requireText(f, "title", &g.Title, 200)
	if !oneOf(g.Scheme, GrantSchemes) {
		f.Add("scheme", "choice")
	}
	if !oneOf(g.Status, GrantStatuses) {
		f.Add("status", "choice")
	}
	kroner(f, "applied_nok", g.AppliedNOK)
	kroner(f, "granted_nok", g.GrantedNOK)
	if utf8.RuneCountInString(g.Conditions) > 5000 {
		f.Add("conditions", "too_long")
	}
	switch g.Status {
	case "granted", "reported", "closed":
		if g.GrantedNOK == 0 {
			f.Add("granted_nok", "required")
		}
	case "draft", "applied", "rejected":
		if g.GrantedNOK != 0 {
			f.Add("granted_nok", "not_granted")
		}
	}
	if g.Status == "reported" && g.ReportedDate.IsZero() {
		f.Add("reported_date", "required")
	}
	if !g.AppliedDate.IsZero() && !g.DecisionDate.IsZero() && g.DecisionDate.Before(g.AppliedDate) {
		f.Add("decision_date", "before_applied")
	}
	return f.Err()
}

// ReportOutstanding: granted, and the report to the funder not yet sent.
func (g Grant) ReportOutstanding() bool {
	return g.Status == "granted" && g.ReportedDate.IsZero() && !g.ReportDue.IsZero()
}

// ReportDueSoon: outstanding, and due within GrantReportSoon days of today
// (or overdue).
func (g Grant) ReportDueSoon(today Date) bool {
	return g.ReportOutstanding() && !today.AddDate(0, 0, GrantReportSoon).Before(g.ReportDue.Time)
}

// Contribution is the members' own money for a year (grunnfinansiering),
// split by its key over the member municipalities' populations on
// 1 January of that year.
type Contribution struct {
	Year      int       `json:"year"`
	TotalNOK  int64     `json:"total_nok"`
	CostKey   CostKey   `json:"cost_key"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ValidYear is a year samla keeps accounts for.
func ValidYear(y int) bool { return y >= 2000 && y <= 2100 }

// Validate checks a contribution against the members it is split over.
func (c *Contribution) Validate(members []string) error {
	f := FieldErrors{}
	if !ValidYear(c.Year) {
		f.Add("year", "range")
	}
	kroner(f, "total_nok", c.TotalNOK)
	for k, v := range c.CostKey.Validate(members) {
		f.Add(k, v)
	}
	return f.Err()
}

// Funding sources of a project.
var FundingSources = []string{"grant", "municipalities", "other"}

// Funding is part of a project's money for a year: from a grant, from the
// participating municipalities by a key, or from elsewhere.
type Funding struct {
	Year      int     `json:"year"`
	Source    string  `json:"source"`
	AmountNOK int64   `json:"amount_nok"`
	GrantID   int64   `json:"grant_id"` // source grant
	CostKey   CostKey `json:"cost_key"` // source municipalities
	Note      string  `json:"note,omitempty"`
}

// ValidateFunding checks a project's funding rows; participants are the
// municipalities a municipal key splits over. Fields are named by row:
// "funding[2].amount_nok".
func ValidateFunding(rows []Funding, participants []string) error {
	f := FieldErrors{}
	for i := range rows {
		r := &rows[i]
		at := func(field string) string { return "funding[" + itoa(i) + "]." + field }
		if !ValidYear(r.Year) {
			f.Add(at("year"), "range")
		}
		if !oneOf(r.Source, FundingSources) {
			f.Add(at("source"), "choice")
		}
		kroner(f, at("amount_nok"), r.AmountNOK)
		switch r.Source {
		case "grant":
			if r.GrantID == 0 {
				f.Add(at("grant_id"), "required")
			}
		case "municipalities":
			for k, v := range r.CostKey.Validate(participants) {
				f.Add(at(k), v)
			}
		}
		if r.Source != "municipalities" {
			r.CostKey = CostKey{}
		}
		if r.Source != "grant" {
			r.GrantID = 0
		}
	}
	return f.Err()
}

func itoa(i int) string { return strconv.Itoa(i) }

// Statement lines are of three kinds.
const (
	LineContribution = "contribution"
	LineProcurement  = "procurement"
	LineProject      = "project"
)

// StatementLine is one thing a municipality pays for in a year.
type StatementLine struct {
	Kind      string `json:"kind"`
	RefID     int64  `json:"ref_id"`
	Title     string `json:"title"`
	AmountNOK int64  `json:"amount_nok"`
}

// Statement is a municipality's yearly statement (årsoppgave): its lines
// and their total.
type Statement struct {
	Municipality string          `json:"municipality"`
	Name         string          `json:"name"`
	Year         int             `json:"year"`
	Lines        []StatementLine `json:"lines"`
	TotalNOK     int64           `json:"total_nok"`
}

// Charge is an amount split over municipalities by a key: the year's
// contribution, a procurement's annual cost, or a project's municipal
// funding.
type Charge struct {
	Kind         string
	RefID        int64
	Title        string
	TotalNOK     int64
	Key          CostKey
	Participants []Participant
}

// Statements splits every charge with AllocateCosts (whole kroner, largest
// remainder) and gathers each municipality's lines, so that the
// municipalities' totals add up exactly to the charges' totals. A charge
// whose key has nothing to split by is returned in skipped.
func Statements(year int, names map[string]string, charges []Charge) (out []Statement, skipped []Charge) {
	byMun := map[string]*Statement{}
	var order []string
	for _, ch := range charges {
		shares, err := AllocateCosts(ch.TotalNOK, ch.Key, ch.Participants)
		if err != nil {
			skipped = append(skipped, ch)
			continue
		}
		for _, sh := range shares {
			st, ok := byMun[sh.Municipality]
			if !ok {
				st = &Statement{Municipality: sh.Municipality, Name: names[sh.Municipality], Year: year, Lines: []StatementLine{}}
				byMun[sh.Municipality] = st
				order = append(order, sh.Municipality)
			}
			st.Lines = append(st.Lines, StatementLine{Kind: ch.Kind, RefID: ch.RefID, Title: ch.Title, AmountNOK: sh.AmountNOK})
			st.TotalNOK = AddNOK(st.TotalNOK, sh.AmountNOK)
		}
	}
	sortStrings(order)
	for _, m := range order {
		out = append(out, *byMun[m])
	}
	return out, skipped
}

func sortStrings(s []string) { sort.Strings(s) }
