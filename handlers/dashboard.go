package handlers

import (
	"errors"
	"maps"
	"net/url"
	"slices"
	"sort"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/views"
)

const echartsScript = "/static/vendor/echarts.min.js"

// dashFilterOf reads the dashboard filters; unknown values are ignored.
func dashFilterOf(c fiber.Ctx) models.DashFilter {
	f := models.DashFilter{ServiceArea: c.Query("area", c.Query("service_area")), Municipality: c.Query("municipality"), County: c.Query("county"), Phase: c.Query("phase")}
	if models.Counties[f.County] == "" {
		f.County = ""
	}
	if !models.ValidServiceArea(f.ServiceArea) {
		f.ServiceArea = ""
	}
	if !models.ValidMunicipalityNumber(f.Municipality) {
		f.Municipality = ""
	}
	if !models.ValidPhase(f.Phase) {
		f.Phase = ""
	}
	return f
}

// dashData is what the dashboard templates show.
type dashData struct {
	D                   *models.Dashboard
	Charts              []views.Chart
	StatusFigures       []views.StatusFigure
	Action              string
	Areas, Phases       []string
	MunicipalityOptions []views.Option
	// CountyOptions is the county filter, where the municipalities span more than one.
	CountyOptions []views.Option
	ProjectsLink  string
	// Behind counts the municipalities falling behind on the rollout, and
	// GrantsDue the grants whose report is due soon (shown on the
	// programme's dashboard, -1 elsewhere).
	Behind, GrantsDue int
	GrantDays         int
}

// dashboardData runs the aggregates and builds the charts for a filter.
func (s *Server) dashboardData(c fiber.Ctx, p *views.Page, f models.DashFilter, action string, withMunicipality bool) (*dashData, map[string]string, error) {
	d, err := s.DB.Dashboard(c.Context(), f)
	if err != nil {
		return nil, nil, err
	}
	opts, names, err := s.municipalityOptions(c, p.T("proj.filter.all"))
	if err != nil {
		return nil, nil, err
	}
	var countyOpts []views.Option
	if withMunicipality {
		countyOpts = dashCountyOptions(p, names)
	} else {
		opts = nil
	}
	p.Form["area"], p.Form["municipality"], p.Form["county"], p.Form["phase"] = f.ServiceArea, f.Municipality, f.County, f.Phase
	link := func(path string, kv ...string) string {
		q := url.Values{}
		for _, x := range [][2]string{{"area", f.ServiceArea}, {"municipality", f.Municipality}, {"county", f.County}, {"phase", f.Phase}} {
			if x[1] != "" {
				q.Set(x[0], x[1])
			}
		}
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		if len(q) == 0 {
			return path
		}
		return path + "?" + q.Encode()
	}
	var figs []views.StatusFigure
	for _, st := range []string{"red", "yellow", "green", "missing"} {
		n, _ := d.Figures.Figure(st)
		figs = append(figs, views.StatusFigure{Status: st, Label: "dash.kf." + st, Link: link("/projects", "status", st, "phase", activeFilter(f.Phase)), N: n})
	}
	p.Scripts = append(p.Scripts, echartsScript)
	return &dashData{D: d, Charts: views.DashboardCharts(p, d, names), StatusFigures: figs, Action: action,
		Areas: models.ServiceAreas, Phases: models.Phases, MunicipalityOptions: opts, CountyOptions: countyOpts,
		ProjectsLink: link("/projects", "phase", activeFilter(f.Phase)), Behind: -1, GrantsDue: -1, GrantDays: models.GrantReportSoon}, names, nil
}

// dashCountyOptions lists the counties of the municipalities, or nothing
// when they all lie in one.
func dashCountyOptions(p *views.Page, names map[string]string) []views.Option {
	seen := map[string]bool{}
	for number := range names {
		seen[models.CountyOf(number)] = true
	}
	if len(seen) < 2 {
		return nil
	}
	codes := slices.Sorted(maps.Keys(seen))
	out := []views.Option{{Value: "", Label: p.T("roll.county.all")}}
	for _, code := range codes {
		out = append(out, views.Option{Value: code, Label: p.County(code)})
	}
	return out
}

func (s *Server) dashboard(c fiber.Ctx) error {
	p := s.page(c, "dash.title")
	f := dashFilterOf(c)
	dd, _, err := s.dashboardData(c, p, f, c.Path(), true)
	if err != nil {
		return err
	}
	// The programme's figures; a view of one municipality shows its own rollout instead.
	if f.Municipality == "" {
		dd.Behind, dd.GrantsDue = int(dd.D.Figures.MunicipalitiesBehind), int(dd.D.Figures.GrantReportsDue)
	}
	p.Data = dd
	return s.render(c, fiber.StatusOK, "dashboard", p)
}

// municipalityProjects is how many projects the municipality page lists;
// the rest are a link away.
const municipalityProjects = 50

// municipalityPage is the dashboard for one municipality, with its cost
// shares, the decisions that concern it and its contracts ending soon.
func (s *Server) municipalityPage(c fiber.Ctx) error {
	m, err := s.DB.Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return err
	}
	ctx := c.Context()
	f := dashFilterOf(c)
	f.Municipality = m.Number
	p := s.page(c, "")
	p.Title = m.Name
	dd, _, err := s.dashboardData(c, p, f, "/municipalities/"+m.Number, false)
	if err != nil {
		return err
	}
	projects, projectCount, err := s.DB.Projects(ctx, data.ProjectFilter{Municipality: m.Number, ServiceArea: f.ServiceArea, Phase: f.Phase,
		Sort: "status", Desc: true, Limit: municipalityProjects})
	if err != nil {
		return err
	}
	benefits, err := s.DB.Benefits(ctx, data.BenefitFilter{Municipality: m.Number, ServiceArea: f.ServiceArea})
	if err != nil {
		return err
	}
	total, measured := models.MeasuredTotal(benefits)
	shares, shareTotal, err := s.DB.MunicipalityShares(ctx, m.Number)
	if err != nil {
		return err
	}
	st, err := s.DB.Statement(ctx, m.Number, s.today().Year())
	if err != nil {
		return err
	}
	rollout, err := s.DB.MunicipalityRollout(ctx, m.Number, data.AdoptionFilter{})
	if err != nil {
		return err
	}
	maturity, err := s.maturityCard(ctx, p.Lang, m.Number)
	if err != nil {
		return err
	}
	decisions, err := s.DB.Cases(ctx, data.CaseFilter{Status: models.CaseDecided, Municipality: m.Number, Limit: 20})
	if err != nil {
		return err
	}
	deadlines, err := s.DB.ContractDeadlines(ctx, models.DashFilter{Municipality: m.Number})
	if err != nil {
		return err
	}
	represented, err := s.DB.RepresentationOf(ctx, m.Number, s.today())
	if err != nil {
		return err
	}
	var memberCase models.Case
	if m.MemberCaseID != 0 {
		if memberCase, err = s.DB.Case(ctx, m.MemberCaseID); err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	p.Data = struct {
		*dashData
		M            models.Municipality
		Projects     []models.Project
		ProjectCount int
		Benefits     views.BenefitRows
		Total        models.BenefitTotal
		Shares       []models.ProcurementShare
		ShareTotal   int64
		Decisions    views.CaseList
		Deadlines    []data.Deadline
		CanEdit      bool
		Rollout      models.MunicipalityRollout
		Planned      []models.SolutionStatus
		EditRollout  bool
		Represented  []data.Representation
		MemberCase   models.Case
		Pays         models.Payment
		Maturity     views.MaturityCard
	}{dd, m, projects, projectCount, views.BenefitRows{Page: p, Benefits: measured, ShowProject: true}, total, shares, shareTotal,
		views.CaseList{Page: p, Cases: decisions}, deadlines, p.User.Role.IsAdmin(), rollout, plannedOf(rollout),
		models.CanEditRollout(p.User, m.Number), represented, memberCase, models.PaymentOf(st), maturity}
	return s.render(c, fiber.StatusOK, "municipality", p)
}

// plannedOf lists the solutions with a planned date that are not yet in use,
// soonest first.
func plannedOf(r models.MunicipalityRollout) []models.SolutionStatus {
	var out []models.SolutionStatus
	for _, s := range r.Solutions {
		if !s.PlannedDate.IsZero() && s.Status != models.RolloutInUse && s.Status != models.RolloutNotRelevant {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PlannedDate.Before(out[j].PlannedDate) })
	return out
}

// activeFilter is the projects list's phase filter behind an overview
// figure of active projects: the filter's phase, else "active".
func activeFilter(phase string) string {
	if phase != "" {
		return phase
	}
	return models.PhaseActive
}
