package handlers

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

func (s *Server) mailingsPage(c fiber.Ctx) error {
	return s.renderMailings(c, fiber.StatusOK, map[string]string{"audience_kind": "contacts"}, nil)
}

// renderMailings shows the form for a new mailing and the mailings sent.
func (s *Server) renderMailings(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	list, err := s.DB.Mailings(c.Context())
	if err != nil {
		return err
	}
	list, err = paginate(c, list)
	if err != nil {
		return err
	}
	p := s.page(c, "mailing.title")
	p.Form, p.Errors = form, errs
	bodies, err := s.bodyOptions(c, p.T("mailing.f.choose"))
	if err != nil {
		return err
	}
	muns, _, err := s.municipalityOptions(c, p.T("mailing.f.choose"))
	if err != nil {
		return err
	}
	labels := make([]string, len(list))
	svc := s.cfg.Jobs.Service()
	for i, m := range list {
		labels[i] = svc.AudienceLabel(c.Context(), m.Audience, p.Lang)
	}
	p.Data = struct {
		Mailings             []models.Mailing
		Labels               []string
		Kinds                []string
		BodyOptions, MunOpts []views.Option
		MailConfigured       bool
	}{list, labels, models.AudienceKinds, bodies, muns, s.cfg.MailConfigured}
	return s.render(c, status, "mailings", p)
}

// sendMailing queues a mailing; the audience's id comes from the select
// that belongs to the chosen kind.
func (s *Server) sendMailing(c fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range []string{"subject", "body", "audience_kind", "body_id", "municipality", "newsletter"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	m := models.Mailing{Subject: form["subject"], Body: form["body"], Audience: models.Audience{Kind: form["audience_kind"]}, Newsletter: form["newsletter"] == "on"}
	switch m.Audience.Kind {
	case "body":
		m.Audience.ID = form["body_id"]
	case "municipality":
		m.Audience.ID = form["municipality"]
	}
	_, err := s.cfg.Jobs.Service().SendMailing(c.Context(), actorOf(c), m)
	if fields := models.Fields(err); fields != nil {
		f := models.FieldErrors(fields)
		// The audience's id is typed in the select of its kind.
		if v, ok := f["audience.id"]; ok {
			delete(f, "audience.id")
			f.Add(map[string]string{"body": "body_id", "municipality": "municipality"}[m.Audience.Kind], v)
		}
		if v, ok := f["audience.kind"]; ok {
			delete(f, "audience.kind")
			f.Add("audience_kind", v)
		}
		return s.renderMailings(c, fiber.StatusUnprocessableEntity, form, f)
	}
	if err != nil {
		return err
	}
	s.cfg.Jobs.Kick()
	return c.Redirect().Status(fiber.StatusSeeOther).To("/mailings?saved=mailing")
}

// unsubscribePage asks whether the address in a newsletter's link should
// get no more newsletters; the link is the proof, no login needed.
func (s *Server) unsubscribePage(c fiber.Ctx) error {
	email, ok := s.DB.UnsubscribeEmail(c.Params("token"))
	if !ok {
		return models.ErrNotFound
	}
	p := s.page(c, "mailing.unsub.title")
	done := c.Method() == fiber.MethodPost
	if done {
		if err := s.DB.SetNewsletterOptOut(c.Context(), models.System, email, true); err != nil {
			return err
		}
	}
	p.Data = struct {
		Email, Token string
		Done         bool
	}{email, c.Params("token"), done}
	return s.render(c, fiber.StatusOK, "unsubscribe", p)
}

func (s *Server) apiMailings(c fiber.Ctx) error {
	list, err := s.DB.Mailings(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

type mailingInput struct {
	Subject    *string          `json:"subject"`
	Body       *string          `json:"body"`
	Audience   *models.Audience `json:"audience"`
	Newsletter *bool            `json:"newsletter"`
}

// apiCreateMailing queues a mailing: 202, since the e-mails leave later.
func (s *Server) apiCreateMailing(c fiber.Ctx) error {
	var in mailingInput
	if err := decodeNew(c, &in, models.Mailing{}); err != nil {
		return err
	}
	var m models.Mailing
	setIf(&m.Subject, in.Subject)
	setIf(&m.Body, in.Body)
	setIf(&m.Audience, in.Audience)
	setIf(&m.Newsletter, in.Newsletter)
	saved, err := s.cfg.Jobs.Service().SendMailing(c.Context(), actorOf(c), m)
	if err != nil {
		return err
	}
	s.cfg.Jobs.Kick()
	c.Set("Location", fmt.Sprintf("/api/v1/mailings/%d", saved.ID))
	return c.Status(fiber.StatusAccepted).JSON(saved)
}

func (s *Server) apiMailing(c fiber.Ctx) error {
	m, err := loadParam(c, s.DB.Mailing)
	if err != nil {
		return err
	}
	return c.JSON(m)
}
