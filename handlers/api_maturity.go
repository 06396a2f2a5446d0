package handlers

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// registerMaturityRoutes: maturity rounds and competence programmes, their
// API, pages, imports and exports.
func (s *Server) registerMaturityRoutes() {
	s.handle("GET", "/api/v1/maturity/areas", LoggedIn, s.apiMaturityAreas)
	s.handle("PUT", "/api/v1/maturity/areas", Editors, s.apiSetMaturityAreas)
	s.handle("GET", "/api/v1/maturity/rounds", LoggedIn, s.apiMaturityRounds)
	s.handle("POST", "/api/v1/maturity/rounds", Editors, s.apiCreateMaturityRound)
	s.handle("GET", "/api/v1/maturity/rounds/:id", LoggedIn, s.apiMaturityRound)
	s.handle("PATCH", "/api/v1/maturity/rounds/:id", Editors, s.apiPatchMaturityRound)
	s.handle("GET", "/api/v1/maturity/rounds/:id/results", LoggedIn, s.apiMaturityResults)
	s.handle("GET", "/api/v1/maturity/rounds/:id/municipalities/:number", LoggedIn, s.apiMaturityAnswer)
	s.handle("PUT", "/api/v1/maturity/rounds/:id/municipalities/:number", RolloutWriters, s.apiSetMaturityAnswer)
	s.handle("POST", "/api/v1/maturity/rounds/:id/import", Editors, s.apiImportMaturityRound)
	s.handle("GET", "/api/v1/courses", LoggedIn, s.apiCourses)
	s.handle("POST", "/api/v1/courses", Editors, s.apiCreateCourse)
	s.handle("GET", "/api/v1/courses/:id", LoggedIn, s.apiCourse)
	s.handle("PATCH", "/api/v1/courses/:id", Editors, s.apiPatchCourse)
	s.handle("GET", "/api/v1/courses/:id/participants", LoggedIn, s.apiParticipants)
	s.handle("PUT", "/api/v1/courses/:id/participants", Editors, s.apiSetParticipants)
	s.handle("POST", "/api/v1/courses/:id/participants/import", Editors, s.apiImportParticipants)
	s.handle("GET", "/api/v1/municipalities/:number/competence", LoggedIn, s.apiMunicipalityCompetence)
	s.registerMaturityPages()
}

var maturityDocs = []apiDoc{
	{"GET", "/api/v1/maturity/areas", "maturity", "The maturity framework: its areas, each with five described levels (KS's eight until changed)", nil, "", "[]MaturityArea", 0},
	{"PUT", "/api/v1/maturity/areas", "maturity", "Replace the framework (editor); answers keep the scores of areas that go", nil, "[]MaturityArea", "[]MaturityArea", 0},
	{"GET", "/api/v1/maturity/rounds", "maturity", "Maturity rounds, newest first", nil, "", "[]MaturityRound", 0},
	{"POST", "/api/v1/maturity/rounds", "maturity", "Open a round (editor)", nil, "MaturityRound", "MaturityRound", 201},
	{"GET", "/api/v1/maturity/rounds/{id}", "maturity", "One round", nil, "", "MaturityRound", 0},
	{"PATCH", "/api/v1/maturity/rounds/{id}", "maturity", "Change a round, e.g. its closing day (editor)", nil, "MaturityRound", "MaturityRound", 0},
	{"GET", "/api/v1/maturity/rounds/{id}/results", "maturity", "A round's medians (all, and by size band: small < 5 000, medium 5 000–20 000, large > 20 000) and every member's scorecard; below_median = score ≤ median − 1", nil, "", "MaturityResults", 0},
	{"GET", "/api/v1/maturity/rounds/{id}/municipalities/{number}", "maturity", "A municipality's answer to a round", nil, "", "MaturityAnswer", 0},
	{"PUT", "/api/v1/maturity/rounds/{id}/municipalities/{number}", "maturity", "Set a municipality's scores (1–5) and comments by area (a contact for their own municipality while the round is open; editors any, any time)", nil, "MaturityAnswer", "MaturityAnswer", 0},
	{"POST", "/api/v1/maturity/rounds/{id}/import", "import", "Import a whole round from CSV or XLSX (a row per municipality number, a column per area id); dry_run=true shows the outcome row by row; all or nothing", []string{"dry_run"}, "", "ImportResult", 0},
	{"GET", "/api/v1/courses", "competence", "Courses and programmes, newest first, with their figures", nil, "", "[]Course", 0},
	{"POST", "/api/v1/courses", "competence", "Add a course or programme (editor)", nil, "Course", "Course", 201},
	{"GET", "/api/v1/courses/{id}", "competence", "One course", nil, "", "Course", 0},
	{"PATCH", "/api/v1/courses/{id}", "competence", "Change a course (editor)", nil, "Course", "Course", 0},
	{"GET", "/api/v1/courses/{id}/participants", "competence", "A course's participants", nil, "", "[]CourseParticipant", 0},
	{"PUT", "/api/v1/courses/{id}/participants", "competence", "Replace a course's participants (editor); all or nothing, a wrong row is named N.field", nil, "[]CourseParticipant", "[]CourseParticipant", 0},
	{"POST", "/api/v1/courses/{id}/participants/import", "import", "Import participants from a course provider's CSV or XLSX (Norwegian or English headers); dry_run=true shows the outcome row by row; all or nothing", []string{"dry_run"}, "", "ImportResult", 0},
	{"GET", "/api/v1/municipalities/{number}/competence", "competence", "What a municipality's people took part in: participants, completed, leaders, and per course", nil, "", "Competence", 0},
}

// Shapes of the maturity API's bodies.
type (
	roundInput struct {
		Name   *string `json:"name"`
		Year   *int    `json:"year"`
		Opens  *string `json:"opens"`
		Closes *string `json:"closes"`
	}
	answerInput struct {
		Scores   *map[string]int    `json:"scores"`
		Comments *map[string]string `json:"comments"`
	}
	courseInput struct {
		Title    *string `json:"title"`
		Provider *string `json:"provider"`
		Kind     *string `json:"kind"`
		Start    *string `json:"start"`
		End      *string `json:"end"`
	}
)

func init() {
	apiDocs = append(apiDocs, maturityDocs...)
	courseEnums := map[string][]string{"kind": models.CourseKinds}
	participantEnums := map[string][]string{"role": models.ParticipantRoles}
	bandEnums := map[string][]string{"band": models.Bands}
	for name, spec := range map[string]schemaSpec{
		"MaturityArea":           {value: models.MaturityArea{}},
		"MaturityAreaInput":      {value: models.MaturityArea{}},
		"MaturityRound":          {value: models.MaturityRound{}, readOnly: []string{"id"}},
		"MaturityRoundInput":     {value: roundInput{}, create: []string{"name", "year", "opens", "closes"}},
		"MaturityAnswer":         {value: models.MaturityAnswer{}, readOnly: []string{"round_id", "municipality", "answered_by", "updated_at"}},
		"MaturityAnswerInput":    {value: answerInput{}},
		"MaturityResults":        {value: models.MaturityResults{}, enums: bandEnums},
		"Course":                 {value: models.Course{}, enums: courseEnums, readOnly: []string{"id", "participants", "completed"}},
		"CourseInput":            {value: courseInput{}, enums: courseEnums, create: []string{"title", "kind"}},
		"CourseParticipant":      {value: models.CourseParticipant{}, enums: participantEnums},
		"CourseParticipantInput": {value: models.CourseParticipant{}, enums: participantEnums},
		"Competence":             {value: models.Competence{}, enums: courseEnums},
	} {
		schemas[name] = spec
	}
	queryEnums["maturity"] = map[string][]string{}
	queryEnums["competence"] = map[string][]string{}
}

func (s *Server) apiMaturityAreas(c fiber.Ctx) error {
	list, err := s.DB.MaturityAreas(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiSetMaturityAreas(c fiber.Ctx) error {
	var list []models.MaturityArea
	if err := decodeList(c, "areas", &list); err != nil {
		return err
	}
	saved, err := s.DB.SetMaturityAreas(c.Context(), actorOf(c), list)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiMaturityRounds(c fiber.Ctx) error {
	list, err := s.DB.MaturityRounds(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiMaturityRound(c fiber.Ctx) error {
	r, err := loadParam(c, s.DB.MaturityRound)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (in roundInput) apply(r *models.MaturityRound) models.FieldErrors {
	f := models.FieldErrors{}
	setIf(&r.Name, in.Name)
	setIf(&r.Year, in.Year)
	optionalDate(f, "opens", in.Opens, &r.Opens)
	optionalDate(f, "closes", in.Closes, &r.Closes)
	return f
}

func (s *Server) apiCreateMaturityRound(c fiber.Ctx) error {
	var in roundInput
	bad, err := readNew(c, &in, models.MaturityRound{})
	if err != nil {
		return err
	}
	var r models.MaturityRound
	bad = merge(bad, in.apply(&r))
	if len(bad) > 0 {
		return validateWith(bad, &r)
	}
	saved, err := s.DB.SaveMaturityRound(c.Context(), actorOf(c), r)
	if err != nil {
		return err
	}
	c.Location("/api/v1/maturity/rounds/" + strconv.FormatInt(saved.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiPatchMaturityRound(c fiber.Ctx) error {
	r, err := loadParam(c, s.DB.MaturityRound)
	if err != nil {
		return err
	}
	var in roundInput
	bad, err := readPatch(c, &in, r)
	if err != nil {
		return err
	}
	bad = merge(bad, in.apply(&r))
	if len(bad) > 0 {
		return validateWith(bad, &r)
	}
	saved, err := s.DB.SaveMaturityRound(c.Context(), actorOf(c), r)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiMaturityResults(c fiber.Ctx) error {
	r, err := loadParam(c, s.DB.MaturityRound)
	if err != nil {
		return err
	}
	res, _, err := s.DB.MaturityResults(c.Context(), r.ID)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

// maturityParam loads the round and member municipality a route names.
func (s *Server) maturityParam(c fiber.Ctx) (models.MaturityRound, models.Municipality, error) {
	r, err := loadParam(c, s.DB.MaturityRound)
	if err != nil {
		return r, models.Municipality{}, err
	}
	m, err := s.DB.Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return r, m, err
	}
	if !m.Member {
		return r, m, models.ErrNotFound
	}
	return r, m, nil
}

// errRoundClosed is what a contact gets for a round that is not open.
var errRoundClosed = &models.Error{Code: models.EFORBIDDEN, Message: "the round is not open for answers"}

// mayAnswer checks that the user may answer the round for the municipality.
func (s *Server) mayAnswer(c fiber.Ctx, r models.MaturityRound, number string) error {
	u := currentUser(c)
	if models.CanAnswerMaturity(u, r, number, s.today()) {
		return nil
	}
	if u != nil && u.Role == models.RoleContact && u.Municipality == number {
		return errRoundClosed
	}
	return errForbidden
}

func (s *Server) apiMaturityAnswer(c fiber.Ctx) error {
	r, m, err := s.maturityParam(c)
	if err != nil {
		return err
	}
	a, err := s.DB.MaturityAnswer(c.Context(), r.ID, m.Number)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

func (s *Server) apiSetMaturityAnswer(c fiber.Ctx) error {
	r, m, err := s.maturityParam(c)
	if err != nil {
		return err
	}
	if err := s.mayAnswer(c, r, m.Number); err != nil {
		return err
	}
	current, err := s.DB.MaturityAnswer(c.Context(), r.ID, m.Number)
	if err != nil {
		return err
	}
	var in answerInput
	bad, err := readPatch(c, &in, current)
	if err != nil {
		return err
	}
	a := models.MaturityAnswer{RoundID: r.ID, Municipality: m.Number, Scores: current.Scores, Comments: current.Comments}
	if in.Scores != nil {
		a.Scores = *in.Scores
	}
	if in.Comments != nil {
		a.Comments = *in.Comments
	}
	if len(bad) > 0 {
		return bad.Err()
	}
	saved, err := s.DB.SetMaturityAnswer(c.Context(), actorOf(c), a)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiCourses(c fiber.Ctx) error {
	list, err := s.DB.Courses(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiCourse(c fiber.Ctx) error {
	co, err := loadParam(c, s.DB.Course)
	if err != nil {
		return err
	}
	return c.JSON(co)
}

func (in courseInput) apply(co *models.Course) models.FieldErrors {
	f := models.FieldErrors{}
	setIf(&co.Title, in.Title)
	setIf(&co.Provider, in.Provider)
	setIf(&co.Kind, in.Kind)
	optionalDate(f, "start", in.Start, &co.Start)
	optionalDate(f, "end", in.End, &co.End)
	return f
}

func (s *Server) apiCreateCourse(c fiber.Ctx) error {
	var in courseInput
	bad, err := readNew(c, &in, models.Course{})
	if err != nil {
		return err
	}
	var co models.Course
	bad = merge(bad, in.apply(&co))
	if len(bad) > 0 {
		return validateWith(bad, &co)
	}
	saved, err := s.DB.SaveCourse(c.Context(), actorOf(c), co)
	if err != nil {
		return err
	}
	c.Location(fmt.Sprintf("/api/v1/courses/%d", saved.ID))
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiPatchCourse(c fiber.Ctx) error {
	co, err := loadParam(c, s.DB.Course)
	if err != nil {
		return err
	}
	var in courseInput
	bad, err := readPatch(c, &in, co)
	if err != nil {
		return err
	}
	bad = merge(bad, in.apply(&co))
	if len(bad) > 0 {
		return validateWith(bad, &co)
	}
	saved, err := s.DB.SaveCourse(c.Context(), actorOf(c), co)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiParticipants(c fiber.Ctx) error {
	co, err := loadParam(c, s.DB.Course)
	if err != nil {
		return err
	}
	list, err := s.DB.Participants(c.Context(), co.ID)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiSetParticipants(c fiber.Ctx) error {
	co, err := loadParam(c, s.DB.Course)
	if err != nil {
		return err
	}
	var list []models.CourseParticipant
	if err := decodeList(c, "participants", &list); err != nil {
		return err
	}
	saved, err := s.DB.SetParticipants(c.Context(), actorOf(c), co.ID, list)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiMunicipalityCompetence(c fiber.Ctx) error {
	m, err := s.DB.Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return err
	}
	out, err := s.DB.MunicipalityCompetence(c.Context(), m.Number)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
