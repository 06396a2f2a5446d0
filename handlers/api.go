package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

func (s *Server) apiMe(c fiber.Ctx) error { return c.JSON(currentUser(c)) }

func (s *Server) apiMunicipalities(c fiber.Ctx) error {
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []models.Municipality{}
	}
	return sendPage(c, list)
}

func (s *Server) apiMunicipality(c fiber.Ctx) error {
	m, err := s.DB.Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return err
	}
	return c.JSON(m)
}

// municipalityInput is the API's create and patch body; absent fields keep
// their value on PATCH.
type municipalityInput struct {
	Number     *string `json:"number"`
	Name       *string `json:"name"`
	Population *int64  `json:"population"`
	Member     *bool   `json:"member"`
	// PopulationDate is text, so that a wrong date is a field error.
	PopulationDate *string `json:"population_date"`
	MemberFrom     *string `json:"member_from"`
	MemberTo       *string `json:"member_to"`
	MemberCaseID   *int64  `json:"member_case_id"`
}

func (in municipalityInput) apply(m *models.Municipality) error {
	if in.PopulationDate != nil {
		d, err := models.ParseDate(*in.PopulationDate)
		if err != nil {
			return models.FieldErrors{"population_date": "date"}.Err()
		}
		m.PopulationDate = d
	}
	if in.Name != nil {
		m.Name = *in.Name
	}
	if in.Population != nil {
		m.Population = *in.Population
	}
	if in.Member != nil {
		m.Member = *in.Member
	}
	setIf(&m.MemberCaseID, in.MemberCaseID)
	f := models.FieldErrors{}
	optionalDate(f, "member_from", in.MemberFrom, &m.MemberFrom)
	optionalDate(f, "member_to", in.MemberTo, &m.MemberTo)
	return f.Err()
}

func (s *Server) apiCreateMunicipality(c fiber.Ctx) error {
	var in municipalityInput
	if err := decodeNew(c, &in, models.Municipality{}); err != nil {
		return err
	}
	m := models.Municipality{Member: true}
	if in.Number != nil {
		m.Number = strings.TrimSpace(*in.Number)
	}
	if err := in.apply(&m); err != nil {
		return err
	}
	if err := s.DB.CreateMunicipality(c.Context(), actorOf(c), m); err != nil {
		return err
	}
	created, err := s.DB.Municipality(c.Context(), m.Number)
	if err != nil {
		return err
	}
	c.Location(fmt.Sprintf("/api/v1/municipalities/%s", m.Number))
	return c.Status(fiber.StatusCreated).JSON(created)
}

func (s *Server) apiPatchMunicipality(c fiber.Ctx) error {
	m, err := s.DB.Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return err
	}
	var in municipalityInput
	if err := decodePatch(c, &in, m); err != nil {
		return err
	}
	if in.Number != nil && *in.Number != m.Number {
		return models.FieldErrors{"number": "read_only"}.Err()
	}
	if err := in.apply(&m); err != nil {
		return err
	}
	if err := s.DB.UpdateMunicipality(c.Context(), actorOf(c), m); err != nil {
		return err
	}
	return c.JSON(m)
}

func (s *Server) apiAudit(c fiber.Ctx) error {
	f := auditFilter(c)
	var err error
	if f.Limit, f.Offset, err = pageOf(c); err != nil {
		return err
	}
	entries, total, err := s.DB.Audit(c.Context(), f)
	if err != nil {
		return err
	}
	c.Set("X-Total-Count", strconv.Itoa(total))
	return c.JSON(entries)
}
