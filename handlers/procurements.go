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

func (s *Server) procurementParam(c fiber.Ctx) (models.Procurement, error) {
	return loadParam(c, s.DB.Procurement)
}

type procurementRow struct {
	P    models.Procurement
	Next *data.Deadline
}

func (s *Server) procurementsPage(c fiber.Ctx) error {
	f := data.ProcurementFilter{Stage: c.Query("stage"), Municipality: c.Query("municipality")}
	if !models.ValidStage(f.Stage) {
		f.Stage = ""
	}
	if !models.ValidMunicipalityNumber(f.Municipality) {
		f.Municipality = ""
	}
	list, err := s.DB.Procurements(c.Context(), f)
	if err != nil {
		return err
	}
	all, err := s.DB.UpcomingDeadlines(c.Context(), "")
	if err != nil {
		return err
	}
	// The deadlines table is the overview's figure "deadlines"; tender
	// deadlines are listed beside it.
	deadlines, err := s.DB.ContractDeadlines(c.Context(), models.DashFilter{})
	if err != nil {
		return err
	}
	var tenders []data.Deadline
	for _, d := range all {
		if d.Kind == "tender_deadline" {
			tenders = append(tenders, d)
		}
	}
	set, err := s.DB.Settings(c.Context())
	if err != nil {
		return err
	}
	next := map[int64]*data.Deadline{}
	for i := range all {
		if next[all[i].ProcurementID] == nil {
			next[all[i].ProcurementID] = &all[i]
		}
	}
	rows := make([]procurementRow, len(list))
	for i, p := range list {
		rows[i] = procurementRow{p, next[p.ID]}
	}
	p := s.page(c, "proc.title")
	p.Form["stage"], p.Form["municipality"] = f.Stage, f.Municipality
	munOpts, _, err := s.municipalityOptions(c, p.T("proj.filter.all"))
	if err != nil {
		return err
	}
	p.Data = struct {
		List                []procurementRow
		Deadlines, Tenders  []data.Deadline
		Horizon             int
		Stages              []string
		MunicipalityOptions []views.Option
		CanEdit             bool
	}{rows, deadlines, tenders, set.ExpiryHorizonMonth, models.Stages, munOpts, p.User.Role.EditsPortfolio()}
	return s.render(c, fiber.StatusOK, "procurements", p)
}

type timelineStep struct {
	Stage            string
	Reached, Current bool
	Date             models.Date
}

func (s *Server) procurementPage(c fiber.Ctx) error {
	return s.renderProcurement(c, fiber.StatusOK, nil, nil)
}

func (s *Server) renderProcurement(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	proc, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	ctx := c.Context()
	p := s.page(c, "")
	p.Title = proc.Title
	for k, v := range form {
		p.Form[k] = v
	}
	p.Errors = errs
	shares, popDates, shareErr := s.DB.CostShares(ctx, proc)
	var shareMsg string
	if f := models.Fields(shareErr); f != nil {
		shareMsg = p.T("err.no_basis")
	} else if shareErr != nil {
		return shareErr
	}
	var total int64
	for _, sh := range shares {
		total += sh.AmountNOK
	}
	list, err := s.DB.Municipalities(ctx)
	if err != nil {
		return err
	}
	names, pops := map[string]string{}, map[string]int64{}
	for _, m := range list {
		names[m.Number], pops[m.Number] = m.Name, m.Population
	}
	history, err := s.DB.StageHistory(ctx, proc.ID)
	if err != nil {
		return err
	}
	var projects []models.Project
	for _, id := range proc.ProjectIDs {
		pr, err := s.DB.Project(ctx, id)
		if err != nil {
			return err
		}
		projects = append(projects, pr)
	}
	set, err := s.DB.Settings(ctx)
	if err != nil {
		return err
	}
	decisions, err := s.DB.Cases(ctx, data.CaseFilter{ProcurementID: proc.ID, Status: models.CaseDecided})
	if err != nil {
		return err
	}
	var warnings []string
	for _, w := range proc.Warnings {
		limit := set.EEAThreshold
		if w == "above_national_threshold" {
			limit = set.NationalThreshold
		}
		warnings = append(warnings, p.T("warn."+w, locale.Kroner(limit)))
	}
	p.Data = struct {
		P            models.Procurement
		Shares       []models.CostShare
		ShareTotal   int64
		ShareError   string
		PopDates     []models.Date
		Populations  map[string]int64
		Names        map[string]string
		Timeline     []timelineStep
		Projects     []models.Project
		Warnings     []string
		Savings      int64
		Decisions    views.CaseList
		HasDecisions bool
		CanEdit      bool
	}{proc, shares, total, shareMsg, popDates, pops, names, timeline(proc.Stage, history), projects, warnings,
		proc.AloneSavings(), views.CaseList{Page: p, Cases: decisions}, len(decisions) > 0, p.User.Role.EditsPortfolio()}
	return s.render(c, status, "procurement", p)
}

// timeline shows every stage in order with the date it was reached; a
// cancelled procurement shows the stages it reached and then cancelled.
func timeline(current string, history []models.StageEvent) []timelineStep {
	reached := map[string]models.Date{}
	for _, e := range history {
		reached[e.Stage] = e.Reached
	}
	var out []timelineStep
	for _, st := range models.Stages {
		d, ok := reached[st]
		if st == models.StageCancelled && current != models.StageCancelled {
			continue
		}
		if current == models.StageCancelled && !ok {
			continue
		}
		out = append(out, timelineStep{Stage: st, Reached: ok, Current: st == current, Date: d})
	}
	return out
}

var procurementFormFields = []string{"title", "description", "procedure", "stage", "stage_date", "estimated_value_nok", "annual_cost_nok",
	"alone_cost_nok", "lead_municipality", "equal_pct", "basis", "supplier", "doffin_ref", "contract_start", "contract_end", "tender_deadline"}

// procurementFromForm reads the form into p; numbers and dates that do not
// parse are field errors.
func procurementFromForm(c fiber.Ctx, p *models.Procurement) (map[string]string, models.Date, models.FieldErrors) {
	form := map[string]string{}
	for _, k := range procurementFormFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	f := models.FieldErrors{}
	p.Title, p.Description = form["title"], strings.TrimSpace(c.FormValue("description"))
	p.Procedure, p.Stage, p.LeadMunicipality = form["procedure"], form["stage"], form["lead_municipality"]
	p.Supplier, p.DoffinRef = form["supplier"], form["doffin_ref"]
	p.Municipalities = formValues(c, "municipalities")
	form["municipalities"] = strings.Join(p.Municipalities, ",")
	projects := formValues(c, "projects")
	form["projects"] = strings.Join(projects, ",")
	p.ProjectIDs = nil
	for _, v := range projects {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			p.ProjectIDs = append(p.ProjectIDs, id)
		}
	}
	p.CostKey = models.CostKey{Basis: form["basis"]}
	for _, n := range []struct {
		key string
		dst *int64
	}{{"estimated_value_nok", &p.EstimatedValueNOK}, {"annual_cost_nok", &p.AnnualCostNOK}, {"alone_cost_nok", &p.SavingsAloneNOK}} {
		*n.dst = 0
		if form[n.key] == "" {
			continue
		}
		if v, ok := parseInt(form[n.key]); ok {
			*n.dst = v
		} else {
			f.Add(n.key, models.NumberError(n.key))
		}
	}
	if v, ok := parseInt(form["equal_pct"]); ok || form["equal_pct"] == "" {
		p.CostKey.EqualPct = int(max(min(v, 1000), -1000))
	} else {
		f.Add("equal_pct", "number")
	}
	if p.CostKey.Basis == models.BasisWeights {
		p.CostKey.Weights = map[string]int64{}
	}
	for _, m := range p.Municipalities {
		raw := strings.TrimSpace(c.FormValue("weight_" + m))
		form["weight_"+m] = raw
		if raw == "" || p.CostKey.Weights == nil {
			continue
		}
		if v, ok := parseInt(raw); ok {
			p.CostKey.Weights[m] = v
		} else {
			f.Add("weights", "number")
		}
	}
	dateInto(f, "contract_start", form["contract_start"], &p.ContractStart)
	dateInto(f, "contract_end", form["contract_end"], &p.ContractEnd)
	dateInto(f, "tender_deadline", form["tender_deadline"], &p.TenderDeadline)
	stageDate, err := models.ParseDate(form["stage_date"])
	if err != nil {
		f.Add("stage_date", "date")
	}
	return form, stageDate, f
}

// formErrors renames the model's cost-key errors to the form's fields.
func formErrors(f models.FieldErrors) models.FieldErrors {
	out := models.FieldErrors{}
	for k, v := range f {
		out.Add(strings.TrimPrefix(k, "cost_key."), v)
	}
	return out
}

func procurementForm(p *models.Procurement) map[string]string {
	form := map[string]string{
		"title": p.Title, "description": p.Description, "procedure": p.Procedure, "stage": p.Stage,
		"estimated_value_nok": strconv.FormatInt(p.EstimatedValueNOK, 10), "annual_cost_nok": strconv.FormatInt(p.AnnualCostNOK, 10),
		"alone_cost_nok": strconv.FormatInt(p.SavingsAloneNOK, 10), "lead_municipality": p.LeadMunicipality,
		"equal_pct": strconv.Itoa(p.CostKey.EqualPct), "basis": p.CostKey.Basis, "supplier": p.Supplier, "doffin_ref": p.DoffinRef,
		"contract_start": p.ContractStart.String(), "contract_end": p.ContractEnd.String(), "tender_deadline": p.TenderDeadline.String(),
		"municipalities": strings.Join(p.Municipalities, ","),
	}
	var ids []string
	for _, id := range p.ProjectIDs {
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	form["projects"] = strings.Join(ids, ",")
	for m, w := range p.CostKey.Weights {
		form["weight_"+m] = strconv.FormatInt(w, 10)
	}
	return form
}

func (s *Server) renderProcurementForm(c fiber.Ctx, status int, id int64, form map[string]string, errs models.FieldErrors) error {
	key, action, cancel := "proc.new", "/procurements/new", "/procurements"
	if id != 0 {
		key, action, cancel = "proc.edit", fmt.Sprintf("/procurements/%d/edit", id), fmt.Sprintf("/procurements/%d", id)
	}
	p := s.page(c, key)
	p.Form, p.Errors = form, formErrors(errs)
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return err
	}
	// No silent default: the lead municipality is chosen, never the first of the list.
	leadOpts, _, err := s.municipalityOptions(c, p.T("proc.f.lead.choose"))
	if err != nil {
		return err
	}
	preview, err := s.previewOf(c, p, form)
	if err != nil {
		return err
	}
	picker, err := s.projectPicker(c, p, "projects", "proc.f.projects", "", true, chosenIDs([]string{form["projects"]}), form["projects_q"])
	if err != nil {
		return err
	}
	p.Data = struct {
		Action, Cancel            string
		Procedures, Stages, Bases []string
		Municipalities            []models.Municipality
		Picker                    views.ProjectPicker
		LeadOptions               []views.Option
		Preview                   costPreview
	}{action, cancel, models.Procedures, models.Stages, []string{models.BasisPopulation, models.BasisWeights}, list, picker, leadOpts, preview}
	return s.render(c, status, "procurement_form", p)
}

func (s *Server) newProcurementPage(c fiber.Ctx) error {
	return s.renderProcurementForm(c, fiber.StatusOK, 0, map[string]string{"stage": "needs", "procedure": "open", "equal_pct": "30", "basis": models.BasisPopulation}, nil)
}

func (s *Server) createProcurement(c fiber.Ctx) error {
	return s.saveProcurementForm(c, models.Procurement{})
}

func (s *Server) editProcurementPage(c fiber.Ctx) error {
	p, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	return s.renderProcurementForm(c, fiber.StatusOK, p.ID, procurementForm(&p), nil)
}

func (s *Server) updateProcurement(c fiber.Ctx) error {
	p, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	return s.saveProcurementForm(c, p)
}

// saveProcurementForm creates (ID 0) or updates p from the posted form.
func (s *Server) saveProcurementForm(c fiber.Ctx, p models.Procurement) error {
	created := p.ID == 0
	form, stageDate, f := procurementFromForm(c, &p)
	if c.FormValue("preview") != "" { // "Vis fordeling" without script: the form again with the shares, nothing saved
		return s.renderProcurementForm(c, fiber.StatusOK, p.ID, form, nil)
	}
	if c.FormValue("pick") != "" { // the picker's search, without script: the form again, nothing saved
		form["projects_q"] = c.FormValue("projects_q")
		return s.renderProcurementForm(c, fiber.StatusOK, p.ID, form, nil)
	}
	f, err := saveForm(f, p.Validate, func() (err error) {
		if p.ID == 0 {
			p, err = s.DB.CreateProcurement(c.Context(), actorOf(c), p, stageDate)
		} else {
			p, err = s.DB.UpdateProcurement(c.Context(), actorOf(c), p, stageDate)
		}
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderProcurementForm(c, fiber.StatusUnprocessableEntity, p.ID, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/procurements/%d?saved=%s", p.ID, savedWord(created, "procurement")))
}

func (s *Server) addOption(c fiber.Ctx) error {
	p, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	form := map[string]string{"option_description": strings.TrimSpace(c.FormValue("option_description")), "option_deadline": strings.TrimSpace(c.FormValue("option_deadline"))}
	deadline, derr := models.ParseDate(form["option_deadline"])
	if derr == nil {
		_, err = s.DB.SaveOption(c.Context(), actorOf(c), p.ID, models.ProcurementOption{Description: form["option_description"], Deadline: deadline})
	} else {
		err = models.FieldErrors{"deadline": "date"}.Err()
	}
	if f := models.Fields(err); f != nil {
		return s.renderProcurement(c, fiber.StatusUnprocessableEntity, form, prefixed("option_", f, nil))
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/procurements/%d?saved=1#options", p.ID))
}

func (s *Server) decideOption(c fiber.Ctx) error {
	p, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "oid")
	if err != nil {
		return err
	}
	decision := c.Params("decision")
	for _, o := range p.Options {
		if o.ID == id {
			o.Decision = decision
			if _, err := s.DB.SaveOption(c.Context(), actorOf(c), p.ID, o); err != nil {
				return err
			}
			return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/procurements/%d?saved=1#options", p.ID))
		}
	}
	return models.ErrNotFound
}

// savingsBenefit registers the saving of buying together as an economic
// benefit of the procurement's project.
func (s *Server) savingsBenefit(c fiber.Ctx) error {
	p, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	b, err := s.DB.SavingsBenefit(c.Context(), actorOf(c), p.ID)
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/benefits/%d?saved=1", b.ID))
}
