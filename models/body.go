package models

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Body kinds and member roles.
var (
	BodyKinds   = []string{"council", "board", "steering_group", "programme_council", "working_group", "other"}
	MemberRoles = []string{"chair", "member", "deputy", "secretary"}
)

// Body is one of the cooperation's bodies (organer): the representative
// council, the board, the steering group, professional groups. Each meets,
// numbers its cases per year and records its decisions.
type Body struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Mandate string `json:"mandate"`
	// MandateArchiveID is the mandate as adopted, kept in the archive (0: none).
	MandateArchiveID int64        `json:"mandate_archive_id"`
	Members          []BodyMember `json:"members"`
	UpdatedAt        time.Time    `json:"updated_at"`
}

// BodyMember is a person in a body: a user, or a name and e-mail.
type BodyMember struct {
	ID           int64  `json:"id"`
	UserEmail    string `json:"user_email"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Municipality string `json:"municipality"`
	Role         string `json:"role"`
	From         Date   `json:"from"`
	To           Date   `json:"to"`
	UserID       int64  `json:"-"`
}

// Current reports whether the member sits in the body on day.
func (m BodyMember) Current(day Date) bool {
	return !day.Before(m.From) && (m.To.IsZero() || !m.To.Before(day))
}

// Validate checks a body and its members; which users and municipalities
// exist is the store's to check.
func (b *Body) Validate() error {
	f := FieldErrors{}
	requireText(f, "name", &b.Name, 150)
	if !oneOf(b.Kind, BodyKinds) {
		f.Add("kind", "choice")
	}
	if utf8.RuneCountInString(b.Mandate) > 20000 {
		f.Add("mandate", "too_long")
	}
	for i := range b.Members {
		b.Members[i].validate(f, fmt.Sprintf("members[%d].", i))
	}
	return f.Err()
}

// Validate checks one member on its own (fields without a prefix).
func (m *BodyMember) Validate() error {
	f := FieldErrors{}
	m.validate(f, "")
	return f.Err()
}

func (m *BodyMember) validate(f FieldErrors, prefix string) {
	m.Name, m.Email, m.UserEmail = TrimText(m.Name), strings.TrimSpace(m.Email), strings.TrimSpace(m.UserEmail)
	if m.UserEmail == "" {
		if m.Name == "" {
			f.Add(prefix+"name", "required")
		}
		if m.Email != "" && !ValidEmail(m.Email) {
			f.Add(prefix+"email", "email")
		}
	} else if !ValidEmail(m.UserEmail) {
		f.Add(prefix+"user_email", "email")
	}
	if utf8.RuneCountInString(m.Name) > 200 {
		f.Add(prefix+"name", "too_long")
	}
	refuseBidi(f, prefix+"name", m.Name)
	if m.Municipality != "" && !ValidMunicipalityNumber(m.Municipality) {
		f.Add(prefix+"municipality", "four_digits")
	}
	if !oneOf(m.Role, MemberRoles) {
		f.Add(prefix+"role", "choice")
	}
	if m.From.IsZero() {
		f.Add(prefix+"from", "required")
	}
	if !m.To.IsZero() && m.To.Before(m.From) {
		f.Add(prefix+"to", "before_start")
	}
}

// YearPlanItem is a recurring item of the year plan (årshjul): every year
// in Month it becomes a case for the body's first meeting that month.
type YearPlanItem struct {
	ID       int64  `json:"id"`
	Month    int    `json:"month"`
	BodyID   int64  `json:"body_id"`
	BodyName string `json:"body_name"`
	Title    string `json:"title"`
	Kind     string `json:"kind"` // the kind of case it becomes
}

// Validate checks a year-plan item.
func (y *YearPlanItem) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &y.Title, 300)
	if y.Month < 1 || y.Month > 12 {
		f.Add("month", "range")
	}
	if y.BodyID == 0 {
		f.Add("body_id", "required")
	}
	if !oneOf(y.Kind, CaseKinds) {
		f.Add("kind", "choice")
	}
	return f.Err()
}

// Mailing audiences.
var AudienceKinds = []string{"contacts", "body", "municipality", "directors"}

// Audience is who a mailing goes to: all municipal contacts, the members
// of a body (ID: its id), the users of a municipality (ID: its number), or
// all directors.
type Audience struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// UnmarshalJSON takes the audience's id as text or as a number (a body's id).
func (a *Audience) UnmarshalJSON(b []byte) error {
	var v struct {
		Kind string          `json:"kind"`
		ID   json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	a.Kind, a.ID = v.Kind, ""
	if len(v.ID) == 0 || string(v.ID) == "null" {
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(v.ID, &a.ID); err == nil {
		return nil
	} else if err := json.Unmarshal(v.ID, &n); err != nil {
		return fmt.Errorf("audience id must be text or a number")
	}
	a.ID = n.String()
	return nil
}

// Mailing is a message sent through the outbox to an audience and kept in
// the archive. A newsletter skips those who opted out.
type Mailing struct {
	ID         int64     `json:"id"`
	Subject    string    `json:"subject"`
	Body       string    `json:"body"`
	Audience   Audience  `json:"audience"`
	Newsletter bool      `json:"newsletter"`
	Recipients int       `json:"recipients"`
	OptedOut   int       `json:"opted_out"`
	ArchiveID  int64     `json:"archive_id"`
	Actor      string    `json:"actor"`
	CreatedAt  time.Time `json:"created_at"`
}

// Validate checks a mailing; whether the audience's body or municipality
// exists is the store's to check.
func (m *Mailing) Validate() error {
	f := FieldErrors{}
	requireText(f, "subject", &m.Subject, 200)
	if strings.ContainsAny(m.Subject, "\r\n") {
		f.Add("subject", "one_line")
	}
	m.Body = strings.TrimSpace(m.Body)
	switch {
	case m.Body == "":
		f.Add("body", "required")
	case utf8.RuneCountInString(m.Body) > 50000:
		f.Add("body", "too_long")
	}
	m.Audience.ID = strings.TrimSpace(m.Audience.ID)
	switch m.Audience.Kind {
	case "contacts", "directors":
		m.Audience.ID = ""
	case "body":
		if m.Audience.ID == "" {
			f.Add("audience.id", "required")
		}
	case "municipality":
		if !ValidMunicipalityNumber(m.Audience.ID) {
			f.Add("audience.id", "four_digits")
		}
	default:
		f.Add("audience.kind", "choice")
	}
	return f.Err()
}

// Representation is where a municipality sits in one body: its current
// representatives (none: it is not represented there).
type Representation struct {
	Body    Body
	Members []BodyMember
}
