package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/locale"
	"samla/models"
	"samla/reports"
	"samla/views"
)

func (s *Server) builder(c fiber.Ctx) *reports.Builder {
	return &reports.Builder{DB: s.DB, Loc: s.cfg.Location, Lang: s.lang(c)}
}

// sendPDF answers with a PDF to download.
func sendPDF(c fiber.Ctx, filename string, pdf []byte) error {
	c.Set("Content-Type", "application/pdf")
	c.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	c.Set("Cache-Control", "private, no-store")
	return c.Send(pdf)
}

func (s *Server) portfolioPDF(c fiber.Ctx) error {
	r, err := s.builder(c).Portfolio(c.Context())
	if err != nil {
		return err
	}
	return sendPDF(c, r.Filename, r.PDF)
}

func (s *Server) projectPDF(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	r, err := s.builder(c).Project(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return sendPDF(c, r.Filename, r.PDF)
}

func (s *Server) municipalityPDF(c fiber.Ctx) error {
	r, err := s.builder(c).Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return err
	}
	return sendPDF(c, r.Filename, r.PDF)
}

func (s *Server) meetingPDF(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	r, err := s.builder(c).Meeting(c.Context(), m.ID)
	if err != nil {
		return err
	}
	return sendPDF(c, r.Filename, r.PDF)
}

func (s *Server) archivedPDF(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, pdf, err := s.DB.ArchivedPDF(c.Context(), id)
	if err != nil {
		return err
	}
	return sendPDF(c, r.Filename, pdf)
}

// reportsPage lists the reports to download and the archive.
func (s *Server) reportsPage(c fiber.Ctx) error {
	ctx := c.Context()
	archive, err := s.DB.ArchivedReports(ctx, 200)
	if err != nil {
		return err
	}
	meetings, err := s.DB.Meetings(ctx, 0)
	if err != nil {
		return err
	}
	p := s.page(c, "rpt.title")
	munOpts, _, err := s.municipalityOptions(c, "")
	if err != nil {
		return err
	}
	var meetingOpts []views.Option
	for _, m := range meetings {
		// Minutes exist once a meeting is held: a planned or cancelled
		// meeting is not offered (nor preselected).
		if m.Status != models.MeetingHeld && m.Status != models.MeetingApproved {
			continue
		}
		meetingOpts = append(meetingOpts, views.Option{Value: strconv.FormatInt(m.ID, 10), Label: locale.Date(m.Date.Time) + " " + m.Title})
	}
	if u := p.User; u.Municipality != "" {
		p.Form["number"] = u.Municipality
	}
	p.Data = struct {
		Archive             []data.ArchivedReport
		MunicipalityOptions []views.Option
		MeetingOptions      []views.Option
	}{archive, munOpts[1:], meetingOpts}
	return s.render(c, fiber.StatusOK, "reports", p)
}

// reportLink sends the choice of a form on the reports page to its PDF.
func (s *Server) reportLink(c fiber.Ctx) error {
	switch c.Query("kind") {
	case "municipality":
		if n := c.Query("number"); models.ValidMunicipalityNumber(n) {
			return c.Redirect().Status(fiber.StatusSeeOther).To("/reports/municipalities/" + n + ".pdf")
		}
	case "meeting":
		if id, err := strconv.ParseInt(c.Query("id"), 10, 64); err == nil {
			return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/reports/meetings/%d.pdf", id))
		}
	}
	return models.ErrNotFound
}
