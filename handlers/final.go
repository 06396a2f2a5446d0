package handlers

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

// finalReportPage is the form for the leader's own assessment, the one
// part of the final report samla's figures cannot write.
func (s *Server) finalReportPage(c fiber.Ctx) error {
	p, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	text, err := s.DB.FinalAssessment(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return s.renderFinalReportForm(c, fiber.StatusOK, p, map[string]string{"assessment": text}, nil)
}

func (s *Server) renderFinalReportForm(c fiber.Ctx, status int, p models.Project, form map[string]string, errs models.FieldErrors) error {
	pg := s.page(c, "")
	pg.Title = pg.T("final.assessment") + ": " + p.Title
	pg.Form, pg.Errors = form, errs
	pg.Data = struct{ P models.Project }{p}
	return s.render(c, status, "final_report", pg)
}

func (s *Server) saveAssessmentForm(c fiber.Ctx) error {
	p, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	form := map[string]string{"assessment": strings.TrimSpace(c.FormValue("assessment"))}
	err = s.DB.SetFinalAssessment(c.Context(), actorOf(c), p.ID, form["assessment"])
	if f := models.Fields(err); f != nil {
		return s.renderFinalReportForm(c, fiber.StatusUnprocessableEntity, p, form, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d/final-report?saved=1", p.ID))
}

// finalReportPDF makes the sluttrapport, keeps it in the archive and sends it.
func (s *Server) finalReportPDF(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	r, err := s.builder(c).FinalReport(c.Context(), p.ID)
	if err != nil {
		return err
	}
	if _, err := s.DB.ArchiveReport(c.Context(), actorOf(c), data.ArchivedReport{Kind: r.Kind, Key: r.Key, Title: r.Title, Filename: r.Filename}, r.PDF); err != nil {
		return err
	}
	return sendPDF(c, r.Filename, r.PDF)
}

// funderReportPDF makes the report to a grant's funder, archives and sends it.
func (s *Server) funderReportPDF(c fiber.Ctx) error {
	g, err := loadParam(c, s.DB.Grant)
	if err != nil {
		return err
	}
	r, err := s.builder(c).FunderReport(c.Context(), g.ID)
	if err != nil {
		return err
	}
	if _, err := s.DB.ArchiveReport(c.Context(), actorOf(c), data.ArchivedReport{Kind: r.Kind, Key: r.Key, Title: r.Title, Filename: r.Filename}, r.PDF); err != nil {
		return err
	}
	return sendPDF(c, r.Filename, r.PDF)
}
