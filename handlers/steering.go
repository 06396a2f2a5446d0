package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/views"
)

func (s *Server) today() models.Date { return models.DateOf(s.DB.Now().In(s.cfg.Location)) }

// steeringPage is one body's meetings and cases: the steering group's
// unless ?body= names another.
func (s *Server) steeringPage(c fiber.Ctx) error {
	ctx := c.Context()
	body, err := s.bodyOf(c)
	if err != nil {
		return err
	}
	bodies, err := s.DB.Bodies(ctx)
	if err != nil {
		return err
	}
	meetings, err := s.DB.Meetings(ctx, body.ID)
	if err != nil {
		return err
	}
	pending, err := s.DB.Cases(ctx, data.CaseFilter{Status: models.CasePending, BodyID: body.ID})
	if err != nil {
		return err
	}
	deferred, err := s.DB.Cases(ctx, data.CaseFilter{Status: models.CaseDeferred, BodyID: body.ID})
	if err != nil {
		return err
	}
	recent, err := s.DB.Cases(ctx, data.CaseFilter{Status: models.CaseDecided, BodyID: body.ID, Limit: 5})
	if err != nil {
		return err
	}
	actions, err := s.DB.Actions(ctx, 0, true)
	if err != nil {
		return err
	}
	own := map[int64]bool{}
	for _, m := range meetings {
		own[m.ID] = true
	}
	today := s.today()
	var overdue []models.ActionItem
	for _, a := range actions {
		if own[a.MeetingID] && a.Overdue(today) {
			overdue = append(overdue, a)
		}
	}
	var next *models.Meeting
	var planned []models.Meeting
	for i := len(meetings) - 1; i >= 0; i-- { // oldest first
		m := meetings[i]
		if m.Status == models.MeetingPlanned {
			planned = append(planned, m)
			if next == nil && !m.Date.Before(today) {
				next = &meetings[i]
			}
		}
	}
	p := s.page(c, "")
	p.Title = body.Name
	p.Data = struct {
		Body     models.Body
		Bodies   []models.Body
		Next     *models.Meeting
		Planned  []models.Meeting
		Meetings []models.Meeting
		Pending  []models.Case
		Overdue  []models.ActionItem
		Recent   views.CaseList
		CanWrite bool
	}{body, bodies, next, planned, meetings, append(pending, deferred...), overdue, views.CaseList{Page: p, Cases: recent}, p.User.Role.RecordsSteering()}
	return s.render(c, fiber.StatusOK, "steering", p)
}

func (s *Server) meetingParam(c fiber.Ctx) (models.Meeting, error) {
	return loadParam(c, s.DB.Meeting)
}

func (s *Server) meetingPage(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	return s.renderMeeting(c, fiber.StatusOK, m.ID, nil, nil)
}

// renderMeeting shows a meeting page; a form on it that failed comes back
// with what was typed and its errors.
func (s *Server) renderMeeting(c fiber.Ctx, status int, id int64, form map[string]string, errs models.FieldErrors) error {
	m, err := s.DB.Meeting(c.Context(), id)
	if err != nil {
		return err
	}
	ctx := c.Context()
	cases, err := s.DB.Cases(ctx, data.CaseFilter{MeetingID: m.ID})
	if err != nil {
		return err
	}
	actions, err := s.DB.Actions(ctx, m.ID, false)
	if err != nil {
		return err
	}
	numbers := map[int64]string{}
	for _, cs := range cases {
		if cs.CorrectsID != 0 {
			if old, err := s.DB.Case(ctx, cs.CorrectsID); err == nil {
				numbers[cs.CorrectsID] = old.Number
			}
		}
	}
	checklists, err := s.caseChecklists(c, cases)
	if err != nil {
		return err
	}
	var present, absent, guests []string
	for _, pt := range m.Participants {
		switch {
		case pt.Role == "guest":
			guests = append(guests, pt.Name)
		case pt.Present:
			present = append(present, pt.Name)
		default:
			absent = append(absent, pt.Name)
		}
	}
	p := s.page(c, "")
	p.Title = m.Title
	p.Form["kind"] = "decision"
	for k, v := range form {
		p.Form[k] = v
	}
	p.Errors = errs
	caseOpts := []views.Option{{Value: "", Label: p.T("st.f.none")}}
	for _, cs := range cases {
		if cs.Number != "" {
			caseOpts = append(caseOpts, views.Option{Value: strconv.FormatInt(cs.ID, 10), Label: p.T("st.case", cs.Number) + " " + cs.Title})
		}
	}
	// A case is referred onwards: the steering group first, it decides most.
	steering, err := s.DB.SteeringBodyID(ctx)
	if err != nil {
		return err
	}
	bodies, err := s.bodyOptions(c, "")
	if err != nil {
		return err
	}
	var refer []views.Option
	for _, o := range bodies {
		switch o.Value {
		case strconv.FormatInt(m.BodyID, 10):
		case strconv.FormatInt(steering, 10):
			refer = append([]views.Option{o}, refer...)
		default:
			refer = append(refer, o)
		}
	}
	p.Data = struct {
		M                       models.Meeting
		Cases                   []models.Case
		Actions                 []models.ActionItem
		Numbers                 map[int64]string
		Present, Absent, Guests []string
		Kinds                   []string
		CaseOptions             []views.Option
		ReferOptions            []views.Option
		CanWrite                bool
		Checklists              map[int64][]models.ChecklistItem // of cases about a phase change
		IdeaOutcomes            []string
	}{m, cases, actions, numbers, present, absent, guests, models.CaseKinds, caseOpts, refer, p.User.Role.RecordsSteering(), checklists, models.IdeaOutcomes}
	return s.render(c, status, "meeting", p)
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var meetingFormFields = []string{"body_id", "title", "date", "time", "place", "video_url", "present", "absent", "guests"}

func meetingFromForm(c fiber.Ctx, m *models.Meeting) (map[string]string, models.FieldErrors) {
	form := map[string]string{}
	for _, k := range meetingFormFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	f := models.FieldErrors{}
	m.Title, m.Time, m.Place, m.VideoURL = form["title"], form["time"], form["place"], form["video_url"]
	m.BodyID, _ = strconv.ParseInt(form["body_id"], 10, 64)
	d, err := models.ParseDate(form["date"])
	if err != nil {
		f.Add("date", "date")
	}
	m.Date = d
	m.Participants = nil
	for _, n := range lines(form["present"]) {
		m.Participants = append(m.Participants, models.Participation{Name: n, Role: "member", Present: true})
	}
	for _, n := range lines(form["absent"]) {
		m.Participants = append(m.Participants, models.Participation{Name: n, Role: "member"})
	}
	for _, n := range lines(form["guests"]) {
		m.Participants = append(m.Participants, models.Participation{Name: n, Role: "guest", Present: true})
	}
	return form, f
}

func meetingForm(m *models.Meeting) map[string]string {
	form := map[string]string{"body_id": strconv.FormatInt(m.BodyID, 10), "title": m.Title, "date": m.Date.String(), "time": m.Time, "place": m.Place, "video_url": m.VideoURL}
	for _, p := range m.Participants {
		key := "absent"
		switch {
		case p.Role == "guest":
			key = "guests"
		case p.Present:
			key = "present"
		}
		form[key] += p.Name + "\n"
	}
	return form
}

func (s *Server) renderMeetingForm(c fiber.Ctx, status int, id int64, form map[string]string, errs models.FieldErrors) error {
	key, action, cancel := "st.meeting.new", "/steering/meetings/new", "/steering?body="+form["body_id"]
	if id != 0 {
		key, action, cancel = "st.meeting.edit", fmt.Sprintf("/steering/meetings/%d/edit", id), fmt.Sprintf("/steering/meetings/%d", id)
	}
	p := s.page(c, key)
	p.Form, p.Errors = form, errs
	bodies, err := s.bodyOptions(c, "")
	if err != nil {
		return err
	}
	p.Data = struct {
		Action, Cancel string
		Bodies         []views.Option
	}{action, cancel, bodies}
	return s.render(c, status, "meeting_form", p)
}

// newMeetingPage proposes a meeting of the body in ?body=: its current
// members as present, else those of its last meeting.
func (s *Server) newMeetingPage(c fiber.Ctx) error {
	body, err := s.bodyOf(c)
	if err != nil {
		return err
	}
	p := s.page(c, "")
	form := map[string]string{"body_id": strconv.FormatInt(body.ID, 10), "title": p.T("st.meeting.default", body.Name), "time": "10:00"}
	today := s.today()
	for _, m := range body.Members {
		if m.Current(today) {
			form["present"] += m.Name + "\n"
		}
	}
	if form["present"] == "" {
		if ms, err := s.DB.Meetings(c.Context(), body.ID); err == nil && len(ms) > 0 {
			if last, err := s.DB.Meeting(c.Context(), ms[0].ID); err == nil {
				for _, p := range last.Participants {
					if p.Role == "member" {
						form["present"] += p.Name + "\n"
					}
				}
			}
		}
	}
	return s.renderMeetingForm(c, fiber.StatusOK, 0, form, nil)
}

func (s *Server) saveMeetingForm(c fiber.Ctx, m models.Meeting) error {
	created := m.ID == 0
	form, f := meetingFromForm(c, &m)
	var err error
	f, err = saveForm(f, m.Validate, func() (err error) {
		m, err = s.DB.SaveMeeting(c.Context(), actorOf(c), m)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderMeetingForm(c, fiber.StatusUnprocessableEntity, m.ID, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/steering/meetings/%d?saved=%s", m.ID, savedWord(created, "meeting")))
}

func (s *Server) createMeeting(c fiber.Ctx) error {
	return s.saveMeetingForm(c, models.Meeting{Status: models.MeetingPlanned})
}

func (s *Server) editMeetingPage(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	return s.renderMeetingForm(c, fiber.StatusOK, m.ID, meetingForm(&m), nil)
}

func (s *Server) updateMeeting(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	return s.saveMeetingForm(c, m)
}

func (s *Server) setMeetingStatus(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	m.Status = c.FormValue("status")
	_, err = s.DB.SaveMeeting(c.Context(), actorOf(c), m)
	if f := models.Fields(err); f != nil {
		return s.renderMeeting(c, fiber.StatusUnprocessableEntity, m.ID, nil, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/steering/meetings/%d?saved=1", m.ID))
}

func caseFromForm(c fiber.Ctx, cs *models.Case) map[string]string {
	form := map[string]string{}
	for _, k := range []string{"body_id", "title", "kind", "background", "proposal", "project_id", "procurement_id", "phase_to", "corrects_id", "exempt", "exempt_basis", "public_title"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	cs.BodyID, _ = strconv.ParseInt(form["body_id"], 10, 64)
	cs.Title, cs.Kind, cs.Background, cs.Proposal, cs.PhaseTo = form["title"], form["kind"], form["background"], form["proposal"], form["phase_to"]
	cs.ProjectID, _ = strconv.ParseInt(form["project_id"], 10, 64)
	cs.ProcurementID, _ = strconv.ParseInt(form["procurement_id"], 10, 64)
	cs.CorrectsID, _ = strconv.ParseInt(form["corrects_id"], 10, 64)
	cs.Exempt, cs.ExemptBasis, cs.PublicTitle = form["exempt"] == "on", form["exempt_basis"], form["public_title"]
	return form
}

// addAgendaCase puts a new case straight on a meeting's agenda.
func (s *Server) addAgendaCase(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	cs := models.Case{MeetingID: m.ID, Status: models.CaseOnAgenda}
	form := caseFromForm(c, &cs)
	_, err = s.DB.CreateCase(c.Context(), actorOf(c), cs)
	if f := models.Fields(err); f != nil {
		return s.renderMeeting(c, fiber.StatusUnprocessableEntity, m.ID, form, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/steering/meetings/%d?saved=1#agenda", m.ID))
}

func (s *Server) renderCaseForm(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	p := s.page(c, "st.case.new")
	p.Form, p.Errors = form, errs
	po, pc, err := s.caseLinkOptions(c, p.T("st.f.none"))
	if err != nil {
		return err
	}
	bodies, err := s.bodyOptions(c, "")
	if err != nil {
		return err
	}
	p.Data = struct {
		Kinds, Phases                              []string
		ProjectOptions, ProcurementOptions, Bodies []views.Option
	}{models.CaseKinds, models.Phases, po, pc, bodies}
	return s.render(c, status, "case_form", p)
}

func (s *Server) newCasePage(c fiber.Ctx) error {
	body, err := s.bodyOf(c)
	if err != nil {
		return err
	}
	form := map[string]string{"body_id": strconv.FormatInt(body.ID, 10), "kind": "decision", "project_id": c.Query("project"), "procurement_id": c.Query("procurement")}
	return s.renderCaseForm(c, fiber.StatusOK, form, nil)
}

func (s *Server) createCase(c fiber.Ctx) error {
	cs := models.Case{Status: models.CasePending}
	form := caseFromForm(c, &cs)
	cs, err := s.DB.CreateCase(c.Context(), actorOf(c), cs)
	if f := models.Fields(err); f != nil {
		return s.renderCaseForm(c, fiber.StatusUnprocessableEntity, form, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/steering?body=%d&saved=1#pending", cs.BodyID))
}

func (s *Server) caseParam(c fiber.Ctx) (models.Case, error) {
	return loadParam(c, s.DB.Case)
}

func (s *Server) putOnAgenda(c fiber.Ctx) error {
	cs, err := s.caseParam(c)
	if err != nil {
		return err
	}
	cs.MeetingID, _ = strconv.ParseInt(c.FormValue("meeting_id"), 10, 64)
	if cs.MeetingID == 0 {
		return models.FieldErrors{"meeting_id": "required"}.Err()
	}
	cs.Status = models.CaseOnAgenda
	if _, err := s.DB.UpdateCase(c.Context(), actorOf(c), cs); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/steering/meetings/%d?saved=1#case-%d", cs.MeetingID, cs.ID))
}

// decideCase records the outcome of a case at its meeting.
func (s *Server) decideCase(c fiber.Ctx) error {
	cs, err := s.caseParam(c)
	if err != nil {
		return err
	}
	form := map[string]string{"case_id": strconv.FormatInt(cs.ID, 10), "decision": strings.TrimSpace(c.FormValue("decision")), "status": c.FormValue("status"),
		"idea_outcome": c.FormValue("idea_outcome"), "checklist_override_reason": strings.TrimSpace(c.FormValue("checklist_override_reason"))}
	cs.Decision, cs.Status = form["decision"], form["status"]
	cs.IdeaOutcome, cs.ChecklistOverride = form["idea_outcome"], form["checklist_override_reason"]
	if cs.Status != models.CaseDecided && cs.Status != models.CaseDeferred && cs.Status != models.CaseWithdrawn {
		return s.renderMeeting(c, fiber.StatusUnprocessableEntity, cs.MeetingID, form, models.FieldErrors{"status": "choice"})
	}
	_, err = s.DB.UpdateCase(c.Context(), actorOf(c), cs)
	if f, cerr := checklistFormError(form, models.FieldErrors{}, err); cerr == nil && len(f) > 0 {
		return s.renderMeeting(c, fiber.StatusUnprocessableEntity, cs.MeetingID, form, f)
	}
	if f := models.Fields(err); f != nil {
		return s.renderMeeting(c, fiber.StatusUnprocessableEntity, cs.MeetingID, form, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/steering/meetings/%d?saved=1#case-%d", cs.MeetingID, cs.ID))
}

func (s *Server) addAction(c fiber.Ctx) error {
	m, err := s.meetingParam(c)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"description", "owner", "due_date", "action_case"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	a := models.ActionItem{MeetingID: m.ID, Description: form["description"], Owner: form["owner"]}
	a.CaseID, _ = strconv.ParseInt(form["action_case"], 10, 64)
	due, derr := models.ParseDate(form["due_date"])
	a.DueDate = due
	if derr != nil {
		err = models.FieldErrors{"due_date": "date"}.Err()
	} else {
		_, err = s.DB.SaveAction(c.Context(), actorOf(c), a)
	}
	if f := models.Fields(err); f != nil {
		return s.renderMeeting(c, fiber.StatusUnprocessableEntity, m.ID, form, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/steering/meetings/%d?saved=1#actions", m.ID))
}

func (s *Server) actionDone(c fiber.Ctx) error {
	a, err := loadParam(c, s.DB.Action)
	if err != nil {
		return err
	}
	a.DoneDate = s.today()
	if _, err := s.DB.SaveAction(c.Context(), actorOf(c), a); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/steering/meetings/%d?saved=1#actions", a.MeetingID))
}

func decisionFilter(c fiber.Ctx) data.CaseFilter {
	f := data.CaseFilter{Status: models.CaseDecided, Query: c.Query("q")}
	f.Year, _ = strconv.Atoi(c.Query("year"))
	f.ProjectID, _ = strconv.ParseInt(c.Query("project"), 10, 64)
	f.ProcurementID, _ = strconv.ParseInt(c.Query("procurement"), 10, 64)
	f.BodyID, _ = strconv.ParseInt(c.Query("body"), 10, 64)
	return f
}

func (s *Server) decisionsPage(c fiber.Ctx) error {
	f := decisionFilter(c)
	log, err := s.DB.Cases(c.Context(), f)
	if err != nil {
		return err
	}
	p := s.page(c, "st.log")
	for _, k := range []string{"q", "year", "project", "procurement", "body"} {
		p.Form[k] = c.Query(k)
	}
	years := []views.Option{{Value: "", Label: p.T("proj.filter.all")}}
	for y := s.today().Year() + 1; y >= 2020; y-- {
		years = append(years, views.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	po, pc, err := s.caseLinkOptions(c, p.T("proj.filter.all"))
	if err != nil {
		return err
	}
	bodies, err := s.bodyOptions(c, p.T("proj.filter.all"))
	if err != nil {
		return err
	}
	p.Data = struct {
		Log                                                     views.CaseList
		YearOptions, ProjectOptions, ProcurementOptions, Bodies []views.Option
	}{views.CaseList{Page: p, Cases: log}, years, po, pc, bodies}
	return s.render(c, fiber.StatusOK, "decisions", p)
}

// caseLinkOptions lists projects and procurements for the selects that
// link a case (or filter the decision log); the first option is empty.
func (s *Server) caseLinkOptions(c fiber.Ctx, emptyLabel string) (projects, procurements []views.Option, err error) {
	ps, _, err := s.DB.Projects(c.Context(), data.ProjectFilter{Limit: 1000})
	if err != nil {
		return nil, nil, err
	}
	prs, err := s.DB.Procurements(c.Context(), data.ProcurementFilter{})
	if err != nil {
		return nil, nil, err
	}
	projects = []views.Option{{Value: "", Label: emptyLabel}}
	for _, pr := range ps {
		projects = append(projects, views.Option{Value: strconv.FormatInt(pr.ID, 10), Label: pr.Title})
	}
	procurements = []views.Option{{Value: "", Label: emptyLabel}}
	for _, pr := range prs {
		procurements = append(procurements, views.Option{Value: strconv.FormatInt(pr.ID, 10), Label: pr.Title})
	}
	return projects, procurements, nil
}
