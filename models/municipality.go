package models

import "regexp"

// Municipality is a kommune, identified by its four-digit kommunenummer.
type Municipality struct {
	Number     string `json:"number"`
	Name       string `json:"name"`
	Population int64  `json:"population"`
	Member     bool   `json:"member"`
	// PopulationDate is the date the population was counted (SSB: 1 January).
	PopulationDate Date `json:"population_date"`
	// The members register: when the municipality joined and left the
	// cooperation, and the council's case that made it a member.
	MemberFrom   Date  `json:"member_from"`
	MemberTo     Date  `json:"member_to"`
	MemberCaseID int64 `json:"member_case_id"`
}

var municipalityNumber = regexp.MustCompile(`^[0-9]{4}$`)

// ValidMunicipalityNumber reports whether s is a four-digit kommunenummer.
func ValidMunicipalityNumber(s string) bool { return municipalityNumber.MatchString(s) }

// Validate checks the fields a person can get wrong.
func (m *Municipality) Validate() error {
	f := FieldErrors{}
	if !ValidMunicipalityNumber(m.Number) {
		f.Add("number", "four_digits")
	}
	if len(trimmed(m.Name)) == 0 {
		f.Add("name", "required")
	} else if len([]rune(m.Name)) > 100 {
		f.Add("name", "too_long")
	}
	refuseBidi(f, "name", m.Name)
	switch {
	case m.Population < 0:
		f.Add("population", "not_negative")
	case m.Population > MaxPopulation:
		f.Add("population", "range")
	}
	if m.PopulationDate.IsZero() {
		f.Add("population_date", "required")
	}
	if !m.MemberTo.IsZero() && m.MemberTo.Before(m.MemberFrom) {
		f.Add("member_to", "before_start")
	}
	return f.Err()
}
