package handlers

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

func (s *Server) apiBodies(c fiber.Ctx) error {
	list, err := s.DB.Bodies(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiBody(c fiber.Ctx) error {
	b, err := s.bodyParam(c)
	if err != nil {
		return err
	}
	return c.JSON(b)
}

// memberInput is a member as the API takes it: a user by e-mail, or a name
// and e-mail; dates as text, so that a wrong one is a field error.
type memberInput struct {
	UserEmail    string `json:"user_email"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Municipality string `json:"municipality"`
	Role         string `json:"role"`
	From         string `json:"from"`
	To           string `json:"to"`
}

type bodyInput struct {
	Name    *string        `json:"name"`
	Kind    *string        `json:"kind"`
	Mandate *string        `json:"mandate"`
	Members *[]memberInput `json:"members"`
}

// apply sets what the body holds; with members, it replaces them all. A
// member sent without "from" is a member from today.
func (in bodyInput) apply(b *models.Body, today models.Date) error {
	setIf(&b.Name, in.Name)
	setIf(&b.Kind, in.Kind)
	setIf(&b.Mandate, in.Mandate)
	if in.Members == nil {
		return nil
	}
	f := models.FieldErrors{}
	b.Members = make([]models.BodyMember, len(*in.Members))
	for i, m := range *in.Members {
		b.Members[i] = models.BodyMember{UserEmail: m.UserEmail, Name: m.Name, Email: m.Email, Municipality: m.Municipality, Role: m.Role}
		prefix := fmt.Sprintf("members[%d].", i)
		if strings.TrimSpace(m.From) == "" {
			b.Members[i].From = today
		} else {
			dateInto(f, prefix+"from", m.From, &b.Members[i].From)
		}
		dateInto(f, prefix+"to", m.To, &b.Members[i].To)
	}
	return f.Err()
}

func (s *Server) apiCreateBody(c fiber.Ctx) error {
	var in bodyInput
	if err := decodeNew(c, &in, models.Body{}); err != nil {
		return err
	}
	b := models.Body{Members: []models.BodyMember{}}
	saved, err := s.saveBodyInput(c, in, b, true)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiPatchBody(c fiber.Ctx) error {
	b, err := s.bodyParam(c)
	if err != nil {
		return err
	}
	var in bodyInput
	if err := decodePatch(c, &in, b); err != nil {
		return err
	}
	saved, err := s.saveBodyInput(c, in, b, in.Members != nil)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

// saveBodyInput applies the input and saves; one 422 names every wrong
// field, those that could not be read and those the body finds.
func (s *Server) saveBodyInput(c fiber.Ctx, in bodyInput, b models.Body, withMembers bool) (models.Body, error) {
	f, err := mergeErrors(models.FieldErrors{}, in.apply(&b, s.today()))
	if err != nil {
		return b, err
	}
	f, err = saveForm(f, b.Validate, func() (err error) {
		b, err = s.DB.SaveBody(c.Context(), actorOf(c), b, withMembers)
		return err
	})
	if err != nil {
		return b, err
	}
	return b, f.Err()
}

func (s *Server) apiYearPlan(c fiber.Ctx) error {
	list, err := s.DB.YearPlan(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

type yearPlanInput struct {
	Month  *int    `json:"month"`
	BodyID *int64  `json:"body_id"`
	Title  *string `json:"title"`
	Kind   *string `json:"kind"`
}

func (s *Server) apiCreateYearPlanItem(c fiber.Ctx) error {
	var in yearPlanInput
	if err := decodeNew(c, &in, models.YearPlanItem{}); err != nil {
		return err
	}
	it := models.YearPlanItem{Kind: "decision"}
	setIf(&it.Month, in.Month)
	setIf(&it.BodyID, in.BodyID)
	setIf(&it.Title, in.Title)
	setIf(&it.Kind, in.Kind)
	saved, err := s.DB.SaveYearPlanItem(c.Context(), actorOf(c), it)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiDeleteYearPlanItem(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.DeleteYearPlanItem(c.Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
