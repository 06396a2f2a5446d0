package handlers

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/locale"
	"samla/models"
)

// registerHomeRoutes: the work list behind every home, and the forms'
// helpers (the procurement form's cost preview).
func (s *Server) registerHomeRoutes() {
	s.handle("GET", "/api/v1/me/work", LoggedIn, s.apiMyWork)
	s.handle("POST", "/procurements/preview", Editors, s.previewCosts)
}

// workLocal carries the office's queue from the home to the overview it
// is shown on.
const workLocal = "home.work"

// homeDays is how far ahead a leader's home looks for milestones.
const homeDays = 30

// workRow is one work item as a home shows it.
type workRow struct {
	models.WorkItem
	// Period is the month a status report covers; Days the days left
	// until it is due (negative: overdue).
	Period models.Period
	Days   int
	// Text and DueText word the item in the reader's language.
	Text, DueText string
}

// queueData is the office's queue shown above the overview.
type queueData struct {
	Heading, Nothing, More string
	Rows                   []workRow
}

// queueRows is how many items of the office's queue the overview shows;
// the API has them all.
const queueRows = 15

// ledRow is a project a leader leads with the report it owes next.
type ledRow struct {
	data.LedReport
	Days, Late int // days left; days past the deadline
	Overdue    bool
}

// homeData is what home.html shows; Kind picks the role's sections.
type homeData struct {
	Kind       string
	Today      models.Date
	Work       []workRow
	Led        []ledRow
	Next       *ledRow
	Milestones []data.HomeMilestone
	Risks      []data.HomeRisk

	Municipality models.Municipality
	Meetings     []models.Meeting
	Year         int
	Statement    models.Statement
	Projects     []models.Project
	ProjectCount int
	Benefits     models.BenefitTotal
	Rollout      models.MunicipalityRollout

	Agenda      *models.Meeting
	AgendaCases []models.Case
	Red         []models.Project
	RedCount    int
	Decisions   []models.Case
}

// Of lists the rows of one kind of work.
func (h homeData) Of(kind string) []workRow {
	var out []workRow
	for _, w := range h.Work {
		if w.Kind == kind {
			out = append(out, w)
		}
	}
	return out
}

func (s *Server) workRows(lang string, items []models.WorkItem, today models.Date) []workRow {
	out := make([]workRow, len(items))
	for i, it := range items {
		r := workRow{WorkItem: it, Days: models.DaysBetween(today, it.Due), Text: it.Title}
		if it.Kind == models.WorkStatusReport && !it.Due.IsZero() {
			r.Period = models.PeriodOf(it.Due.Time).Add(-1)
			r.Text = locale.T(lang, "home.report.for", locale.Month(string(r.Period), lang)) + ": " + it.Title
		} else {
			r.Text = locale.T(lang, "home.kind."+it.Kind) + ": " + it.Title
			if it.Period != "" {
				r.Text += " (" + locale.Month(it.Period, lang) + ")"
			}
		}
		switch {
		case it.Due.IsZero():
			r.DueText = locale.T(lang, "home.nodate")
		case it.Overdue:
			r.DueText = locale.T(lang, "home.overdue", locale.Date(it.Due.Time))
		case r.Days == 0:
			r.DueText = locale.T(lang, "home.due.today", locale.Date(it.Due.Time))
		default:
			r.DueText = locale.T(lang, "home.due", locale.Date(it.Due.Time), r.Days)
		}
		out[i] = r
	}
	return out
}

// overviewQuery says whether a request to / carries the overview's
// filters (an old link), which now belong to /overview.
func overviewQuery(c fiber.Ctx) (string, bool) {
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil || len(q) == 0 {
		return "", false
	}
	delete(q, "saved")
	if len(q) == 0 {
		return "", false
	}
	return string(c.Request().URI().QueryString()), true
}

// home is the signed-in user's own page: what waits for them, by role.
func (s *Server) home(c fiber.Ctx) error {
	if q, ok := overviewQuery(c); ok {
		return c.Redirect().Status(fiber.StatusMovedPermanently).To("/overview?" + q)
	}
	ctx := c.Context()
	u := currentUser(c)
	today := s.today()
	work, err := s.DB.Work(ctx, *u, today)
	if err != nil {
		return err
	}
	if u.Role.EditsPortfolio() {
		lang := s.lang(c)
		q := &queueData{Heading: locale.T(lang, "home.queue"), Nothing: locale.T(lang, "home.nothing"), Rows: s.workRows(lang, work, today)}
		if n := len(q.Rows); n > queueRows {
			q.Rows, q.More = q.Rows[:queueRows], locale.T(lang, "home.queue.more", n-queueRows)
		}
		c.Locals(workLocal, q)
		return s.dashboard(c)
	}
	h := homeData{Today: today, Work: s.workRows(s.lang(c), work, today)}
	led, err := s.DB.LedReports(ctx, *u, today)
	if err != nil {
		return err
	}
	switch {
	case u.Role == models.RoleSteering:
		h.Kind = "steering"
		err = s.steeringHome(c, &h)
	case len(led) > 0:
		h.Kind = "leader"
		err = s.leaderHome(c, *u, led, &h)
	case u.Role == models.RoleContact && u.Municipality != "":
		h.Kind = "contact"
		err = s.contactHome(c, *u, &h)
	case u.Municipality != "":
		h.Kind = "municipality"
		err = s.municipalityHome(c, *u, &h)
	default:
		return s.dashboard(c) // bound to nothing: the programme overview
	}
	if err != nil {
		return err
	}
	p := s.page(c, "home.title")
	p.Data = h
	return s.render(c, fiber.StatusOK, "home", p)
}

func (s *Server) leaderHome(c fiber.Ctx, u models.User, led []data.LedReport, h *homeData) error {
	var err error
	for _, l := range led {
		r := ledRow{LedReport: l}
		if l.Report.Period != "" {
			r.Days, r.Overdue = l.Report.DaysLeft(h.Today), l.Report.Overdue(h.Today)
			r.Late = -r.Days
		}
		h.Led = append(h.Led, r)
	}
	for i := range h.Led {
		r := &h.Led[i]
		if r.Report.Period != "" && (h.Next == nil || r.Report.Due.Before(h.Next.Report.Due)) {
			h.Next = r
		}
	}
	if h.Milestones, err = s.DB.LedMilestones(c.Context(), u, models.DateOf(h.Today.AddDate(0, 0, homeDays))); err != nil {
		return err
	}
	h.Risks, err = s.DB.LedRisks(c.Context(), u)
	return err
}

func (s *Server) contactHome(c fiber.Ctx, u models.User, h *homeData) error {
	var err error
	if h.Municipality, err = s.DB.Municipality(c.Context(), u.Municipality); err != nil {
		return err
	}
	h.Meetings, err = s.DB.NextMeetingsOf(c.Context(), u.Municipality, h.Today, 5)
	return err
}

// municipalityHome is a director's view of their municipality: what it
// takes part in, what it pays this year, its benefits and what it lacks.
func (s *Server) municipalityHome(c fiber.Ctx, u models.User, h *homeData) error {
	ctx := c.Context()
	var err error
	if h.Municipality, err = s.DB.Municipality(ctx, u.Municipality); err != nil {
		return err
	}
	h.Year = h.Today.Year()
	if h.Statement, err = s.DB.Statement(ctx, u.Municipality, h.Year); err != nil {
		return err
	}
	if h.Projects, h.ProjectCount, err = s.DB.Projects(ctx, data.ProjectFilter{Municipality: u.Municipality, Sort: "status", Desc: true, Limit: 10}); err != nil {
		return err
	}
	benefits, err := s.DB.Benefits(ctx, data.BenefitFilter{Municipality: u.Municipality})
	if err != nil {
		return err
	}
	h.Benefits, _ = models.MeasuredTotal(benefits)
	if h.Rollout, err = s.DB.MunicipalityRollout(ctx, u.Municipality, data.AdoptionFilter{}); err != nil {
		return err
	}
	h.Meetings, err = s.DB.NextMeetingsOf(ctx, u.Municipality, h.Today, 3)
	return err
}

// steeringHome: the cases waiting, the next meeting's agenda, the red
// projects and the decisions asked for.
func (s *Server) steeringHome(c fiber.Ctx, h *homeData) error {
	ctx := c.Context()
	body, err := s.DB.SteeringBodyID(ctx)
	if err != nil {
		return err
	}
	meetings, err := s.DB.Meetings(ctx, body)
	if err != nil {
		return err
	}
	for i := len(meetings) - 1; i >= 0; i-- { // newest first: the soonest coming is the last not past
		if m := meetings[i]; m.Status == models.MeetingPlanned && !m.Date.Before(h.Today) {
			h.Agenda = &meetings[i]
			break
		}
	}
	if h.Agenda != nil {
		if h.AgendaCases, err = s.DB.Cases(ctx, data.CaseFilter{MeetingID: h.Agenda.ID}); err != nil {
			return err
		}
	}
	if h.Red, h.RedCount, err = s.DB.Projects(ctx, data.ProjectFilter{Status: "red", Sort: "title", Limit: 20}); err != nil {
		return err
	}
	pending, err := s.DB.Cases(ctx, data.CaseFilter{Status: models.CasePending, BodyID: body})
	if err != nil {
		return err
	}
	for _, k := range pending {
		if k.Kind == "decision" {
			h.Decisions = append(h.Decisions, k)
		}
	}
	return nil
}

// officeQueue is the work the home put aside for the overview, if any.
func officeQueue(c fiber.Ctx) *queueData {
	q, _ := c.Locals(workLocal).(*queueData)
	return q
}

// apiMyWork: GET /api/v1/me/work, what waits for the caller, most urgent first.
func (s *Server) apiMyWork(c fiber.Ctx) error {
	work, err := s.DB.Work(c.Context(), *currentUser(c), s.today())
	if err != nil {
		return err
	}
	if kind := strings.TrimSpace(c.Query("kind")); kind != "" {
		if !contains(models.WorkItems, kind) {
			return models.FieldErrors{"kind": "choice"}.Err()
		}
		var only []models.WorkItem
		for _, w := range work {
			if w.Kind == kind {
				only = append(only, w)
			}
		}
		work = append([]models.WorkItem{}, only...)
	}
	return sendPage(c, work)
}

var homeDocs = []apiDoc{
	{"GET", "/api/v1/me/work", "users", "What waits for the caller, most urgent first: missing status reports, rollout rows past date, measurements, action items, cases, grant reports", []string{"kind"}, "", "[]WorkItem", 0},
}

func init() {
	apiDocs = append(apiDocs, homeDocs...)
	schemas["WorkItem"] = schemaSpec{value: models.WorkItem{}, enums: map[string][]string{"kind": models.WorkItems}}
	queryEnums["users"] = map[string][]string{"kind": models.WorkItems}
}
