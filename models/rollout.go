package models

import (
	"math"
	"net/url"
	"sort"
	"time"
	"unicode/utf8"
)

// Kinds of solution: who provides it.
var SolutionKinds = []string{"national", "regional", "local"}

// Rollout statuses, from nothing done to in use; not_relevant takes a
// solution out of a municipality's count.
const (
	RolloutNotStarted  = "not_started"
	RolloutPlanned     = "planned"
	RolloutInProgress  = "in_progress"
	RolloutInUse       = "in_use"
	RolloutNotRelevant = "not_relevant"
)

// RolloutStatuses in their order.
var RolloutStatuses = []string{RolloutNotStarted, RolloutPlanned, RolloutInProgress, RolloutInUse, RolloutNotRelevant}

// BehindBy is how many percentage points below the programme's median a
// municipality's adoption must be to count as behind.
const BehindBy = 20

// Solution is a national, regional or local solution the programme rolls
// out to its municipalities (løsning).
type Solution struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Kind        string    `json:"kind"`
	Owner       string    `json:"owner"`
	ServiceArea string    `json:"service_area"`
	URL         string    `json:"url"`
	Description string    `json:"description"`
	ProjectID   int64     `json:"project_id"` // 0: none
	UpdatedAt   time.Time `json:"updated_at"`
}

// Validate checks a solution.
func (s *Solution) Validate() error {
	f := FieldErrors{}
	requireText(f, "name", &s.Name, 120)
	if !oneOf(s.Kind, SolutionKinds) {
		f.Add("kind", "choice")
	}
	if !ValidServiceArea(s.ServiceArea) {
		f.Add("service_area", "choice")
	}
	s.Owner = TrimText(s.Owner)
	if utf8.RuneCountInString(s.Owner) > 120 {
		f.Add("owner", "too_long")
	}
	if utf8.RuneCountInString(s.Description) > 5000 {
		f.Add("description", "too_long")
	}
	if s.URL != "" {
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			f.Add("url", "url")
		}
	}
	if s.ProjectID < 0 {
		f.Add("project_id", "unknown")
	}
	return f.Err()
}

// Rollout is how far one member municipality has come with one solution
// (innføring). A municipality without a row has not started.
type Rollout struct {
	SolutionID   int64     `json:"solution_id"`
	Municipality string    `json:"municipality"`
	Status       string    `json:"status"`
	Wave         string    `json:"wave"`
	PlannedDate  Date      `json:"planned_date"`
	InUseDate    Date      `json:"in_use_date"`
	ContactEmail string    `json:"contact_email"`
	Comment      string    `json:"comment"`
	UpdatedAt    time.Time `json:"updated_at"` // zero: never set
	// The municipality's signed intent agreement (intensjonsavtale) for a
	// joint rollout: the day it was signed and the document in the archive.
	AgreementDate      Date  `json:"agreement_date"`
	AgreementArchiveID int64 `json:"agreement_archive_id"` // 0: none
}

// Validate checks a rollout row. A solution in use has the date it was
// taken into use (the day of the change when none is given).
func (r *Rollout) Validate(today Date) error {
	f := FieldErrors{}
	if !oneOf(r.Status, RolloutStatuses) {
		f.Add("status", "choice")
	}
	r.Wave = TrimText(r.Wave)
	if utf8.RuneCountInString(r.Wave) > 60 {
		f.Add("wave", "too_long")
	}
	if utf8.RuneCountInString(r.Comment) > 2000 {
		f.Add("comment", "too_long")
	}
	r.ContactEmail = NormalizeEmail(r.ContactEmail)
	if r.ContactEmail != "" && !ValidEmail(r.ContactEmail) {
		f.Add("contact_email", "email")
	}
	switch {
	case r.Status == RolloutInUse && r.InUseDate.IsZero():
		r.InUseDate = today
	case r.Status != RolloutInUse && !r.InUseDate.IsZero():
		f.Add("in_use_date", "only_in_use")
	}
	if !r.InUseDate.IsZero() && today.Before(r.InUseDate) {
		f.Add("in_use_date", "future")
	}
	if !r.AgreementDate.IsZero() && today.Before(r.AgreementDate) {
		f.Add("agreement_date", "future")
	}
	if r.AgreementArchiveID < 0 {
		f.Add("agreement_archive_id", "unknown")
	}
	return f.Err()
}

// AdoptionCell is one municipality's status for one solution.
type AdoptionCell struct {
	SolutionID   int64  `json:"solution_id"`
	Municipality string `json:"municipality"`
	Status       string `json:"status"`
}

// MunicipalityAdoption is how far one municipality has come: solutions in
// use out of those relevant to it, as a percentage, and whether it is
// behind the programme's median.
type MunicipalityAdoption struct {
	Number   string `json:"number"`
	Name     string `json:"name"`
	InUse    int    `json:"in_use"`
	Relevant int    `json:"relevant"`
	Pct      int    `json:"pct"`
	Behind   bool   `json:"behind"`
}

// Adoption is the programme's adoption matrix with its figures.
type Adoption struct {
	MedianPct      float64                `json:"median_pct"`
	Municipalities []MunicipalityAdoption `json:"municipalities"`
	Cells          []AdoptionCell         `json:"cells"`
}

// ComputeAdoption counts, for each member municipality, the solutions in
// use and the relevant ones (every solution whose status is not
// not_relevant; a missing cell is not_started), pct = round(100 × in use ÷
// relevant), 0 when nothing is relevant; the median of pct over the members;
// and behind = pct ≤ median − BehindBy. Municipalities come sorted by pct,
// highest first, then by name. cells holds only the rows that exist.
func ComputeAdoption(members []Municipality, solutions []int64, cells []AdoptionCell) Adoption {
	status := map[string]map[int64]string{}
	for _, c := range cells {
		if status[c.Municipality] == nil {
			status[c.Municipality] = map[int64]string{}
		}
		status[c.Municipality][c.SolutionID] = c.Status
	}
	out := Adoption{Municipalities: make([]MunicipalityAdoption, 0, len(members)), Cells: cells}
	for _, m := range members {
		a := MunicipalityAdoption{Number: m.Number, Name: m.Name}
		for _, id := range solutions {
			switch status[m.Number][id] {
			case RolloutNotRelevant:
			case RolloutInUse:
				a.InUse++
				a.Relevant++
			default:
				a.Relevant++
			}
		}
		if a.Relevant > 0 {
			a.Pct = int(math.Round(100 * float64(a.InUse) / float64(a.Relevant)))
		}
		out.Municipalities = append(out.Municipalities, a)
	}
	pcts := make([]int, len(out.Municipalities))
	for i, a := range out.Municipalities {
		pcts[i] = a.Pct
	}
	out.MedianPct = Median(pcts)
	for i := range out.Municipalities {
		out.Municipalities[i].Behind = float64(out.Municipalities[i].Pct) <= out.MedianPct-BehindBy
	}
	sort.SliceStable(out.Municipalities, func(i, j int) bool {
		a, b := out.Municipalities[i], out.Municipalities[j]
		if a.Pct != b.Pct {
			return a.Pct > b.Pct
		}
		return a.Name < b.Name
	})
	return out
}

// Median of the values: the middle one, or the mean of the two middle ones
// (0 for none).
func Median(values []int) float64 {
	if len(values) == 0 {
		return 0
	}
	s := append([]int(nil), values...)
	sort.Ints(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

// SolutionStatus is one solution's row for one municipality, with the share
// of member municipalities that have it in use.
type SolutionStatus struct {
	SolutionID  int64  `json:"solution_id"`
	Name        string `json:"name"`
	Status      string `json:"status"`
	Wave        string `json:"wave"`
	PlannedDate Date   `json:"planned_date"`
	InUseDate   Date   `json:"in_use_date"`
	SharePct    int    `json:"share_in_use_pct"`
}

// MunicipalityRollout is one municipality's adoption: its figures against
// the median, every solution's status, and what it lacks that most others
// have (in use in at least half of the member municipalities).
type MunicipalityRollout struct {
	MunicipalityAdoption
	MedianPct float64          `json:"median_pct"`
	Solutions []SolutionStatus `json:"solutions"`
	Lacks     []SolutionStatus `json:"lacks"`
}

// RolloutOf picks one municipality out of the programme's adoption.
// rows are the municipality's rows for every solution (not_started where it
// has none), names the solutions' names.
func RolloutOf(a Adoption, number string, rows []Rollout, names map[int64]string) MunicipalityRollout {
	out := MunicipalityRollout{MedianPct: a.MedianPct, Solutions: []SolutionStatus{}, Lacks: []SolutionStatus{}}
	for _, m := range a.Municipalities {
		if m.Number == number {
			out.MunicipalityAdoption = m
		}
	}
	inUse := map[int64]int{}
	for _, c := range a.Cells {
		if c.Status == RolloutInUse {
			inUse[c.SolutionID]++
		}
	}
	members := max(len(a.Municipalities), 1)
	for _, r := range rows {
		name, ok := names[r.SolutionID]
		if !ok {
			continue // outside the filter
		}
		st := SolutionStatus{SolutionID: r.SolutionID, Name: name, Status: r.Status, Wave: r.Wave, PlannedDate: r.PlannedDate,
			InUseDate: r.InUseDate, SharePct: int(math.Round(100 * float64(inUse[r.SolutionID]) / float64(members)))}
		out.Solutions = append(out.Solutions, st)
		if st.Status != RolloutInUse && st.Status != RolloutNotRelevant && 2*inUse[r.SolutionID] >= members {
			out.Lacks = append(out.Lacks, st)
		}
	}
	sort.SliceStable(out.Lacks, func(i, j int) bool { return out.Lacks[i].SharePct > out.Lacks[j].SharePct })
	return out
}

// Counties of Norway by the first two digits of a municipality number.
var Counties = map[string]string{"03": "Oslo", "11": "Rogaland", "15": "Møre og Romsdal", "18": "Nordland", "31": "Østfold",
	"32": "Akershus", "33": "Buskerud", "34": "Innlandet", "39": "Vestfold", "40": "Telemark", "42": "Agder", "46": "Vestland",
	"50": "Trøndelag", "55": "Troms", "56": "Finnmark"}

// CountyOf is the county code of a municipality number.
func CountyOf(number string) string {
	if len(number) < 2 {
		return ""
	}
	return number[:2]
}
