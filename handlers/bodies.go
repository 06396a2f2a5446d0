package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/locale"
	"samla/models"
	"samla/views"
)

func (s *Server) bodiesPage(c fiber.Ctx) error {
	bodies, err := s.DB.Bodies(c.Context())
	if err != nil {
		return err
	}
	today := s.today()
	type row struct {
		models.Body
		Current, Municipalities int
	}
	rows := make([]row, len(bodies))
	for i, b := range bodies {
		muns := map[string]bool{}
		rows[i].Body = b
		for _, m := range b.Members {
			if m.Current(today) {
				rows[i].Current++
				if m.Municipality != "" {
					muns[m.Municipality] = true
				}
			}
		}
		rows[i].Municipalities = len(muns)
	}
	p := s.page(c, "body.title")
	p.Data = struct {
		Bodies  []row
		CanEdit bool
	}{rows, p.User.Role.EditsPortfolio()}
	return s.render(c, fiber.StatusOK, "bodies", p)
}

func (s *Server) bodyParam(c fiber.Ctx) (models.Body, error) {
	return loadParam(c, s.DB.Body)
}

func (s *Server) bodyPage(c fiber.Ctx) error {
	b, err := s.bodyParam(c)
	if err != nil {
		return err
	}
	return s.renderBody(c, fiber.StatusOK, b, nil, nil)
}

// renderBody shows a body: mandate, members now and before, meetings and
// its part of the year plan; the add-member form keeps what was typed.
func (s *Server) renderBody(c fiber.Ctx, status int, b models.Body, form map[string]string, errs models.FieldErrors) error {
	ctx := c.Context()
	meetings, err := s.DB.Meetings(ctx, b.ID)
	if err != nil {
		return err
	}
	plan, err := s.DB.YearPlan(ctx)
	if err != nil {
		return err
	}
	var own []models.YearPlanItem
	for _, it := range plan {
		if it.BodyID == b.ID {
			own = append(own, it)
		}
	}
	today := s.today()
	var current, former []models.BodyMember
	for _, m := range b.Members {
		if m.Current(today) || today.Before(m.From) {
			current = append(current, m)
		} else {
			former = append(former, m)
		}
	}
	p := s.page(c, "")
	p.Title = b.Name
	p.Form["role"], p.Form["from"] = "member", today.String()
	for k, v := range form {
		p.Form[k] = v
	}
	p.Errors = errs
	munOpts, names, err := s.municipalityOptions(c, p.T("body.f.no_municipality"))
	if err != nil {
		return err
	}
	p.Data = struct {
		B               models.Body
		Current, Former []models.BodyMember
		Meetings        []models.Meeting
		Plan            []models.YearPlanItem
		Names           map[string]string
		MunOptions      []views.Option
		Roles           []string
		CanEdit         bool
	}{b, current, former, meetings, own, names, munOpts, models.MemberRoles, p.User.Role.EditsPortfolio()}
	return s.render(c, status, "body", p)
}

var bodyFormFields = []string{"name", "kind", "mandate"}

func (s *Server) renderBodyForm(c fiber.Ctx, status int, id int64, form map[string]string, errs models.FieldErrors) error {
	key, action, cancel := "body.new", "/bodies/new", "/bodies"
	if id != 0 {
		key, action, cancel = "body.edit", fmt.Sprintf("/bodies/%d/edit", id), fmt.Sprintf("/bodies/%d", id)
	}
	p := s.page(c, key)
	p.Form, p.Errors = form, errs
	p.Data = struct {
		Action, Cancel string
		Kinds          []string
	}{action, cancel, models.BodyKinds}
	return s.render(c, status, "body_form", p)
}

func (s *Server) newBodyPage(c fiber.Ctx) error {
	return s.renderBodyForm(c, fiber.StatusOK, 0, map[string]string{"kind": "working_group"}, nil)
}

func (s *Server) editBodyPage(c fiber.Ctx) error {
	b, err := s.bodyParam(c)
	if err != nil {
		return err
	}
	return s.renderBodyForm(c, fiber.StatusOK, b.ID, map[string]string{"name": b.Name, "kind": b.Kind, "mandate": b.Mandate}, nil)
}

func (s *Server) createBody(c fiber.Ctx) error { return s.saveBodyForm(c, models.Body{}) }

func (s *Server) updateBody(c fiber.Ctx) error {
	b, err := s.bodyParam(c)
	if err != nil {
		return err
	}
	return s.saveBodyForm(c, b)
}

// saveBodyForm saves name, kind and mandate text, and a mandate document
// when one is uploaded (a PDF, kept in the archive).
func (s *Server) saveBodyForm(c fiber.Ctx, b models.Body) error {
	form := map[string]string{}
	for _, k := range bodyFormFields {
		form[k] = c.FormValue(k)
	}
	b.Name, b.Kind, b.Mandate = form["name"], form["kind"], strings.TrimSpace(form["mandate"])
	f := models.FieldErrors{}
	var mandate *data.Mandate
	if fh, err := c.FormFile("mandate_file"); err == nil && fh.Size > 0 {
		pdf, filename, err := uploadedPDF(c, "mandate_file", f)
		if err != nil {
			return err
		}
		mandate = &data.Mandate{Title: s.page(c, "").T("body.mandate.of", b.Name), Filename: filename, PDF: pdf}
	}
	f, err := saveForm(f, b.Validate, func() error {
		var err error
		b, err = s.DB.SaveBodyMandate(c.Context(), actorOf(c), b, false, mandate)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderBodyForm(c, fiber.StatusUnprocessableEntity, b.ID, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/bodies/%d?saved=1", b.ID))
}

var memberFormFields = []string{"user_email", "name", "email", "municipality", "role", "from", "to"}

func (s *Server) addMember(c fiber.Ctx) error {
	b, err := s.bodyParam(c)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range memberFormFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	m := models.BodyMember{UserEmail: form["user_email"], Name: form["name"], Email: form["email"], Municipality: form["municipality"], Role: form["role"]}
	f := models.FieldErrors{}
	dateInto(f, "from", form["from"], &m.From)
	if form["to"] != "" {
		dateInto(f, "to", form["to"], &m.To)
	}
	if len(f) == 0 {
		_, err = s.DB.AddMember(c.Context(), actorOf(c), b.ID, m)
		if f, err = mergeErrors(f, err); err != nil {
			return err
		}
	}
	if len(f) > 0 {
		return s.renderBody(c, fiber.StatusUnprocessableEntity, b, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/bodies/%d?saved=1#members", b.ID))
}

func (s *Server) endMember(c fiber.Ctx) error {
	b, err := s.bodyParam(c)
	if err != nil {
		return err
	}
	mid, err := idParam(c, "mid")
	if err != nil {
		return err
	}
	if err := s.DB.EndMember(c.Context(), actorOf(c), b.ID, mid, s.today()); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/bodies/%d?saved=1#members", b.ID))
}

// bodyOptions lists the bodies for a select.
func (s *Server) bodyOptions(c fiber.Ctx, emptyLabel string) ([]views.Option, error) {
	bodies, err := s.DB.Bodies(c.Context())
	if err != nil {
		return nil, err
	}
	var opts []views.Option
	if emptyLabel != "" {
		opts = append(opts, views.Option{Value: "", Label: emptyLabel})
	}
	for _, b := range bodies {
		opts = append(opts, views.Option{Value: strconv.FormatInt(b.ID, 10), Label: b.Name})
	}
	return opts, nil
}

// bodyOf reads the ?body= of a page: a body, or the steering group.
func (s *Server) bodyOf(c fiber.Ctx) (models.Body, error) {
	id, _ := strconv.ParseInt(c.Query("body"), 10, 64)
	if id == 0 {
		var err error
		if id, err = s.DB.SteeringBodyID(c.Context()); err != nil {
			return models.Body{}, err
		}
	}
	return s.DB.Body(c.Context(), id)
}

func (s *Server) yearPlanPage(c fiber.Ctx) error {
	return s.renderYearPlan(c, fiber.StatusOK, map[string]string{"kind": "decision", "month": strconv.Itoa(int(s.today().Month()))}, nil)
}

// renderYearPlan shows the year plan as twelve months, each with its items.
func (s *Server) renderYearPlan(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	plan, err := s.DB.YearPlan(c.Context())
	if err != nil {
		return err
	}
	p := s.page(c, "yp.title")
	p.Form, p.Errors = form, errs
	type month struct {
		Number  int
		Name    string
		Current bool
		Items   []models.YearPlanItem
	}
	months := make([]month, 12)
	var monthOpts []views.Option
	for i := range months {
		months[i] = month{Number: i + 1, Name: locale.MonthName(i+1, p.Lang), Current: int(s.today().Month()) == i+1}
		monthOpts = append(monthOpts, views.Option{Value: strconv.Itoa(i + 1), Label: months[i].Name})
	}
	for _, it := range plan {
		months[it.Month-1].Items = append(months[it.Month-1].Items, it)
	}
	bodyOpts, err := s.bodyOptions(c, "")
	if err != nil {
		return err
	}
	p.Data = struct {
		Months               []month
		MonthOptions, Bodies []views.Option
		Kinds                []string
		CanEdit              bool
	}{months, monthOpts, bodyOpts, models.CaseKinds, p.User.Role.EditsPortfolio()}
	return s.render(c, status, "year_plan", p)
}

func (s *Server) addYearPlanItem(c fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range []string{"month", "body_id", "title", "kind"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	it := models.YearPlanItem{Title: form["title"], Kind: form["kind"]}
	month, _ := strconv.Atoi(form["month"])
	it.Month = month
	it.BodyID, _ = strconv.ParseInt(form["body_id"], 10, 64)
	_, err := s.DB.SaveYearPlanItem(c.Context(), actorOf(c), it)
	if f := models.Fields(err); f != nil {
		return s.renderYearPlan(c, fiber.StatusUnprocessableEntity, form, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/year-plan?saved=1#month-%d", it.Month))
}

func (s *Server) deleteYearPlanItem(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.DeleteYearPlanItem(c.Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/year-plan?saved=1")
}

// referCase sends a decided case on to another body as a pending case there.
func (s *Server) referCase(c fiber.Ctx) error {
	cs, err := s.caseParam(c)
	if err != nil {
		return err
	}
	to, _ := strconv.ParseInt(c.FormValue("body_id"), 10, 64)
	referred, err := s.DB.ReferCase(c.Context(), actorOf(c), cs.ID, to)
	if f := models.Fields(err); f != nil {
		return s.renderMeeting(c, fiber.StatusUnprocessableEntity, cs.MeetingID, map[string]string{"case_id": strconv.FormatInt(cs.ID, 10)}, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/steering?body=%d&saved=1#case-%d", referred.BodyID, referred.ID))
}
