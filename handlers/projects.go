package handlers

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/views"
)

// ProjectWriters may reach the routes that change a project's reports,
// milestones and risks; which project a leader may change is checked on the
// project itself (models.CanEditProject).
var ProjectWriters Rule = func(r models.Role) bool { return r.EditsPortfolio() || r == models.RoleLeader }

const projectsPerPage = 50

// projectFilterOf reads the list filters from the query string.
func projectFilterOf(c fiber.Ctx) data.ProjectFilter {
	f := data.ProjectFilter{
		Phase:        c.Query("phase"),
		Status:       c.Query("status"),
		ServiceArea:  c.Query("area", c.Query("service_area")),
		Municipality: c.Query("municipality"),
		Query:        c.Query("q"),
		Sort:         c.Query("sort"),
		Desc:         c.Query("desc") == "1",
		Archived:     c.Query("archived") == "on" || c.Query("archived") == "true",
	}
	if !models.ValidPhaseFilter(f.Phase) {
		f.Phase = ""
	}
	if !models.ValidProjectStatus(f.Status) {
		f.Status = ""
	}
	if !models.ValidServiceArea(f.ServiceArea) {
		f.ServiceArea = ""
	}
	if !models.ValidMunicipalityNumber(f.Municipality) {
		f.Municipality = ""
	}
	f.LeaderID, _ = strconv.ParseInt(c.Query("leader"), 10, 64)
	return f
}

// pager is the data of the "pager" template.
type pager struct {
	Pages                                   int
	Current, NavLabel, PrevLabel, NextLabel string
	PrevURL, NextURL                        string
}

func newPager(p *views.Page, c fiber.Ctx, base string, page, total, perPage int) pager {
	pages := int(math.Ceil(float64(total) / float64(perPage)))
	q, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	link := func(n int) string {
		q.Set("page", strconv.Itoa(n))
		return base + "?" + q.Encode()
	}
	pg := pager{Pages: pages, Current: p.T("page.of", page, max(pages, 1)), NavLabel: p.T("page.nav"),
		PrevLabel: p.T("page.prev"), NextLabel: p.T("page.next")}
	if page > 1 {
		pg.PrevURL = link(page - 1)
	}
	if page < pages {
		pg.NextURL = link(page + 1)
	}
	return pg
}

func pageNumber(c fiber.Ctx) int {
	n, err := strconv.Atoi(c.Query("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// pageOfList shows one page of a list held in memory: the page asked for,
// kept within the list (past the end shows the last page), and its pager.
func pageOfList[T any](p *views.Page, c fiber.Ctx, base string, list []T, perPage int) ([]T, pager) {
	all := len(list)
	page := max(min(pageNumber(c), (all+perPage-1)/perPage), 1)
	from := min((page-1)*perPage, all)
	return list[from:min(from+perPage, all)], newPager(p, c, base, page, all, perPage)
}

func (s *Server) municipalityOptions(c fiber.Ctx, emptyLabel string) ([]views.Option, map[string]string, error) {
	// Hundreds at national scale, on most pages: made once per write
	// generation. Shared: the slice is clipped, so an append copies it.
	key, gen := "municipalities|"+emptyLabel, s.DB.Generation()
	if o, ok := s.options.Get(key, gen); ok {
		return o.opts, o.names, nil
	}
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return nil, nil, err
	}
	opts := []views.Option{{Value: "", Label: emptyLabel}}
	names := map[string]string{}
	for _, m := range list {
		opts = append(opts, views.Option{Value: m.Number, Label: m.Name})
		names[m.Number] = m.Name
	}
	opts = slices.Clip(opts)
	s.options.Put(key, gen, optionList{opts, names}, 64*len(opts))
	return opts, names, nil
}

// optionList is a select's options kept per write generation (s.options),
// with the names by value where a page needs them.
type optionList struct {
	opts  []views.Option
	names map[string]string
}

// leaderOptions lists leaders for a select: for a filter (by id) those who
// lead active projects, for a form (by e-mail) all who may lead.
func (s *Server) leaderOptions(c fiber.Ctx, emptyLabel string, byEmail bool) ([]views.Option, error) {
	key, gen := fmt.Sprintf("leaders|%t|%s", byEmail, emptyLabel), s.DB.Generation()
	if o, ok := s.options.Get(key, gen); ok {
		return o.opts, nil
	}
	list := s.DB.ActiveLeaders
	if byEmail {
		list = s.DB.ProjectLeaders
	}
	leaders, err := list(c.Context())
	if err != nil {
		return nil, err
	}
	opts := []views.Option{{Value: "", Label: emptyLabel}}
	for _, u := range leaders {
		v := strconv.FormatInt(u.ID, 10)
		if byEmail {
			v = u.Email
		}
		opts = append(opts, views.Option{Value: v, Label: u.Name})
	}
	opts = slices.Clip(opts)
	s.options.Put(key, gen, optionList{opts: opts}, 64*len(opts))
	return opts, nil
}

func (s *Server) projectsPage(c fiber.Ctx) error {
	f := projectFilterOf(c)
	page := pageNumber(c)
	f.Limit, f.Offset = projectsPerPage, (page-1)*projectsPerPage
	list, total, err := s.DB.Projects(c.Context(), f)
	if err != nil {
		return err
	}
	p := s.page(c, "proj.title")
	for _, k := range []string{"q", "phase", "status", "area", "municipality", "leader", "sort", "archived"} {
		p.Form[k] = c.Query(k)
	}
	munOpts, _, err := s.municipalityOptions(c, p.T("proj.filter.all"))
	if err != nil {
		return err
	}
	leaderOpts, err := s.leaderOptions(c, p.T("proj.filter.all"), false)
	if err != nil {
		return err
	}
	var sorts []views.Option
	for _, k := range []string{"title", "status", "phase", "budget", "end", "updated", "leader"} {
		sorts = append(sorts, views.Option{Value: k, Label: p.T("proj.sort." + k)})
	}
	p.Data = struct {
		Projects                           []models.Project
		Total                              int64
		Phases, Statuses, Areas            []string
		MunicipalityOptions, LeaderOptions []views.Option
		SortOptions                        []views.Option
		Pager                              pager
		CanCreate                          bool
		Figure                             string
	}{list, int64(total), append([]string{models.PhaseActive}, models.Phases...), models.ProjectStatuses, models.ServiceAreas, munOpts, leaderOpts, sorts,
		newPager(p, c, "/projects", page, total, projectsPerPage), p.User.Role.EditsPortfolio(), listFigure(f)}
	return s.render(c, fiber.StatusOK, "projects", p)
}

func (s *Server) projectParam(c fiber.Ctx) (models.Project, error) {
	return loadParam(c, s.DB.Project)
}

// projectForWrite loads the project of the route and checks that the user
// may change its reports, milestones and risks.
func (s *Server) projectForWrite(c fiber.Ctx) (models.Project, error) {
	p, err := s.projectParam(c)
	if err != nil {
		return p, err
	}
	if !models.CanEditProject(currentUser(c), &p) {
		return p, errForbidden
	}
	return p, nil
}

func (s *Server) projectPage(c fiber.Ctx) error {
	return s.renderProject(c, fiber.StatusOK, nil, nil)
}

// renderProject shows the project page; a milestone or risk form that failed
// comes back with what was typed and its errors.
func (s *Server) renderProject(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	proj, err := s.projectParam(c)
	if err != nil {
		return err
	}
	v, err := s.projectView(c, proj.ID)
	if err != nil {
		return err
	}
	_, names, err := s.municipalityOptions(c, "")
	if err != nil {
		return err
	}
	p := s.page(c, "")
	p.Title = proj.Title
	var latest *models.StatusReport
	if len(v.Reports) > 0 {
		latest = &v.Reports[0]
	}
	today := models.DateOf(s.DB.Now().In(s.cfg.Location))
	oneToFive := []views.Option{}
	for i := 1; i <= 5; i++ {
		oneToFive = append(oneToFive, views.Option{Value: strconv.Itoa(i), Label: strconv.Itoa(i)})
	}
	p.Form["risk_probability"], p.Form["risk_consequence"] = "3", "3"
	for k, v := range form {
		p.Form[k] = v
	}
	p.Errors = errs
	funding := s.projectFundingFrom(v.funding, v.grants)
	if p.Form["funding_year"] == "" {
		p.Form["funding_year"] = strconv.Itoa(today.Year())
		p.Form["funding_equal_pct"] = "30"
	}
	similar, err := s.similarBlock(c, p, proj)
	if err != nil {
		return err
	}
	p.Data = struct {
		Funding      projectFunding
		Solutions    []projectSolution
		Project      models.Project
		Latest       *models.StatusReport
		DimNames     []string
		History      []models.StatusReport
		Milestones   []models.Milestone
		Risks        []models.Risk
		PhaseChanges []models.PhaseChange
		Benefits     views.BenefitRows
		HasBenefits  bool
		Decisions    views.CaseList
		HasDecisions bool
		Names        map[string]string
		OneToFive    []views.Option
		CanEdit      bool
		CanReport    bool
		Late         func(models.Milestone) bool
		Similar      views.SimilarBlock
	}{funding, v.solutions, proj, latest, models.Dimensions, v.Reports, v.Milestones, v.Risks, v.changes,
		views.BenefitRows{Page: p, Benefits: v.Benefits}, len(v.Benefits) > 0,
		views.CaseList{Page: p, Cases: v.Decisions}, len(v.Decisions) > 0, names, oneToFive,
		p.User.Role.EditsPortfolio(), models.CanEditProject(p.User, &proj),
		func(m models.Milestone) bool { return m.DoneDate.IsZero() && m.DueDate.Before(today) }, similar}
	return s.render(c, status, "project", p)
}

// projectView is what a project's page reads besides the project: the
// same for every user, so kept per write generation (projectViews) for all
// who look at the project until something changes.
type projectView struct {
	data.ProjectDetail
	changes   []models.PhaseChange
	solutions []projectSolution
	funding   []models.Funding
	grants    []models.Grant
}

func (s *Server) projectView(c fiber.Ctx, id int64) (projectView, error) {
	key, gen := strconv.FormatInt(id, 10), s.DB.Generation()
	if v, ok := s.projectViews.Get(key, gen); ok {
		return v, nil
	}
	ctx := c.Context()
	var v projectView
	var err error
	if v.ProjectDetail, err = s.DB.ProjectDetail(ctx, id, 24); err != nil {
		return v, err
	}
	if v.changes, err = s.DB.PhaseChanges(ctx, id); err != nil {
		return v, err
	}
	if v.solutions, err = s.projectSolutions(c, id); err != nil {
		return v, err
	}
	if v.funding, err = s.DB.ProjectFunding(ctx, id); err != nil {
		return v, err
	}
	if v.grants, err = s.DB.Grants(ctx, data.GrantFilter{}); err != nil {
		return v, err
	}
	size := 1024 * (1 + len(v.Reports) + len(v.Milestones) + len(v.Risks) + len(v.changes) + len(v.Benefits) + len(v.Decisions) + len(v.solutions) + len(v.funding) + len(v.grants))
	s.projectViews.Put(key, gen, v, size)
	return v, nil
}

// projectFormFields are the form's fields, in the order they are shown.
var projectFormFields = []string{"title", "description", "service_area", "phase", "phase_reason", "checklist_override_reason", "lead_municipality", "leader_email",
	"budget_nok", "start_date", "end_date", "national_solution", "documents_url"}

// projectFromForm reads the project form; numbers and dates that do not
// parse are field errors like any other.
func projectFromForm(c fiber.Ctx, p *models.Project) (map[string]string, models.FieldErrors) {
	form := map[string]string{}
	for _, k := range projectFormFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	muns := formValues(c, "municipalities")
	form["municipalities"] = strings.Join(muns, ",")
	f := models.FieldErrors{}
	p.Title, p.Description = form["title"], strings.TrimSpace(c.FormValue("description"))
	p.ServiceArea, p.Phase, p.LeadMunicipality = form["service_area"], form["phase"], form["lead_municipality"]
	p.Municipalities, p.LeaderEmail = muns, form["leader_email"]
	p.NationalSolution, p.DocumentsURL = form["national_solution"], form["documents_url"]
	p.BudgetNOK = 0
	if form["budget_nok"] != "" {
		if n, ok := parseInt(form["budget_nok"]); ok {
			p.BudgetNOK = n
		} else {
			f.Add("budget_nok", models.NumberError("budget_nok"))
		}
	}
	dateInto(f, "start_date", form["start_date"], &p.StartDate)
	dateInto(f, "end_date", form["end_date"], &p.EndDate)
	form["public"], form["budget_public"] = c.FormValue("public"), c.FormValue("budget_public")
	p.Public, p.BudgetPublic = form["public"] == "on", form["budget_public"] == "on"
	return form, f
}

func projectForm(p *models.Project) map[string]string {
	return map[string]string{
		"title": p.Title, "description": p.Description, "service_area": p.ServiceArea, "phase": p.Phase,
		"lead_municipality": p.LeadMunicipality, "municipalities": strings.Join(p.Municipalities, ","),
		"leader_email": p.LeaderEmail, "budget_nok": strconv.FormatInt(p.BudgetNOK, 10),
		"start_date": p.StartDate.String(), "end_date": p.EndDate.String(),
		"national_solution": p.NationalSolution, "documents_url": p.DocumentsURL,
		"version": etag(p.UpdatedAt),
		"public":  checked(p.Public), "budget_public": checked(p.BudgetPublic),
	}
}

func (s *Server) renderProjectForm(c fiber.Ctx, status int, id int64, form map[string]string, errs models.FieldErrors) error {
	key, action, cancel := "proj.new", "/projects/new", "/projects"
	if id != 0 {
		key, action, cancel = "proj.edit", fmt.Sprintf("/projects/%d/edit", id), fmt.Sprintf("/projects/%d", id)
	}
	p := s.page(c, key)
	p.Form, p.Errors = form, errs
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return err
	}
	leadOpts, _, err := s.municipalityOptions(c, "")
	if err != nil {
		return err
	}
	leaderOpts, err := s.leaderOptions(c, p.T("proj.f.leader.none"), true)
	if err != nil {
		return err
	}
	p.Data = struct {
		New                        bool
		Action, Cancel             string
		Areas, Phases              []string
		Municipalities             []models.Municipality
		LeadOptions, LeaderOptions []views.Option
	}{id == 0, action, cancel, models.ServiceAreas, models.Phases, list, leadOpts[1:], leaderOpts}
	return s.render(c, status, "project_form", p)
}

func (s *Server) newProjectPage(c fiber.Ctx) error {
	return s.renderProjectForm(c, fiber.StatusOK, 0, map[string]string{"phase": models.PhaseIdea}, nil)
}

func (s *Server) createProject(c fiber.Ctx) error {
	var p models.Project
	form, f := projectFromForm(c, &p)
	var err error
	f, err = saveForm(f, p.Validate, func() (err error) {
		p, err = s.DB.CreateProject(c.Context(), actorOf(c), p)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderProjectForm(c, fiber.StatusUnprocessableEntity, 0, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d?saved=%s", p.ID, savedWord(true, "project")))
}

func (s *Server) editProjectPage(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	return s.renderProjectForm(c, fiber.StatusOK, p.ID, projectForm(&p), nil)
}

func (s *Server) updateProject(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	form, f := projectFromForm(c, &p)
	form["version"] = c.FormValue("version")
	version, verr := parseVersion(form["version"])
	if verr != nil {
		return verr
	}
	p.UpdatedAt = version
	p.ChecklistOverride = form["checklist_override_reason"]
	f, err = saveForm(f, p.Validate, func() (err error) {
		p, err = s.DB.UpdateProject(c.Context(), actorOf(c), p, form["phase_reason"])
		return err
	})
	f, err = checklistFormError(form, f, err)
	if errors.Is(err, data.ErrChanged) {
		// Keep what was typed; the next save is based on the current version.
		current, gerr := s.projectParam(c)
		if gerr != nil {
			return gerr
		}
		form["version"] = etag(current.UpdatedAt)
		return s.renderProjectForm(c, fiber.StatusConflict, current.ID, form, models.FieldErrors{"version": "changed"})
	}
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderProjectForm(c, fiber.StatusUnprocessableEntity, p.ID, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d?saved=1", p.ID))
}

func (s *Server) archiveProject(c fiber.Ctx) error { return s.setArchived(c, true) }
func (s *Server) restoreProject(c fiber.Ctx) error { return s.setArchived(c, false) }
func (s *Server) setArchived(c fiber.Ctx, archived bool) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	if _, err := s.DB.SetProjectArchived(c.Context(), actorOf(c), p.ID, archived); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d?saved=1", p.ID))
}

// reportPeriodFor is the report a new form is for by default: the period
// that is due (last month until it is in, see models.NextReportDue).
func (s *Server) reportPeriodFor(c fiber.Ctx, proj models.Project) (models.ReportDue, error) {
	set, err := s.DB.Settings(c.Context())
	if err != nil {
		return models.ReportDue{}, err
	}
	return models.NextReportDue(s.today(), set.ReportDeadlineDay, proj.LatestPeriod, proj.StartDate), nil
}

var reportTextFields = []string{"summary", "next_steps", "decision_needed"}

// reportForm turns a report into form values; the new form starts from the
// previous report so that a leader changes only what changed.
func reportForm(r *models.StatusReport) map[string]string {
	form := map[string]string{
		"period": string(r.Period), "progress_pct": strconv.Itoa(r.ProgressPct),
		"spent_nok": strconv.FormatInt(r.SpentNOK, 10), "forecast_nok": strconv.FormatInt(r.ForecastNOK, 10),
		"summary": r.Summary, "next_steps": r.NextSteps, "decision_needed": r.DecisionNeeded,
	}
	for _, d := range models.Dimensions {
		form[d], form[d+"_comment"] = r.Dimension(d)
	}
	return form
}

func reportFromForm(c fiber.Ctx, projectID int64) (models.StatusReport, map[string]string, models.FieldErrors) {
	r := models.StatusReport{ProjectID: projectID}
	form := map[string]string{}
	f := models.FieldErrors{}
	form["period"] = strings.TrimSpace(c.FormValue("period"))
	r.Period = models.Period(form["period"])
	for _, d := range models.Dimensions {
		form[d], form[d+"_comment"] = c.FormValue(d), strings.TrimSpace(c.FormValue(d+"_comment"))
		r.SetDimension(d, form[d], form[d+"_comment"])
		if (form[d] == "yellow" || form[d] == "red") && form[d+"_comment"] == "" {
			f.Add(d+"_comment", "comment_needed") // a yellow or red says why
		}
	}
	for _, k := range reportTextFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	r.Summary, r.NextSteps, r.DecisionNeeded = form["summary"], form["next_steps"], form["decision_needed"]
	for _, n := range []struct {
		key string
		set func(int64)
	}{
		{"progress_pct", func(v int64) { r.ProgressPct = int(max(min(v, 1000), -1000)) }},
		{"spent_nok", func(v int64) { r.SpentNOK = v }},
		{"forecast_nok", func(v int64) { r.ForecastNOK = v }},
	} {
		form[n.key] = strings.TrimSpace(c.FormValue(n.key))
		if form[n.key] == "" && n.key != "progress_pct" {
			continue
		}
		if v, ok := parseInt(form[n.key]); ok {
			n.set(v)
		} else {
			f.Add(n.key, models.NumberError(n.key))
		}
	}
	return r, form, f
}

func (s *Server) renderStatusForm(c fiber.Ctx, status int, proj models.Project, form map[string]string, errs models.FieldErrors, from models.Period) error {
	due, err := s.reportPeriodFor(c, proj)
	if err != nil {
		return err
	}
	today := s.today()
	p := s.page(c, "")
	p.Title = p.T("proj.report.new")
	p.Form, p.Errors = form, errs
	p.Data = struct {
		Project        models.Project
		Dims, RAG      []string
		PrefilledFrom  models.Period
		Due            models.ReportDue
		DaysLeft       int
		Overdue, Later bool
	}{proj, models.Dimensions, models.RAG, from, due, due.DaysLeft(today), due.Overdue(today), form["period"] != string(due.Period)}
	return s.render(c, status, "status_form", p)
}

func (s *Server) newStatusPage(c fiber.Ctx) error {
	proj, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	reports, err := s.DB.StatusReports(c.Context(), proj.ID, 2)
	if err != nil {
		return err
	}
	form := map[string]string{"progress_pct": "0"}
	var from models.Period
	if len(reports) > 0 {
		form = reportForm(&reports[0])
		from = reports[0].Period
	}
	due, err := s.reportPeriodFor(c, proj)
	if err != nil {
		return err
	}
	form["period"] = string(due.Period)
	return s.renderStatusForm(c, fiber.StatusOK, proj, form, nil, from)
}

func (s *Server) createStatus(c fiber.Ctx) error {
	proj, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	r, form, f := reportFromForm(c, proj.ID)
	replaced := false
	f, err = saveForm(f, r.Validate, func() (err error) {
		_, replaced, err = s.DB.SaveStatusReport(c.Context(), actorOf(c), r)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderStatusForm(c, fiber.StatusUnprocessableEntity, proj, form, f, "")
	}
	saved := "report"
	if replaced {
		saved = "replaced"
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d?saved=%s#history", proj.ID, saved))
}

// projectChild loads the route's project for writing, and the id of the
// milestone or risk the route names.
func (s *Server) projectChild(c fiber.Ctx, param string) (models.Project, int64, error) {
	p, err := s.projectForWrite(c)
	if err != nil {
		return p, 0, err
	}
	id, err := idParam(c, param)
	return p, id, err
}

// backToProject returns to the project page after a change.
func (s *Server) backToProject(c fiber.Ctx, id int64, anchor string) error {
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d?saved=1#%s", id, anchor))
}

func (s *Server) projectPageWithErrors(c fiber.Ctx, form map[string]string, errs models.FieldErrors) error {
	return s.renderProject(c, fiber.StatusUnprocessableEntity, form, errs)
}

func (s *Server) addMilestone(c fiber.Ctx) error {
	proj, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	form := map[string]string{"ms_title": c.FormValue("ms_title"), "ms_due": c.FormValue("ms_due")}
	due, derr := models.ParseDate(strings.TrimSpace(form["ms_due"]))
	m := models.Milestone{ProjectID: proj.ID, Title: form["ms_title"], DueDate: due}
	if derr == nil {
		_, err = s.DB.SaveMilestone(c.Context(), actorOf(c), m)
	} else {
		err = models.FieldErrors{"due_date": "date"}.Err()
	}
	if f := models.Fields(err); f != nil {
		return s.projectPageWithErrors(c, form, prefixed("ms_", f, map[string]string{"due_date": "due"}))
	}
	if err != nil {
		return err
	}
	return s.backToProject(c, proj.ID, "milestones")
}

// prefixed renames field errors to the form's prefixed names.
func prefixed(prefix string, f map[string]string, rename map[string]string) models.FieldErrors {
	out := models.FieldErrors{}
	for k, v := range f {
		if r, ok := rename[k]; ok {
			k = r
		}
		out[prefix+k] = v
	}
	return out
}

func (s *Server) milestoneDone(c fiber.Ctx) error {
	proj, id, err := s.projectChild(c, "mid")
	if err != nil {
		return err
	}
	m, err := s.DB.Milestone(c.Context(), id)
	if err != nil || m.ProjectID != proj.ID {
		return models.ErrNotFound
	}
	m.DoneDate = models.DateOf(s.DB.Now().In(s.cfg.Location))
	if _, err := s.DB.SaveMilestone(c.Context(), actorOf(c), m); err != nil {
		return err
	}
	return s.backToProject(c, proj.ID, "milestones")
}

func (s *Server) deleteMilestone(c fiber.Ctx) error {
	proj, id, err := s.projectChild(c, "mid")
	if err != nil {
		return err
	}
	if err := s.DB.DeleteMilestone(c.Context(), actorOf(c), proj.ID, id); err != nil {
		return err
	}
	return s.backToProject(c, proj.ID, "milestones")
}

func (s *Server) addRisk(c fiber.Ctx) error {
	proj, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"risk_title", "risk_probability", "risk_consequence", "risk_owner", "risk_mitigation"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	prob, _ := strconv.Atoi(form["risk_probability"])
	cons, _ := strconv.Atoi(form["risk_consequence"])
	r := models.Risk{ProjectID: proj.ID, Title: form["risk_title"], Probability: prob, Consequence: cons,
		Owner: form["risk_owner"], Mitigation: form["risk_mitigation"], Open: true}
	_, err = s.DB.SaveRisk(c.Context(), actorOf(c), r)
	if f := models.Fields(err); f != nil {
		return s.projectPageWithErrors(c, form, prefixed("risk_", f, nil))
	}
	if err != nil {
		return err
	}
	return s.backToProject(c, proj.ID, "risks")
}

func (s *Server) riskOpen(open bool) fiber.Handler {
	return func(c fiber.Ctx) error {
		proj, id, err := s.projectChild(c, "rid")
		if err != nil {
			return err
		}
		r, err := s.DB.Risk(c.Context(), id)
		if err != nil || r.ProjectID != proj.ID {
			return models.ErrNotFound
		}
		r.Open = open
		if _, err := s.DB.SaveRisk(c.Context(), actorOf(c), r); err != nil {
			return err
		}
		return s.backToProject(c, proj.ID, "risks")
	}
}

func (s *Server) deleteRisk(c fiber.Ctx) error {
	proj, id, err := s.projectChild(c, "rid")
	if err != nil {
		return err
	}
	if err := s.DB.DeleteRisk(c.Context(), actorOf(c), proj.ID, id); err != nil {
		return err
	}
	return s.backToProject(c, proj.ID, "risks")
}

// listFigure names the key figure a projects list's count is, when its
// filter is one of the overview's (all active projects, or those of one
// status), so that the page marks it as the overview does.
func listFigure(f data.ProjectFilter) string {
	if f.Phase != models.PhaseActive || f.ServiceArea != "" || f.Municipality != "" || f.LeaderID != 0 || f.Query != "" || f.Archived {
		return ""
	}
	switch f.Status {
	case "":
		return "active_projects"
	case models.StatusRed, models.StatusYellow, models.StatusGreen, models.StatusMissing:
		return f.Status
	}
	return ""
}
