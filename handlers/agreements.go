package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

// agreementFromForm reads the rollout form's intent agreement: its date,
// and the signed document when one is uploaded (nil otherwise). A row keeps
// the agreement it had when the form leaves the document out.
func (s *Server) agreementFromForm(c fiber.Ctx, sol models.Solution, m models.Municipality, r *models.Rollout, f models.FieldErrors) (*data.AgreementDocument, error) {
	current, err := s.DB.Rollout(c.Context(), sol.ID, m.Number)
	if err != nil {
		return nil, err
	}
	r.AgreementArchiveID = current.AgreementArchiveID
	dateInto(f, "agreement_date", strings.TrimSpace(c.FormValue("agreement_date")), &r.AgreementDate)
	if fh, err := c.FormFile("agreement_file"); err != nil || fh.Size == 0 {
		return nil, nil
	}
	body, filename, err := uploadedPDF(c, "agreement_file", f)
	if err != nil || f["agreement_file"] != "" {
		return nil, err
	}
	if r.AgreementDate.IsZero() {
		f.Add("agreement_date", "required")
	}
	p := s.page(c, "")
	return &data.AgreementDocument{Title: p.T("roll.agreement.of", sol.Name, m.Name), Filename: filename, PDF: body}, nil
}
