package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/reports"
	"samla/views"
)

func (s *Server) scheduleParam(c fiber.Ctx) (models.Schedule, error) {
	return loadParam(c, s.DB.Schedule)
}

// withNextRun fills in when each schedule runs next.
func (s *Server) withNextRun(list []models.Schedule) []models.Schedule {
	now := s.DB.Now()
	for i := range list {
		if !list[i].Enabled {
			continue
		}
		if next, err := reports.NextRun(list[i].Cron, now, s.cfg.Location); err == nil {
			list[i].NextRun = &next
		}
	}
	return list
}

func (s *Server) schedulesPage(c fiber.Ctx) error {
	return s.renderSchedules(c, fiber.StatusOK, map[string]string{"report": "municipality", "cron": "0 7 1 * *", "recipients": "directors", "lang": "nb", "enabled": "on"}, nil)
}

func (s *Server) renderSchedules(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	list, err := s.DB.Schedules(c.Context())
	if err != nil {
		return err
	}
	p := s.page(c, "sch.title")
	p.Form, p.Errors = form, errs
	langs := []views.Option{{Value: "nb", Label: "Norsk (bokmål)"}, {Value: "en", Label: "English"}}
	p.Data = struct {
		List           []models.Schedule
		Reports        []string
		LangOptions    []views.Option
		CanEdit        bool
		MailConfigured bool
	}{s.withNextRun(list), models.ReportKinds, langs, p.User.Role.IsAdmin(), s.cfg.MailConfigured}
	return s.render(c, status, "schedules", p)
}

func (s *Server) createSchedule(c fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range []string{"report", "key", "cron", "recipients", "lang", "enabled"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	sch := models.Schedule{Report: form["report"], Key: form["key"], Cron: form["cron"], Recipients: models.ParseRecipients(form["recipients"]),
		Lang: form["lang"], Enabled: form["enabled"] == "on"}
	_, err := s.saveSchedule(c, sch)
	if f := models.Fields(err); f != nil {
		return s.renderSchedules(c, fiber.StatusUnprocessableEntity, form, f)
	}
	if err != nil {
		return err
	}
	return s.schedulesChanged(c)
}

// saveSchedule saves a schedule whose addresses the mail server can carry:
// one with a non-ASCII local part (ærlig@…) needs a relay that offers
// SMTPUTF8, and is refused when the configured relay does not.
func (s *Server) saveSchedule(c fiber.Ctx, sch models.Schedule) (models.Schedule, error) {
	if mailer := s.cfg.Jobs.Service().Mailer; mailer != nil {
		for _, a := range sch.Recipients.Addresses {
			if !reports.NeedsSMTPUTF8(a) {
				continue
			}
			ok, err := mailer.SupportsSMTPUTF8(c.Context())
			if err != nil || !ok {
				return sch, models.FieldErrors{"recipients": "smtputf8"}.Err()
			}
			break
		}
	}
	return s.DB.SaveSchedule(c.Context(), actorOf(c), sch)
}

func (s *Server) toggleSchedule(c fiber.Ctx) error {
	sch, err := s.scheduleParam(c)
	if err != nil {
		return err
	}
	sch.Enabled = !sch.Enabled
	if _, err := s.DB.SaveSchedule(c.Context(), actorOf(c), sch); err != nil {
		return err
	}
	return s.schedulesChanged(c)
}

func (s *Server) deleteSchedule(c fiber.Ctx) error {
	sch, err := s.scheduleParam(c)
	if err != nil {
		return err
	}
	if err := s.DB.DeleteSchedule(c.Context(), actorOf(c), sch.ID); err != nil {
		return err
	}
	return s.schedulesChanged(c)
}

// schedulesChanged gives the scheduler the stored schedules again and
// sends the user back to the list.
func (s *Server) schedulesChanged(c fiber.Ctx) error {
	if err := s.cfg.Jobs.Reload(c.Context()); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin/schedules?saved=1")
}

func (s *Server) runSchedule(c fiber.Ctx) error {
	sch, err := s.scheduleParam(c)
	if err != nil {
		return err
	}
	run, err := s.cfg.Jobs.RunNow(c.Context(), sch.ID)
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/admin/jobs?run=%d#runs", run.ID))
}

type jobRow struct {
	reports.JobInfo
	Last *data.JobRun
}

func (s *Server) jobsPage(c fiber.Ctx) error {
	ctx := c.Context()
	last, err := s.DB.LastJobRuns(ctx)
	if err != nil {
		return err
	}
	var rows []jobRow
	for _, j := range s.cfg.Jobs.Jobs() {
		r := jobRow{JobInfo: j}
		if l, ok := last[j.Name]; ok {
			r.Last = &l
		}
		rows = append(rows, r)
	}
	deliveries, err := s.DB.Deliveries(ctx, "", 100)
	if err != nil {
		return err
	}
	backups, err := s.DB.JobRuns(ctx, "backup", 10)
	if err != nil {
		return err
	}
	p := s.page(c, "jobs.title")
	runs, err := s.reportRunsView(c, p)
	if err != nil {
		return err
	}
	p.Data = struct {
		Jobs           []jobRow
		Deliveries     []models.Delivery
		Backups        []data.JobRun
		MailConfigured bool
		Now            time.Time
		Runs           reportRunsView
	}{rows, deliveries, backups, s.cfg.MailConfigured, s.DB.Now(), runs}
	return s.render(c, fiber.StatusOK, "jobs", p)
}

func (s *Server) runJob(c fiber.Ctx) error {
	name := c.Params("name")
	switch name {
	case "outbox", "reminders", "alerts", "backup":
	default:
		return models.ErrNotFound
	}
	s.cfg.Jobs.RunJob(c.Context(), name)
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin/jobs?saved=1")
}

func (s *Server) retryStuck(c fiber.Ctx) error {
	if _, err := s.DB.ResetStuck(c.Context(), actorOf(c)); err != nil {
		return err
	}
	s.cfg.Jobs.Kick()
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin/jobs?saved=1#deliveries")
}

// API.

func (s *Server) apiSchedules(c fiber.Ctx) error {
	list, err := s.DB.Schedules(c.Context())
	if err != nil {
		return err
	}
	return sendPage(c, s.withNextRun(list))
}

type scheduleInput struct {
	Report     *string            `json:"report"`
	Key        *string            `json:"key"`
	Cron       *string            `json:"cron"`
	Recipients *models.Recipients `json:"recipients"`
	Lang       *string            `json:"lang"`
	Enabled    *bool              `json:"enabled"`
}

func (in scheduleInput) apply(s *models.Schedule) {
	setIf(&s.Report, in.Report)
	setIf(&s.Key, in.Key)
	setIf(&s.Cron, in.Cron)
	setIf(&s.Recipients, in.Recipients)
	setIf(&s.Lang, in.Lang)
	setIf(&s.Enabled, in.Enabled)
}

func (s *Server) apiCreateSchedule(c fiber.Ctx) error {
	var in scheduleInput
	if err := decodeNew(c, &in, models.Schedule{}); err != nil {
		return err
	}
	sch := models.Schedule{Lang: "nb", Enabled: true}
	in.apply(&sch)
	saved, err := s.saveSchedule(c, sch)
	if err != nil {
		return err
	}
	if err := s.cfg.Jobs.Reload(c.Context()); err != nil {
		return err
	}
	c.Location(fmt.Sprintf("/api/v1/report-schedules/%d", saved.ID))
	return c.Status(fiber.StatusCreated).JSON(s.withNextRun([]models.Schedule{saved})[0])
}

func (s *Server) apiPatchSchedule(c fiber.Ctx) error {
	sch, err := s.scheduleParam(c)
	if err != nil {
		return err
	}
	var in scheduleInput
	if err := decodePatch(c, &in, s.withNextRun([]models.Schedule{sch})[0]); err != nil {
		return err
	}
	in.apply(&sch)
	saved, err := s.saveSchedule(c, sch)
	if err != nil {
		return err
	}
	if err := s.cfg.Jobs.Reload(c.Context()); err != nil {
		return err
	}
	return c.JSON(s.withNextRun([]models.Schedule{saved})[0])
}

func (s *Server) apiDeleteSchedule(c fiber.Ctx) error {
	sch, err := s.scheduleParam(c)
	if err != nil {
		return err
	}
	if err := s.DB.DeleteSchedule(c.Context(), actorOf(c), sch.ID); err != nil {
		return err
	}
	if err := s.cfg.Jobs.Reload(c.Context()); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiRunSchedule starts a run of a schedule in the background: 202 at once
// with the run's id.
func (s *Server) apiRunSchedule(c fiber.Ctx) error {
	sch, err := s.scheduleParam(c)
	if err != nil {
		return err
	}
	run, err := s.cfg.Jobs.RunNow(c.Context(), sch.ID)
	if err != nil {
		return err
	}
	c.Set("Location", fmt.Sprintf("/api/v1/report-runs/%d", run.ID))
	return c.Status(fiber.StatusAccepted).JSON(runResultJSON{run.ID})
}

func (s *Server) apiDeliveries(c fiber.Ctx) error {
	status := c.Query("status")
	switch status {
	case "", models.DeliveryQueued, models.DeliverySent, models.DeliveryRetrying, models.DeliveryFailed, "sending":
	default:
		return models.FieldErrors{"status": "choice"}.Err()
	}
	list, err := s.DB.Deliveries(c.Context(), status, 100000)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}
