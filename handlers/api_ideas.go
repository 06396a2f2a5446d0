package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

// registerIdeaRoutes adds ideas, checklists, the project log and lessons,
// and the products made from them (issue 28).
func (s *Server) registerIdeaRoutes() {
	s.handle("GET", "/ideas", LoggedIn, s.ideasPage)
	s.handle("GET", "/ideas/new", LoggedIn, s.newIdeaPage)
	s.handle("POST", "/ideas/new", LoggedIn, s.createIdea)
	s.handle("GET", "/ideas/:id", LoggedIn, s.ideaPage)
	s.handle("POST", "/ideas/:id/edit", Editors, s.updateIdeaForm)
	s.handle("POST", "/ideas/:id/support", LoggedIn, s.supportIdeaForm)
	s.handle("POST", "/ideas/:id/scores", Editors, s.scoreIdeaForm)
	s.handle("POST", "/ideas/:id/case", Editors, s.ideaCaseForm)
	s.handle("GET", "/admin/idea-criteria", Editors, s.criteriaPage)
	s.handle("POST", "/admin/idea-criteria", Editors, s.saveCriteriaForm)
	s.handle("GET", "/admin/checklist-template", Editors, s.templatePage)
	s.handle("POST", "/admin/checklist-template", Editors, s.saveTemplateForm)
	s.handle("GET", "/projects/:id/checklist", LoggedIn, s.checklistPage)
	s.handle("POST", "/projects/:id/checklist/:item", ProjectWriters, s.checklistItemForm)
	s.handle("GET", "/projects/:id/checklist/:item/document", LoggedIn, s.checklistDocument)
	s.handle("GET", "/projects/:id/log", LoggedIn, s.projectLogPage)
	s.handle("POST", "/projects/:id/log", ProjectWriters, s.createLogForm)
	s.handle("POST", "/projects/:id/log/:lid/delete", ProjectWriters, s.deleteLogForm)
	s.handle("GET", "/lessons", LoggedIn, s.lessonsPage)
	s.handle("GET", "/projects/:id/final-report", ProjectWriters, s.finalReportPage)
	s.handle("POST", "/projects/:id/final-report", ProjectWriters, s.saveAssessmentForm)
	s.handle("GET", "/reports/projects/:id/final-report.pdf", LoggedIn, s.finalReportPDF)
	s.handle("GET", "/reports/grants/:id.pdf", LoggedIn, s.funderReportPDF)

	s.handle("GET", "/api/v1/ideas", LoggedIn, s.apiIdeas)
	s.handle("POST", "/api/v1/ideas", LoggedIn, s.apiCreateIdea)
	s.handle("GET", "/api/v1/ideas/:id", LoggedIn, s.apiIdea)
	s.handle("PATCH", "/api/v1/ideas/:id", Editors, s.apiPatchIdea)
	s.handle("POST", "/api/v1/ideas/:id/support", LoggedIn, s.apiSupportIdea)
	s.handle("PUT", "/api/v1/ideas/:id/scores", Editors, s.apiScoreIdea)
	s.handle("POST", "/api/v1/ideas/:id/case", Editors, s.apiIdeaCase)
	s.handle("GET", "/api/v1/idea-criteria", LoggedIn, s.apiCriteria)
	s.handle("PUT", "/api/v1/idea-criteria", Editors, s.apiSetCriteria)
	s.handle("GET", "/api/v1/checklist-template", LoggedIn, s.apiTemplate)
	s.handle("PUT", "/api/v1/checklist-template", Editors, s.apiSetTemplate)
	s.handle("GET", "/api/v1/projects/:id/checklist", LoggedIn, s.apiChecklist)
	s.handle("PATCH", "/api/v1/projects/:id/checklist/:item", ProjectWriters, s.apiPatchChecklistItem)
	s.handle("GET", "/api/v1/projects/:id/log", LoggedIn, s.apiProjectLog)
	s.handle("POST", "/api/v1/projects/:id/log", ProjectWriters, s.apiCreateLogEntry)
	s.handle("PATCH", "/api/v1/log/:id", ProjectWriters, s.apiPatchLogEntry)
	s.handle("DELETE", "/api/v1/log/:id", ProjectWriters, s.apiDeleteLogEntry)
	s.handle("GET", "/api/v1/lessons", LoggedIn, s.apiLessons)
	s.handle("GET", "/api/v1/solutions/:id/ask", LoggedIn, s.apiSolutionAsk)
}

var ideaDocs = []apiDoc{
	{"GET", "/api/v1/ideas", "ideas", "Ideas in the order of the prioritisation list (rank by weighted score), then the rest", []string{"status", "service_area", "municipality", "q"}, "", "[]Idea", 0},
	{"POST", "/api/v1/ideas", "ideas", "Submit an idea (anyone signed in); municipality defaults to the caller's", nil, "Idea", "Idea", 201},
	{"GET", "/api/v1/ideas/{id}", "ideas", "One idea with its supporters, scores, total and rank", nil, "", "Idea", 0},
	{"PATCH", "/api/v1/ideas/{id}", "ideas", "Change an idea (editor); approved comes only from a decided case", nil, "Idea", "Idea", 0},
	{"POST", "/api/v1/ideas/{id}/support", "ideas", "The caller's municipality joins the idea (editors may name one)", nil, "Support", "Idea", 0},
	{"PUT", "/api/v1/ideas/{id}/scores", "ideas", "Replace the idea's scores, 1–5 per criterion (editor)", nil, "[]IdeaScore", "Idea", 0},
	{"POST", "/api/v1/ideas/{id}/case", "ideas", "Put the idea before the steering group: a pending case with idea_id (editor)", nil, "", "Case", 201},
	{"GET", "/api/v1/idea-criteria", "ideas", "The weighted criteria ideas are scored on", nil, "", "[]Criterion", 0},
	{"PUT", "/api/v1/idea-criteria", "ideas", "Replace the criteria (editor); without id a criterion is added, one left out is removed", nil, "[]Criterion", "[]Criterion", 0},
	{"GET", "/api/v1/checklist-template", "checklists", "The phase checklist template", nil, "", "[]TemplateItem", 0},
	{"PUT", "/api/v1/checklist-template", "checklists", "Replace the template (editor); projects with a checklist keep theirs", nil, "[]TemplateItem", "[]TemplateItem", 0},
	{"GET", "/api/v1/projects/{id}/checklist", "checklists", "A project's checklist, phase by phase", nil, "", "[]ChecklistItem", 0},
	{"PATCH", "/api/v1/projects/{id}/checklist/{item}", "checklists", "Set an item open, done (url) or not_relevant (reason)", nil, "ChecklistItem", "ChecklistItem", 0},
	{"GET", "/api/v1/projects/{id}/log", "lessons", "A project's log, newest first", nil, "", "[]LogEntry", 0},
	{"POST", "/api/v1/projects/{id}/log", "lessons", "Add a log entry (the project's leader, editors)", nil, "LogEntry", "LogEntry", 201},
	{"PATCH", "/api/v1/log/{id}", "lessons", "Change a log entry", nil, "LogEntry", "LogEntry", 0},
	{"DELETE", "/api/v1/log/{id}", "lessons", "Delete a log entry", nil, "", "", 204},
	{"GET", "/api/v1/lessons", "lessons", "Shared lessons of every project; q folds æ/ø/å", []string{"q", "solution", "service_area"}, "", "[]LogEntry", 0},
	{"GET", "/api/v1/solutions/{id}/ask", "lessons", "The municipalities with the solution in use and their contact person", nil, "", "[]Asker", 0},
}

var (
	ideaEnums      = map[string][]string{"status": models.IdeaStatuses, "service_area": models.ServiceAreas}
	checklistEnums = map[string][]string{"phase": models.ChecklistPhases, "status": models.ItemStatuses}
	logEnums       = map[string][]string{"kind": models.LogKinds, "service_area": models.ServiceAreas}
)

// supportInput is the body of a join: who joins, for which municipality.
type supportInput struct {
	Municipality *string `json:"municipality"`
	Name         *string `json:"name"`
	Email        *string `json:"email"`
}

func init() {
	apiDocs = append(apiDocs, ideaDocs...)
	schemas["Idea"] = schemaSpec{value: models.Idea{}, enums: ideaEnums, readOnly: []string{"id", "municipality_name", "supporters", "scores", "total_score", "scored", "rank", "case_id", "project_id", "submitted_by", "created_at", "updated_at"}}
	schemas["IdeaInput"] = schemaSpec{value: ideaInput{}, enums: ideaEnums, create: []string{"title", "need", "service_area"}}
	schemas["SupportInput"] = schemaSpec{value: supportInput{}}
	schemas["Supporter"] = schemaSpec{value: models.Supporter{}}
	schemas["IdeaScore"] = schemaSpec{value: models.IdeaScore{}}
	schemas["IdeaScoreInput"] = schemaSpec{value: models.IdeaScore{}}
	schemas["Criterion"] = schemaSpec{value: models.Criterion{}}
	schemas["CriterionInput"] = schemaSpec{value: models.Criterion{}}
	schemas["TemplateItem"] = schemaSpec{value: models.TemplateItem{}, enums: checklistEnums}
	schemas["TemplateItemInput"] = schemaSpec{value: models.TemplateItem{}, enums: checklistEnums}
	schemas["ChecklistItem"] = schemaSpec{value: models.ChecklistItem{}, enums: checklistEnums, readOnly: []string{"id", "project_id", "phase", "title", "mandatory", "archive_id", "filename", "checksum", "done_by", "done_at"}}
	schemas["ChecklistItemInput"] = schemaSpec{value: checklistInput{}, enums: checklistEnums}
	schemas["LogEntry"] = schemaSpec{value: models.LogEntry{}, enums: logEnums, readOnly: []string{"id", "project_id", "project_title", "service_area", "updated_at"}}
	schemas["LogEntryInput"] = schemaSpec{value: logInput{}, enums: logEnums, create: []string{"title"}}
	schemas["Asker"] = schemaSpec{value: models.Asker{}}
	caseEnums["idea_outcome"] = withEmpty(models.IdeaOutcomes)
	if spec, ok := schemas["Case"]; ok {
		spec.readOnly = append(spec.readOnly, "idea_id")
		schemas["Case"] = spec
	}
	if spec, ok := schemas["Error"]; ok {
		spec.enums["code"] = append(spec.enums["code"], models.CodeChecklistOpen)
	}
}

// ideaInput is the API body of an idea; absent fields keep their value.
type ideaInput struct {
	Title            *string `json:"title"`
	Need             *string `json:"need"`
	Proposal         *string `json:"proposal"`
	ServiceArea      *string `json:"service_area"`
	Municipality     *string `json:"municipality"`
	ExpectedBenefits *string `json:"expected_benefits"`
	EstimatedCostNOK *int64  `json:"estimated_cost_nok"`
	Status           *string `json:"status"`
	StatusReason     *string `json:"status_reason"`
}

func (in ideaInput) apply(i *models.Idea) {
	setIf(&i.Title, in.Title)
	setIf(&i.Need, in.Need)
	setIf(&i.Proposal, in.Proposal)
	setIf(&i.ServiceArea, in.ServiceArea)
	setIf(&i.Municipality, in.Municipality)
	setIf(&i.ExpectedBenefits, in.ExpectedBenefits)
	setIf(&i.EstimatedCostNOK, in.EstimatedCostNOK)
	setIf(&i.Status, in.Status)
	setIf(&i.StatusReason, in.StatusReason)
}

func ideaFilterOf(c fiber.Ctx) (data.IdeaFilter, error) {
	f := data.IdeaFilter{Status: c.Query("status"), ServiceArea: c.Query("service_area"), Municipality: c.Query("municipality"), Query: c.Query("q")}
	bad := models.FieldErrors{}
	if f.Status != "" && !models.ValidIdeaStatus(f.Status) {
		bad.Add("status", "choice")
	}
	if f.ServiceArea != "" && !models.ValidServiceArea(f.ServiceArea) {
		bad.Add("service_area", "choice")
	}
	return f, bad.Err()
}

func (s *Server) apiIdeas(c fiber.Ctx) error {
	f, err := ideaFilterOf(c)
	if err != nil {
		return err
	}
	list, err := s.DB.Ideas(c.Context(), f)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiIdea(c fiber.Ctx) error {
	i, err := loadParam(c, s.DB.Idea)
	if err != nil {
		return err
	}
	return c.JSON(i)
}

func (s *Server) apiCreateIdea(c fiber.Ctx) error {
	var in ideaInput
	bad, err := readNew(c, &in, models.Idea{})
	if err != nil {
		return err
	}
	u := currentUser(c)
	i := models.Idea{Municipality: u.Municipality, Status: models.IdeaSubmitted}
	in.apply(&i)
	if !u.Role.EditsPortfolio() && in.Status != nil && *in.Status != models.IdeaSubmitted {
		bad.Add("status", "read_only")
	}
	if len(bad) > 0 {
		return validateWith(bad, &i)
	}
	created, err := s.DB.CreateIdea(c.Context(), actorOf(c), i)
	if err != nil {
		return err
	}
	c.Location("/api/v1/ideas/" + strconv.FormatInt(created.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(created)
}

func (s *Server) apiPatchIdea(c fiber.Ctx) error {
	i, err := loadParam(c, s.DB.Idea)
	if err != nil {
		return err
	}
	var in ideaInput
	bad, err := readPatch(c, &in, i)
	if err != nil {
		return err
	}
	in.apply(&i)
	if len(bad) > 0 {
		return validateWith(bad, &i)
	}
	saved, err := s.DB.UpdateIdea(c.Context(), actorOf(c), i)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

// supporterFor works out who joins an idea, for which municipality: the
// caller's own, or for editors the one they name.
func supporterFor(u *models.User, in supportInput) (models.Supporter, error) {
	want := ""
	setIf(&want, in.Municipality)
	m, ok := models.CanSupportFor(u, strings.TrimSpace(want))
	if !ok {
		switch {
		case u.Role.EditsPortfolio():
			return models.Supporter{}, models.FieldErrors{"municipality": "required"}.Err()
		case u.Municipality == "":
			return models.Supporter{}, models.FieldErrors{"municipality": "no_municipality"}.Err()
		}
		return models.Supporter{}, errForbidden
	}
	sup := models.Supporter{Municipality: m, Name: u.Name, Email: u.Email}
	if u.Role.EditsPortfolio() && m != u.Municipality {
		sup.Name, sup.Email = "", ""
	}
	setIf(&sup.Name, in.Name)
	setIf(&sup.Email, in.Email)
	return sup, nil
}

func (s *Server) apiSupportIdea(c fiber.Ctx) error {
	idea, err := loadParam(c, s.DB.Idea)
	if err != nil {
		return err
	}
	id := idea.ID
	var in supportInput
	if len(strings.TrimSpace(string(c.Body()))) > 0 {
		if err := decodeNew(c, &in, nil); err != nil {
			return err
		}
	}
	sup, err := supporterFor(currentUser(c), in)
	if err != nil {
		return err
	}
	i, err := s.DB.SupportIdea(c.Context(), actorOf(c), id, sup)
	if err != nil {
		return err
	}
	return c.JSON(i)
}

func (s *Server) apiScoreIdea(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var scores []models.IdeaScore
	if err := decodeList(c, "scores", &scores); err != nil {
		return err
	}
	i, err := s.DB.SetIdeaScores(c.Context(), actorOf(c), id, scores)
	if err != nil {
		return err
	}
	return c.JSON(i)
}

func (s *Server) apiIdeaCase(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	cs, err := s.DB.IdeaToCase(c.Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(cs)
}

func (s *Server) apiCriteria(c fiber.Ctx) error {
	list, err := s.DB.IdeaCriteria(c.Context())
	if err != nil {
		return err
	}
	return c.JSON(list)
}

func (s *Server) apiSetCriteria(c fiber.Ctx) error {
	var list []models.Criterion
	if err := decodeList(c, "criteria", &list); err != nil {
		return err
	}
	out, err := s.DB.SetIdeaCriteria(c.Context(), actorOf(c), list)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiTemplate(c fiber.Ctx) error {
	list, err := s.DB.ChecklistTemplate(c.Context())
	if err != nil {
		return err
	}
	return c.JSON(list)
}

func (s *Server) apiSetTemplate(c fiber.Ctx) error {
	var list []models.TemplateItem
	if err := decodeList(c, "template", &list); err != nil {
		return err
	}
	out, err := s.DB.SetChecklistTemplate(c.Context(), actorOf(c), list)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) apiChecklist(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	list, err := s.DB.Checklist(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(list)
}

// checklistInput is the body of a change to a checklist item.
type checklistInput struct {
	Status *string `json:"status"`
	Reason *string `json:"reason"`
	URL    *string `json:"url"`
}

// checklistItem loads the item the route names, of a project the user may change.
func (s *Server) checklistItem(c fiber.Ctx) (models.Project, models.ChecklistItem, error) {
	p, err := s.projectForWrite(c)
	if err != nil {
		return p, models.ChecklistItem{}, err
	}
	id, err := idParam(c, "item")
	if err != nil {
		return p, models.ChecklistItem{}, err
	}
	items, err := s.DB.Checklist(c.Context(), p.ID)
	if err != nil {
		return p, models.ChecklistItem{}, err
	}
	for _, i := range items {
		if i.ID == id {
			return p, i, nil
		}
	}
	return p, models.ChecklistItem{}, models.ErrNotFound
}

func (s *Server) apiPatchChecklistItem(c fiber.Ctx) error {
	_, item, err := s.checklistItem(c)
	if err != nil {
		return err
	}
	var in checklistInput
	if err := decodePatch(c, &in, item); err != nil {
		return err
	}
	setIf(&item.Status, in.Status)
	setIf(&item.Reason, in.Reason)
	setIf(&item.URL, in.URL)
	saved, err := s.DB.UpdateChecklistItem(c.Context(), actorOf(c), item, nil)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

// logInput is the API body of a log entry; absent fields keep their value.
type logInput struct {
	Kind           *string  `json:"kind"`
	Title          *string  `json:"title"`
	Description    *string  `json:"description"`
	Consequence    *string  `json:"consequence"`
	Recommendation *string  `json:"recommendation"`
	SolutionIDs    *[]int64 `json:"solution_ids"`
	Shared         *bool    `json:"shared"`
	Author         *string  `json:"author"`
	Date           *string  `json:"date"`
}

func (in logInput) apply(l *models.LogEntry) models.FieldErrors {
	f := models.FieldErrors{}
	setIf(&l.Kind, in.Kind)
	setIf(&l.Title, in.Title)
	setIf(&l.Description, in.Description)
	setIf(&l.Consequence, in.Consequence)
	setIf(&l.Recommendation, in.Recommendation)
	setIf(&l.SolutionIDs, in.SolutionIDs)
	setIf(&l.Shared, in.Shared)
	setIf(&l.Author, in.Author)
	optionalDate(f, "date", in.Date, &l.Date)
	return f
}

func (s *Server) apiProjectLog(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	list, err := s.DB.LogEntries(c.Context(), data.LogFilter{ProjectID: p.ID})
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiCreateLogEntry(c fiber.Ctx) error {
	p, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	var in logInput
	bad, err := readNew(c, &in, models.LogEntry{})
	if err != nil {
		return err
	}
	l := models.LogEntry{ProjectID: p.ID, Kind: "lesson", SolutionIDs: []int64{}, Date: s.today()}
	if f := merge(in.apply(&l), bad); len(f) > 0 {
		return validateWith(f, &l)
	}
	saved, err := s.DB.SaveLogEntry(c.Context(), actorOf(c), l)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(saved)
}

// logEntryForWrite loads the route's log entry and checks the user may change its project.
func (s *Server) logEntryForWrite(c fiber.Ctx) (models.LogEntry, error) {
	l, err := loadParam(c, s.DB.LogEntry)
	if err != nil {
		return l, err
	}
	p, err := s.DB.Project(c.Context(), l.ProjectID)
	if err != nil {
		return l, err
	}
	if !models.CanEditProject(currentUser(c), &p) {
		return l, errForbidden
	}
	return l, nil
}

func (s *Server) apiPatchLogEntry(c fiber.Ctx) error {
	l, err := s.logEntryForWrite(c)
	if err != nil {
		return err
	}
	var in logInput
	bad, err := readPatch(c, &in, l)
	if err != nil {
		return err
	}
	if f := merge(in.apply(&l), bad); len(f) > 0 {
		return validateWith(f, &l)
	}
	saved, err := s.DB.SaveLogEntry(c.Context(), actorOf(c), l)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiDeleteLogEntry(c fiber.Ctx) error {
	l, err := s.logEntryForWrite(c)
	if err != nil {
		return err
	}
	if err := s.DB.DeleteLogEntry(c.Context(), actorOf(c), l.ID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func lessonFilterOf(c fiber.Ctx) (data.LogFilter, error) {
	f := data.LogFilter{Shared: true, Query: c.Query("q"), ServiceArea: c.Query("service_area")}
	var err error
	if f.SolutionID, err = queryID(c, "solution"); err != nil {
		return f, err
	}
	if f.ServiceArea != "" && !models.ValidServiceArea(f.ServiceArea) {
		return f, models.FieldErrors{"service_area": "choice"}.Err()
	}
	return f, nil
}

func (s *Server) apiLessons(c fiber.Ctx) error {
	f, err := lessonFilterOf(c)
	if err != nil {
		return err
	}
	list, err := s.DB.LogEntries(c.Context(), f)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiSolutionAsk(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	list, err := s.DB.SolutionAskers(c.Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(list)
}
