package models

import "unicode/utf8"

// Kinds of competence offer: a single course or a programme of several
// gatherings (e.g. a leader programme).
var CourseKinds = []string{"course", "programme"}

// Participant roles.
const (
	ParticipantLeader   = "leader"
	ParticipantEmployee = "employee"
)

// ParticipantRoles in their order.
var ParticipantRoles = []string{ParticipantLeader, ParticipantEmployee}

// Course is a course or programme that builds digital competence in the
// municipalities (kurs, program).
type Course struct {
	ID           int64  `json:"id"`
	Title        string `json:"title"`
	Provider     string `json:"provider"`
	Kind         string `json:"kind"`
	Start        Date   `json:"start"`
	End          Date   `json:"end"`
	Participants int    `json:"participants"`
	Completed    int    `json:"completed"`
}

// Validate checks a course.
func (c *Course) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &c.Title, 160)
	c.Provider = TrimText(c.Provider)
	if utf8.RuneCountInString(c.Provider) > 120 {
		f.Add("provider", "too_long")
	}
	if !oneOf(c.Kind, CourseKinds) {
		f.Add("kind", "choice")
	}
	if !c.Start.IsZero() && !c.End.IsZero() && c.End.Before(c.Start) {
		f.Add("end", "before_start")
	}
	return f.Err()
}

// CourseParticipant is one person on a course, from a municipality, as a leader
// or an employee.
type CourseParticipant struct {
	Name         string `json:"name"`
	Email        string `json:"email"`
	Municipality string `json:"municipality"`
	Role         string `json:"role"`
	Completed    bool   `json:"completed"`
}

// Validate checks a participant; the municipality must exist (the store
// checks that).
func (p *CourseParticipant) Validate() error {
	f := FieldErrors{}
	requireText(f, "name", &p.Name, 120)
	p.Email = NormalizeEmail(p.Email)
	if p.Email != "" && !ValidEmail(p.Email) {
		f.Add("email", "email")
	}
	p.Municipality = TrimText(p.Municipality)
	if !ValidMunicipalityNumber(p.Municipality) {
		f.Add("municipality", "four_digits")
	}
	if !oneOf(p.Role, ParticipantRoles) {
		f.Add("role", "choice")
	}
	return f.Err()
}

// CourseTaken is one course's figures for a municipality.
type CourseTaken struct {
	CourseID     int64  `json:"course_id"`
	Title        string `json:"title"`
	Kind         string `json:"kind"`
	Start        Date   `json:"start"`
	Participants int    `json:"participants"`
	Completed    int    `json:"completed"`
	Leaders      int    `json:"leaders"`
}

// Competence is what a municipality's people took part in: everyone, those
// who completed, the leaders (and of them those who completed), and the
// employees, with the figures per course.
type Competence struct {
	Municipality     string        `json:"municipality"`
	Participants     int           `json:"participants"`
	Completed        int           `json:"completed"`
	Leaders          int           `json:"leaders"`
	LeadersCompleted int           `json:"leaders_completed"`
	Employees        int           `json:"employees"`
	Courses          []CourseTaken `json:"courses"`
}
