package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

func (s *Server) apiSolutions(c fiber.Ctx) error {
	f, bad := adoptionFilterOf(c)
	if err := bad.Err(); err != nil {
		return err
	}
	list, err := s.DB.Solutions(c.Context(), data.SolutionFilter{ServiceArea: f.ServiceArea, Kind: f.Kind})
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiSolution(c fiber.Ctx) error {
	sol, err := loadParam(c, s.DB.Solution)
	if err != nil {
		return err
	}
	return c.JSON(sol)
}

// solutionInput is the API body; absent fields keep their value on PATCH.
type solutionInput struct {
	Name        *string `json:"name"`
	Kind        *string `json:"kind"`
	Owner       *string `json:"owner"`
	ServiceArea *string `json:"service_area"`
	URL         *string `json:"url"`
	Description *string `json:"description"`
	ProjectID   *int64  `json:"project_id"`
}

func (in solutionInput) apply(sol *models.Solution) {
	setIf(&sol.Name, in.Name)
	setIf(&sol.Kind, in.Kind)
	setIf(&sol.Owner, in.Owner)
	setIf(&sol.ServiceArea, in.ServiceArea)
	setIf(&sol.URL, in.URL)
	setIf(&sol.Description, in.Description)
	setIf(&sol.ProjectID, in.ProjectID)
}

func (s *Server) apiCreateSolution(c fiber.Ctx) error {
	var in solutionInput
	bad, err := readNew(c, &in, models.Solution{})
	if err != nil {
		return err
	}
	var sol models.Solution
	in.apply(&sol)
	if len(bad) > 0 {
		return validateWith(bad, &sol)
	}
	saved, err := s.DB.SaveSolution(c.Context(), actorOf(c), sol)
	if err != nil {
		return err
	}
	c.Location("/api/v1/solutions/" + strconv.FormatInt(saved.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiPatchSolution(c fiber.Ctx) error {
	sol, err := loadParam(c, s.DB.Solution)
	if err != nil {
		return err
	}
	var in solutionInput
	bad, err := readPatch(c, &in, sol)
	if err != nil {
		return err
	}
	in.apply(&sol)
	if len(bad) > 0 {
		return validateWith(bad, &sol)
	}
	saved, err := s.DB.SaveSolution(c.Context(), actorOf(c), sol)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

// apiRollouts lists a solution's row for every member municipality.
func (s *Server) apiRollouts(c fiber.Ctx) error {
	sol, err := loadParam(c, s.DB.Solution)
	if err != nil {
		return err
	}
	list, err := s.DB.Rollouts(c.Context(), sol.ID)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

// rolloutInput is the PUT body: the whole row. Dates are text, so that a
// wrong one is a field error.
type rolloutInput struct {
	Status       *string `json:"status"`
	Wave         *string `json:"wave"`
	PlannedDate  *string `json:"planned_date"`
	InUseDate    *string `json:"in_use_date"`
	ContactEmail *string `json:"contact_email"`
	Comment      *string `json:"comment"`
	// The intent agreement: kept as it is when left out.
	AgreementDate      *string `json:"agreement_date"`
	AgreementArchiveID *int64  `json:"agreement_archive_id"`
}

// apiSetRollout sets one municipality's row (PUT): editors any, a municipal
// contact only their own municipality's.
func (s *Server) apiSetRollout(c fiber.Ctx) error {
	sol, m, err := s.rolloutParam(c)
	if err != nil {
		return err
	}
	current, err := s.DB.Rollout(c.Context(), sol.ID, m.Number)
	if err != nil {
		return err
	}
	var in rolloutInput
	bad, err := readPatch(c, &in, current)
	if err != nil {
		return err
	}
	r := models.Rollout{SolutionID: sol.ID, Municipality: m.Number, Status: current.Status}
	setIf(&r.Status, in.Status)
	setIf(&r.Wave, in.Wave)
	setIf(&r.ContactEmail, in.ContactEmail)
	setIf(&r.Comment, in.Comment)
	optionalDate(bad, "planned_date", in.PlannedDate, &r.PlannedDate)
	optionalDate(bad, "in_use_date", in.InUseDate, &r.InUseDate)
	r.AgreementDate, r.AgreementArchiveID = current.AgreementDate, current.AgreementArchiveID
	optionalDate(bad, "agreement_date", in.AgreementDate, &r.AgreementDate)
	setIf(&r.AgreementArchiveID, in.AgreementArchiveID)
	today := models.DateOf(s.DB.Now().In(s.cfg.Location))
	if len(bad) > 0 {
		return validateWith(bad, rolloutCheck{&r, today})
	}
	saved, err := s.DB.SetRollout(c.Context(), actorOf(c), r)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

// rolloutCheck validates a rollout row as of a day.
type rolloutCheck struct {
	r     *models.Rollout
	today models.Date
}

func (v rolloutCheck) Validate() error { return v.r.Validate(v.today) }

func (s *Server) apiAdoption(c fiber.Ctx) error {
	f, bad := adoptionFilterOf(c)
	if err := bad.Err(); err != nil {
		return err
	}
	a, _, err := s.DB.Adoption(c.Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

func (s *Server) apiMunicipalityAdoption(c fiber.Ctx) error {
	m, err := s.DB.Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return err
	}
	f, bad := adoptionFilterOf(c)
	if err := bad.Err(); err != nil {
		return err
	}
	r, err := s.DB.MunicipalityRollout(c.Context(), m.Number, f)
	if err != nil {
		return err
	}
	return c.JSON(r)
}
