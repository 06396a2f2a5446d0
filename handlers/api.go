package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// errMalformed answers a body that is not the JSON the route expects.
func errMalformed(err error) error {
	return fiber.NewError(fiber.StatusBadRequest, "malformed JSON: "+err.Error())
}

// decodeJSON reads the request body into v. Syntax errors are 400; a value
// of the wrong type or an unknown field is 422 naming the field.
func decodeJSON(c fiber.Ctx, v any) error {
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.Decode(&struct{}{}) != io.EOF {
			return errMalformed(errors.New("more than one JSON value"))
		}
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return models.FieldErrors{typeErr.Field: "type"}.Err()
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return models.FieldErrors{strings.Trim(field, `"`): "unknown_field"}.Err()
	}
	return errMalformed(err)
}

func (s *Server) apiMe(c fiber.Ctx) error { return c.JSON(currentUser(c)) }

func (s *Server) apiMunicipalities(c fiber.Ctx) error {
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []models.Municipality{}
	}
	return c.JSON(paginate(c, list))
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
	return nil
}

func (s *Server) apiCreateMunicipality(c fiber.Ctx) error {
	var in municipalityInput
	if err := decodeJSON(c, &in); err != nil {
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
	if err := decodeJSON(c, &in); err != nil {
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
	entries, err := s.DB.Audit(c.Context(), auditFilter(c))
	if err != nil {
		return err
	}
	return c.JSON(entries)
}

// paginate returns the part of a list that ?limit= and ?offset= ask for, and
// says in X-Total-Count how long the whole list is. Without limit: all.
func paginate[T any](c fiber.Ctx, list []T) []T {
	c.Set("X-Total-Count", strconv.Itoa(len(list)))
	offset, _ := strconv.Atoi(c.Query("offset"))
	limit, _ := strconv.Atoi(c.Query("limit"))
	offset = min(max(offset, 0), len(list))
	list = list[offset:]
	if limit > 0 && limit < len(list) {
		list = list[:limit]
	}
	return list
}
