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
	for i, a := range list {
		list[i] = normalizeRecipient(a)
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

// ParseRecipients reads the stored or typed form: addresses separated by
// commas, semicolons or line breaks (spaces too between bare addresses),
// each either bare or with a display name as mail writes it
// ("Øyvind Åsen <oyvind@example.no>", "\"Åsen, Øyvind\" <oyvind@example.no>").
// An address is kept as its address alone; a separator inside quotes or
// angle brackets does not split; what is not an address is kept whole, so
// validation names it rather than pieces of it.
func ParseRecipients(s string) Recipients {
	s = strings.TrimSpace(s)
	if s == RecipientsDirectors || s == RecipientsSteering {
		return Recipients{Group: s}
	}
	var out []string
	for _, item := range splitRecipients(s) {
		if a, err := mail.ParseAddress(item); err == nil {
			out = append(out, NormalizeEmail(a.Address))
			continue
		}
		// Bare addresses separated by spaces, as older forms allowed.
		words := strings.Fields(item)
		bare := len(words) > 1
		for _, w := range words {
			if !ValidEmail(NormalizeEmail(w)) {
				bare = false
			}
		}
		if bare {
			for _, w := range words {
				out = append(out, NormalizeEmail(w))
			}
			continue
		}
		out = append(out, NormalizeEmail(item))
	}
	return Recipients{Addresses: out}
}

// splitRecipients splits at commas, semicolons and line breaks that are
// outside quotes, angle brackets and comments.
func splitRecipients(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, escaped, angle, comment := false, false, 0, 0
	flush := func() {
		if item := strings.TrimSpace(cur.String()); item != "" {
			out = append(out, item)
		}
		cur.Reset()
	}
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\' && (quoted || comment > 0):
			escaped = true
		case r == '"' && comment == 0:
			quoted = !quoted
		case quoted:
		case r == '(':
			comment++
		case r == ')' && comment > 0:
			comment--
		case comment > 0:
		case r == '<':
			angle++
		case r == '>' && angle > 0:
			angle--
		case angle == 0 && (r == ',' || r == ';' || r == '\n' || r == '\r'):
			flush()
			continue
		}
		cur.WriteRune(r)
	}
	flush()
	return out
}

// normalizeRecipient keeps an address of a list given as JSON as its
// address alone, as ParseRecipients does for the typed form.
func normalizeRecipient(s string) string {
	if a, err := mail.ParseAddress(strings.TrimSpace(s)); err == nil {
		return NormalizeEmail(a.Address)
	}
	return NormalizeEmail(s)
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
		if !ValidEmail(a) || !strings.Contains(a, "@") {
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
