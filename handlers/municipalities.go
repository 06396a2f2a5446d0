package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/views"
)

func (s *Server) municipalitiesPage(c fiber.Ctx) error {
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return err
	}
	members, pop, err := s.DB.MemberTotals(c.Context())
	if err != nil {
		return err
	}
	p := s.page(c, "mun.title")
	p.Data = struct {
		List       []models.Municipality
		Members    int64
		Population int64
		CanEdit    bool
	}{list, members, pop, p.User.Role.IsAdmin()}
	return s.render(c, fiber.StatusOK, "municipalities", p)
}

type municipalityForm struct {
	New         bool
	Action      string
	CaseOptions []views.Option
}

// municipalityFormData is what the form needs besides its values: the
// decided cases of the council and board, one of which made it a member.
func (s *Server) municipalityFormData(c fiber.Ctx, p *views.Page, isNew bool, action string) (municipalityForm, error) {
	opts := []views.Option{{Value: "", Label: p.T("st.f.none")}}
	bodies, err := s.DB.Bodies(c.Context())
	if err != nil {
		return municipalityForm{}, err
	}
	for _, b := range bodies {
		if b.Kind != "council" && b.Kind != "board" {
			continue
		}
		cases, err := s.DB.Cases(c.Context(), data.CaseFilter{BodyID: b.ID, Status: models.CaseDecided})
		if err != nil {
			return municipalityForm{}, err
		}
		for _, cs := range cases {
			opts = append(opts, views.Option{Value: strconv.FormatInt(cs.ID, 10), Label: b.Name + " " + p.T("st.case", cs.Number) + ": " + cs.Title})
		}
	}
	return municipalityForm{New: isNew, Action: action, CaseOptions: opts}, nil
}

func (s *Server) newMunicipalityPage(c fiber.Ctx) error {
	p := s.page(c, "mun.new")
	p.Form["member"] = "on"
	p.Form["population_date"] = fmt.Sprintf("%d-01-01", s.DB.Now().Year())
	var err error
	if p.Data, err = s.municipalityFormData(c, p, true, "/municipalities/new"); err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "municipality_form", p)
}

func (s *Server) editMunicipalityPage(c fiber.Ctx) error {
	m, err := s.DB.Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return err
	}
	p := s.page(c, "mun.edit")
	p.Form = map[string]string{"name": m.Name, "population": strconv.FormatInt(m.Population, 10), "population_date": m.PopulationDate.String(),
		"member_from": m.MemberFrom.String(), "member_to": m.MemberTo.String(), "member_case_id": strconv.FormatInt(m.MemberCaseID, 10)}
	if m.Member {
		p.Form["member"] = "on"
	}
	if p.Data, err = s.municipalityFormData(c, p, false, "/municipalities/"+m.Number+"/edit"); err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "municipality_form", p)
}

// municipalityFromForm reads the form; a population that is not a whole
// number is a field error like any other.
func municipalityFromForm(c fiber.Ctx, number string) (models.Municipality, models.FieldErrors) {
	f := models.FieldErrors{}
	m := models.Municipality{Number: number, Name: strings.TrimSpace(c.FormValue("name")), Member: c.FormValue("member") == "on"}
	if pop, ok := parseInt(c.FormValue("population")); ok {
		m.Population = pop
	} else {
		f.Add("population", "number")
	}
	if d, err := models.ParseDate(strings.TrimSpace(c.FormValue("population_date"))); err != nil {
		f.Add("population_date", "date")
	} else {
		m.PopulationDate = d
	}
	dateInto(f, "member_from", c.FormValue("member_from"), &m.MemberFrom)
	dateInto(f, "member_to", c.FormValue("member_to"), &m.MemberTo)
	m.MemberCaseID, _ = strconv.ParseInt(c.FormValue("member_case_id"), 10, 64)
	return m, f
}

func (s *Server) createMunicipality(c fiber.Ctx) error {
	m, f := municipalityFromForm(c, strings.TrimSpace(c.FormValue("number")))
	var err error
	f, err = saveForm(f, m.Validate, func() (err error) {
		err = s.DB.CreateMunicipality(c.Context(), actorOf(c), m)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		p := s.page(c, "mun.new")
		formOf(c, p, "number", "name", "population", "population_date", "member", "member_from", "member_to", "member_case_id")
		p.Errors = f
		if p.Data, err = s.municipalityFormData(c, p, true, "/municipalities/new"); err != nil {
			return err
		}
		return s.render(c, fiber.StatusUnprocessableEntity, "municipality_form", p)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/municipalities/" + m.Number + "?saved=1")
}

func (s *Server) updateMunicipality(c fiber.Ctx) error {
	number := c.Params("number")
	if _, err := s.DB.Municipality(c.Context(), number); err != nil {
		return err
	}
	m, f := municipalityFromForm(c, number)
	var err error
	f, err = saveForm(f, m.Validate, func() (err error) {
		err = s.DB.UpdateMunicipality(c.Context(), actorOf(c), m)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		p := s.page(c, "mun.edit")
		formOf(c, p, "name", "population", "population_date", "member", "member_from", "member_to", "member_case_id")
		p.Errors = f
		if p.Data, err = s.municipalityFormData(c, p, false, "/municipalities/"+number+"/edit"); err != nil {
			return err
		}
		return s.render(c, fiber.StatusUnprocessableEntity, "municipality_form", p)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/municipalities/" + number + "?saved=1")
}
