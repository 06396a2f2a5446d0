package models

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The types of the public pages (offentleglova). They hold only what a
// public page may show: a field that is not here cannot reach a public
// page by accident. The store fills them; the rules of what is public
// (ExemptTitle, PublicCaseOf, AgendaPublic, MinutesPublic) live here.

// PublicProject is a project marked public, as the catalogue shows it.
type PublicProject struct {
	ID               int64     `json:"id"`
	Title            string    `json:"title"`
	Summary          string    `json:"summary"`
	ServiceArea      string    `json:"service_area"`
	Phase            string    `json:"phase"`
	LeadMunicipality string    `json:"lead_municipality"`
	Municipalities   []string  `json:"municipalities"`
	StartDate        Date      `json:"start_date"`
	EndDate          Date      `json:"end_date"`
	Solutions        []string  `json:"solutions"`
	UpdatedAt        time.Time `json:"-"`
	// BudgetNOK is set only when the project has made its budget public.
	BudgetNOK *int64 `json:"-"`
}

// PublicName is a municipality by number and name.
type PublicName struct {
	Number string `json:"number"`
	Name   string `json:"name"`
}

// PublicProjectPage is one public project with its municipalities' names
// and the public decisions about it.
type PublicProjectPage struct {
	Project        PublicProject
	Municipalities []PublicName
	Decisions      []PublicCase
}

// PublicMeeting is a meeting of a body as the calendar shows it: no
// participants, no video link.
type PublicMeeting struct {
	ID       int64
	BodyID   int64
	BodyName string
	Date     Date
	Time     string
	Title    string
	Place    string
	Status   string
	// Cases is how many cases are on its agenda.
	Cases     int
	UpdatedAt time.Time
}

// AgendaPublic: the agenda (saksliste) is public once the meeting is
// called and has cases on it, and stays so; a cancelled meeting has none.
func (m PublicMeeting) AgendaPublic() bool {
	return m.Cases > 0 && m.Status != MeetingCancelled
}

// MinutesPublic: the minutes are public once approved.
func (m PublicMeeting) MinutesPublic() bool { return m.Status == MeetingApproved }

// PublicMeetingPage is a meeting with its public agenda.
type PublicMeetingPage struct {
	Meeting PublicMeeting
	Cases   []PublicCase
}

// PublicCase is a case as the public sees it. An exempt case carries its
// number, public title (empty: "Unntatt offentlighet") and legal basis only.
type PublicCase struct {
	Number      string
	BodyName    string
	MeetingID   int64
	MeetingDate Date
	Kind        string
	Status      string
	Title       string
	Proposal    string
	Decision    string
	Exempt      bool
	ExemptBasis string
	// ProjectID links a public project, 0 otherwise.
	ProjectID int64
	DecidedAt time.Time
}

// PublicCaseOf is the one rule of what of a case is public: all of an
// exempt case but its number, public title and basis is left out, a
// decision shows once the minutes are approved, a project only when public.
func PublicCaseOf(c Case, projectPublic bool) PublicCase {
	pc := PublicCase{Number: c.Number, BodyName: c.BodyName, MeetingID: c.MeetingID, MeetingDate: c.MeetingDate,
		Kind: c.Kind, Status: c.Status, Exempt: c.Exempt, ExemptBasis: c.ExemptBasis}
	final := c.Final && c.Status == CaseDecided
	if final {
		pc.DecidedAt = c.DecidedAt
	}
	if c.Exempt {
		pc.Title = c.PublicTitle
		return pc
	}
	pc.Title, pc.Proposal = c.Title, c.Proposal
	if final {
		pc.Decision = c.Decision
	}
	if projectPublic {
		pc.ProjectID = c.ProjectID
	}
	return pc
}

// PublicMunicipality is what the public pages tell of a municipality.
type PublicMunicipality struct {
	Number     string
	Name       string
	Population int64
	Projects   []PublicProject
	InUse      []string
	Planned    []string
}

// PublicFeedEntry is a new decision or approved minutes, for the Atom feed.
type PublicFeedEntry struct {
	Kind    string // "decision" or "minutes"
	Number  string // a decision's case number
	Exempt  bool
	Title   string
	Summary string
	Path    string
	Updated time.Time
}

// PublicQuery selects public projects; Limit and Offset page them.
type PublicQuery struct {
	Query         string
	ServiceArea   string
	Limit, Offset int
}

// Catalogue is the JSON catalogue the programme's website embeds and other
// networks' samla sites read (CONTRACT "Public pages and the network").
type Catalogue struct {
	Programme string             `json:"programme"`
	BaseURL   string             `json:"base_url"`
	Updated   time.Time          `json:"updated"`
	Projects  []CatalogueProject `json:"projects"`
}

// CatalogueProject is one project of a catalogue.
type CatalogueProject struct {
	ID             int64    `json:"id"`
	Title          string   `json:"title"`
	Summary        string   `json:"summary"`
	ServiceArea    string   `json:"service_area"`
	Phase          string   `json:"phase"`
	Municipalities []string `json:"municipalities"`
	StartDate      Date     `json:"start_date"`
	EndDate        Date     `json:"end_date"`
	Solutions      []string `json:"solutions"`
	URL            string   `json:"url"`
}

// Limits of a catalogue read from elsewhere.
const (
	CatalogueMaxProjects = 20000
	catalogueMaxText     = 20000
)

// Validate checks a catalogue read from a peer: what samla shows of it
// must be there and be of a sane size.
func (c *Catalogue) Validate() error {
	f := FieldErrors{}
	c.Programme = TrimText(c.Programme)
	if c.Programme == "" || utf8.RuneCountInString(c.Programme) > 200 {
		f.Add("programme", "required")
	}
	if c.Projects == nil {
		f.Add("projects", "required")
	}
	if len(c.Projects) > CatalogueMaxProjects {
		f.Add("projects", "too_long")
	}
	seen := map[int64]bool{}
	for i := range c.Projects {
		p := &c.Projects[i]
		p.Title = TrimText(p.Title)
		if p.ID <= 0 || seen[p.ID] || p.Title == "" || utf8.RuneCountInString(p.Title) > 300 ||
			utf8.RuneCountInString(p.Summary) > catalogueMaxText || len(p.Solutions) > 100 || len(p.Municipalities) > 1000 {
			f.Add("projects", "invalid")
			break
		}
		seen[p.ID] = true
		if p.URL != "" && !strings.HasPrefix(p.URL, "https://") && !strings.HasPrefix(p.URL, "http://") {
			p.URL = ""
		}
	}
	return f.Err()
}

// validatePublicity checks a case's exemption: an exempt case names its
// legal basis (e.g. "Offl. § 13, jf. fvl. § 13 første ledd nr. 1").
func (c *Case) validatePublicity(f FieldErrors) {
	c.ExemptBasis, c.PublicTitle = TrimText(c.ExemptBasis), TrimText(c.PublicTitle)
	if c.Exempt && c.ExemptBasis == "" {
		f.Add("exempt_basis", "required")
	}
	if utf8.RuneCountInString(c.ExemptBasis) > 300 {
		f.Add("exempt_basis", "too_long")
	}
	if utf8.RuneCountInString(c.PublicTitle) > 300 {
		f.Add("public_title", "too_long")
	}
}

// PublicSite is whether the public pages are open, and the programme's name.
type PublicSite struct {
	On        bool
	Programme string
}
