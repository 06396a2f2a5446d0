package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/locale"
	"samla/models"
	"samla/views"
)

// budgetPage is the programme's money for a year: income by source, costs
// by project and procurement, a chart, the grants not yet reported, the
// members' contribution and every municipality's statement.
func (s *Server) budgetPage(c fiber.Ctx) error {
	year, err := s.statementYear(c)
	if err != nil {
		return err
	}
	return s.renderBudget(c, year, nil, nil, fiber.StatusOK)
}

// renderBudget shows the budget page; a contribution form that failed comes
// back with what was typed and its errors.
func (s *Server) renderBudget(c fiber.Ctx, year int, form map[string]string, errs models.FieldErrors, status int) error {
	b, err := s.DB.Budget(c.Context(), year)
	if err != nil {
		return err
	}
	statements, _, err := s.DB.Statements(c.Context(), year)
	if err != nil {
		return err
	}
	contribution, err := s.DB.Contribution(c.Context(), year)
	hasContribution := err == nil
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return err
	}
	p := s.page(c, "")
	p.Title = p.T("money.budget.title", year)
	p.Form["year"] = strconv.Itoa(year)
	p.Form["equal_pct"] = "30"
	if hasContribution {
		p.Form["total_nok"] = strconv.FormatInt(contribution.TotalNOK, 10)
		p.Form["equal_pct"] = strconv.Itoa(contribution.CostKey.EqualPct)
	}
	for k, v := range form {
		p.Form[k] = v
	}
	p.Errors = errs
	p.Scripts = append(p.Scripts, echartsScript)
	p.Data = struct {
		Year            int
		Budget          models.Budget
		Chart           []views.Chart
		Statements      []models.Statement
		Contribution    models.Contribution
		HasContribution bool
		CanEdit         bool
		Today           models.Date
		Years           []views.Option
	}{year, b, []views.Chart{views.BudgetChart(p, b)}, statements, contribution, hasContribution, p.User.Role.EditsPortfolio(),
		models.DateOf(s.DB.Now().In(s.cfg.Location)), yearOptions(year)}
	return s.render(c, status, "budget", p)
}

func yearOptions(year int) []views.Option {
	var out []views.Option
	for y := year + 1; y >= year-4; y-- {
		out = append(out, views.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	return out
}

// setContribution saves the year's contribution from the budget page: a
// total and the share split equally; the rest goes by population.
func (s *Server) setContribution(c fiber.Ctx) error {
	year, err := yearParam(c, "year")
	if err != nil {
		return err
	}
	f := models.FieldErrors{}
	total, ok := parseInt(c.FormValue("total_nok"))
	if !ok {
		f.Add("total_nok", models.NumberError("total_nok"))
	}
	eq, ok := parseInt(c.FormValue("equal_pct"))
	if !ok {
		f.Add("equal_pct", "number")
	}
	con := models.Contribution{Year: year, TotalNOK: total, CostKey: models.CostKey{EqualPct: int(eq), Basis: models.BasisPopulation}}
	if len(f) == 0 {
		_, err = s.DB.SetContribution(c.Context(), actorOf(c), con)
		if f, err = mergeErrors(f, err); err != nil {
			return err
		}
	}
	if len(f) > 0 {
		if v, ok := f["cost_key.equal_pct"]; ok {
			f.Add("equal_pct", v)
		}
		return s.renderBudget(c, year, map[string]string{"total_nok": c.FormValue("total_nok"), "equal_pct": c.FormValue("equal_pct")},
			f, fiber.StatusUnprocessableEntity)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/budget?year=%d&saved=contribution", year))
}

func (s *Server) grantsPage(c fiber.Ctx) error {
	list, err := s.DB.Grants(c.Context(), data.GrantFilter{})
	if err != nil {
		return err
	}
	p := s.page(c, "grant.title")
	p.Data = struct {
		Grants  []models.Grant
		Today   models.Date
		CanEdit bool
	}{list, models.DateOf(s.DB.Now().In(s.cfg.Location)), p.User.Role.EditsPortfolio()}
	return s.render(c, fiber.StatusOK, "grants", p)
}

func (s *Server) grantPage(c fiber.Ctx) error {
	g, err := loadParam(c, s.DB.Grant)
	if err != nil {
		return err
	}
	return s.renderGrant(c, g, nil, fiber.StatusOK)
}

func (s *Server) renderGrant(c fiber.Ctx, g models.Grant, errs models.FieldErrors, status int) error {
	var projects []models.Project
	for _, id := range g.ProjectIDs {
		if pr, err := s.DB.Project(c.Context(), id); err == nil {
			projects = append(projects, pr)
		}
	}
	var cs models.Case
	if g.CaseID != 0 {
		cs, _ = s.DB.Case(c.Context(), g.CaseID)
	}
	p := s.page(c, "")
	p.Title = g.Title
	p.Errors = errs
	p.Data = struct {
		Grant    models.Grant
		Projects []models.Project
		Case     models.Case
		CanEdit  bool
		DueSoon  bool
	}{g, projects, cs, p.User.Role.EditsPortfolio(), g.ReportDueSoon(models.DateOf(s.DB.Now().In(s.cfg.Location)))}
	return s.render(c, status, "grant", p)
}

var grantFields = []string{"funder", "scheme", "title", "applied_nok", "granted_nok", "applied_date", "decision_date", "status",
	"conditions", "report_due", "reported_date"}

func (s *Server) grantForm(c fiber.Ctx, p *views.Page, action string, status int, chosen []int64) error {
	picker, err := s.projectPicker(c, p, "project_ids", "grant.f.projects", "", true, chosen, p.Form["project_ids_q"])
	if err != nil {
		return err
	}
	p.Data = struct {
		Action            string
		Picker            views.ProjectPicker
		Schemes, Statuses []string
	}{action, picker, models.GrantSchemes, models.GrantStatuses}
	return s.render(c, status, "grant_form", p)
}

func (s *Server) newGrantPage(c fiber.Ctx) error {
	p := s.page(c, "grant.new")
	p.Form["status"], p.Form["scheme"] = "draft", "skjonnsmidler"
	return s.grantForm(c, p, "/grants/new", fiber.StatusOK, nil)
}

func (s *Server) editGrantPage(c fiber.Ctx) error {
	g, err := loadParam(c, s.DB.Grant)
	if err != nil {
		return err
	}
	p := s.page(c, "grant.edit")
	p.Form = map[string]string{"funder": g.Funder, "scheme": g.Scheme, "title": g.Title, "applied_nok": strconv.FormatInt(g.AppliedNOK, 10),
		"granted_nok": strconv.FormatInt(g.GrantedNOK, 10), "applied_date": g.AppliedDate.String(), "decision_date": g.DecisionDate.String(),
		"status": g.Status, "conditions": g.Conditions, "report_due": g.ReportDue.String(), "reported_date": g.ReportedDate.String()}
	return s.grantForm(c, p, fmt.Sprintf("/grants/%d/edit", g.ID), fiber.StatusOK, g.ProjectIDs)
}

// saveGrantForm creates (id 0) or changes a grant from the form.
func (s *Server) saveGrantForm(c fiber.Ctx, g models.Grant, titleKey, action string) error {
	f := models.FieldErrors{}
	g.Funder, g.Scheme, g.Title, g.Status, g.Conditions = c.FormValue("funder"), c.FormValue("scheme"), c.FormValue("title"), c.FormValue("status"), c.FormValue("conditions")
	for _, n := range []struct {
		name string
		dst  *int64
	}{{"applied_nok", &g.AppliedNOK}, {"granted_nok", &g.GrantedNOK}} {
		v := strings.TrimSpace(c.FormValue(n.name))
		if v == "" {
			*n.dst = 0
		} else if x, ok := parseInt(v); ok {
			*n.dst = x
		} else {
			f.Add(n.name, "number")
		}
	}
	for _, d := range []struct {
		name string
		dst  *models.Date
	}{{"applied_date", &g.AppliedDate}, {"decision_date", &g.DecisionDate}, {"report_due", &g.ReportDue}, {"reported_date", &g.ReportedDate}} {
		dateInto(f, d.name, c.FormValue(d.name), d.dst)
	}
	g.ProjectIDs = chosenIDs(formValues(c, "project_ids"))
	if g.ProjectIDs == nil {
		g.ProjectIDs = []int64{}
	}
	var saved models.Grant
	picking := c.FormValue("pick") != "" // the picker's search without script: the form again, nothing saved
	if !picking {
		var err error
		if f, err = saveForm(f, g.Validate, func() (err error) {
			saved, err = s.DB.SaveGrant(c.Context(), actorOf(c), g)
			return err
		}); err != nil {
			return err
		}
	}
	if picking || len(f) > 0 {
		p := s.page(c, titleKey)
		formOf(c, p, append(grantFields, "project_ids_q")...)
		p.Errors = f
		return s.grantForm(c, p, action, formStatus(picking), g.ProjectIDs)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/grants/%d?saved=grant", saved.ID))
}

func (s *Server) createGrant(c fiber.Ctx) error {
	return s.saveGrantForm(c, models.Grant{}, "grant.new", "/grants/new")
}

func (s *Server) updateGrant(c fiber.Ctx) error {
	g, err := loadParam(c, s.DB.Grant)
	if err != nil {
		return err
	}
	return s.saveGrantForm(c, g, "grant.edit", fmt.Sprintf("/grants/%d/edit", g.ID))
}

// grantToSteering puts a grant application before the steering group as a
// pending case (the steering group ranks the applications), and links it.
func (s *Server) grantToSteering(c fiber.Ctx) error {
	g, err := loadParam(c, s.DB.Grant)
	if err != nil {
		return err
	}
	if g.CaseID == 0 {
		p := s.page(c, "")
		cs := models.Case{Kind: "decision", Title: p.T("grant.case.title", g.Title),
			Background: fmt.Sprintf("%s, %s: %s kr.", g.Funder, p.T("gscheme."+g.Scheme), locale.Number(g.AppliedNOK))}
		if len(g.ProjectIDs) > 0 {
			cs.ProjectID = g.ProjectIDs[0]
		}
		created, err := s.DB.CreateCase(c.Context(), actorOf(c), cs)
		if err != nil {
			return err
		}
		g.CaseID = created.ID
		if _, err := s.DB.SaveGrant(c.Context(), actorOf(c), g); err != nil {
			return err
		}
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/grants/%d?saved=grant_case", g.ID))
}

// statementPage is a municipality's yearly statement.
func (s *Server) statementPage(c fiber.Ctx) error {
	year, err := s.statementYear(c)
	if err != nil {
		return err
	}
	st, err := s.DB.Statement(c.Context(), c.Params("number"), year)
	if err != nil {
		return err
	}
	p := s.page(c, "")
	p.Title = p.T("money.statement", year, st.Name)
	p.Form["year"] = strconv.Itoa(year)
	p.Data = struct {
		Statement models.Statement
		Years     []views.Option
	}{st, yearOptions(year)}
	return s.render(c, fiber.StatusOK, "statement", p)
}

func (s *Server) statementPDF(c fiber.Ctx) error {
	year, err := yearParam(c, "year")
	if err != nil {
		return err
	}
	r, err := s.builder(c).Statement(c.Context(), c.Params("number"), year)
	if err != nil {
		return err
	}
	return sendPDF(c, r.Filename, r.PDF)
}

// exportStatements is every municipality's statement for a year in one
// workbook for the accounting office: a sheet of totals and a sheet with
// every line (kroner as numbers with a thousands format).
func (s *Server) exportStatements(c fiber.Ctx) error {
	year, err := yearParam(c, "year")
	if err != nil {
		return err
	}
	all, _, err := s.DB.Statements(c.Context(), year)
	if err != nil {
		return err
	}
	totals := sheet{Name: "Årsoppgaver", Header: []string{"number", "name", "amount_nok"}}
	lines := sheet{Name: "Linjer", Header: []string{"number", "name", "what", "ref_id", "title", "amount_nok"}}
	for _, st := range all {
		totals.Rows = append(totals.Rows, []string{st.Municipality, st.Name, i64(st.TotalNOK)})
		for _, l := range st.Lines {
			lines.Rows = append(lines.Rows, []string{st.Municipality, st.Name, locale.T("nb", "money.kind."+l.Kind), i64(l.RefID), l.Title, i64(l.AmountNOK)})
		}
	}
	book, err := workbook([]sheet{totals, lines})
	if err != nil {
		return err
	}
	return sendFile(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fmt.Sprintf("arsoppgaver-%d.xlsx", year), book)
}

// uploadGrantReport keeps the report sent to the funder (a PDF) in the
// archive and links it to the grant; a granted grant becomes reported.
func (s *Server) uploadGrantReport(c fiber.Ctx) error {
	g, err := loadParam(c, s.DB.Grant)
	if err != nil {
		return err
	}
	f := models.FieldErrors{}
	body, filename, err := uploadedPDF(c, "file", f)
	if err != nil {
		return err
	}
	if len(f) > 0 {
		return s.renderGrant(c, g, f, fiber.StatusUnprocessableEntity)
	}
	p := s.page(c, "")
	id, err := s.DB.ArchiveReport(c.Context(), actorOf(c), data.ArchivedReport{Kind: "grant_report", Key: strconv.FormatInt(g.ID, 10),
		Title: p.T("grant.report.title", g.Title), Filename: filename}, body)
	if err != nil {
		return err
	}
	g.ReportArchiveID = id
	if g.Status == "granted" {
		g.Status = "reported"
		if g.ReportedDate.IsZero() {
			g.ReportedDate = models.DateOf(s.DB.Now().In(s.cfg.Location))
		}
	}
	if _, err := s.DB.SaveGrant(c.Context(), actorOf(c), g); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/grants/%d?saved=grant_report", g.ID))
}

// uploadedPDF reads an uploaded PDF of at most maxUpload bytes from a form
// field; what is wrong with it goes into f under the field's name.
func uploadedPDF(c fiber.Ctx, field string, f models.FieldErrors) (body []byte, filename string, err error) {
	fh, ferr := c.FormFile(field)
	switch {
	case ferr != nil:
		f.Add(field, "required")
		return nil, "", nil
	case fh.Size > maxUpload:
		f.Add(field, "too_large")
		return nil, "", nil
	}
	file, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer file.Close()
	body, err = io.ReadAll(io.LimitReader(file, maxUpload+1))
	if err != nil {
		return nil, "", err
	}
	if !bytes.HasPrefix(body, []byte("%PDF-")) {
		f.Add(field, "pdf")
	}
	return body, safeFilename(fh.Filename), nil
}

// safeFilename keeps letters, digits, dots and dashes of an uploaded name.
func safeFilename(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || !strings.HasSuffix(strings.ToLower(b.String()), ".pdf") {
		return "rapport.pdf"
	}
	return b.String()
}

// projectFunding is the funding section of a project page.
type projectFunding struct {
	Rows         []models.Funding
	GrantOptions []views.Option
	Titles       map[int64]string
	Sources      []string
	Years        []views.Option
}

// projectFundingFrom is a project's funding with the grants it may name.
func (s *Server) projectFundingFrom(rows []models.Funding, grants []models.Grant) projectFunding {
	titles := map[int64]string{}
	opts := []views.Option{{Value: "", Label: "–"}}
	for _, g := range grants {
		titles[g.ID] = g.Title
		opts = append(opts, views.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Title})
	}
	return projectFunding{rows, opts, titles, models.FundingSources, yearOptions(s.DB.Now().In(s.cfg.Location).Year())}
}

// addFunding adds a funding row from the project page; removeFunding
// takes one away. Both save the whole list, checked as the API checks it.
func (s *Server) addFunding(c fiber.Ctx) error {
	return s.changeFunding(c, func(rows []models.Funding, f models.FieldErrors) []models.Funding {
		year, _ := strconv.Atoi(c.FormValue("funding_year"))
		r := models.Funding{Year: year, Source: c.FormValue("funding_source"), Note: strings.TrimSpace(c.FormValue("funding_note"))}
		if v, ok := parseInt(c.FormValue("funding_amount_nok")); ok {
			r.AmountNOK = v
		} else {
			f.Add("amount_nok", models.NumberError("amount_nok"))
		}
		r.GrantID, _ = strconv.ParseInt(c.FormValue("funding_grant_id"), 10, 64)
		eq, err := strconv.Atoi(strings.TrimSpace(c.FormValue("funding_equal_pct")))
		if err != nil && r.Source == "municipalities" {
			f.Add("equal_pct", "number")
		}
		r.CostKey = models.CostKey{EqualPct: eq, Basis: models.BasisPopulation}
		return append(rows, r)
	})
}

func (s *Server) removeFunding(c fiber.Ctx) error {
	return s.changeFunding(c, func(rows []models.Funding, f models.FieldErrors) []models.Funding {
		i, err := strconv.Atoi(c.FormValue("index"))
		if err != nil || i < 0 || i >= len(rows) {
			f.Add("index", "unknown")
			return rows
		}
		return append(rows[:i:i], rows[i+1:]...)
	})
}

func (s *Server) changeFunding(c fiber.Ctx, change func([]models.Funding, models.FieldErrors) []models.Funding) error {
	p, err := s.projectParam(c)
	if err != nil {
		return err
	}
	rows, err := s.DB.ProjectFunding(c.Context(), p.ID)
	if err != nil {
		return err
	}
	f := models.FieldErrors{}
	rows = change(rows, f)
	if len(f) == 0 {
		_, err = s.DB.SetProjectFunding(c.Context(), actorOf(c), p.ID, rows)
		if f, err = mergeErrors(f, err); err != nil {
			return err
		}
	}
	if len(f) > 0 {
		// The new row is the last; name its fields as the form does.
		last := fmt.Sprintf("funding[%d].", len(rows)-1)
		errs := models.FieldErrors{}
		for k, v := range f {
			errs.Add(strings.TrimPrefix(strings.TrimPrefix(k, last), "cost_key."), v)
		}
		form := map[string]string{}
		for _, k := range []string{"year", "source", "amount_nok", "grant_id", "equal_pct", "note"} {
			form["funding_"+k] = c.FormValue("funding_" + k)
		}
		return s.renderProject(c, fiber.StatusUnprocessableEntity, form, prefixed("funding_", errs, nil))
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/projects/%d?saved=1#funding", p.ID))
}
