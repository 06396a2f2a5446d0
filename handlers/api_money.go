package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

func (s *Server) apiGrants(c fiber.Ctx) error {
	f := data.GrantFilter{Status: c.Query("status")}
	if f.Status != "" && !contains(models.GrantStatuses, f.Status) {
		return models.FieldErrors{"status": "choice"}.Err()
	}
	list, err := s.DB.Grants(c.Context(), f)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiGrant(c fiber.Ctx) error {
	g, err := loadParam(c, s.DB.Grant)
	if err != nil {
		return err
	}
	return c.JSON(g)
}

// grantInput is the API body; absent fields keep their value on PATCH.
// Dates are text, so that a wrong one is a field error.
type grantInput struct {
	Funder       *string  `json:"funder"`
	Scheme       *string  `json:"scheme"`
	Title        *string  `json:"title"`
	ProjectIDs   *[]int64 `json:"project_ids"`
	AppliedNOK   *int64   `json:"applied_nok"`
	GrantedNOK   *int64   `json:"granted_nok"`
	AppliedDate  *string  `json:"applied_date"`
	DecisionDate *string  `json:"decision_date"`
	Status       *string  `json:"status"`
	Conditions   *string  `json:"conditions"`
	ReportDue    *string  `json:"report_due"`
	ReportedDate *string  `json:"reported_date"`
	CaseID       *int64   `json:"case_id"`
}

func (in grantInput) apply(g *models.Grant) models.FieldErrors {
	f := models.FieldErrors{}
	setIf(&g.Funder, in.Funder)
	setIf(&g.Scheme, in.Scheme)
	setIf(&g.Title, in.Title)
	setIf(&g.ProjectIDs, in.ProjectIDs)
	setIf(&g.AppliedNOK, in.AppliedNOK)
	setIf(&g.GrantedNOK, in.GrantedNOK)
	setIf(&g.Status, in.Status)
	setIf(&g.Conditions, in.Conditions)
	setIf(&g.CaseID, in.CaseID)
	optionalDate(f, "applied_date", in.AppliedDate, &g.AppliedDate)
	optionalDate(f, "decision_date", in.DecisionDate, &g.DecisionDate)
	optionalDate(f, "report_due", in.ReportDue, &g.ReportDue)
	optionalDate(f, "reported_date", in.ReportedDate, &g.ReportedDate)
	return f
}

func (s *Server) apiCreateGrant(c fiber.Ctx) error {
	var in grantInput
	bad, err := readNew(c, &in, models.Grant{})
	if err != nil {
		return err
	}
	g := models.Grant{Status: "draft", ProjectIDs: []int64{}}
	if f := merge(in.apply(&g), bad); len(f) > 0 {
		return validateWith(f, &g)
	}
	saved, err := s.DB.SaveGrant(c.Context(), actorOf(c), g)
	if err != nil {
		return err
	}
	c.Location("/api/v1/grants/" + strconv.FormatInt(saved.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiPatchGrant(c fiber.Ctx) error {
	g, err := loadParam(c, s.DB.Grant)
	if err != nil {
		return err
	}
	var in grantInput
	bad, err := readPatch(c, &in, g)
	if err != nil {
		return err
	}
	if f := merge(in.apply(&g), bad); len(f) > 0 {
		return validateWith(f, &g)
	}
	saved, err := s.DB.SaveGrant(c.Context(), actorOf(c), g)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiContributions(c fiber.Ctx) error {
	list, err := s.DB.Contributions(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

// yearParam reads a year from the route (404 when it is not one).
func yearParam(c fiber.Ctx, name string) (int, error) {
	y, err := strconv.Atoi(c.Params(name))
	if err != nil || !models.ValidYear(y) {
		return 0, models.ErrNotFound
	}
	return y, nil
}

type contributionInput struct {
	TotalNOK *int64          `json:"total_nok"`
	CostKey  *models.CostKey `json:"cost_key"`
}

// apiSetContribution sets a year's contribution (PUT, editors).
func (s *Server) apiSetContribution(c fiber.Ctx) error {
	year, err := yearParam(c, "year")
	if err != nil {
		return err
	}
	current, err := s.DB.Contribution(c.Context(), year)
	if err != nil && err != models.ErrNotFound {
		return err
	}
	current.Year = year
	var in contributionInput
	bad, err := readPatch(c, &in, current)
	if err != nil {
		return err
	}
	setIf(&current.TotalNOK, in.TotalNOK)
	setIf(&current.CostKey, in.CostKey)
	if in.TotalNOK == nil && current.UpdatedAt.IsZero() {
		bad.Add("total_nok", "required")
	}
	if in.CostKey == nil && current.UpdatedAt.IsZero() {
		bad.Add("cost_key", "required")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	saved, err := s.DB.SetContribution(c.Context(), actorOf(c), current)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiProjectFunding(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	list, err := s.DB.ProjectFunding(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

// apiSetProjectFunding replaces a project's funding rows (PUT, editors).
func (s *Server) apiSetProjectFunding(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	var rows []models.Funding
	if err := decodeList(c, "funding", &rows); err != nil {
		return err
	}
	saved, err := s.DB.SetProjectFunding(c.Context(), actorOf(c), p.ID, rows)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

// statementYear reads ?year= (this year when absent).
func (s *Server) statementYear(c fiber.Ctx) (int, error) {
	if c.Query("year") == "" {
		return s.DB.Now().In(s.cfg.Location).Year(), nil
	}
	y, err := strconv.Atoi(c.Query("year"))
	if err != nil || !models.ValidYear(y) {
		return 0, models.FieldErrors{"year": "range"}.Err()
	}
	return y, nil
}

func (s *Server) apiStatement(c fiber.Ctx) error {
	year, err := s.statementYear(c)
	if err != nil {
		return err
	}
	st, err := s.DB.Statement(c.Context(), c.Params("number"), year)
	if err != nil {
		return err
	}
	return c.JSON(st)
}
