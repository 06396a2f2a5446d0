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

// matrixLimit is how many municipalities the adoption page shows in one
// matrix; beyond it the page groups them by county, with drill-down.
const matrixLimit = 60

// adoptionFilterOf reads the adoption filters (service area, kind, as of);
// a value that is not one of its choices is a field error.
func adoptionFilterOf(c fiber.Ctx) (data.AdoptionFilter, models.FieldErrors) {
	f := data.AdoptionFilter{ServiceArea: c.Query("service_area"), Kind: c.Query("kind")}
	bad := models.FieldErrors{}
	if f.ServiceArea != "" && !models.ValidServiceArea(f.ServiceArea) {
		bad.Add("service_area", "choice")
	}
	if f.Kind != "" && !contains(models.SolutionKinds, f.Kind) {
		bad.Add("kind", "choice")
	}
	if d, err := models.ParseDate(c.Query("as_of")); err != nil {
		bad.Add("as_of", "date")
	} else {
		f.AsOf = d
	}
	return f, bad
}

// adoptionRow is one municipality in the matrix: its figures and a cell
// per solution.
type adoptionRow struct {
	models.MunicipalityAdoption
	Cells []rolloutCell // EditURL "" when the user may not change it
	Lacks []string
}

// countyRow sums up a county's municipalities for the grouped view.
type countyRow struct {
	Code, Name                    string
	Municipalities, Behind, InUse int
	MedianPct                     float64
}

func (s *Server) adoptionPage(c fiber.Ctx) error {
	ctx := c.Context()
	f, bad := adoptionFilterOf(c)
	p := s.page(c, "roll.title")
	if len(bad) > 0 {
		p.Errors = bad
		f = data.AdoptionFilter{}
	}
	county := c.Query("county")
	a, solutions, err := s.DB.Adoption(ctx, f)
	if err != nil {
		return err
	}
	status := map[string]map[int64]string{}
	inUse := map[int64]int{}
	for _, cell := range a.Cells {
		if status[cell.Municipality] == nil {
			status[cell.Municipality] = map[int64]string{}
		}
		status[cell.Municipality][cell.SolutionID] = cell.Status
		if cell.Status == models.RolloutInUse {
			inUse[cell.SolutionID]++
		}
	}
	user := currentUser(c)
	row := func(m models.MunicipalityAdoption, withCells bool) adoptionRow {
		r := adoptionRow{MunicipalityAdoption: m}
		for _, sol := range solutions {
			st := status[m.Number][sol.ID]
			if st == "" {
				st = models.RolloutNotStarted
			}
			if withCells {
				mun := models.Municipality{Number: m.Number, Name: m.Name}
				cell := rolloutCell{P: p, Solution: sol, Municipality: mun, Status: st}
				if f.AsOf.IsZero() && models.CanEditRollout(user, m.Number) {
					cell.EditURL = cellEditURL(sol, mun)
				}
				r.Cells = append(r.Cells, cell)
			}
			if st != models.RolloutInUse && st != models.RolloutNotRelevant && 2*inUse[sol.ID] >= len(a.Municipalities) {
				r.Lacks = append(r.Lacks, sol.Name)
			}
		}
		return r
	}
	grouped := len(a.Municipalities) > matrixLimit && county == ""
	var behind, matrix []adoptionRow
	counties := map[string]*countyRow{}
	countyPcts := map[string][]int{}
	for _, m := range a.Municipalities {
		code := models.CountyOf(m.Number)
		if counties[code] == nil {
			counties[code] = &countyRow{Code: code, Name: p.County(code)}
		}
		counties[code].Municipalities++
		countyPcts[code] = append(countyPcts[code], m.Pct)
		if m.Behind {
			counties[code].Behind++
			if county == "" || code == county {
				behind = append(behind, row(m, false))
			}
		}
		if !grouped && (county == "" || code == county) {
			matrix = append(matrix, row(m, true))
		}
	}
	var countyRows []countyRow
	for code, cr := range counties {
		cr.MedianPct = models.Median(countyPcts[code])
		countyRows = append(countyRows, *cr)
	}
	sort.Slice(countyRows, func(i, j int) bool { return countyRows[i].Name < countyRows[j].Name })
	sort.SliceStable(behind, func(i, j int) bool { return behind[i].Pct < behind[j].Pct })
	var chart []views.Chart
	if f.AsOf.IsZero() && len(solutions) > 0 {
		points, err := s.DB.AdoptionOverTime(ctx, 24)
		if err != nil {
			return err
		}
		chart = []views.Chart{views.AdoptionChart(p, points, solutions)}
		p.Scripts = append(p.Scripts, echartsScript)
	}
	p.Form = map[string]string{"service_area": f.ServiceArea, "kind": f.Kind, "as_of": f.AsOf.String(), "county": county}
	p.Data = struct {
		Adoption   models.Adoption
		Solutions  []models.Solution
		Behind     []adoptionRow
		Matrix     []adoptionRow
		Grouped    bool
		Counties   []countyRow
		County     string
		AsOf       models.Date
		Chart      []views.Chart
		Areas      []string
		Kinds      []string
		CanEdit    bool
		CountyOpts []views.Option
	}{a, solutions, behind, matrix, grouped, countyRows, county, f.AsOf, chart, models.ServiceAreas, models.SolutionKinds,
		user.Role.EditsPortfolio(), countyOptions(p, countyRows)}
	return s.render(c, fiber.StatusOK, "adoption", p)
}

func countyOptions(p *views.Page, rows []countyRow) []views.Option {
	out := []views.Option{{Value: "", Label: p.T("roll.county.all")}}
	for _, r := range rows {
		out = append(out, views.Option{Value: r.Code, Label: r.Name})
	}
	return out
}

func (s *Server) solutionPage(c fiber.Ctx) error {
	sol, err := loadParam(c, s.DB.Solution)
	if err != nil {
		return err
	}
	rows, err := s.DB.Rollouts(c.Context(), sol.ID)
	if err != nil {
		return err
	}
	names, err := s.municipalityNames(c)
	if err != nil {
		return err
	}
	var project models.Project
	if sol.ProjectID != 0 {
		if project, err = s.DB.Project(c.Context(), sol.ProjectID); err != nil {
			return err
		}
	}
	agreements, err := s.DB.Agreements(c.Context(), sol.ID)
	if err != nil {
		return err
	}
	user := currentUser(c)
	type rowView struct {
		models.Rollout
		Name    string
		CanEdit bool
	}
	// Beyond matrixLimit municipalities the rows are counties, each leading
	// to its municipalities (?county=), as on the adoption page.
	county := c.Query("county")
	if models.Counties[county] == "" {
		county = ""
	}
	grouped := len(rows) > matrixLimit && county == ""
	learnt, err := s.learntOn(c, sol.ID)
	if err != nil {
		return err
	}
	p := s.page(c, "")
	p.Title = sol.Name
	var out []rowView
	var counties []countyRow
	index := map[string]int{}
	inUse := 0
	for _, r := range rows {
		code := models.CountyOf(r.Municipality)
		if _, ok := index[code]; !ok {
			index[code] = len(counties)
			counties = append(counties, countyRow{Code: code, Name: p.County(code)})
		}
		cr := &counties[index[code]]
		cr.Municipalities++
		if r.Status == models.RolloutInUse {
			inUse++
			cr.InUse++
		}
		if !grouped && (county == "" || code == county) {
			out = append(out, rowView{r, names[r.Municipality], models.CanEditRollout(user, r.Municipality)})
		}
	}
	sort.Slice(counties, func(i, j int) bool { return counties[i].Code < counties[j].Code })
	ownLink := ""
	if names[user.Municipality] != "" {
		ownLink = fmt.Sprintf("/solutions/%d?county=%s#m-%s", sol.ID, models.CountyOf(user.Municipality), user.Municipality)
	}
	p.Data = struct {
		Solution models.Solution
		Project  models.Project
		Rows     []rowView
		Total    int
		InUse    int
		CanEdit  bool
		Grouped  bool
		Counties []countyRow
		County   string
		// OwnLink leads to the user's municipality in a grouped view.
		OwnLink, OwnName string
		Learnt           *learntView // the solutionlessons partial
		Agreements       []data.Agreement
	}{sol, project, out, len(rows), inUse, user.Role.EditsPortfolio(), grouped, counties, county, ownLink, names[user.Municipality], learnt, agreements}
	return s.render(c, fiber.StatusOK, "solution", p)
}

func (s *Server) municipalityNames(c fiber.Ctx) (map[string]string, error) {
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, m := range list {
		names[m.Number] = m.Name
	}
	return names, nil
}

// solutionFormData is what the solution form needs besides the values.
type solutionFormData struct {
	Action       string
	Picker       views.ProjectPicker
	Kinds, Areas []string
}

func (s *Server) solutionForm(c fiber.Ctx, p *views.Page, action string, status int) error {
	picker, err := s.projectPicker(c, p, "project_id", "roll.f.project", "roll.project.none", false, chosenIDs([]string{p.Form["project_id"]}), p.Form["project_id_q"])
	if err != nil {
		return err
	}
	p.Data = solutionFormData{Action: action, Picker: picker, Kinds: models.SolutionKinds, Areas: models.ServiceAreas}
	return s.render(c, status, "solution_form", p)
}

var solutionFields = []string{"name", "kind", "owner", "service_area", "url", "description", "project_id", "project_id_q"}

func (s *Server) newSolutionPage(c fiber.Ctx) error {
	p := s.page(c, "roll.solution.new")
	p.Form["kind"] = "national"
	return s.solutionForm(c, p, "/solutions/new", fiber.StatusOK)
}

func (s *Server) editSolutionPage(c fiber.Ctx) error {
	sol, err := loadParam(c, s.DB.Solution)
	if err != nil {
		return err
	}
	p := s.page(c, "roll.solution.edit")
	p.Form = map[string]string{"name": sol.Name, "kind": sol.Kind, "owner": sol.Owner, "service_area": sol.ServiceArea, "url": sol.URL,
		"description": sol.Description}
	if sol.ProjectID != 0 {
		p.Form["project_id"] = strconv.FormatInt(sol.ProjectID, 10)
	}
	return s.solutionForm(c, p, fmt.Sprintf("/solutions/%d/edit", sol.ID), fiber.StatusOK)
}

// saveSolutionForm creates (id 0) or changes a solution from the form.
func (s *Server) saveSolutionForm(c fiber.Ctx, sol models.Solution, titleKey, action string) error {
	f := models.FieldErrors{}
	sol.Name, sol.Kind, sol.Owner = c.FormValue("name"), c.FormValue("kind"), c.FormValue("owner")
	sol.ServiceArea, sol.URL, sol.Description = c.FormValue("service_area"), strings.TrimSpace(c.FormValue("url")), c.FormValue("description")
	sol.ProjectID = 0
	if v := c.FormValue("project_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			f.Add("project_id", "unknown")
		}
		sol.ProjectID = id
	}
	var saved models.Solution
	picking := c.FormValue("pick") != "" // the picker's search without script: the form again, nothing saved
	if !picking {
		var err error
		if f, err = saveForm(f, sol.Validate, func() (err error) {
			saved, err = s.DB.SaveSolution(c.Context(), actorOf(c), sol)
			return err
		}); err != nil {
			return err
		}
	}
	if picking || len(f) > 0 {
		p := s.page(c, titleKey)
		formOf(c, p, solutionFields...)
		p.Errors = f
		return s.solutionForm(c, p, action, formStatus(picking))
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/solutions/%d?saved=solution", saved.ID))
}

func (s *Server) createSolution(c fiber.Ctx) error {
	return s.saveSolutionForm(c, models.Solution{}, "roll.solution.new", "/solutions/new")
}

func (s *Server) updateSolution(c fiber.Ctx) error {
	sol, err := loadParam(c, s.DB.Solution)
	if err != nil {
		return err
	}
	return s.saveSolutionForm(c, sol, "roll.solution.edit", fmt.Sprintf("/solutions/%d/edit", sol.ID))
}

// rolloutParam loads the solution and the member municipality a rollout
// route names, and checks that the user may change that row.
func (s *Server) rolloutParam(c fiber.Ctx) (models.Solution, models.Municipality, error) {
	sol, err := loadParam(c, s.DB.Solution)
	if err != nil {
		return sol, models.Municipality{}, err
	}
	m, err := s.DB.Municipality(c.Context(), c.Params("number"))
	if err != nil {
		return sol, m, err
	}
	if !m.Member {
		return sol, m, models.ErrNotFound
	}
	if !models.CanEditRollout(currentUser(c), m.Number) {
		return sol, m, errForbidden
	}
	return sol, m, nil
}

var rolloutFields = []string{"status", "wave", "planned_date", "in_use_date", "contact_email", "comment", "agreement_date", "back"}

func (s *Server) rolloutForm(c fiber.Ctx, p *views.Page, sol models.Solution, m models.Municipality, status int) error {
	p.Title = p.T("roll.edit.title", sol.Name, m.Name)
	p.Data = struct {
		Solution     models.Solution
		Municipality models.Municipality
		Statuses     []string
		Action       string
	}{sol, m, models.RolloutStatuses, fmt.Sprintf("/solutions/%d/rollouts/%s", sol.ID, m.Number)}
	return s.render(c, status, "rollout_form", p)
}

func (s *Server) rolloutPage(c fiber.Ctx) error {
	sol, m, err := s.rolloutParam(c)
	if err != nil {
		return err
	}
	r, err := s.DB.Rollout(c.Context(), sol.ID, m.Number)
	if err != nil {
		return err
	}
	if c.Query("inline") == "1" && isHTMX(c) {
		return s.inlineRolloutForm(c, sol, m, r)
	}
	p := s.page(c, "")
	p.Form = map[string]string{"status": r.Status, "wave": r.Wave, "planned_date": r.PlannedDate.String(), "in_use_date": r.InUseDate.String(),
		"contact_email": r.ContactEmail, "comment": r.Comment, "agreement_date": r.AgreementDate.String(), "back": c.Query("back")}
	return s.rolloutForm(c, p, sol, m, fiber.StatusOK)
}

func (s *Server) saveRollout(c fiber.Ctx) error {
	sol, m, err := s.rolloutParam(c)
	if err != nil {
		return err
	}
	if c.FormValue("inline") == "1" {
		return s.saveRolloutCell(c, sol, m)
	}
	f := models.FieldErrors{}
	r := models.Rollout{SolutionID: sol.ID, Municipality: m.Number, Status: c.FormValue("status"), Wave: c.FormValue("wave"),
		ContactEmail: c.FormValue("contact_email"), Comment: c.FormValue("comment")}
	dateInto(f, "planned_date", strings.TrimSpace(c.FormValue("planned_date")), &r.PlannedDate)
	dateInto(f, "in_use_date", strings.TrimSpace(c.FormValue("in_use_date")), &r.InUseDate)
	agreement, err := s.agreementFromForm(c, sol, m, &r, f)
	if err != nil {
		return err
	}
	today := models.DateOf(s.DB.Now().In(s.cfg.Location))
	f, err = saveForm(f, func() error { return r.Validate(today) }, func() (err error) {
		_, err = s.DB.SetRolloutWithAgreement(c.Context(), actorOf(c), r, agreement)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		p := s.page(c, "")
		formOf(c, p, rolloutFields...)
		p.Errors = f
		return s.rolloutForm(c, p, sol, m, fiber.StatusUnprocessableEntity)
	}
	back := c.FormValue("back")
	if back != "adoption" {
		return c.Redirect().Status(fiber.StatusSeeOther).To(fmt.Sprintf("/solutions/%d?saved=rollout&county=%s#m-%s",
			sol.ID, models.CountyOf(m.Number), m.Number))
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/adoption?saved=rollout" + cellAnchor(sol.ID, m.Number))
}

// projectSolution is a solution a project rolls out, with how many member
// municipalities have it in use and how many are under way.
type projectSolution struct {
	models.Solution
	InUse, Underway, Members int
}

func (s *Server) projectSolutions(c fiber.Ctx, projectID int64) ([]projectSolution, error) {
	list, err := s.DB.Solutions(c.Context(), data.SolutionFilter{ProjectID: projectID})
	if err != nil || len(list) == 0 {
		return nil, err
	}
	var out []projectSolution
	for _, sol := range list {
		rows, err := s.DB.Rollouts(c.Context(), sol.ID)
		if err != nil {
			return nil, err
		}
		ps := projectSolution{Solution: sol, Members: len(rows)}
		for _, r := range rows {
			switch r.Status {
			case models.RolloutInUse:
				ps.InUse++
			case models.RolloutPlanned, models.RolloutInProgress:
				ps.Underway++
			}
		}
		out = append(out, ps)
	}
	return out, nil
}
