package handlers

import (
	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

func init() {
	apiDocs = append(apiDocs, apiDoc{"GET", "/api/v1/report-runs/{id}", "schedules",
		"How far a report run is (editor): running, done or failed, reports done of total, e-mails queued", nil, "", "ReportRun", 0})
	schemas["ReportRun"] = schemaSpec{value: models.ReportRun{}, enums: map[string][]string{"status": models.RunStatuses},
		readOnly: []string{"id", "schedule_id", "status", "done", "total", "queued", "error", "started_at", "finished_at"}}
}

// registerReportRunRoutes: a run's progress, for the API and for the jobs
// page's progress bars (polled by htmx while a run is under way).
func (s *Server) registerReportRunRoutes() {
	s.handle("GET", "/api/v1/report-runs/:id", Editors, s.apiReportRun)
	s.handle("GET", "/admin/jobs/runs", Admins, s.reportRunsFragment)
}

func (s *Server) apiReportRun(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	run, err := s.DB.ReportRun(c.Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(run)
}

// reportRunsView is the jobs page's list of report runs; Live when one is
// under way, so that the list asks for itself again.
type reportRunsView struct {
	Page *views.Page
	Runs []models.ReportRun
	// Active are the runs under way in this process; one recorded as
	// running but not active was cut off (a crash), to be finished by
	// running its schedule again.
	Active map[int64]bool
	Live   bool
}

// reportRunLimit is how many runs the jobs page shows.
const reportRunLimit = 10

func (s *Server) reportRunsView(c fiber.Ctx, p *views.Page) (reportRunsView, error) {
	runs, err := s.DB.ReportRuns(c.Context(), reportRunLimit)
	if err != nil {
		return reportRunsView{}, err
	}
	v := reportRunsView{Page: p, Runs: runs, Active: map[int64]bool{}}
	for _, r := range runs {
		if r.Status == models.RunRunning && s.cfg.Jobs.Active(r.ID) {
			v.Active[r.ID], v.Live = true, true
		}
	}
	return v, nil
}

// reportRunsFragment is the list alone, for htmx; without script the page
// shows the same when reloaded.
func (s *Server) reportRunsFragment(c fiber.Ctx) error {
	// Only htmx asks for the bare list; a person who opens the address gets
	// the jobs page it belongs on.
	if !isHTMX(c) {
		return c.Redirect().Status(fiber.StatusSeeOther).To("/admin/jobs#runs")
	}
	v, err := s.reportRunsView(c, s.page(c, "jobs.title"))
	if err != nil {
		return err
	}
	body, err := s.views.Fragment("report-runs", v)
	if err != nil {
		return err
	}
	c.Set("Cache-Control", "no-store")
	return c.Type("html", "utf-8").Send(body)
}
