package models

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Report kinds a schedule can send.
var ReportKinds = []string{"portfolio", "municipality", "project", "meeting"}

// Recipient groups of a schedule, besides a list of addresses.
const (
	RecipientsDirectors = "directors" // each municipality's users get its report
	RecipientsSteering  = "steering"  // users with the steering role
)

// Schedule sends a report by e-mail on a cron schedule.
type Schedule struct {
	ID         int64      `json:"id"`
	Report     string     `json:"report"`
	Key        string     `json:"key"` // a municipality number or project id; "" for all or none
	Cron       string     `json:"cron"`
	Recipients Recipients `json:"recipients"`
	Lang       string     `json:"lang"`
	Enabled    bool       `json:"enabled"`
	NextRun    *time.Time `json:"next_run,omitempty"`
	LastRun    *time.Time `json:"last_run,omitempty"`
}

// Recipients is a group name or a list of addresses; JSON "directors",
// "steering" or ["a@b.no", …].
type Recipients struct {
	Group     string
	Addresses []string
}

func (r Recipients) MarshalJSON() ([]byte, error) {
	if r.Group != "" {
		return json.Marshal(r.Group)
	}
	if r.Addresses == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(r.Addresses)
}

func (r *Recipients) UnmarshalJSON(b []byte) error {
	var g string
	if err := json.Unmarshal(b, &g); err == nil {
		*r = Recipients{Group: g}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf(`recipients must be "directors", "steering" or a list of addresses`)
	}
	*r = Recipients{Addresses: list}
	return nil
}

// String is how recipients are stored and typed in forms: a group name, or
// addresses separated by commas.
func (r Recipients) String() string {
	if r.Group != "" {
		return r.Group
	}
	return strings.Join(r.Addresses, ", ")
}

// ParseRecipients reads the stored or typed form.
func ParseRecipients(s string) Recipients {
	s = strings.TrimSpace(s)
	if s == RecipientsDirectors || s == RecipientsSteering {
		return Recipients{Group: s}
	}
	var out []string
	for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == ' ' }) {
		out = append(out, NormalizeEmail(a))
	}
	return Recipients{Addresses: out}
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// ParseCron checks a standard five-field cron expression. Time zones are
// samla's (SAMLA_TZ), so a CRON_TZ or TZ prefix is refused, as are
// descriptors like @every: a user's input never reaches the scheduler unchecked.
func ParseCron(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "@") {
		return nil, fmt.Errorf("use five fields: minute hour day-of-month month day-of-week")
	}
	if len(strings.Fields(spec)) != 5 {
		return nil, fmt.Errorf("use five fields: minute hour day-of-month month day-of-week")
	}
	return cronParser.Parse(spec)
}

// Validate checks a schedule.
func (s *Schedule) Validate() error {
	f := FieldErrors{}
	if !oneOf(s.Report, ReportKinds) {
		f.Add("report", "choice")
	}
	if _, err := ParseCron(s.Cron); err != nil {
		f.Add("cron", "cron")
	}
	if !ValidLang(s.Lang) {
		f.Add("lang", "choice")
	}
	r := s.Recipients
	switch {
	case r.Group != "" && r.Group != RecipientsDirectors && r.Group != RecipientsSteering:
		f.Add("recipients", "choice")
	case r.Group == "" && len(r.Addresses) == 0:
		f.Add("recipients", "required")
	case r.Group == RecipientsDirectors && s.Report != "municipality":
		f.Add("recipients", "directors_need_municipality")
	}
	for _, a := range r.Addresses {
		if _, err := mail.ParseAddress(a); err != nil || !strings.Contains(a, "@") {
			f.Add("recipients", "email")
		}
	}
	switch s.Report {
	case "project":
		if s.Key == "" {
			f.Add("key", "required")
		}
	case "municipality":
		if s.Key != "" && !ValidMunicipalityNumber(s.Key) {
			f.Add("key", "four_digits")
		}
		if s.Key == "" && r.Group == "" {
			f.Add("key", "required")
		}
	}
	return f.Err()
}

// Delivery is one e-mail in the outbox.
type Delivery struct {
	ID          int64      `json:"id"`
	ScheduleID  int64      `json:"schedule_id"`
	Kind        string     `json:"kind"` // report, reminder, alert
	Recipient   string     `json:"recipient"`
	Subject     string     `json:"subject"`
	Status      string     `json:"status"` // queued, sent, retrying, failed
	Attempts    int        `json:"attempts"`
	Error       string     `json:"error"`
	ArchiveID   int64      `json:"archive_id"`
	CreatedAt   time.Time  `json:"created_at"`
	NextAttempt *time.Time `json:"next_attempt,omitempty"`
	SentAt      *time.Time `json:"sent_at,omitempty"`
}

// Delivery statuses.
const (
	DeliveryQueued   = "queued"
	DeliverySent     = "sent"
	DeliveryRetrying = "retrying"
	DeliveryFailed   = "failed"
)

// RetryBackoff is the wait after each failed attempt; after the last the
// delivery is failed.
var RetryBackoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour}
