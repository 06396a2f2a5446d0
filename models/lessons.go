package models

import (
	"time"
	"unicode/utf8"
)

// Kinds of project log entry.
var LogKinds = []string{"lesson", "event", "change", "other"}

// LogEntry is one entry of a project's log; a shared lesson is part of the
// cooperation's experience log (erfaringslogg).
type LogEntry struct {
	ID             int64     `json:"id"`
	ProjectID      int64     `json:"project_id"`
	ProjectTitle   string    `json:"project_title"`
	ServiceArea    string    `json:"service_area"`
	Kind           string    `json:"kind"`
	Title          string    `json:"title"`
	Description    string    `json:"description"`
	Consequence    string    `json:"consequence"`
	Recommendation string    `json:"recommendation"`
	SolutionIDs    []int64   `json:"solution_ids"`
	Shared         bool      `json:"shared"`
	Author         string    `json:"author"`
	Date           Date      `json:"date"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Validate checks a log entry.
func (l *LogEntry) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &l.Title, 200)
	if !oneOf(l.Kind, LogKinds) {
		f.Add("kind", "choice")
	}
	for k, v := range map[string]string{"description": l.Description, "consequence": l.Consequence, "recommendation": l.Recommendation} {
		if utf8.RuneCountInString(v) > 10000 {
			f.Add(k, "too_long")
		}
	}
	if utf8.RuneCountInString(l.Author) > 200 {
		f.Add("author", "too_long")
	}
	if l.Date.IsZero() {
		f.Add("date", "required")
	}
	return f.Err()
}

// Asker is a municipality that has a solution in use, with its contact
// person: whom to ask ("Spør en kommune som har den i bruk").
type Asker struct {
	Municipality     string `json:"municipality"`
	MunicipalityName string `json:"municipality_name"`
	Name             string `json:"name"` // the contact person
	Email            string `json:"email"`
	InUseDate        Date   `json:"in_use_date"`
}
