package handlers

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/views"
)

// benefitsPerPage is how many benefits the list shows at a time.
const benefitsPerPage = 50

// planOrder sorts benefits behind plan first, then unmeasured, without a plan, on plan, ahead.
var planOrder = map[string]int{models.PlanBehind: 0, models.PlanNotMeasured: 1, models.PlanNone: 2, models.PlanOnPlan: 3, models.PlanAhead: 4}

func sortBehindFirst(list []models.Benefit) {
	sort.SliceStable(list, func(i, j int) bool { return planOrder[list[i].PlanStatus] < planOrder[list[j].PlanStatus] })
}

func (s *Server) benefitsPage(c fiber.Ctx) error {
	ctx := c.Context()
	list, err := s.DB.Benefits(ctx, data.BenefitFilter{})
	if err != nil {
		return err
	}
	sortBehindFirst(list)
	byArea, total, err := s.DB.BenefitTotals(ctx, "service_area")
	if err != nil {
		return err
	}
	byMun, _, err := s.DB.BenefitTotals(ctx, "municipality")
	if err != nil {
		return err
	}
	_, names, err := s.municipalityOptions(c, "")
	if err != nil {
		return err
	}
	p := s.page(c, "ben.title")
	// Behind plan first, in pages: a national portfolio has thousands.
	shown, pg := pageOfList(p, c, "/benefits", list, benefitsPerPage)
	p.Data = struct {
		Benefits               []models.Benefit
		Rows                   views.BenefitRows
		Total                  models.BenefitTotal
		ByArea, ByMunicipality []models.BenefitTotal
		Names                  map[string]string
		Pager                  pager
		Count                  int64
	}{shown, views.BenefitRows{Page: p, Benefits: shown, ShowProject: true}, total, byArea, byMun, names, pg, int64(len(list))}
	return s.render(c, fiber.StatusOK, "benefits", p)
}

func (s *Server) benefitParam(c fiber.Ctx) (models.Benefit, error) {
	return loadParam(c, s.DB.Benefit)
}

type planRow struct {
	Period                               string
	Plan, Measured, CumPlan, CumMeasured float64
	HasPlan, HasMeasured                 bool
	// Reported: the period is not after the last measured one.
	Reported bool
}

// planRows puts plan and measurements side by side per period.
func planRows(b *models.Benefit, ms []models.Measurement) []planRow {
	rows := map[string]*planRow{}
	get := func(p string) *planRow {
		if rows[p] == nil {
			rows[p] = &planRow{Period: p}
		}
		return rows[p]
	}
	for _, p := range b.Plan {
		r := get(p.Period)
		r.Plan, r.HasPlan = p.Value, true
	}
	count := map[string]int{}
	for _, m := range ms {
		r := get(m.Period)
		r.Measured += m.Value
		r.HasMeasured = true
		count[m.Period]++
	}
	out := make([]planRow, 0, len(rows))
	for _, r := range rows {
		if !b.Cumulative() && count[r.Period] > 0 {
			r.Measured /= float64(count[r.Period]) // a level: the mean of the municipalities
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Period < out[j].Period })
	var cp, cm float64
	last := ""
	for _, m := range ms {
		last = max(last, m.Period)
	}
	for i := range out {
		cp += out[i].Plan
		cm += out[i].Measured
		out[i].CumPlan, out[i].CumMeasured = cp, cm
		out[i].Reported = out[i].Period <= last
	}
	return out
}

type coverage struct{ Name, Latest string }

func (s *Server) benefitPage(c fiber.Ctx) error {
	return s.renderBenefit(c, fiber.StatusOK, nil, nil)
}

func (s *Server) renderBenefit(c fiber.Ctx, status int, form map[string]string, errs models.FieldErrors) error {
	b, err := s.benefitParam(c)
	if err != nil {
		return err
	}
	ctx := c.Context()
	proj, err := s.DB.Project(ctx, b.ProjectID)
	if err != nil {
		return err
	}
	ms, err := s.DB.Measurements(ctx, b.ID)
	if err != nil {
		return err
	}
	_, names, err := s.municipalityOptions(c, "")
	if err != nil {
		return err
	}
	p := s.page(c, "")
	p.Title = b.Title
	latest := map[string]string{}
	for _, m := range ms {
		if m.Period > latest[m.Municipality] {
			latest[m.Municipality] = m.Period
		}
	}
	cov := []coverage{}
	opts := []views.Option{{Value: "", Label: p.T("ben.m.all")}}
	for _, m := range proj.Municipalities {
		cov = append(cov, coverage{names[m], latest[m]})
		opts = append(opts, views.Option{Value: m, Label: names[m]})
	}
	if l := latest[""]; l != "" {
		cov = append(cov, coverage{p.T("ben.m.all"), l})
	}
	canMeasure := models.CanEditProject(p.User, &proj)
	if !canMeasure && p.User.Role == models.RoleContact && contains(proj.Municipalities, p.User.Municipality) {
		// A municipal contact records for their own municipality only.
		canMeasure = true
		opts = []views.Option{{Value: p.User.Municipality, Label: names[p.User.Municipality]}}
	}
	p.Form["period"] = b.PeriodOfDate(s.DB.Now().In(s.cfg.Location).AddDate(0, -1, 0))
	for k, v := range form {
		p.Form[k] = v
	}
	p.Errors = errs
	p.Data = struct {
		B                   models.Benefit
		Rows                []planRow
		Measurements        []models.Measurement
		Coverage            []coverage
		Names               map[string]string
		MunicipalityOptions []views.Option
		CanEdit, CanMeasure bool
	}{b, planRows(&b, ms), ms, cov, names, opts, p.User.Role.EditsPortfolio(), canMeasure}
	return s.render(c, status, "benefit", p)
}

func (s *Server) recordMeasurement(c fiber.Ctx) error {
	b, err := s.benefitParam(c)
	if err != nil {
		return err
	}
	proj, err := s.DB.Project(c.Context(), b.ProjectID)
	if err != nil {
		return err
	}
	if !models.CanRecordMeasurement(currentUser(c), &proj, strings.TrimSpace(c.FormValue("municipality"))) {
		return errForbidden
	}
	form := map[string]string{}
	for _, k := range []string{"period", "value", "municipality", "comment"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	v, ok := models.ParseNumber(form["value"])
	if !ok {
		return s.renderBenefit(c, fiber.StatusUnprocessableEntity, form, models.FieldErrors{"value": "number"})
	}
	_, err = s.DB.RecordMeasurement(c.Context(), actorOf(c), models.Measurement{BenefitID: b.ID, Period: form["period"], Value: v,
		Municipality: form["municipality"], Comment: form["comment"]})
	if f := models.Fields(err); f != nil {
		return s.renderBenefit(c, fiber.StatusUnprocessableEntity, form, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/benefits/%d?saved=measurement", b.ID))
}

var benefitFormFields = []string{"title", "type", "unit", "granularity", "indicator", "owner", "owner_role", "owner_municipality",
	"baseline", "baseline_date", "target", "target_date", "hour_value_nok", "plan", "municipality_targets"}

// parsePlan reads "2026-03 = 250" lines.
func parsePlan(text string) ([]models.PlanPoint, bool) {
	var out []models.PlanPoint
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		period, value, ok := strings.Cut(line, "=")
		if !ok {
			period, value, ok = strings.Cut(line, ":")
		}
		v, vok := models.ParseNumber(value)
		if !ok || !vok {
			return nil, false
		}
		out = append(out, models.PlanPoint{Period: strings.TrimSpace(period), Value: v})
	}
	return out, true
}

func formatPlan(plan []models.PlanPoint) string {
	var b strings.Builder
	for _, p := range plan {
		fmt.Fprintf(&b, "%s = %s\n", p.Period, strconv.FormatFloat(p.Value, 'f', -1, 64))
	}
	return b.String()
}

func benefitFromForm(c fiber.Ctx, b *models.Benefit) (map[string]string, models.FieldErrors) {
	form := map[string]string{}
	for _, k := range benefitFormFields {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	f := models.FieldErrors{}
	b.Title, b.Type, b.Unit, b.Granularity = form["title"], form["type"], form["unit"], form["granularity"]
	b.Indicator, b.Owner, b.OwnerRole, b.OwnerMunicipality = form["indicator"], form["owner"], form["owner_role"], form["owner_municipality"]
	for _, n := range []struct {
		key string
		dst *float64
	}{{"baseline", &b.Baseline}, {"target", &b.Target}} {
		v, ok := models.ParseNumber(form[n.key])
		if !ok {
			f.Add(n.key, "number")
		}
		*n.dst = v
	}
	b.HourValueNOK = 0
	if form["hour_value_nok"] != "" {
		if v, ok := parseInt(form["hour_value_nok"]); ok {
			b.HourValueNOK = v
		} else {
			f.Add("hour_value_nok", "number")
		}
	}
	dateInto(f, "baseline_date", form["baseline_date"], &b.BaselineDate)
	dateInto(f, "target_date", form["target_date"], &b.TargetDate)
	plan, ok := parsePlan(c.FormValue("plan"))
	if !ok {
		f.Add("plan", "period")
	}
	b.Plan = plan
	targets, ok := parseTargets(c.FormValue("municipality_targets"))
	if !ok {
		f.Add("municipality_targets", "targets")
	}
	b.Targets = targets
	return form, f
}

// parseTargets reads "1833 = 1200" lines: a municipality's number and its
// own target (its part of target − baseline).
func parseTargets(text string) ([]models.MunicipalityTarget, bool) {
	out := []models.MunicipalityTarget{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		number, value, ok := strings.Cut(line, "=")
		if !ok {
			number, value, ok = strings.Cut(line, ":")
		}
		v, vok := models.ParseNumber(value)
		number = strings.TrimSpace(number)
		if !ok || !vok || !models.ValidMunicipalityNumber(number) {
			return nil, false
		}
		out = append(out, models.MunicipalityTarget{Municipality: number, Target: v})
	}
	return out, true
}

func formatTargets(targets []models.MunicipalityTarget) string {
	var b strings.Builder
	for _, t := range targets {
		fmt.Fprintf(&b, "%s = %s\n", t.Municipality, strconv.FormatFloat(t.Target, 'f', -1, 64))
	}
	return b.String()
}

func (s *Server) renderBenefitForm(c fiber.Ctx, status int, proj models.Project, id int64, form map[string]string, errs models.FieldErrors) error {
	key, action, cancel := "ben.new", fmt.Sprintf("/projects/%d/benefits/new", proj.ID), fmt.Sprintf("/projects/%d", proj.ID)
	if id != 0 {
		key, action, cancel = "ben.edit", fmt.Sprintf("/benefits/%d/edit", id), fmt.Sprintf("/benefits/%d", id)
	}
	p := s.page(c, key)
	p.Form, p.Errors = form, errs
	opts, _, err := s.municipalityOptions(c, p.T("admin.user.mun.none"))
	if err != nil {
		return err
	}
	p.Data = struct {
		Project              models.Project
		Action, Cancel       string
		Types, Granularities []string
		MunicipalityOptions  []views.Option
	}{proj, action, cancel, models.BenefitTypes, models.Granularities, opts}
	return s.render(c, status, "benefit_form", p)
}

func (s *Server) newBenefitPage(c fiber.Ctx) error {
	proj, err := s.projectParam(c)
	if err != nil {
		return err
	}
	return s.renderBenefitForm(c, fiber.StatusOK, proj, 0, map[string]string{"type": models.BenefitTime, "granularity": "month", "unit": "timer", "baseline": "0"}, nil)
}

func (s *Server) createBenefit(c fiber.Ctx) error {
	proj, err := s.projectParam(c)
	if err != nil {
		return err
	}
	return s.saveBenefitForm(c, proj, models.Benefit{ProjectID: proj.ID})
}

func benefitForm(b *models.Benefit, hourFromSettings bool) map[string]string {
	form := map[string]string{
		"title": b.Title, "type": b.Type, "unit": b.Unit, "granularity": b.Granularity, "indicator": b.Indicator,
		"owner": b.Owner, "owner_role": b.OwnerRole, "owner_municipality": b.OwnerMunicipality,
		"baseline": strconv.FormatFloat(b.Baseline, 'f', -1, 64), "target": strconv.FormatFloat(b.Target, 'f', -1, 64),
		"baseline_date": b.BaselineDate.String(), "target_date": b.TargetDate.String(), "plan": formatPlan(b.Plan),
		"municipality_targets": formatTargets(b.Targets),
	}
	if !hourFromSettings {
		form["hour_value_nok"] = strconv.FormatInt(b.HourValueNOK, 10)
	}
	return form
}

func (s *Server) editBenefitPage(c fiber.Ctx) error {
	b, err := s.benefitParam(c)
	if err != nil {
		return err
	}
	proj, err := s.DB.Project(c.Context(), b.ProjectID)
	if err != nil {
		return err
	}
	set, err := s.DB.Settings(c.Context())
	if err != nil {
		return err
	}
	return s.renderBenefitForm(c, fiber.StatusOK, proj, b.ID, benefitForm(&b, b.HourValueNOK == set.HourValueFor(b.ServiceArea)), nil)
}

func (s *Server) updateBenefit(c fiber.Ctx) error {
	b, err := s.benefitParam(c)
	if err != nil {
		return err
	}
	proj, err := s.DB.Project(c.Context(), b.ProjectID)
	if err != nil {
		return err
	}
	return s.saveBenefitForm(c, proj, b)
}

// saveBenefitForm creates (ID 0) or updates b of proj from the posted form.
func (s *Server) saveBenefitForm(c fiber.Ctx, proj models.Project, b models.Benefit) error {
	form, f := benefitFromForm(c, &b)
	f, err := saveForm(f, b.Validate, func() (err error) {
		b, err = s.DB.SaveBenefit(c.Context(), actorOf(c), b)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderBenefitForm(c, fiber.StatusUnprocessableEntity, proj, b.ID, form, f)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/benefits/%d?saved=1", b.ID))
}
