package handlers

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

func (s *Server) channelsPage(c fiber.Ctx) error {
	return s.renderChannels(c, fiber.StatusOK, map[string]string{"kind": "teams", "role": "viewer"}, nil, nil)
}

// renderChannels shows the channels and the form for a new one; a channel
// just made is shown with its address and secret this once.
func (s *Server) renderChannels(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors, made *models.Channel) error {
	list, err := s.DB.Channels(c.Context())
	if err != nil {
		return err
	}
	p := s.page(c, "chan.title")
	p.Form, p.Errors = form, errs
	muns, _, err := s.municipalityOptions(c, p.T("chan.f.all_municipalities"))
	if err != nil {
		return err
	}
	var roles []string
	for _, r := range models.Roles {
		if r != models.RoleAdmin {
			roles = append(roles, string(r))
		}
	}
	p.Data = struct {
		Channels   []models.Channel
		Made       *models.Channel
		Kinds      []string
		Events     []string
		Roles      []string
		MunOptions []views.Option
	}{list, made, models.ChannelKinds, models.ChannelEvents, roles, muns}
	return s.render(c, status, "channels", p)
}

func (s *Server) createChannel(c fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range []string{"name", "kind", "url", "role", "municipality"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	events := formValues(c, "events")
	form["events"] = strings.Join(events, ",")
	ch := models.Channel{Name: form["name"], Kind: form["kind"], URL: form["url"], Role: models.Role(form["role"]), Municipality: form["municipality"], Events: events}
	if f := s.channelFields(c.Context(), ch); f != nil {
		return s.renderChannels(c, fiber.StatusUnprocessableEntity, form, f, nil)
	}
	made, err := s.DB.CreateChannel(c.Context(), actorOf(c), ch)
	if f := models.Fields(err); f != nil {
		return s.renderChannels(c, fiber.StatusUnprocessableEntity, form, f, nil)
	}
	if err != nil {
		return err
	}
	c.Set("Cache-Control", "no-store")
	return s.renderChannels(c, fiber.StatusCreated, map[string]string{"kind": "teams", "role": "viewer"}, nil, &made)
}

// channelFields is the channel's validation with the outbound guard's
// verdict on its address; nil when all is well.
func (s *Server) channelFields(ctx context.Context, ch models.Channel) models.FieldErrors {
	f := models.Fields(ch.Validate())
	if f == nil {
		f = models.FieldErrors{}
	}
	s.checkOutbound(ctx, f, "url", ch.URL)
	if len(f) == 0 {
		return nil
	}
	return f
}

func (s *Server) deleteChannel(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.DeleteChannel(c.Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin/channels?saved=1")
}

func (s *Server) apiChannels(c fiber.Ctx) error {
	list, err := s.DB.Channels(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

type channelInput struct {
	Name         *string      `json:"name"`
	Kind         *string      `json:"kind"`
	URL          *string      `json:"url"`
	Role         *models.Role `json:"role"`
	Municipality *string      `json:"municipality"`
	Events       *[]string    `json:"events"`
}

// apiCreateChannel registers a channel; the answer is the one time its
// address and signing secret are shown.
func (s *Server) apiCreateChannel(c fiber.Ctx) error {
	var in channelInput
	if err := decodeNew(c, &in, models.Channel{}); err != nil {
		return err
	}
	ch := models.Channel{Role: models.RoleViewer}
	setIf(&ch.Name, in.Name)
	setIf(&ch.Kind, in.Kind)
	setIf(&ch.URL, in.URL)
	setIf(&ch.Role, in.Role)
	setIf(&ch.Municipality, in.Municipality)
	setIf(&ch.Events, in.Events)
	if f := s.channelFields(c.Context(), ch); f != nil {
		return f.Err()
	}
	made, err := s.DB.CreateChannel(c.Context(), actorOf(c), ch)
	if err != nil {
		return err
	}
	c.Set("Cache-Control", "no-store")
	return c.Status(fiber.StatusCreated).JSON(made)
}

func (s *Server) apiDeleteChannel(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.DeleteChannel(c.Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
