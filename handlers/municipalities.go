package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
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
	New    bool
	Action string
}

func (s *Server) newMunicipalityPage(c fiber.Ctx) error {
	p := s.page(c, "mun.new")
	p.Form["member"] = "on"
	p.Form["population_date"] = fmt.Sprintf("%d-01-01", s.DB.Now().Year())
	p.Data = municipalityForm{New: true, Action: "/municipalities/new"}
	return s.render(c, fiber.StatusOK, "municipality_form", p)
}

func (s *Server) editMunicipalityPage(c fiber.Ctx) error {
	m, err := s.DB.Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return err
	}
	p := s.page(c, "mun.edit")
	p.Form = map[string]string{"name": m.Name, "population": strconv.FormatInt(m.Population, 10), "population_date": m.PopulationDate.String()}
	if m.Member {
		p.Form["member"] = "on"
	}
	p.Data = municipalityForm{Action: "/municipalities/" + m.Number + "/edit"}
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
		formOf(c, p, "number", "name", "population", "population_date", "member")
		p.Errors = f
		p.Data = municipalityForm{New: true, Action: "/municipalities/new"}
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
		formOf(c, p, "name", "population", "population_date", "member")
		p.Errors = f
		p.Data = municipalityForm{Action: "/municipalities/" + number + "/edit"}
		return s.render(c, fiber.StatusUnprocessableEntity, "municipality_form", p)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/municipalities/" + number + "?saved=1")
}
