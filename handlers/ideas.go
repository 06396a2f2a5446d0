package handlers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

// ideasPage is the idea list with the prioritisation list: open, scored
// ideas by weighted total first, then the others; filters by status,
// service area, municipality and text.
func (s *Server) ideasPage(c fiber.Ctx) error {
	f, err := ideaFilterOf(c)
	if err != nil {
		return err
	}
	list, err := s.DB.Ideas(c.Context(), f)
	if err != nil {
		return err
	}
	p := s.page(c, "idea.title")
	p.Form = map[string]string{"status": f.Status, "service_area": f.ServiceArea, "municipality": f.Municipality, "q": f.Query}
	munOpts, names, err := s.municipalityOptions(c, p.T("idea.f.all"))
	if err != nil {
		return err
	}
	var ranked, rest []models.Idea
	for _, i := range list {
		if i.Rank > 0 {
			ranked = append(ranked, i)
		} else {
			rest = append(rest, i)
		}
	}
	p.Data = struct {
		Ranked, Rest []models.Idea
		Statuses     []string
		Areas        []string
		MunOptions   []views.Option
		Names        map[string]string
		CanEdit      bool
	}{ranked, rest, models.IdeaStatuses, models.ServiceAreas, munOpts, names, p.User.Role.EditsPortfolio()}
	return s.render(c, fiber.StatusOK, "ideas", p)
}

var ideaFormFields = []string{"title", "need", "proposal", "service_area", "municipality", "expected_benefits", "estimated_cost_nok"}

func (s *Server) renderIdeaForm(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	p := s.page(c, "idea.new")
	p.Form, p.Errors = form, errs
	munOpts, _, err := s.municipalityOptions(c, "")
	if err != nil {
		return err
	}
	p.Data = struct {
		Areas      []string
		MunOptions []views.Option
	}{models.ServiceAreas, munOpts[1:]}
	return s.render(c, status, "idea_form", p)
}

func (s *Server) newIdeaPage(c fiber.Ctx) error {
	return s.renderIdeaForm(c, fiber.StatusOK, map[string]string{"municipality": currentUser(c).Municipality}, nil)
}

// ideaFromForm reads the idea form into i; a number that is not one is a field error.
func ideaFromForm(c fiber.Ctx, i *models.Idea) (map[string]string, models.FieldErrors) {
	form := map[string]string{}
	for _, k := range ideaFormFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	f := models.FieldErrors{}
	i.Title, i.Need, i.Proposal, i.ServiceArea = form["title"], form["need"], form["proposal"], form["service_area"]
	i.Municipality, i.ExpectedBenefits = form["municipality"], form["expected_benefits"]
	i.EstimatedCostNOK = 0
	if form["estimated_cost_nok"] != "" {
		n, ok := parseInt(form["estimated_cost_nok"])
		if !ok {
			f.Add("estimated_cost_nok", "number")
		}
		i.EstimatedCostNOK = n
	}
	return form, f
}

func (s *Server) createIdea(c fiber.Ctx) error {
	i := models.Idea{Status: models.IdeaSubmitted}
	form, f := ideaFromForm(c, &i)
	var err error
	f, err = saveForm(f, i.Validate, func() (err error) {
		i, err = s.DB.CreateIdea(c.Context(), actorOf(c), i)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderIdeaForm(c, fiber.StatusUnprocessableEntity, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/ideas/%d?saved=1", i.ID))
}

func (s *Server) ideaPage(c fiber.Ctx) error {
	i, err := loadParam(c, s.DB.Idea)
	if err != nil {
		return err
	}
	return s.renderIdea(c, fiber.StatusOK, i, nil, nil)
}

// renderIdea shows an idea: what it is, who wants it, its scores and its
// way through the steering group; the forms the user's role allows.
func (s *Server) renderIdea(c fiber.Ctx, status int, i models.Idea, form map[string]string, errs models.FieldErrors) error {
	ctx := c.Context()
	criteria, err := s.DB.IdeaCriteria(ctx)
	if err != nil {
		return err
	}
	munOpts, names, err := s.municipalityOptions(c, "")
	if err != nil {
		return err
	}
	p := s.page(c, "")
	p.Title = i.Title
	p.Form = map[string]string{"status": i.Status, "status_reason": i.StatusReason}
	for _, k := range ideaFormFields {
		p.Form[k] = ""
	}
	p.Form["title"], p.Form["need"], p.Form["proposal"], p.Form["service_area"] = i.Title, i.Need, i.Proposal, i.ServiceArea
	p.Form["municipality"], p.Form["expected_benefits"] = i.Municipality, i.ExpectedBenefits
	p.Form["estimated_cost_nok"] = strconv.FormatInt(i.EstimatedCostNOK, 10)
	scoreOf := map[int64]int{}
	for _, sc := range i.Scores {
		scoreOf[sc.CriterionID] = sc.Score
		p.Form[fmt.Sprintf("score_%d", sc.CriterionID)] = strconv.Itoa(sc.Score)
	}
	for k, v := range form {
		p.Form[k] = v
	}
	p.Errors = errs
	type scoreRow struct {
		models.Criterion
		Field string
		Score int
	}
	rows := make([]scoreRow, len(criteria))
	for n, cr := range criteria {
		rows[n] = scoreRow{cr, fmt.Sprintf("score_%d", cr.ID), scoreOf[cr.ID]}
	}
	var cs models.Case
	if i.CaseID != 0 {
		if cs, err = s.DB.Case(ctx, i.CaseID); err != nil {
			return err
		}
	}
	u := p.User
	open := !i.Decided()
	_, canJoin := models.CanSupportFor(u, "")
	canJoin = canJoin && open && !u.Role.EditsPortfolio() && !i.Wants(u.Municipality)
	similar, err := s.similarToIdea(ctx, i)
	if err != nil {
		return err
	}
	// An idea is approved only by a decision (the case), never on this form.
	editable := slices.DeleteFunc(slices.Clone(models.IdeaStatuses), func(s string) bool { return s == models.IdeaApproved })
	p.Data = struct {
		I          models.Idea
		Names      map[string]string
		Scores     []scoreRow
		Case       models.Case
		CanEdit    bool
		CanJoin    bool
		Open       bool
		InCase     bool
		Areas      []string
		Statuses   []string
		MunOptions []views.Option
		Similar    views.SimilarBlock
	}{i, names, rows, cs, u.Role.EditsPortfolio(), canJoin, open,
		cs.ID != 0 && (cs.Status == models.CasePending || cs.Status == models.CaseOnAgenda), models.ServiceAreas, editable, munOpts[1:], p.Similar(similar)}
	return s.render(c, status, "idea", p)
}

func (s *Server) updateIdeaForm(c fiber.Ctx) error {
	i, err := loadParam(c, s.DB.Idea)
	if err != nil {
		return err
	}
	form, f := ideaFromForm(c, &i)
	form["status"], form["status_reason"] = c.FormValue("status"), strings.TrimSpace(c.FormValue("status_reason"))
	i.Status, i.StatusReason = form["status"], form["status_reason"]
	saved := i
	f, err = saveForm(f, i.Validate, func() (err error) {
		saved, err = s.DB.UpdateIdea(c.Context(), actorOf(c), i)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		current, err := s.DB.Idea(c.Context(), i.ID)
		if err != nil {
			return err
		}
		return s.renderIdea(c, fiber.StatusUnprocessableEntity, current, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/ideas/%d?saved=1", saved.ID))
}

// supportIdeaForm is "Vi vil også være med": the user's municipality joins.
func (s *Server) supportIdeaForm(c fiber.Ctx) error {
	i, err := loadParam(c, s.DB.Idea)
	if err != nil {
		return err
	}
	in := supportInput{}
	if m := c.FormValue("municipality"); m != "" {
		in.Municipality = &m
	}
	sup, err := supporterFor(currentUser(c), in)
	if err == nil {
		_, err = s.DB.SupportIdea(c.Context(), actorOf(c), i.ID, sup)
	}
	if f := models.Fields(err); f != nil {
		return s.renderIdea(c, fiber.StatusUnprocessableEntity, i, nil, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/ideas/%d?saved=1#supporters", i.ID))
}

func (s *Server) scoreIdeaForm(c fiber.Ctx) error {
	i, err := loadParam(c, s.DB.Idea)
	if err != nil {
		return err
	}
	criteria, err := s.DB.IdeaCriteria(c.Context())
	if err != nil {
		return err
	}
	form := map[string]string{}
	f := models.FieldErrors{}
	var scores []models.IdeaScore
	for _, cr := range criteria {
		name := fmt.Sprintf("score_%d", cr.ID)
		v := strings.TrimSpace(c.FormValue(name))
		form[name] = v
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5 {
			f.Add(name, "one_to_five")
			continue
		}
		scores = append(scores, models.IdeaScore{CriterionID: cr.ID, Score: n})
	}
	if len(f) == 0 {
		_, err = s.DB.SetIdeaScores(c.Context(), actorOf(c), i.ID, scores)
		if f = models.Fields(err); f == nil && err != nil {
			return err
		}
	}
	if len(f) > 0 {
		return s.renderIdea(c, fiber.StatusUnprocessableEntity, i, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/ideas/%d?saved=1#scores", i.ID))
}

// ideaCaseForm is "Legg fram for styringsgruppen".
func (s *Server) ideaCaseForm(c fiber.Ctx) error {
	i, err := loadParam(c, s.DB.Idea)
	if err != nil {
		return err
	}
	if _, err := s.DB.IdeaToCase(c.Context(), actorOf(c), i.ID); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/ideas/%d?saved=1", i.ID))
}

func (s *Server) criteriaPage(c fiber.Ctx) error {
	return s.renderCriteria(c, fiber.StatusOK, nil, nil)
}

// renderCriteria shows the criteria as rows to change, with an empty row to add one.
func (s *Server) renderCriteria(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	list, err := s.DB.IdeaCriteria(c.Context())
	if err != nil {
		return err
	}
	p := s.page(c, "idea.criteria")
	for n, cr := range list {
		p.Form[fmt.Sprintf("name_%d", n)] = cr.Name
		p.Form[fmt.Sprintf("weight_%d", n)] = strconv.Itoa(cr.Weight)
		p.Form[fmt.Sprintf("description_%d", n)] = cr.Description
		p.Form[fmt.Sprintf("id_%d", n)] = strconv.FormatInt(cr.ID, 10)
	}
	for k, v := range form {
		p.Form[k] = v
	}
	p.Errors = errs
	rows := make([]int, len(list)+1)
	for n := range rows {
		rows[n] = n
	}
	p.Data = struct{ Rows []int }{rows}
	return s.render(c, status, "criteria", p)
}

func (s *Server) saveCriteriaForm(c fiber.Ctx) error {
	form := map[string]string{}
	f := models.FieldErrors{}
	var list []models.Criterion
	var rows []int // the form row of each criterion
	for n := 0; n < 50; n++ {
		keys := map[string]string{}
		for _, k := range []string{"id", "name", "weight", "description"} {
			keys[k] = strings.TrimSpace(c.FormValue(fmt.Sprintf("%s_%d", k, n)))
			form[fmt.Sprintf("%s_%d", k, n)] = keys[k]
		}
		if keys["id"] == "" && keys["name"] == "" {
			continue
		}
		if c.FormValue(fmt.Sprintf("remove_%d", n)) == "on" {
			continue
		}
		cr := models.Criterion{Name: keys["name"], Description: keys["description"]}
		cr.ID, _ = strconv.ParseInt(keys["id"], 10, 64)
		w, err := strconv.Atoi(keys["weight"])
		if err != nil || w < 1 || w > 100 {
			f.Add(fmt.Sprintf("weight_%d", n), "range")
		}
		if cr.Name == "" {
			f.Add(fmt.Sprintf("name_%d", n), "required")
		}
		cr.Weight = w
		list = append(list, cr)
		rows = append(rows, n)
	}
	if len(f) == 0 {
		_, err := s.DB.SetIdeaCriteria(c.Context(), actorOf(c), list)
		if f, err = rowErrors(f, err, "criteria", rows); err != nil {
			return err
		}
		if _, none := f["criteria"]; none { // every row removed: the first row asks for one
			delete(f, "criteria")
			f.Add("name_0", "required")
		}
	}
	if len(f) > 0 {
		return s.renderCriteria(c, fiber.StatusUnprocessableEntity, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin/idea-criteria?saved=1")
}
