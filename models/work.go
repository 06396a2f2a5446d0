package models

import "sort"

// Kinds of work item on a user's home (GET /api/v1/me/work).
const (
	WorkStatusReport = "status_report"
	WorkRollout      = "rollout"
	WorkMeasurement  = "measurement"
	WorkAction       = "action"
	WorkCase         = "case"
	WorkGrantReport  = "grant_report"
	WorkChecklist    = "checklist"
	WorkIdea         = "idea"
	WorkMaturity     = "maturity"
)

// WorkItems lists every kind of work item.
var WorkItems = []string{WorkStatusReport, WorkRollout, WorkMeasurement, WorkAction, WorkCase,
	WorkGrantReport, WorkChecklist, WorkIdea, WorkMaturity}

// WorkItem is one thing that waits for a user: what it is, by when, and the
// page (a form filled in where possible) that does it.
type WorkItem struct {
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Due     Date   `json:"due"`
	Overdue bool   `json:"overdue"`
	URL     string `json:"url"`
	RefID   int64  `json:"ref_id"`
	// Period is the month a measurement is asked for (YYYY-MM).
	Period string `json:"period,omitempty"`
}

// SortWork puts the most urgent first: overdue before due, then by due
// date (items without a date last), then by title.
func SortWork(items []WorkItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Overdue != b.Overdue {
			return a.Overdue
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			return !a.Due.IsZero()
		}
		if !a.Due.Equal(b.Due.Time) {
			return a.Due.Before(b.Due)
		}
		return a.Title < b.Title
	})
}
