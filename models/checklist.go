package models

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Checklist item statuses.
const (
	ItemOpen        = "open"
	ItemDone        = "done"
	ItemNotRelevant = "not_relevant"
)

// ItemStatuses lists them.
var ItemStatuses = []string{ItemOpen, ItemDone, ItemNotRelevant}

// ChecklistPhases are the phases that have a checklist: those a project
// works through before a decision point.
var ChecklistPhases = []string{PhaseIdea, PhaseConcept, PhasePlanning, PhaseExecution, PhaseClosing, PhaseRealisation}

// PreChecklistReason marks the items of phases a project had been through
// before samla had checklists.
const PreChecklistReason = "Fra før sjekklistene"

// TemplateItem is one product or checkpoint of the checklist template.
type TemplateItem struct {
	Phase     string `json:"phase"`
	Title     string `json:"title"`
	Mandatory bool   `json:"mandatory"`
}

// ChecklistItem is one product or checkpoint of a project's phase.
type ChecklistItem struct {
	ID        int64     `json:"id"`
	ProjectID int64     `json:"project_id"`
	Phase     string    `json:"phase"`
	Title     string    `json:"title"`
	Mandatory bool      `json:"mandatory"`
	Status    string    `json:"status"`
	Reason    string    `json:"reason"`
	URL       string    `json:"url"`
	ArchiveID int64     `json:"archive_id"`
	Filename  string    `json:"filename"`
	Checksum  string    `json:"checksum"` // sha256 of the archived document, hex
	DoneBy    string    `json:"done_by"`
	DoneAt    time.Time `json:"done_at"`
}

// ValidateTemplate checks a checklist template.
func ValidateTemplate(list []TemplateItem) error {
	f := FieldErrors{}
	for n, t := range list {
		if !oneOf(t.Phase, ChecklistPhases) {
			f.Add(listField("template", n, "phase"), "choice")
		}
		t.Title = TrimText(t.Title)
		if t.Title == "" || utf8.RuneCountInString(t.Title) > 200 {
			f.Add(listField("template", n, "title"), "required")
		}
	}
	return f.Err()
}

// Validate checks an item's new state: done has a document or a link, not
// relevant has a reason.
func (i *ChecklistItem) Validate() error {
	f := FieldErrors{}
	i.Reason, i.URL = strings.TrimSpace(i.Reason), strings.TrimSpace(i.URL)
	if !oneOf(i.Status, ItemStatuses) {
		f.Add("status", "choice")
	}
	if i.URL != "" {
		if u, err := url.Parse(i.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			f.Add("url", "url")
		}
	}
	switch i.Status {
	case ItemDone:
		if i.URL == "" && i.ArchiveID == 0 {
			f.Add("url", "required")
		}
	case ItemNotRelevant:
		if i.Reason == "" {
			f.Add("reason", "required")
		}
	}
	if utf8.RuneCountInString(i.Reason) > 2000 {
		f.Add("reason", "too_long")
	}
	return f.Err()
}

// PhaseIndex is a phase's place in the order of the checklist phases
// (done after them all; -1 for cancelled or unknown).
func PhaseIndex(phase string) int {
	for n, p := range ChecklistPhases {
		if p == phase {
			return n
		}
	}
	if phase == PhaseDone {
		return len(ChecklistPhases)
	}
	return -1
}

// PhasesPassed are the checklist phases a move from one phase to another
// leaves behind: the current one and any it skips. Empty when the move is
// not forward (back, sideways, or to cancelled).
func PhasesPassed(from, to string) []string {
	a, b := PhaseIndex(from), PhaseIndex(to)
	if a < 0 || b <= a {
		return nil
	}
	return ChecklistPhases[a:min(b, len(ChecklistPhases))]
}

// OpenMandatory returns the mandatory items still open in the given phases.
func OpenMandatory(items []ChecklistItem, phases []string) []ChecklistItem {
	out := []ChecklistItem{}
	for _, i := range items {
		if i.Mandatory && i.Status == ItemOpen && oneOf(i.Phase, phases) {
			out = append(out, i)
		}
	}
	return out
}

// ChecklistOpenError refuses a forward phase change while mandatory items
// of the phases it leaves are open; the change goes through with a reason.
type ChecklistOpenError struct {
	Items []ChecklistItem
}

// CodeChecklistOpen is its error code in the API.
const CodeChecklistOpen = "checklist_open"

func (e *ChecklistOpenError) Error() string {
	titles := make([]string, len(e.Items))
	for n, i := range e.Items {
		titles[n] = i.Title
	}
	return "mandatory checklist items are open: " + strings.Join(titles, "; ") + "; give checklist_override_reason to move on anyway"
}
