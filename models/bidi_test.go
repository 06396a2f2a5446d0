package models

import "testing"

// Every title and name a person types refuses bidirectional controls with
// the field named.
func TestBidiRefused(t *testing.T) {
	for _, r := range []rune{'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'} {
		bad := "Kontrakt " + string(r) + "fdp.exe"
		cases := map[string]struct {
			field    string
			validate func() error
		}{
			"project":      {"title", func() error { p := Project{Title: bad}; return p.Validate() }},
			"procurement":  {"title", func() error { p := Procurement{Title: bad}; return p.Validate() }},
			"benefit":      {"title", func() error { b := Benefit{Title: bad}; return b.Validate() }},
			"milestone":    {"title", func() error { m := Milestone{Title: bad}; return m.Validate() }},
			"risk":         {"title", func() error { x := Risk{Title: bad}; return x.Validate() }},
			"meeting":      {"title", func() error { m := Meeting{Title: bad}; return m.Validate() }},
			"case":         {"title", func() error { c := Case{Title: bad}; return c.Validate() }},
			"year plan":    {"title", func() error { y := YearPlanItem{Title: bad}; return y.Validate() }},
			"grant":        {"title", func() error { g := Grant{Title: bad}; return g.Validate() }},
			"body":         {"name", func() error { b := Body{Name: bad}; return b.Validate() }},
			"member":       {"name", func() error { m := BodyMember{Name: bad}; return m.Validate() }},
			"solution":     {"name", func() error { s := Solution{Name: bad}; return s.Validate() }},
			"channel":      {"name", func() error { c := Channel{Name: bad}; return c.Validate() }},
			"provider":     {"name", func() error { p := Provider{Name: bad}; return p.Validate() }},
			"user":         {"name", func() error { u := User{Name: bad}; return u.Validate() }},
			"municipality": {"name", func() error { m := Municipality{Name: bad}; return m.Validate() }},
			"participant": {"participants", func() error {
				m := Meeting{Title: "Møte", Participants: []Participation{{Name: bad, Role: "member"}}}
				return m.Validate()
			}},
			"action owner": {"owner", func() error { a := ActionItem{Owner: bad}; return a.Validate(Date{}) }},
			"mailing":      {"subject", func() error { m := Mailing{Subject: bad}; return m.Validate() }},
			"settings":     {"programme_name", func() error { s := DefaultSettings(); s.ProgrammeName = bad; return s.Validate() }},
		}
		for name, c := range cases {
			if got := Fields(c.validate())[c.field]; got != "bidi" {
				t.Errorf("%s with U+%04X: %s is %q, want bidi", name, r, c.field, got)
			}
		}
	}
	// Right-to-left text itself is fine (Northern Sami, Arabic names), and
	// so are the marks that do not override (U+200E, U+200F).
	for _, ok := range []string{"Kontrakt fdp.exe", "مشروع", "Sámediggi", "A\u200eB"} {
		p := Project{Title: ok}
		if got := Fields(p.Validate())["title"]; got != "" {
			t.Errorf("%q: %s", ok, got)
		}
	}
}
