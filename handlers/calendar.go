package handlers

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/reports"
)

// baseURL is the site's address without a trailing slash.
func (s *Server) baseURL() string {
	if s.cfg.BaseURL == nil {
		return "http://localhost:8080"
	}
	return strings.TrimRight(s.cfg.BaseURL.String(), "/")
}

// calendarFeed is a user's private calendar: no login, the token in the
// address is the secret; a renewed token's old address is not found.
func (s *Server) calendarFeed(c fiber.Ctx) error {
	u, err := s.DB.UserByCalendarToken(c.Context(), c.Params("token"))
	if err != nil {
		return err
	}
	events, err := s.DB.CalendarEvents(c.Context(), u, s.today())
	if err != nil {
		return err
	}
	set, err := s.DB.Settings(c.Context())
	if err != nil {
		return err
	}
	c.Set("Content-Type", "text/calendar; charset=utf-8")
	c.Set("Cache-Control", "private, max-age=300")
	lang := u.Lang
	if !models.ValidLang(lang) {
		lang = s.cfg.Lang
	}
	return c.Send(reports.Calendar(set.ProgrammeName+" – "+u.Name, s.baseURL(), lang, events, s.DB.Now(), s.cfg.Location))
}

// meetingICS is one meeting as a calendar file; it keeps its UID, and its
// SEQUENCE grows when it moves, so calendars update it.
func (s *Server) meetingICS(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	loc := m.Place
	if m.VideoURL != "" {
		loc = strings.TrimPrefix(m.Place+", "+m.VideoURL, ", ")
	}
	ev := data.CalendarEvent{Key: fmt.Sprintf("meeting-%d", m.ID), Kind: "meeting", Sequence: m.Sequence, Summary: m.Title, Description: m.BodyName,
		Location: loc, Path: fmt.Sprintf("/steering/meetings/%d", m.ID), Date: m.Date, Time: m.Time, Minutes: 120, Cancelled: m.Status == models.MeetingCancelled}
	body := reports.Calendar(m.Title, s.baseURL(), s.lang(c), []data.CalendarEvent{ev}, s.DB.Now(), s.cfg.Location)
	return sendFile(c, "text/calendar; charset=utf-8", fmt.Sprintf("mote-%d.ics", m.ID), body)
}

type calendarLinkJSON struct {
	URL    string `json:"url"`
	Webcal string `json:"webcal"`
}

// newCalendarLink makes a new feed token for the user and returns its addresses.
func (s *Server) newCalendarLink(c fiber.Ctx) (calendarLinkJSON, error) {
	token, err := s.DB.NewCalendarToken(c.Context(), actorOf(c), currentUser(c).ID)
	if err != nil {
		return calendarLinkJSON{}, err
	}
	url := s.baseURL() + "/calendar/" + token + ".ics"
	return calendarLinkJSON{URL: url, Webcal: "webcal://" + strings.SplitN(url, "://", 2)[1]}, nil
}

func (s *Server) apiCalendarToken(c fiber.Ctx) error {
	link, err := s.newCalendarLink(c)
	if err != nil {
		return err
	}
	c.Set("Cache-Control", "no-store")
	return c.Status(fiber.StatusCreated).JSON(link)
}

// renewCalendar makes a new feed address and shows it once on the account page.
func (s *Server) renewCalendar(c fiber.Ctx) error {
	link, err := s.newCalendarLink(c)
	if err != nil {
		return err
	}
	c.Set("Cache-Control", "no-store")
	return s.renderAccountWith(c, fiber.StatusOK, nil, &link)
}

type meInput struct {
	Digest *string `json:"digest"`
}

// apiPatchMe changes the caller's own choices: the weekly digest.
func (s *Server) apiPatchMe(c fiber.Ctx) error {
	u := currentUser(c)
	var in meInput
	if err := decodePatch(c, &in, *u); err != nil {
		return err
	}
	if in.Digest != nil {
		if err := s.DB.SetDigest(c.Context(), actorOf(c), u.ID, *in.Digest); err != nil {
			return err
		}
	}
	me, err := s.DB.User(c.Context(), u.ID)
	if err != nil {
		return err
	}
	return c.JSON(me)
}

// setDigest is the account page's choice of the weekly digest.
func (s *Server) setDigest(c fiber.Ctx) error {
	digest := "off"
	if c.FormValue("digest") == "on" {
		digest = "weekly"
	}
	if err := s.DB.SetDigest(c.Context(), actorOf(c), currentUser(c).ID, digest); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/account?saved=1#digest")
}
