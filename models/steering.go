package models

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Meeting statuses.
const (
	MeetingPlanned   = "planned"
	MeetingHeld      = "held"
	MeetingApproved  = "approved" // minutes approved: decisions are final
	MeetingCancelled = "cancelled"
)

var MeetingStatuses = []string{MeetingPlanned, MeetingHeld, MeetingApproved, MeetingCancelled}

// Case kinds and statuses.
var (
	CaseKinds    = []string{"decision", "information", "discussion"}
	CaseStatuses = []string{CasePending, CaseOnAgenda, CaseDecided, CaseDeferred, CaseWithdrawn}
)

const (
	CasePending   = "pending"
	CaseOnAgenda  = "on_agenda"
	CaseDecided   = "decided"
	CaseDeferred  = "deferred"
	CaseWithdrawn = "withdrawn"
)

// Meeting is a meeting of one of the cooperation's bodies.
type Meeting struct {
	ID           int64           `json:"id"`
	BodyID       int64           `json:"body_id"`
	BodyName     string          `json:"body_name"`
	Date         Date            `json:"date"`
	Time         string          `json:"time"` // "HH:MM", local time
	Title        string          `json:"title"`
	Place        string          `json:"place"`
	VideoURL     string          `json:"video_url"`
	Status       string          `json:"status"`
	Participants []Participation `json:"participants,omitempty"` // only on a single meeting
	// Sequence grows each time the meeting moves or is cancelled, so that
	// calendars update the event instead of adding another.
	Sequence  int       `json:"sequence"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Participation is one person at a meeting: a member present or absent, or a guest.
type Participation struct {
	Name    string `json:"name"`
	Role    string `json:"role"` // "member" or "guest"
	Present bool   `json:"present"`
}

// Validate checks a meeting.
func (m *Meeting) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &m.Title, 200)
	if m.Date.IsZero() {
		f.Add("date", "required")
	}
	if m.Time != "" {
		if _, err := time.Parse("15:04", m.Time); err != nil {
			f.Add("time", "time")
		}
	}
	if m.VideoURL != "" {
		if u, err := url.Parse(m.VideoURL); err != nil || u.Scheme != "https" || u.Host == "" {
			f.Add("video_url", "url")
		}
	}
	if !oneOf(m.Status, MeetingStatuses) {
		f.Add("status", "choice")
	}
	for _, p := range m.Participants {
		if strings.TrimSpace(p.Name) == "" || p.Role != "member" && p.Role != "guest" {
			f.Add("participants", "invalid")
		}
		refuseBidi(f, "participants", p.Name)
	}
	return f.Err()
}

// MeetingMoveAllowed: planned → held → approved, back from held to
// planned; a planned meeting can be cancelled, and a cancelled one planned again.
func MeetingMoveAllowed(from, to string) bool {
	switch {
	case from == to:
		return true
	case from == MeetingPlanned:
		return to == MeetingHeld || to == MeetingCancelled
	case from == MeetingHeld:
		return to == MeetingApproved || to == MeetingPlanned
	case from == MeetingCancelled:
		return to == MeetingPlanned
	}
	return false
}

// Moved reports whether a change to a meeting is one a calendar must
// learn of: another day, time, place or title, or a cancellation.
func (m Meeting) Moved(before Meeting) bool {
	return m.Date != before.Date || m.Time != before.Time || m.Place != before.Place || m.VideoURL != before.VideoURL ||
		m.Title != before.Title || (m.Status == MeetingCancelled) != (before.Status == MeetingCancelled)
}

// Case is a matter for a body. It gets its number (NN/YYYY, per body and
// year) when first put on one of the body's meeting agendas.
type Case struct {
	ID       int64  `json:"id"`
	BodyID   int64  `json:"body_id"`
	BodyName string `json:"body_name"`
	Number   string `json:"number"` // per body and year
	// ReferredFromID is the case in another body this one came from (a
	// professional group recommends, the steering group decides).
	ReferredFromID     int64  `json:"referred_from_case_id"`
	ReferredFromNumber string `json:"referred_from_number"`
	ReferredFromBody   string `json:"referred_from_body"`
	// ReferredTo is the latest case another body got by referral of this one.
	ReferredToID     int64  `json:"referred_to_case_id"`
	ReferredToNumber string `json:"referred_to_number"`
	ReferredToBody   string `json:"referred_to_body"`
	Year             int    `json:"-"`
	Seq              int    `json:"-"`
	Kind             string `json:"kind"`
	Title            string `json:"title"`
	Background       string `json:"background"`
	Proposal         string `json:"proposal"`
	Decision         string `json:"decision"`
	Status           string `json:"status"`
	MeetingID        int64  `json:"meeting_id"`
	MeetingDate      Date   `json:"meeting_date"`
	ProjectID        int64  `json:"project_id"`
	ProjectTitle     string `json:"project_title"`
	ProcurementID    int64  `json:"procurement_id"`
	ProcurementTitle string `json:"procurement_title"`
	CorrectsID       int64  `json:"corrects_case_id"`
	// PhaseTo, on a decision case about a project, moves the project to
	// this phase when the case is decided.
	PhaseTo   string    `json:"phase_to"`
	Final     bool      `json:"final"` // the meeting's minutes are approved
	DecidedAt time.Time `json:"decided_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Exempt from public access (offentleglova) with its legal basis; the
	// public pages show the number, the public title and the basis only.
	Exempt      bool   `json:"exempt"`
	ExemptBasis string `json:"exempt_basis"`
	PublicTitle string `json:"public_title"`
	// IdeaID puts an idea before the body; IdeaOutcome (approved, rejected
	// or parked) is applied to it when the case is decided.
	IdeaID      int64  `json:"idea_id"`
	IdeaOutcome string `json:"idea_outcome"`
	// ChecklistOverride, when deciding a phase change, moves the project on
	// although mandatory checklist items are open (input only).
	ChecklistOverride string `json:"-"`
}

// CaseNumber formats a case number: "12/2026".
func CaseNumber(seq, year int) string {
	if seq == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", seq, year)
}

// Validate checks a case.
func (c *Case) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &c.Title, 300)
	if !oneOf(c.Kind, CaseKinds) {
		f.Add("kind", "choice")
	}
	if !oneOf(c.Status, CaseStatuses) {
		f.Add("status", "choice")
	}
	for k, v := range map[string]string{"background": c.Background, "proposal": c.Proposal, "decision": c.Decision} {
		if utf8.RuneCountInString(v) > 20000 {
			f.Add(k, "too_long")
		}
	}
	if c.Status == CaseDecided && strings.TrimSpace(c.Decision) == "" && c.Kind == "decision" {
		f.Add("decision", "required")
	}
	if c.PhaseTo != "" && (!ValidPhase(c.PhaseTo) || c.ProjectID == 0) {
		f.Add("phase_to", "choice")
	}
	if c.IdeaOutcome != "" && (!oneOf(c.IdeaOutcome, IdeaOutcomes) || c.IdeaID == 0) {
		f.Add("idea_outcome", "choice")
	}
	if c.Status == CaseOnAgenda && c.MeetingID == 0 {
		f.Add("meeting_id", "required")
	}
	c.validatePublicity(f)
	return f.Err()
}

// ActionItem is a follow-up from a meeting, with an owner and a due date.
type ActionItem struct {
	ID          int64  `json:"id"`
	MeetingID   int64  `json:"meeting_id"`
	CaseID      int64  `json:"case_id"`
	CaseNumber  string `json:"case_number"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	DueDate     Date   `json:"due_date"`
	DoneDate    Date   `json:"done_date"`
}

// Overdue reports whether the action is not done and past its due date.
func (a ActionItem) Overdue(today Date) bool {
	return a.DoneDate.IsZero() && !a.DueDate.IsZero() && a.DueDate.Before(today)
}

// Validate checks an action item against the date of its meeting.
func (a *ActionItem) Validate(meeting Date) error {
	f := FieldErrors{}
	a.Description = strings.TrimSpace(a.Description)
	a.Owner = strings.TrimSpace(a.Owner)
	if a.Description == "" {
		f.Add("description", "required")
	}
	if a.Owner == "" {
		f.Add("owner", "required")
	}
	refuseBidi(f, "owner", a.Owner)
	if a.DueDate.IsZero() {
		f.Add("due_date", "required")
	} else if !meeting.IsZero() && a.DueDate.Before(meeting) {
		f.Add("due_date", "before_meeting")
	}
	return f.Err()
}
