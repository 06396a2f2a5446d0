package handlers

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

// checklistFormError turns a refused phase change into a field error of a
// form: the override reason is asked for, and the open items are named.
func checklistFormError(form map[string]string, f models.FieldErrors, err error) (models.FieldErrors, error) {
	var ce *models.ChecklistOpenError
	if !errors.As(err, &ce) {
		return f, err
	}
	titles := make([]string, len(ce.Items))
	for n, i := range ce.Items {
		titles[n] = i.Title
	}
	form["checklist_open_items"] = strings.Join(titles, "; ")
	f.Add("checklist_override_reason", models.CodeChecklistOpen)
	return f, nil
}

// phaseGroup is one phase's part of a checklist.
type phaseGroup struct {
	Phase   string
	Current bool
	Items   []models.ChecklistItem
}

func groupChecklist(items []models.ChecklistItem, current string) []phaseGroup {
	var out []phaseGroup
	for _, i := range items {
		if len(out) == 0 || out[len(out)-1].Phase != i.Phase {
			out = append(out, phaseGroup{Phase: i.Phase, Current: i.Phase == current})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, i)
	}
	return out
}

func (s *Server) checklistPage(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	return s.renderChecklist(c, fiber.StatusOK, p, nil, nil)
}

func (s *Server) renderChecklist(c fiber.Ctx, status int, p models.Project, form map[string]string, errs models.FieldErrors) error {
	items, err := s.DB.Checklist(c.Context(), p.ID)
	if err != nil {
		return err
	}
	pg := s.page(c, "")
	pg.Title = pg.T("cl.title") + ": " + p.Title
	for _, i := range items {
		pg.Form[fmt.Sprintf("url_%d", i.ID)], pg.Form[fmt.Sprintf("reason_%d", i.ID)] = i.URL, i.Reason
	}
	for k, v := range form {
		pg.Form[k] = v
	}
	pg.Errors = errs
	pg.Data = struct {
		P        models.Project
		Groups   []phaseGroup
		CanEdit  bool
		Open     []models.ChecklistItem
		Statuses []string
	}{p, groupChecklist(items, p.Phase), models.CanEditProject(pg.User, &p), models.OpenMandatory(items, []string{p.Phase}), models.ItemStatuses}
	return s.render(c, status, "checklist", pg)
}

// checklistItemForm sets an item open, done (with a link or an uploaded
// document) or not relevant (with a reason).
func (s *Server) checklistItemForm(c fiber.Ctx) error {
	p, item, err := s.checklistItem(c)
	if err != nil {
		return err
	}
	item.Status = c.FormValue("status")
	item.Reason, item.URL = c.FormValue(fmt.Sprintf("reason_%d", item.ID)), c.FormValue(fmt.Sprintf("url_%d", item.ID))
	var doc *data.Document
	if fh, ferr := c.FormFile("document"); ferr == nil && fh.Size > 0 {
		if fh.Size > maxUpload {
			return s.renderChecklist(c, fiber.StatusUnprocessableEntity, p, map[string]string{"item_id": strconv.FormatInt(item.ID, 10),
				fmt.Sprintf("reason_%d", item.ID): item.Reason, fmt.Sprintf("url_%d", item.ID): item.URL},
				models.FieldErrors{fmt.Sprintf("document_%d", item.ID): "too_large"})
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		body, err := io.ReadAll(io.LimitReader(f, maxUpload+1))
		f.Close()
		if err != nil {
			return err
		}
		ct := fh.Header.Get("Content-Type")
		if ct == "" {
			ct = mime.TypeByExtension(filepath.Ext(fh.Filename))
		}
		doc = &data.Document{Filename: filepath.Base(fh.Filename), ContentType: ct, Body: body}
	}
	_, err = s.DB.UpdateChecklistItem(c.Context(), actorOf(c), item, doc)
	if f := models.Fields(err); f != nil {
		errs := models.FieldErrors{}
		for k, v := range f {
			errs.Add(fmt.Sprintf("%s_%d", k, item.ID), v)
		}
		return s.renderChecklist(c, fiber.StatusUnprocessableEntity, p, map[string]string{"item_id": strconv.FormatInt(item.ID, 10),
			fmt.Sprintf("reason_%d", item.ID): item.Reason, fmt.Sprintf("url_%d", item.ID): item.URL}, errs)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d/checklist?saved=1#item-%d", p.ID, item.ID))
}

// checklistDocument sends an item's archived document as it was uploaded.
func (s *Server) checklistDocument(c fiber.Ctx) error {
	pid, err := idParam(c, "id")
	if err != nil {
		return err
	}
	iid, err := idParam(c, "item")
	if err != nil {
		return err
	}
	d, err := s.DB.ChecklistDocument(c.Context(), pid, iid)
	if err != nil {
		return err
	}
	c.Set("Content-Type", d.ContentType)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
	return c.Send(d.Body)
}

func (s *Server) templatePage(c fiber.Ctx) error {
	return s.renderTemplate(c, fiber.StatusOK, nil, nil)
}

func (s *Server) renderTemplate(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	list, err := s.DB.ChecklistTemplate(c.Context())
	if err != nil {
		return err
	}
	p := s.page(c, "cl.template")
	for n, t := range list {
		p.Form[fmt.Sprintf("phase_%d", n)] = t.Phase
		p.Form[fmt.Sprintf("title_%d", n)] = t.Title
		if t.Mandatory {
			p.Form[fmt.Sprintf("mandatory_%d", n)] = "on"
		}
	}
	for k, v := range form {
		p.Form[k] = v
	}
	p.Errors = errs
	rows := make([]int, len(list)+3)
	for n := range rows {
		rows[n] = n
	}
	p.Data = struct {
		Rows   []int
		Phases []string
	}{rows, models.ChecklistPhases}
	return s.render(c, status, "checklist_template", p)
}

func (s *Server) saveTemplateForm(c fiber.Ctx) error {
	form := map[string]string{}
	var list []models.TemplateItem
	var rows []int // the form row of each item
	f := models.FieldErrors{}
	for n := 0; n < 200; n++ {
		phase, title := c.FormValue(fmt.Sprintf("phase_%d", n)), strings.TrimSpace(c.FormValue(fmt.Sprintf("title_%d", n)))
		mandatory := c.FormValue(fmt.Sprintf("mandatory_%d", n))
		form[fmt.Sprintf("phase_%d", n)], form[fmt.Sprintf("title_%d", n)], form[fmt.Sprintf("mandatory_%d", n)] = phase, title, mandatory
		if title == "" {
			continue
		}
		if !models.ValidPhase(phase) || models.PhaseIndex(phase) < 0 || phase == models.PhaseDone {
			f.Add(fmt.Sprintf("phase_%d", n), "choice")
		}
		list = append(list, models.TemplateItem{Phase: phase, Title: title, Mandatory: mandatory == "on"})
		rows = append(rows, n)
	}
	if len(f) == 0 {
		_, err := s.DB.SetChecklistTemplate(c.Context(), actorOf(c), list)
		if f, err = rowErrors(f, err, "template", rows); err != nil {
			return err
		}
		if len(f) == 0 {
			return c.Redirect().Status(fiber.StatusSeeOther).To("/admin/checklist-template?saved=1")
		}
	}
	return s.renderTemplate(c, fiber.StatusUnprocessableEntity, form, f)
}

// projectLogPage is a project's log with the form for a new entry.
func (s *Server) projectLogPage(c fiber.Ctx) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	return s.renderProjectLog(c, fiber.StatusOK, p, map[string]string{"kind": "lesson", "date": s.today().String()}, nil)
}

func (s *Server) renderProjectLog(c fiber.Ctx, status int, p models.Project, form map[string]string, errs models.FieldErrors) error {
	list, err := s.DB.LogEntries(c.Context(), data.LogFilter{ProjectID: p.ID})
	if err != nil {
		return err
	}
	sols, err := s.DB.Solutions(c.Context(), data.SolutionFilter{})
	if err != nil {
		return err
	}
	pg := s.page(c, "")
	pg.Title = pg.T("log.title") + ": " + p.Title
	for k, v := range form {
		pg.Form[k] = v
	}
	pg.Errors = errs
	names := map[int64]string{}
	for _, sol := range sols {
		names[sol.ID] = sol.Name
	}
	pg.Data = struct {
		P         models.Project
		Entries   []models.LogEntry
		Solutions []models.Solution
		Names     map[int64]string
		Kinds     []string
		CanEdit   bool
	}{p, list, sols, names, models.LogKinds, models.CanEditProject(pg.User, &p)}
	return s.render(c, status, "project_log", pg)
}

func (s *Server) createLogForm(c fiber.Ctx) error {
	p, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	form := map[string]string{}
	for _, k := range []string{"kind", "title", "description", "consequence", "recommendation", "date", "shared"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	l := models.LogEntry{ProjectID: p.ID, Kind: form["kind"], Title: form["title"], Description: form["description"], Consequence: form["consequence"],
		Recommendation: form["recommendation"], Shared: form["shared"] == "on", SolutionIDs: []int64{}}
	f := models.FieldErrors{}
	dateInto(f, "date", form["date"], &l.Date)
	var ids []string
	for _, v := range c.Request().PostArgs().PeekMulti("solution_ids") {
		if id, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			l.SolutionIDs = append(l.SolutionIDs, id)
			ids = append(ids, string(v))
		}
	}
	form["solution_ids"] = strings.Join(ids, ",")
	f, err = saveForm(f, l.Validate, func() (err error) {
		_, err = s.DB.SaveLogEntry(c.Context(), actorOf(c), l)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderProjectLog(c, fiber.StatusUnprocessableEntity, p, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d/log?saved=1", p.ID))
}

func (s *Server) deleteLogForm(c fiber.Ctx) error {
	p, err := s.projectForWrite(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "lid")
	if err != nil {
		return err
	}
	l, err := s.DB.LogEntry(c.Context(), id)
	if err != nil || l.ProjectID != p.ID {
		return models.ErrNotFound
	}
	if err := s.DB.DeleteLogEntry(c.Context(), actorOf(c), id); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d/log?saved=1", p.ID))
}

// lessonsPage is the cooperation's experience log: every shared lesson,
// with search (æ/ø/å folded) and filters by service area and solution.
func (s *Server) lessonsPage(c fiber.Ctx) error {
	f, err := lessonFilterOf(c)
	if err != nil {
		return err
	}
	list, err := s.DB.LogEntries(c.Context(), f)
	if err != nil {
		return err
	}
	sols, err := s.DB.Solutions(c.Context(), data.SolutionFilter{})
	if err != nil {
		return err
	}
	p := s.page(c, "lesson.title")
	p.Form = map[string]string{"q": f.Query, "service_area": f.ServiceArea, "solution": c.Query("solution")}
	names := map[int64]string{}
	for _, sol := range sols {
		names[sol.ID] = sol.Name
	}
	p.Data = struct {
		Entries   []models.LogEntry
		Solutions []models.Solution
		Names     map[int64]string
		Areas     []string
	}{list, sols, names, models.ServiceAreas}
	return s.render(c, fiber.StatusOK, "lessons", p)
}

// learntView is what a solution's page shows of the experience log.
type learntView struct {
	SolutionID int64
	Lessons    []models.LogEntry
	Askers     []models.Asker
}

// learntOn gathers the shared lessons on a solution and the municipalities
// to ask about it.
func (s *Server) learntOn(c fiber.Ctx, solutionID int64) (*learntView, error) {
	lessons, err := s.DB.LogEntries(c.Context(), data.LogFilter{Shared: true, SolutionID: solutionID})
	if err != nil {
		return nil, err
	}
	askers, err := s.DB.SolutionAskers(c.Context(), solutionID)
	if err != nil {
		return nil, err
	}
	return &learntView{solutionID, lessons, askers}, nil
}

// caseChecklists are, for each case about a project's phase change, the
// checklist items of the phases the change leaves: what the steering group
// sees before it decides.
func (s *Server) caseChecklists(c fiber.Ctx, cases []models.Case) (map[int64][]models.ChecklistItem, error) {
	out := map[int64][]models.ChecklistItem{}
	for _, cs := range cases {
		if cs.PhaseTo == "" || cs.ProjectID == 0 || cs.Status == models.CaseDecided {
			continue
		}
		p, err := s.DB.Project(c.Context(), cs.ProjectID)
		if err != nil {
			return nil, err
		}
		phases := models.PhasesPassed(p.Phase, cs.PhaseTo)
		if len(phases) == 0 {
			continue
		}
		items, err := s.DB.Checklist(c.Context(), p.ID)
		if err != nil {
			return nil, err
		}
		for _, i := range items {
			for _, ph := range phases {
				if i.Phase == ph {
					out[cs.ID] = append(out[cs.ID], i)
				}
			}
		}
	}
	return out, nil
}
