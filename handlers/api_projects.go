package handlers

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// apiProjects lists projects with the filters of the projects page;
// limit and offset page through them, and X-Total-Count says how many match.
func (s *Server) apiProjects(c fiber.Ctx) error {
	f := projectFilterOf(c)
	if l := c.Query("leader"); l != "" && f.LeaderID == 0 {
		u, err := s.DB.UserByEmail(c.Context(), l)
		if errors.Is(err, models.ErrNotFound) {
			c.Set("X-Total-Count", "0")
			return c.JSON([]models.Project{})
		} else if err != nil {
			return err
		}
		f.LeaderID = u.ID
	}
	for _, bad := range []struct{ key, value string }{{"phase", f.Phase}, {"status", f.Status}, {"service_area", f.ServiceArea}} {
		if c.Query(bad.key) != "" && bad.value == "" {
			return models.FieldErrors{bad.key: "choice"}.Err()
		}
	}
	var err error
	if f.Limit, f.Offset, err = pageOf(c); err != nil {
		return err
	}
	list, total, err := s.DB.Projects(c.Context(), f)
	if err != nil {
		return err
	}
	c.Set("X-Total-Count", strconv.Itoa(total))
	return c.JSON(list)
}

func (s *Server) apiProject(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	c.Set("ETag", etag(p.UpdatedAt))
	return c.JSON(p)
}

// etag is a version's entity tag: its last change, to the millisecond.
func etag(t time.Time) string { return `"` + t.UTC().Format("20060102T150405.000Z") + `"` }

// ifMatch reads If-Match: the version a change is based on (zero: none given).
func ifMatch(c fiber.Ctx) (time.Time, error) { return parseVersion(c.Get("If-Match")) }

// parseVersion reads an entity tag (from If-Match, or an edit form's hidden field).
func parseVersion(h string) (time.Time, error) {
	h = strings.TrimSpace(h)
	if h == "" || h == "*" {
		return time.Time{}, nil
	}
	t, err := time.Parse("20060102T150405.000Z", strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil {
		return time.Time{}, models.Errorf(models.ECONFLICT, "If-Match does not name a version of this resource; load it again")
	}
	return t, nil
}

// projectInput is the API's body for creating and patching a project;
// absent fields keep their value on PATCH. Dates are read as text so that a
// wrong one is a field error, not malformed JSON.
type projectInput struct {
	Title            *string   `json:"title"`
	Description      *string   `json:"description"`
	ServiceArea      *string   `json:"service_area"`
	Phase            *string   `json:"phase"`
	PhaseReason      *string   `json:"phase_reason"`
	LeadMunicipality *string   `json:"lead_municipality"`
	Municipalities   *[]string `json:"municipalities"`
	LeaderEmail      *string   `json:"leader_email"`
	BudgetNOK        *int64    `json:"budget_nok"`
	StartDate        *string   `json:"start_date"`
	EndDate          *string   `json:"end_date"`
	NationalSolution *string   `json:"national_solution"`
	DocumentsURL     *string   `json:"documents_url"`
	Archived         *bool     `json:"archived"`
	Public           *bool     `json:"public"`
	BudgetPublic     *bool     `json:"budget_public"`

	// ChecklistOverride moves the project on although mandatory checklist
	// items are open, and says why.
	ChecklistOverride *string `json:"checklist_override_reason"`
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func (in projectInput) apply(p *models.Project) models.FieldErrors {
	f := models.FieldErrors{}
	setIf(&p.Title, in.Title)
	setIf(&p.Description, in.Description)
	setIf(&p.ServiceArea, in.ServiceArea)
	setIf(&p.Phase, in.Phase)
	setIf(&p.LeadMunicipality, in.LeadMunicipality)
	setIf(&p.Municipalities, in.Municipalities)
	setIf(&p.LeaderEmail, in.LeaderEmail)
	setIf(&p.BudgetNOK, in.BudgetNOK)
	setIf(&p.NationalSolution, in.NationalSolution)
	setIf(&p.DocumentsURL, in.DocumentsURL)
	setIf(&p.Archived, in.Archived)
	setIf(&p.Public, in.Public)
	setIf(&p.BudgetPublic, in.BudgetPublic)
	setIf(&p.ChecklistOverride, in.ChecklistOverride)
	optionalDate(f, "start_date", in.StartDate, &p.StartDate)
	optionalDate(f, "end_date", in.EndDate, &p.EndDate)
	return f
}

// validateWith returns the form's own errors merged with the model's.
func validateWith(f models.FieldErrors, p interface{ Validate() error }) error {
	if err := p.Validate(); err != nil {
		for k, v := range models.Fields(err) {
			f.Add(k, v)
		}
	}
	return f.Err()
}

func (s *Server) apiCreateProject(c fiber.Ctx) error {
	var in projectInput
	bad, err := readNew(c, &in, models.Project{})
	if err != nil {
		return err
	}
	p := models.Project{Municipalities: []string{}}
	if f := merge(in.apply(&p), bad); len(f) > 0 {
		return validateWith(f, &p)
	}
	created, err := s.DB.CreateProject(c.Context(), actorOf(c), p)
	if err != nil {
		return err
	}
	c.Location("/api/v1/projects/" + strconv.FormatInt(created.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(created)
}

func (s *Server) apiPatchProject(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	var in projectInput
	bad, err := readPatch(c, &in, p)
	if err != nil {
		return err
	}
	if f := merge(in.apply(&p), bad); len(f) > 0 {
		return validateWith(f, &p)
	}
	reason := ""
	setIf(&reason, in.PhaseReason)
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	p.UpdatedAt = version // zero: no check asked for
	updated, err := s.DB.UpdateProject(c.Context(), actorOf(c), p, reason)
	if err != nil {
		return err
	}
	c.Set("ETag", etag(updated.UpdatedAt))
	return c.JSON(updated)
}

// apiArchiveProject is DELETE: the project is archived, nothing is lost.
func (s *Server) apiArchiveProject(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	archived, err := s.DB.SetProjectArchived(c.Context(), actorOf(c), p.ID, true)
	if err != nil {
		return err
	}
	return c.JSON(archived)
}

func (s *Server) apiStatusReports(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	list, err := s.DB.StatusReports(c.Context(), p.ID, 0)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiCreateStatusReport(c fiber.Ctx) error {
	p, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	var r models.StatusReport
	if err := decodeNew(c, &r, nil); err != nil {
		return err
	}
	r.ID, r.ProjectID = 0, p.ID
	saved, replaced, err := s.DB.SaveStatusReport(c.Context(), actorOf(c), r)
	if err != nil {
		return err
	}
	if replaced {
		return c.JSON(saved)
	}
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiPhaseChanges(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	list, err := s.DB.PhaseChanges(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiMilestones(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	list, err := s.DB.Milestones(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

type milestoneInput struct {
	Title    *string `json:"title"`
	DueDate  *string `json:"due_date"`
	DoneDate *string `json:"done_date"`
}

// saveMilestone applies the input to m and saves it; new reports 201.
func (s *Server) saveMilestone(c fiber.Ctx, m models.Milestone) error {
	var in milestoneInput
	if err := decodePatch(c, &in, m); err != nil {
		return err
	}
	setIf(&m.Title, in.Title)
	f := models.FieldErrors{}
	optionalDate(f, "due_date", in.DueDate, &m.DueDate)
	optionalDate(f, "done_date", in.DoneDate, &m.DoneDate)
	if len(f) > 0 {
		return f.Err()
	}
	isNew := m.ID == 0
	saved, err := s.DB.SaveMilestone(c.Context(), actorOf(c), m)
	if err != nil {
		return err
	}
	if isNew {
		return c.Status(fiber.StatusCreated).JSON(saved)
	}
	return c.JSON(saved)
}

func (s *Server) apiCreateMilestone(c fiber.Ctx) error {
	p, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	return s.saveMilestone(c, models.Milestone{ProjectID: p.ID})
}

func (s *Server) apiPatchMilestone(c fiber.Ctx) error {
	p, id, err := s.projectChild(c, "mid")
	if err != nil {
		return err
	}
	m, err := s.DB.Milestone(c.Context(), id)
	if err != nil || m.ProjectID != p.ID {
		return models.ErrNotFound
	}
	return s.saveMilestone(c, m)
}

func (s *Server) apiDeleteMilestone(c fiber.Ctx) error {
	p, id, err := s.projectChild(c, "mid")
	if err != nil {
		return err
	}
	if err := s.DB.DeleteMilestone(c.Context(), actorOf(c), p.ID, id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) apiRisks(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	list, err := s.DB.Risks(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

type riskInput struct {
	Title       *string `json:"title"`
	Probability *int    `json:"probability"`
	Consequence *int    `json:"consequence"`
	Mitigation  *string `json:"mitigation"`
	Owner       *string `json:"owner"`
	Open        *bool   `json:"open"`
}

func (s *Server) saveRisk(c fiber.Ctx, r models.Risk) error {
	var in riskInput
	if err := decodePatch(c, &in, r); err != nil {
		return err
	}
	setIf(&r.Title, in.Title)
	setIf(&r.Probability, in.Probability)
	setIf(&r.Consequence, in.Consequence)
	setIf(&r.Mitigation, in.Mitigation)
	setIf(&r.Owner, in.Owner)
	setIf(&r.Open, in.Open)
	isNew := r.ID == 0
	saved, err := s.DB.SaveRisk(c.Context(), actorOf(c), r)
	if err != nil {
		return err
	}
	if isNew {
		return c.Status(fiber.StatusCreated).JSON(saved)
	}
	return c.JSON(saved)
}

func (s *Server) apiCreateRisk(c fiber.Ctx) error {
	p, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	return s.saveRisk(c, models.Risk{ProjectID: p.ID, Open: true})
}

func (s *Server) apiPatchRisk(c fiber.Ctx) error {
	p, id, err := s.projectChild(c, "rid")
	if err != nil {
		return err
	}
	r, err := s.DB.Risk(c.Context(), id)
	if err != nil || r.ProjectID != p.ID {
		return models.ErrNotFound
	}
	return s.saveRisk(c, r)
}

func (s *Server) apiDeleteRisk(c fiber.Ctx) error {
	p, id, err := s.projectChild(c, "rid")
	if err != nil {
		return err
	}
	if err := s.DB.DeleteRisk(c.Context(), actorOf(c), p.ID, id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
