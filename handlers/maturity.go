package handlers

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

// maturityGroupLimit is how many municipalities a round's page shows in one
// table; beyond it the page groups them by county, with drill-down.
const maturityGroupLimit = 40

func (s *Server) registerMaturityPages() {
	s.handle("GET", "/maturity", LoggedIn, s.maturityPage)
	s.handle("POST", "/maturity/rounds", Editors, s.createRoundForm)
	s.handle("GET", "/maturity/rounds/:id", LoggedIn, s.roundPage)
	s.handle("POST", "/maturity/rounds/:id", Editors, s.updateRoundForm)
	s.handle("POST", "/maturity/rounds/:id/import", Editors, s.importRoundForm)
	s.handle("GET", "/maturity/rounds/:id/municipalities/:number", RolloutWriters, s.answerPage)
	s.handle("POST", "/maturity/rounds/:id/municipalities/:number", RolloutWriters, s.saveAnswerForm)
	s.handle("GET", "/export/maturity.xlsx", LoggedIn, s.exportMaturity)
	s.handle("GET", "/competence", LoggedIn, s.competencePage)
	s.handle("POST", "/competence/courses", Editors, s.createCourseForm)
	s.handle("GET", "/competence/courses/:id", LoggedIn, s.coursePage)
	s.handle("POST", "/competence/courses/:id/import", Editors, s.importParticipantsForm)
}

// roundRow is a round in the list, with how many answered.
type roundRow struct {
	models.MaturityRound
	Open     bool
	Answered int
	Members  int
}

var roundFields = []string{"name", "year", "opens", "closes"}

func (s *Server) maturityPage(c fiber.Ctx) error {
	return s.renderMaturity(c, fiber.StatusOK, s.page(c, "mat.title"))
}

func (s *Server) renderMaturity(c fiber.Ctx, status int, p *views.Page) error {
	ctx := c.Context()
	rounds, err := s.DB.MaturityRounds(ctx)
	if err != nil {
		return err
	}
	areas, err := s.DB.MaturityAreas(ctx)
	if err != nil {
		return err
	}
	today := s.today()
	var rows []roundRow
	var open []roundRow
	for _, r := range rounds {
		res, _, err := s.DB.MaturityResults(ctx, r.ID)
		if err != nil {
			return err
		}
		row := roundRow{MaturityRound: r, Open: r.OpenOn(today), Answered: res.Answered, Members: len(res.Municipalities)}
		rows = append(rows, row)
		if row.Open {
			open = append(open, row)
		}
	}
	if p.Form["year"] == "" {
		p.Form["year"] = strconv.Itoa(today.Year())
	}
	u := p.User
	p.Data = struct {
		Rounds, Open []roundRow
		Areas        []models.MaturityArea
		CanEdit      bool
		Own          string
	}{rows, open, areas, u.Role.EditsPortfolio(), ownMunicipality(u)}
	return s.render(c, status, "maturity", p)
}

func ownMunicipality(u *models.User) string {
	if u != nil && u.Role == models.RoleContact {
		return u.Municipality
	}
	return ""
}

// roundFromForm reads a round's form fields.
func roundFromForm(c fiber.Ctx, r *models.MaturityRound) models.FieldErrors {
	f := models.FieldErrors{}
	r.Name = c.FormValue("name")
	if y, ok := parseInt(c.FormValue("year")); ok {
		r.Year = int(y)
	} else {
		f.Add("year", "number")
	}
	dateInto(f, "opens", c.FormValue("opens"), &r.Opens)
	dateInto(f, "closes", c.FormValue("closes"), &r.Closes)
	return f
}

func (s *Server) createRoundForm(c fiber.Ctx) error {
	var r models.MaturityRound
	f := roundFromForm(c, &r)
	var saved models.MaturityRound
	f, err := saveForm(f, r.Validate, func() error {
		var err error
		saved, err = s.DB.SaveMaturityRound(c.Context(), actorOf(c), r)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		p := s.page(c, "mat.title")
		formOf(c, p, roundFields...)
		p.Errors = f
		return s.renderMaturity(c, fiber.StatusUnprocessableEntity, p)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/maturity/rounds/%d?saved=1", saved.ID))
}

// roundCell is one municipality's score in one area on the round's page.
type roundCell struct {
	Score  int
	Below  bool
	Change int
	HasChg bool
}

// roundLine is a row of the round's table: a municipality, or a county
// summed up (its median per area) when the round is grouped.
type roundLine struct {
	Number, Name, Band, URL, EditURL string
	Answered                         bool
	Average                          float64
	Cells                            []roundCell
	Count, AnsweredCount             int
	Medians                          []float64
}

func (s *Server) roundPage(c fiber.Ctx) error {
	return s.renderRound(c, fiber.StatusOK, s.page(c, ""), nil)
}

func (s *Server) renderRound(c fiber.Ctx, status int, p *views.Page, imported *importResult) error {
	ctx := c.Context()
	r, err := loadParam(c, s.DB.MaturityRound)
	if err != nil {
		return err
	}
	res, areas, err := s.DB.MaturityResults(ctx, r.ID)
	if err != nil {
		return err
	}
	p.Title = r.Name
	county := c.Query("county")
	today := s.today()
	line := func(sc models.Scorecard) roundLine {
		l := roundLine{Number: sc.Number, Name: sc.Name, Band: sc.Band, Answered: sc.Answered, Average: sc.Average,
			URL: "/municipalities/" + sc.Number}
		if models.CanAnswerMaturity(p.User, r, sc.Number, today) {
			l.EditURL = fmt.Sprintf("/maturity/rounds/%d/municipalities/%s", r.ID, sc.Number)
		}
		below := map[string]bool{}
		for _, id := range sc.BelowMedian {
			below[id] = true
		}
		for _, a := range areas {
			chg, ok := sc.Change[a.ID]
			l.Cells = append(l.Cells, roundCell{Score: sc.Scores[a.ID], Below: below[a.ID], Change: chg, HasChg: ok})
		}
		return l
	}
	grouped := len(res.Municipalities) > maturityGroupLimit && county == ""
	var lines, counties []roundLine
	byCounty := map[string][]models.Scorecard{}
	for _, sc := range res.Municipalities {
		code := models.CountyOf(sc.Number)
		byCounty[code] = append(byCounty[code], sc)
		if !grouped && (county == "" || code == county) {
			lines = append(lines, line(sc))
		}
	}
	if grouped {
		codes := sortedKeys(byCounty)
		for _, code := range codes {
			l := roundLine{Number: code, Name: p.County(code), URL: fmt.Sprintf("/maturity/rounds/%d?county=%s", r.ID, code), Count: len(byCounty[code])}
			for _, a := range areas {
				var v []int
				for _, sc := range byCounty[code] {
					if s := sc.Scores[a.ID]; s != 0 {
						v = append(v, s)
					}
				}
				l.Medians = append(l.Medians, models.Median(v))
			}
			for _, sc := range byCounty[code] {
				if sc.Answered {
					l.AnsweredCount++
				}
			}
			counties = append(counties, l)
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Name < lines[j].Name })
	var median []float64
	bands := map[string][]float64{}
	for _, a := range areas {
		median = append(median, res.Median[a.ID])
		for _, b := range models.Bands {
			bands[b] = append(bands[b], res.Bands[b][a.ID])
		}
	}
	if p.Form["name"] == "" && len(p.Errors) == 0 {
		p.Form = map[string]string{"name": r.Name, "year": strconv.Itoa(r.Year), "opens": r.Opens.String(), "closes": r.Closes.String()}
	}
	p.Data = struct {
		Round     models.MaturityRound
		Open      bool
		Areas     []models.MaturityArea
		Results   models.MaturityResults
		Lines     []roundLine
		Counties  []roundLine
		County    string
		Median    []float64
		Bands     map[string][]float64
		BandNames []string
		CanEdit   bool
		Own       string
		Imported  *importResult
	}{r, r.OpenOn(today), areas, res, lines, counties, county, median, bands, models.Bands, p.User.Role.EditsPortfolio(),
		ownMunicipality(p.User), imported}
	return s.render(c, status, "maturity_round", p)
}

func (s *Server) updateRoundForm(c fiber.Ctx) error {
	r, err := loadParam(c, s.DB.MaturityRound)
	if err != nil {
		return err
	}
	f := roundFromForm(c, &r)
	f, err = saveForm(f, r.Validate, func() error {
		_, err := s.DB.SaveMaturityRound(c.Context(), actorOf(c), r)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		p := s.page(c, "")
		formOf(c, p, roundFields...)
		p.Errors = f
		return s.renderRound(c, fiber.StatusUnprocessableEntity, p, nil)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/maturity/rounds/%d?saved=1", r.ID))
}

func (s *Server) importRoundForm(c fiber.Ctx) error {
	r, err := loadParam(c, s.DB.MaturityRound)
	if err != nil {
		return err
	}
	res, err := s.importMaturityRound(c, r, c.FormValue("dry_run") == "on")
	p := s.page(c, "")
	if f := models.Fields(err); f != nil {
		p.Errors = f
		return s.renderRound(c, fiber.StatusUnprocessableEntity, p, nil)
	} else if err != nil {
		return err
	}
	status := fiber.StatusOK
	if res.Rejected > 0 {
		status = fiber.StatusUnprocessableEntity
	}
	return s.renderRound(c, status, p, &res)
}

// answerArea is one area of the fill-in form: its levels, the chosen one
// and the comment.
type answerArea struct {
	models.MaturityArea
	Score   int
	Comment string
	Error   string
}

func (s *Server) answerPage(c fiber.Ctx) error {
	r, m, err := s.maturityParam(c)
	if err != nil {
		return err
	}
	if err := s.mayAnswer(c, r, m.Number); err != nil {
		return err
	}
	a, err := s.DB.MaturityAnswer(c.Context(), r.ID, m.Number)
	if err != nil {
		return err
	}
	return s.renderAnswer(c, fiber.StatusOK, r, m, a, nil)
}

func (s *Server) renderAnswer(c fiber.Ctx, status int, r models.MaturityRound, m models.Municipality, a models.MaturityAnswer, errs models.FieldErrors) error {
	areas, err := s.DB.MaturityAreas(c.Context())
	if err != nil {
		return err
	}
	p := s.page(c, "")
	p.Title = p.T("mat.answer.title", m.Name, r.Name)
	p.Errors = errs
	var list []answerArea
	for _, ar := range areas {
		list = append(list, answerArea{MaturityArea: ar, Score: a.Scores[ar.ID], Comment: a.Comments[ar.ID],
			Error: p.Err("scores." + ar.ID)})
	}
	p.Data = struct {
		Round  models.MaturityRound
		M      models.Municipality
		Areas  []answerArea
		Action string
		Levels []int
	}{r, m, list, fmt.Sprintf("/maturity/rounds/%d/municipalities/%s", r.ID, m.Number), []int{1, 2, 3, 4, 5}}
	return s.render(c, status, "maturity_answer", p)
}

func (s *Server) saveAnswerForm(c fiber.Ctx) error {
	r, m, err := s.maturityParam(c)
	if err != nil {
		return err
	}
	if err := s.mayAnswer(c, r, m.Number); err != nil {
		return err
	}
	areas, err := s.DB.MaturityAreas(c.Context())
	if err != nil {
		return err
	}
	a := models.MaturityAnswer{RoundID: r.ID, Municipality: m.Number, Scores: map[string]int{}, Comments: map[string]string{}}
	f := models.FieldErrors{}
	for _, ar := range areas {
		if v := c.FormValue("score_" + ar.ID); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				f.Add("scores."+ar.ID, "range")
				continue
			}
			a.Scores[ar.ID] = n
		}
		if v := strings.TrimSpace(c.FormValue("comment_" + ar.ID)); v != "" {
			a.Comments[ar.ID] = v
		}
	}
	f, err = saveForm(f, func() error { return a.Validate(areas) }, func() error {
		_, err := s.DB.SetMaturityAnswer(c.Context(), actorOf(c), a)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderAnswer(c, fiber.StatusUnprocessableEntity, r, m, a, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/maturity/rounds/%d?saved=1", r.ID))
}

// maturityCard builds a municipality's målkort from the latest round.
func (s *Server) maturityCard(ctx context.Context, lang, number string) (views.MaturityCard, error) {
	out := views.MaturityCard{Lang: lang}
	comp, err := s.DB.MunicipalityCompetence(ctx, number)
	if err != nil {
		return out, err
	}
	out.Competence = comp
	r, res, areas, ok, err := s.DB.LatestMaturity(ctx, s.today())
	if err != nil || !ok {
		return out, err
	}
	sc, found := res.ScorecardOf(number)
	if !found {
		return out, nil
	}
	out.Round, out.HasRound, out.Card = r, true, sc
	below := map[string]bool{}
	for _, id := range sc.BelowMedian {
		below[id] = true
	}
	for _, a := range areas {
		chg, has := sc.Change[a.ID]
		row := views.MaturityCardRow{Area: a, Score: sc.Scores[a.ID], Median: res.Median[a.ID], BandMedian: res.Bands[sc.Band][a.ID],
			Change: chg, HasChange: has, Below: below[a.ID], Competence: a.ID == "digital_competence"}
		out.Rows = append(out.Rows, row.Placed(len(out.Rows)))
	}
	return out, nil
}

func (s *Server) competencePage(c fiber.Ctx) error {
	return s.renderCompetence(c, fiber.StatusOK, s.page(c, "comp.title"))
}

var courseFields = []string{"title", "provider", "kind", "start", "end"}

func (s *Server) renderCompetence(c fiber.Ctx, status int, p *views.Page) error {
	list, err := s.DB.Courses(c.Context())
	if err != nil {
		return err
	}
	if p.Form["kind"] == "" {
		p.Form["kind"] = "programme"
	}
	p.Data = struct {
		Courses []models.Course
		Kinds   []string
		CanEdit bool
	}{list, models.CourseKinds, p.User.Role.EditsPortfolio()}
	return s.render(c, status, "competence", p)
}

func (s *Server) createCourseForm(c fiber.Ctx) error {
	co := models.Course{Title: c.FormValue("title"), Provider: c.FormValue("provider"), Kind: c.FormValue("kind")}
	f := models.FieldErrors{}
	if v := strings.TrimSpace(c.FormValue("start")); v != "" {
		dateInto(f, "start", v, &co.Start)
	}
	if v := strings.TrimSpace(c.FormValue("end")); v != "" {
		dateInto(f, "end", v, &co.End)
	}
	var saved models.Course
	f, err := saveForm(f, co.Validate, func() error {
		var err error
		saved, err = s.DB.SaveCourse(c.Context(), actorOf(c), co)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		p := s.page(c, "comp.title")
		formOf(c, p, courseFields...)
		p.Errors = f
		return s.renderCompetence(c, fiber.StatusUnprocessableEntity, p)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/competence/courses/%d?saved=1", saved.ID))
}

func (s *Server) coursePage(c fiber.Ctx) error {
	return s.renderCourse(c, fiber.StatusOK, s.page(c, ""), nil)
}

func (s *Server) renderCourse(c fiber.Ctx, status int, p *views.Page, imported *importResult) error {
	co, err := loadParam(c, s.DB.Course)
	if err != nil {
		return err
	}
	list, err := s.DB.Participants(c.Context(), co.ID)
	if err != nil {
		return err
	}
	names, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return err
	}
	name := map[string]string{}
	for _, m := range names {
		name[m.Number] = m.Name
	}
	p.Title = co.Title
	p.Data = struct {
		Course       models.Course
		Participants []models.CourseParticipant
		Names        map[string]string
		CanEdit      bool
		Imported     *importResult
	}{co, list, name, p.User.Role.EditsPortfolio(), imported}
	return s.render(c, status, "course", p)
}

func (s *Server) importParticipantsForm(c fiber.Ctx) error {
	co, err := loadParam(c, s.DB.Course)
	if err != nil {
		return err
	}
	res, err := s.importParticipants(c, co, c.FormValue("dry_run") == "on")
	p := s.page(c, "")
	if f := models.Fields(err); f != nil {
		p.Errors = f
		return s.renderCourse(c, fiber.StatusUnprocessableEntity, p, nil)
	} else if err != nil {
		return err
	}
	status := fiber.StatusOK
	if res.Rejected > 0 {
		status = fiber.StatusUnprocessableEntity
	}
	return s.renderCourse(c, status, p, &res)
}
