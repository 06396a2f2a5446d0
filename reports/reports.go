package reports

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"samla/data"
	"samla/locale"
	"samla/models"
)

// Builder makes the PDF reports from the store.
type Builder struct {
	DB   *data.DB
	Loc  *time.Location
	Lang string
}

// Report is a finished PDF.
type Report struct {
	Kind     string // portfolio, project, municipality, meeting
	Key      string // the project id, municipality number or meeting id
	Title    string
	Filename string
	PDF      []byte
}

func (b *Builder) start(ctx context.Context, title, subject string) (*doc, models.Settings, error) {
	set, err := b.DB.Settings(ctx)
	if err != nil {
		return nil, set, err
	}
	lang := b.Lang
	if !models.ValidLang(lang) {
		lang = "nb"
	}
	loc := b.Loc
	if loc == nil {
		loc = time.UTC
	}
	return newDoc(set.ProgrammeName, title, subject, lang, b.DB.Now(), loc), set, nil
}

func (b *Builder) finish(d *doc, kind, key, filename string) (Report, error) {
	pdf, err := d.bytes()
	if err != nil {
		return Report{}, err
	}
	return Report{Kind: kind, Key: key, Title: d.title, Filename: filename, PDF: pdf}, nil
}

// Portfolio is the programme's whole portfolio for the steering group.
func (b *Builder) Portfolio(ctx context.Context) (Report, error) {
	// Hundreds of pages: like a run, it may let its garbage grow (batch_memory.go).
	defer liftMemoryLimit()()
	lang := b.lang()
	d, set, err := b.start(ctx, locale.T(lang, "pdf.portfolio.title"), locale.T(lang, "pdf.portfolio.subject"))
	if err != nil {
		return Report{}, err
	}
	// The reads are independent, and at national scale the projects (0.1 s)
	// and the aggregates (0.05 s) take long: side by side, on two cores.
	var (
		dash              *models.Dashboard
		rows              []data.PortfolioRow
		pending, onAgenda []models.Case
		deadlines         []models.Deadline
		names             map[string]string
	)
	err = together(
		func() (err error) { dash, err = b.DB.Dashboard(ctx, models.DashFilter{}); return },
		func() (err error) {
			rows, err = b.DB.PortfolioRows(ctx, models.DashFilter{Phase: models.PhaseActive})
			return
		},
		func() (err error) {
			if pending, err = b.DB.Cases(ctx, data.CaseFilter{Status: models.CasePending}); err != nil {
				return
			}
			if onAgenda, err = b.DB.Cases(ctx, data.CaseFilter{Status: models.CaseOnAgenda}); err != nil {
				return
			}
			if deadlines, err = b.DB.ContractDeadlines(ctx, models.DashFilter{}); err != nil {
				return
			}
			names, err = b.names(ctx)
			return
		})
	if err != nil {
		return Report{}, err
	}
	fig := dash.Figures
	d.cover(locale.T(lang, "pdf.portfolio.subtitle", locale.Number(fig.ActiveProjects)))

	d.newPage()
	d.h1(d.t("pdf.summary"))
	statusCount := map[string]int64{}
	phaseStatus := map[string]map[string]float64{}
	for _, c := range dash.ByPhaseStatus {
		statusCount[c.B] += c.N
		if phaseStatus[c.B] == nil {
			phaseStatus[c.B] = map[string]float64{}
		}
		phaseStatus[c.B][c.A] += float64(c.N)
	}
	d.facts([][2]string{
		{d.t("dash.kf.active"), locale.Number(fig.ActiveProjects)},
		{d.t("dash.kf.red"), locale.Number(fig.Red)},
		{d.t("dash.kf.yellow"), locale.Number(fig.Yellow)},
		{d.t("dash.kf.green"), locale.Number(fig.Green)},
		{d.t("dash.kf.missing"), locale.Number(fig.Missing)},
		{d.t("fig.budget"), locale.Kroner(fig.BudgetNOK) + " (" + d.t("fig.all_years") + ")"},
		{d.t("fig.spent"), locale.Kroner(fig.SpentNOK) + " (" + d.t("fig.all_years") + ")"},
		{d.t("proj.forecast"), locale.Kroner(dash.Totals.ForecastNOK)},
		{d.t("dash.kf.benefits"), d.t("pdf.benefits.vs", locale.Kroner(fig.BenefitsRealisedNOK), locale.Kroner(fig.BenefitsPlannedNOK), locale.Decimal(dash.BenefitTotal.FTE, 1))},
		{d.t("dash.kf.pending"), locale.Number(fig.PendingCases)},
		{d.t("dash.kf.deadlines", set.ExpiryHorizonMonth), locale.Number(fig.Deadlines)},
	})

	// Status by phase, stacked, in colour and in the legend's words.
	var phaseLabels []string
	for _, ph := range models.Phases {
		phaseLabels = append(phaseLabels, d.t("phase."+ph))
	}
	var ss []series
	for _, st := range models.ProjectStatuses {
		var vals []float64
		for _, ph := range models.Phases {
			vals = append(vals, phaseStatus[st][ph])
		}
		ss = append(ss, series{d.t("status." + st), chartColors[st], vals})
	}
	d.barChart(d.t("dash.chart.phase_status"), phaseLabels, ss, true, count)

	// Status by service area as a table.
	byArea := map[string]map[string]int64{}
	for _, r := range rows {
		if byArea[r.ServiceArea] == nil {
			byArea[r.ServiceArea] = map[string]int64{}
		}
		byArea[r.ServiceArea][r.Status]++
	}
	cols := []column{{d.t("proj.f.service_area"), 50, "L"}}
	for _, st := range models.ProjectStatuses {
		cols = append(cols, column{d.t("status." + st), 26, "R"})
	}
	var areaRows [][]cell
	for _, a := range models.ServiceAreas {
		if byArea[a] == nil {
			continue
		}
		row := []cell{txt(d.t("area." + a))}
		for _, st := range models.ProjectStatuses {
			row = append(row, txt(locale.Number(byArea[a][st])))
		}
		areaRows = append(areaRows, row)
	}
	d.h2(d.t("pdf.status_by_area"))
	d.table(cols, areaRows)

	// Budget by area and benefits against plan.
	var areaLabels []string
	var budget, spent, forecast []float64
	for _, a := range dash.Budget {
		areaLabels = append(areaLabels, d.t("area."+a.Area))
		budget = append(budget, float64(a.Budget))
		spent = append(spent, float64(a.Spent))
		forecast = append(forecast, float64(a.Forecast))
	}
	d.barChart(d.t("dash.chart.budget"), areaLabels, []series{
		{d.t("proj.f.budget"), chartColors["blue"], budget}, {d.t("proj.spent"), chartColors["lightblue"], spent}, {d.t("proj.forecast"), chartColors["yellow"], forecast},
	}, false, kr)
	d.benefitChart(dash)

	// Every active project, on landscape pages.
	d.section(true)
	d.h1(d.t("pdf.projects"))
	// Phases and amounts each on one line and statuses wrapping only between
	// words; the title, with the municipalities under it, has the rest.
	var phases, statuses, amounts []string
	for _, ph := range models.ActivePhases {
		phases = append(phases, d.t("phase."+ph))
	}
	for _, st := range models.ProjectStatuses { // "Mangler rapport" may wrap
		statuses = append(statuses, strings.Fields(d.t("status."+st))...)
	}
	var leaders []string // a name wraps between its words
	for _, r := range rows {
		amounts = append(amounts, locale.Kroner(r.BudgetNOK), locale.Kroner(r.SpentNOK))
		leaders = append(leaders, strings.Fields(r.LeaderName)...)
	}
	pcols := []column{{d.t("pdf.project_municipalities"), 0, "L"},
		{d.t("proj.f.phase"), d.fit(d.t("proj.f.phase"), phases...), "L"}, {d.t("proj.f.leader"), min(d.fit(d.t("proj.f.leader"), leaders...), 36), "L"}}
	for _, dim := range models.Dimensions {
		pcols = append(pcols, column{d.t("dim." + dim), d.fit(d.t("dim."+dim), statuses...), "C"})
	}
	money := math.Max(d.fit(d.t("proj.f.budget"), amounts...), d.fit(d.t("proj.spent")))
	pcols = append(pcols, column{d.t("proj.f.budget"), money, "R"}, column{d.t("proj.spent"), money, "R"})
	rest := d.width()
	for _, c := range pcols {
		rest -= c.w
	}
	pcols[0].w = rest
	var others []string // the phases not listed, with their counts
	for _, ph := range models.Phases {
		n := int64(0)
		for _, c := range dash.ByPhaseStatus {
			if c.A == ph {
				n += c.N
			}
		}
		if n > 0 && !models.IsActivePhase(ph) {
			others = append(others, d.t("phase."+ph)+": "+locale.Number(n))
		}
	}
	if len(others) > 0 {
		d.para(d.t("pdf.projects.others", strings.Join(others, ", ")))
	}
	var prows [][]cell
	for _, r := range rows {
		row := []cell{{text: r.Title, under: d.municipalityList(r.Project, names)}, txt(d.t("phase." + r.Phase)), txt(r.LeaderName)}
		for i, dim := range models.Dimensions {
			st := ""
			if r.Latest != nil {
				st, _ = r.Latest.Dimension(dim)
			}
			if i == 0 {
				st = r.Status // overall shows missing when the report is overdue
			}
			row = append(row, d.status(st))
		}
		row = append(row, txt(locale.Kroner(r.BudgetNOK)), txt(locale.Kroner(r.SpentNOK)))
		prows = append(prows, row)
	}
	d.table(pcols, prows)

	// Red projects with their comments.
	d.section(false)
	d.h1(d.t("pdf.red"))
	red := 0
	for _, r := range rows {
		if r.Status != models.StatusRed || r.Latest == nil {
			continue
		}
		red++
		d.h2(r.Title)
		var comments [][2]string
		for _, dim := range models.Dimensions {
			st, comment := r.Latest.Dimension(dim)
			if st == models.StatusRed || comment != "" {
				comments = append(comments, [2]string{d.t("dim." + dim), d.t("status."+st) + ". " + comment})
			}
		}
		comments = append(comments, [2]string{d.t("proj.decision"), r.Latest.DecisionNeeded})
		d.facts(comments)
	}
	if red == 0 {
		d.para(d.t("pdf.none"))
	}
	d.h1(d.t("st.pending"))
	d.caseTable(append(onAgenda, pending...), false)
	d.h1(d.t("proc.deadlines", set.ExpiryHorizonMonth))
	d.deadlineTable(deadlines)
	return b.finish(d, "portfolio", "", fmt.Sprintf("portefolje-%s.pdf", b.DB.Now().In(d.loc).Format("2006-01-02")))
}

func (b *Builder) lang() string {
	if models.ValidLang(b.Lang) {
		return b.Lang
	}
	return "nb"
}

// benefitChart draws cumulative benefits realised against plan.
func (d *doc) benefitChart(dash *models.Dashboard) {
	var labels []string
	var realised, planned []float64
	var cr, cp float64
	for _, m := range dash.Benefits {
		cr += float64(m.Realised)
		cp += float64(m.Planned)
		labels = append(labels, locale.Month(m.Period, d.lang))
		realised = append(realised, cr)
		planned = append(planned, cp)
	}
	if len(labels) == 0 {
		return
	}
	d.lineChart(d.t("dash.chart.benefits"), labels, []series{
		{d.t("ben.cumulative_plan"), chartColors["grey"], planned}, {d.t("ben.cumulative"), chartColors["green"], realised},
	}, kr)
}

func (d *doc) caseTable(cases []models.Case, decisions bool) {
	if len(cases) == 0 {
		d.para(d.t("pdf.none"))
		return
	}
	third := d.t("st.f.background")
	if decisions {
		third = d.t("st.f.decision")
	}
	cols := []column{{d.t("pdf.case"), 22, "L"}, {d.t("st.f.title"), 60, "L"}, {third, contentW - 82, "L"}}
	var rows [][]cell
	for _, c := range cases {
		text := c.Background
		if decisions {
			text = c.Decision
		}
		title := c.Title
		if c.ProjectTitle != "" {
			title += " (" + c.ProjectTitle + ")"
		}
		if c.ProcurementTitle != "" {
			title += " (" + c.ProcurementTitle + ")"
		}
		rows = append(rows, []cell{txt(c.Number + " " + locale.Date(c.MeetingDate.Time)), txt(title), txt(text)})
	}
	d.table(cols, rows)
}

func (d *doc) deadlineTable(list []data.Deadline) {
	if len(list) == 0 {
		d.para(d.t("proc.deadlines.none"))
		return
	}
	cols := []column{{d.t("proc.date"), 24, "L"}, {d.t("proc.kind"), 40, "L"}, {d.t("proc.f.title"), 80, "L"}, {d.t("proc.f.supplier"), contentW - 144, "L"}}
	var rows [][]cell
	for _, x := range list {
		kind := d.t("proc.deadline." + x.Kind)
		if x.Detail != "" {
			kind += ": " + x.Detail
		}
		rows = append(rows, []cell{txt(locale.Date(x.Date.Time)), txt(kind), txt(x.Title), txt(x.Supplier)})
	}
	d.table(cols, rows)
}

func (d *doc) benefitTable(list []models.Benefit) {
	if len(list) == 0 {
		d.para(d.t("ben.none"))
		return
	}
	cols := []column{{d.t("ben.f.title"), 52, "L"}, {d.t("ben.f.type"), 20, "L"}, {d.t("ben.owner"), 32, "L"},
		{d.t("ben.realised"), 26, "R"}, {d.t("ben.pct"), 14, "R"}, {d.t("ben.kroner"), 18, "R"}, {d.t("ben.vs_plan"), contentW - 162, "L"}}
	var rows [][]cell
	for _, b := range list {
		realised, pct, value := "–", "–", "–"
		if b.Measured {
			realised = locale.Decimal(b.Realised, 1) + " " + b.Unit
			pct = locale.Decimal(b.RealisedPct, 0) + " %"
			value = locale.Kroner(b.ValueNOK)
		}
		rows = append(rows, []cell{txt(b.Title), txt(d.t("btype." + b.Type)), txt(b.Owner), txt(realised), txt(pct), txt(value), txt(d.t("plan." + b.PlanStatus))})
	}
	d.table(cols, rows)
}

// projectData is what the project report and the sluttrapport both show:
// the project's detail (data.ProjectDetail) and the municipalities' names.
type projectData struct {
	data.ProjectDetail
	names map[string]string
}

func (b *Builder) projectData(ctx context.Context, id int64, history int) (pd projectData, err error) {
	if pd.ProjectDetail, err = b.DB.ProjectDetail(ctx, id, history); err != nil {
		return pd, err
	}
	pd.names, err = b.names(ctx)
	return pd, err
}

// statusHistory is a project's reports month by month, each dimension's
// status in colour and word.
func (d *doc) statusHistory(reports []models.StatusReport) {
	cols := []column{{d.t("proj.month"), 32, "L"}}
	for _, dim := range models.Dimensions {
		cols = append(cols, column{d.t("dim." + dim), 20, "C"})
	}
	cols = append(cols, column{d.t("proj.progress"), contentW - 152, "R"})
	var hist [][]cell
	for _, r := range reports {
		row := []cell{txt(locale.Month(string(r.Period), d.lang))}
		for _, dim := range models.Dimensions {
			st, _ := r.Dimension(dim)
			row = append(row, d.status(st))
		}
		hist = append(hist, append(row, txt(fmt.Sprintf("%d %%", r.ProgressPct))))
	}
	d.table(cols, hist)
}

// riskTable is a project's risks with their score and state, and their
// owners when asked; "none" when it has none.
func (d *doc) riskTable(risks []models.Risk, withOwner bool) {
	if len(risks) == 0 {
		d.para(d.t("risk.none"))
		return
	}
	var rows [][]cell
	for _, r := range risks {
		state := d.t("risk.open")
		if !r.Open {
			state = d.t("risk.closed")
		}
		row := []cell{txt(r.Title), txt(fmt.Sprintf("%d (%d×%d)", r.Score(), r.Probability, r.Consequence)), txt(r.Mitigation)}
		if withOwner {
			row = append(row, txt(r.Owner))
		}
		rows = append(rows, append(row, txt(state)))
	}
	cols := []column{{d.t("risk.f.title"), 60, "L"}, {d.t("risk.score"), 20, "R"}, {d.t("risk.mitigation"), contentW - 105, "L"}, {d.t("risk.state"), 25, "L"}}
	if withOwner {
		cols = []column{{d.t("risk.f.title"), 50, "L"}, {d.t("risk.score"), 20, "R"}, {d.t("risk.mitigation"), 60, "L"}, {d.t("risk.owner"), 25, "L"}, {d.t("risk.state"), contentW - 155, "L"}}
	}
	d.table(cols, rows)
}

// Project is one project's report.
func (b *Builder) Project(ctx context.Context, id int64) (Report, error) {
	p, err := b.DB.Project(ctx, id)
	if err != nil {
		return Report{}, err
	}
	d, _, err := b.start(ctx, p.Title, locale.T(b.lang(), "pdf.project.subject"))
	if err != nil {
		return Report{}, err
	}
	pd, err := b.projectData(ctx, id, 24)
	if err != nil {
		return Report{}, err
	}
	reports, milestones, risks, benefits, decisions, names := pd.Reports, pd.Milestones, pd.Risks, pd.Benefits, pd.Decisions, pd.names
	d.newPage()
	d.h1(p.Title)
	d.para(p.Description)
	d.facts([][2]string{
		{d.t("proj.status"), projectStatusWord(d, p)},
		{d.t("proj.f.phase"), d.t("phase." + p.Phase)},
		{d.t("proj.f.service_area"), d.t("area." + p.ServiceArea)},
		{d.t("proj.f.leader"), p.LeaderName},
		{d.t("proj.f.lead"), names[p.LeadMunicipality]},
		{d.t("proj.f.municipalities"), d.municipalityList(p, names)},
		{d.t("proj.f.budget"), locale.Kroner(p.BudgetNOK)},
		{d.t("proj.spent"), locale.Kroner(p.SpentNOK)},
		{d.t("proj.forecast"), locale.Kroner(p.ForecastNOK)},
		{d.t("proj.progress"), fmt.Sprintf("%d %%", p.ProgressPct)},
		{d.t("proj.f.start"), locale.Date(p.StartDate.Time)},
		{d.t("proj.f.end"), locale.Date(p.EndDate.Time)},
		{d.t("proj.f.national"), p.NationalSolution},
	})
	d.h2(d.t("proj.latest"))
	if len(reports) > 0 {
		r := reports[0]
		d.para(d.t("rep.for", locale.Month(string(r.Period), d.lang)))
		var rows [][]cell
		for _, dim := range models.Dimensions {
			st, comment := r.Dimension(dim)
			rows = append(rows, []cell{txt(d.t("dim." + dim)), d.status(st), txt(comment)})
		}
		d.table([]column{{d.t("rep.dimension"), 30, "L"}, {d.t("proj.status"), 26, "L"}, {d.t("rep.comment.col"), contentW - 56, "L"}}, rows)
		d.facts([][2]string{{d.t("proj.summary"), r.Summary}, {d.t("proj.next"), r.NextSteps}, {d.t("proj.decision"), r.DecisionNeeded}})
		d.h2(d.t("proj.history"))
		d.statusHistory(reports)
	} else {
		d.para(d.t("proj.latest.none"))
	}
	d.h2(d.t("ms.title"))
	if len(milestones) == 0 {
		d.para(d.t("ms.none"))
	} else {
		var rows [][]cell
		for _, m := range milestones {
			done := d.t("ms.open")
			if !m.DoneDate.IsZero() {
				done = locale.Date(m.DoneDate.Time)
			}
			rows = append(rows, []cell{txt(m.Title), txt(locale.Date(m.DueDate.Time)), txt(done)})
		}
		d.table([]column{{d.t("ms.f.title"), 100, "L"}, {d.t("ms.due"), 40, "L"}, {d.t("ms.done"), contentW - 140, "L"}}, rows)
	}
	d.h2(d.t("risk.title"))
	d.riskTable(risks, true)
	d.h2(d.t("ben.section"))
	d.benefitTable(benefits)
	for _, bn := range benefits {
		if len(bn.Plan) == 0 || !bn.Cumulative() {
			continue
		}
		ms, err := b.DB.Measurements(ctx, bn.ID)
		if err != nil {
			return Report{}, err
		}
		d.benefitPlanChart(bn, ms)
	}
	d.h2(d.t("st.decisions"))
	d.caseTable(decisions, true)
	return b.finish(d, "project", fmt.Sprint(id), fmt.Sprintf("prosjekt-%d.pdf", id))
}

// benefitPlanChart draws one benefit's cumulative plan against realised.
func (d *doc) benefitPlanChart(b models.Benefit, ms []models.Measurement) {
	measured := map[string]float64{}
	for _, m := range ms {
		measured[m.Period] += m.Value
	}
	periods := map[string]bool{}
	for _, p := range b.Plan {
		periods[p.Period] = true
	}
	for p := range measured {
		periods[p] = true
	}
	var order []string
	for p := range periods {
		order = append(order, p)
	}
	sort.Strings(order)
	plan := map[string]float64{}
	for _, p := range b.Plan {
		plan[p.Period] = p.Value
	}
	var labels []string
	var cp, cr []float64
	var sp, sr float64
	for _, p := range order {
		sp += plan[p]
		sr += measured[p]
		labels = append(labels, p)
		cp = append(cp, sp)
		cr = append(cr, sr)
	}
	unit := func(v float64) string { return locale.Decimal(v, 0) + " " + b.Unit }
	d.lineChart(b.Title, labels, []series{{d.t("ben.cumulative_plan"), chartColors["grey"], cp}, {d.t("ben.cumulative"), chartColors["green"], cr}}, unit)
}

// municipalityList names a project's lead municipality first, marked as
// such, then the others that take part.
func (d *doc) municipalityList(p models.Project, names map[string]string) string {
	name := func(n string) string {
		if names[n] != "" {
			return names[n]
		}
		return n
	}
	out := []string{d.t("pdf.lead", name(p.LeadMunicipality))}
	for _, m := range p.Municipalities {
		if m != p.LeadMunicipality {
			out = append(out, name(m))
		}
	}
	return strings.Join(out, ", ")
}

// together runs the reads at once and returns the first error.
func together(reads ...func() error) error {
	errs := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, read := range reads {
		wg.Go(func() { errs[i] = read() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (b *Builder) names(ctx context.Context) (map[string]string, error) {
	list, err := b.DB.Municipalities(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, m := range list {
		names[m.Number] = m.Name
	}
	return names, nil
}

// Municipality is the report for a municipality's director: what it takes
// part in, what it pays, what it has realised, what concerns it.
func (b *Builder) Municipality(ctx context.Context, number string) (Report, error) {
	m, err := b.DB.Municipality(ctx, number)
	if err != nil {
		return Report{}, err
	}
	d, set, err := b.start(ctx, locale.T(b.lang(), "pdf.municipality.title", m.Name), locale.T(b.lang(), "pdf.municipality.subject"))
	if err != nil {
		return Report{}, err
	}
	projects, _, err := b.DB.Projects(ctx, data.ProjectFilter{Municipality: number, Sort: "status", Desc: true})
	if err != nil {
		return Report{}, err
	}
	shares, _, err := b.DB.MunicipalityShares(ctx, number)
	if err != nil {
		return Report{}, err
	}
	benefits, err := b.DB.Benefits(ctx, data.BenefitFilter{Municipality: number})
	if err != nil {
		return Report{}, err
	}
	decisions, err := b.DB.Cases(ctx, data.CaseFilter{Status: models.CaseDecided, Municipality: number, Limit: 30})
	if err != nil {
		return Report{}, err
	}
	var ids []int64
	for _, c := range decisions {
		ids = append(ids, c.ID)
	}
	actions, err := b.DB.ActionsForCases(ctx, ids)
	if err != nil {
		return Report{}, err
	}
	deadlines, err := b.DB.ContractDeadlines(ctx, models.DashFilter{Municipality: number})
	if err != nil {
		return Report{}, err
	}
	year := b.DB.Now().In(d.loc).Year()
	st, err := b.DB.Statement(ctx, number, year)
	if err != nil {
		return Report{}, err
	}
	pays := models.PaymentOf(st)
	d.newPage()
	d.h1(d.title)
	d.facts([][2]string{
		{d.t("mun.number"), m.Number},
		{d.t("mun.population"), locale.Number(m.Population) + " (" + d.t("mun.per", locale.Date(m.PopulationDate.Time)) + ")"},
		{d.t("pdf.projects.count"), locale.Number(int64(len(projects)))},
		{d.t("pdf.pays", year), d.t("pdf.pays.value", locale.Kroner(pays.TotalNOK), locale.Kroner(pays.ContributionNOK), locale.Kroner(pays.ProcurementsNOK), locale.Kroner(pays.ProjectsNOK))},
	})
	d.h2(d.t("mun.projects"))
	var prows [][]cell
	for _, p := range projects {
		st := d.status(p.Status)
		if p.Closed() { // shown by its phase, never a colour
			st = txt(d.t("phase." + p.Phase))
		}
		prows = append(prows, []cell{txt(p.Title), st, txt(d.t("phase." + p.Phase)), txt(locale.Kroner(p.BudgetNOK))})
	}
	if len(prows) == 0 {
		d.para(d.t("proj.none"))
	} else {
		d.table([]column{{d.t("proj.f.title"), 90, "L"}, {d.t("proj.status"), 26, "L"}, {d.t("proj.f.phase"), 30, "L"}, {d.t("proj.f.budget"), contentW - 146, "R"}}, prows)
	}
	d.h2(d.t("mun.shares"))
	d.para(d.t("pay.shares.note"))
	var srows [][]cell
	for _, s := range shares {
		srows = append(srows, []cell{txt(s.Procurement.Title), txt(locale.Kroner(s.Procurement.AnnualCostNOK)), txt(locale.Decimal(s.Share.SharePct, 2) + " %"), txt(locale.Kroner(s.Share.AmountNOK))})
	}
	d.table([]column{{d.t("proc.f.title"), 90, "L"}, {d.t("proc.f.annual"), 32, "R"}, {d.t("proc.shares.pct"), 22, "R"}, {d.t("proc.shares.amount"), contentW - 144, "R"}}, srows)
	if err := b.rolloutSection(ctx, d, number); err != nil {
		return Report{}, err
	}
	if err := b.representationSection(ctx, d, number); err != nil {
		return Report{}, err
	}
	if err := b.maturitySection(ctx, d, number); err != nil {
		return Report{}, err
	}
	d.h2(d.t("money.statement.link", year))
	d.statementTable(st)
	d.h2(d.t("ben.in_municipality"))
	var measured []models.Benefit
	var bt models.BenefitTotal
	for _, bn := range benefits {
		if bn.Measured {
			measured = append(measured, bn)
			bt.Add(bn.Hours, bn.FTE, bn.ValueNOK)
		}
	}
	d.para(d.t("ben.value_of", locale.Decimal(bt.Hours, 0), locale.Decimal(bt.FTE, 2), locale.Kroner(bt.ValueNOK)))
	d.benefitTable(measured)
	d.h2(d.t("mun.decisions"))
	d.caseTable(decisions, true)
	d.h2(d.t("st.actions"))
	if len(actions) == 0 {
		d.para(d.t("st.actions.none"))
	} else {
		var arows [][]cell
		for _, a := range actions {
			done := d.t("ms.open")
			if !a.DoneDate.IsZero() {
				done = locale.Date(a.DoneDate.Time)
			}
			arows = append(arows, []cell{txt(a.Description), txt(a.CaseNumber), txt(a.Owner), txt(locale.Date(a.DueDate.Time)), txt(done)})
		}
		d.table([]column{{d.t("st.f.action"), 70, "L"}, {d.t("pdf.case"), 20, "L"}, {d.t("st.f.owner"), 40, "L"}, {d.t("st.due"), 24, "L"}, {d.t("ms.done"), contentW - 154, "L"}}, arows)
	}
	d.h2(d.t("proc.deadlines", set.ExpiryHorizonMonth))
	d.deadlineTable(deadlines)
	return b.finish(d, "municipality", number, fmt.Sprintf("kommune-%s.pdf", number))
}

// Meeting is the minutes of a steering-group meeting.
func (b *Builder) Meeting(ctx context.Context, id int64) (Report, error) {
	m, err := b.DB.Meeting(ctx, id)
	if err != nil {
		return Report{}, err
	}
	d, _, err := b.start(ctx, locale.T(b.lang(), "pdf.minutes.title", m.Title), locale.T(b.lang(), "pdf.minutes.subject"))
	if err != nil {
		return Report{}, err
	}
	cases, err := b.DB.Cases(ctx, data.CaseFilter{MeetingID: id})
	if err != nil {
		return Report{}, err
	}
	actions, err := b.DB.Actions(ctx, id, false)
	if err != nil {
		return Report{}, err
	}
	d.newPage()
	d.h1(d.title)
	var present, absent, guests []string
	for _, p := range m.Participants {
		switch {
		case p.Role == "guest":
			guests = append(guests, p.Name)
		case p.Present:
			present = append(present, p.Name)
		default:
			absent = append(absent, p.Name)
		}
	}
	d.facts([][2]string{
		{d.t("body.one"), m.BodyName},
		{d.t("st.f.date"), locale.Date(m.Date.Time) + " " + m.Time},
		{d.t("st.f.place"), m.Place},
		{d.t("proj.status"), d.t("mstatus." + m.Status)},
		{d.t("st.present"), join(present)},
		{d.t("st.absent"), join(absent)},
		{d.t("st.guests"), join(guests)},
	})
	agenda := cases[:0:0]
	for _, c := range cases {
		if c.Status != models.CasePending { // proposed only, not on the agenda
			agenda = append(agenda, c)
		}
	}
	cases = agenda
	for _, c := range cases {
		d.h2(d.t("st.case", c.Number) + ": " + c.Title)
		referred := ""
		if c.ReferredFromID != 0 {
			referred = d.t("st.referred.from", c.ReferredFromBody, c.ReferredFromNumber)
		}
		d.facts([][2]string{
			{d.t("st.referred"), referred},
			{d.t("st.f.kind"), d.t("ckind." + c.Kind)},
			{d.t("proj.status"), d.t(locale.CaseStatusKey(c.Kind, c.Status))},
			{d.t("st.f.project"), c.ProjectTitle},
			{d.t("st.f.procurement"), c.ProcurementTitle},
			{d.t("st.f.background"), c.Background},
			{d.t("st.f.proposal"), c.Proposal},
			{d.t("st.f.decision"), c.Decision},
		})
	}
	if len(cases) == 0 {
		d.para(d.t("st.agenda.none"))
	}
	d.h2(d.t("st.actions"))
	if len(actions) == 0 {
		d.para(d.t("st.actions.none"))
	} else {
		var rows [][]cell
		for _, a := range actions {
			rows = append(rows, []cell{txt(a.Description), txt(a.CaseNumber), txt(a.Owner), txt(locale.Date(a.DueDate.Time))})
		}
		d.table([]column{{d.t("st.f.action"), 80, "L"}, {d.t("pdf.case"), 22, "L"}, {d.t("st.f.owner"), 50, "L"}, {d.t("st.due"), contentW - 152, "L"}}, rows)
	}
	return b.finish(d, "meeting", fmt.Sprint(id), fmt.Sprintf("motereferat-%d.pdf", id))
}

// Mailing is a message sent to an audience, as kept in the archive.
func (b *Builder) Mailing(ctx context.Context, m models.Mailing, audience string) (Report, error) {
	d, _, err := b.start(ctx, m.Subject, locale.T(b.lang(), "mailing.pdf"))
	if err != nil {
		return Report{}, err
	}
	d.newPage()
	d.h1(d.title)
	d.facts([][2]string{
		{d.t("mailing.f.audience"), audience},
		{d.t("mailing.f.sent"), locale.Date(b.DB.Now().In(d.loc))},
	})
	for _, p := range strings.Split(m.Body, "\n\n") {
		d.para(p)
	}
	return b.finish(d, "mailing", "", "utsendelse.pdf")
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// representationSection lists the bodies and who represents the
// municipality in each; "no representative" where it has none.
func (b *Builder) representationSection(ctx context.Context, d *doc, number string) error {
	reps, err := b.DB.RepresentationOf(ctx, number, models.DateOf(b.DB.Now().In(d.loc)))
	if err != nil || len(reps) == 0 {
		return err
	}
	d.h2(d.t("mun.represented"))
	var rows [][]cell
	for _, r := range reps {
		var names []string
		for _, m := range r.Members {
			names = append(names, m.Name+" ("+d.t("body.role."+m.Role)+")")
		}
		who := join(names)
		if who == "" {
			who = d.t("mun.represented.none")
		}
		rows = append(rows, []cell{txt(r.Body.Name), txt(who)})
	}
	d.table([]column{{d.t("body.one"), 70, "L"}, {d.t("body.members"), contentW - 70, "L"}}, rows)
	return nil
}

// rolloutSection tells the director how far the municipality has come: the
// figures against the median, the solutions in use, what it lacks that most
// others have, and what is planned.
func (b *Builder) rolloutSection(ctx context.Context, d *doc, number string) error {
	r, err := b.DB.MunicipalityRollout(ctx, number, data.AdoptionFilter{})
	if err != nil {
		return err
	}
	d.h2(d.t("roll.municipality.title"))
	if len(r.Solutions) == 0 {
		d.para(d.t("roll.none"))
		return nil
	}
	summary := d.t("roll.municipality.figures", r.InUse, r.Relevant, r.Pct, locale.Decimal(r.MedianPct, 1))
	if r.Behind {
		summary += " " + d.t("roll.municipality.behind")
	}
	d.para(summary)
	var inUse, lacks, planned [][]cell
	for _, s := range r.Solutions {
		switch {
		case s.Status == models.RolloutInUse:
			inUse = append(inUse, []cell{txt(s.Name), txt(locale.Date(s.InUseDate.Time))})
		case !s.PlannedDate.IsZero() && s.Status != models.RolloutNotRelevant:
			planned = append(planned, []cell{txt(s.Name), txt(d.t("rstatus." + s.Status)), txt(s.Wave), txt(locale.Date(s.PlannedDate.Time))})
		}
	}
	for _, s := range r.Lacks {
		lacks = append(lacks, []cell{txt(s.Name), txt(d.t("rstatus." + s.Status)), txt(fmt.Sprintf("%d %%", s.SharePct))})
	}
	d.h3(d.t("roll.in_use"))
	if len(inUse) == 0 {
		d.para(d.t("roll.planned.none"))
	} else {
		d.table([]column{{d.t("roll.f.name"), 110, "L"}, {d.t("roll.f.in_use_date"), contentW - 110, "L"}}, inUse)
	}
	d.h3(d.t("roll.lacks"))
	if len(lacks) == 0 {
		d.para(d.t("roll.lacks.none"))
	} else {
		d.table([]column{{d.t("roll.f.name"), 90, "L"}, {d.t("roll.f.status"), 40, "L"}, {d.t("roll.share"), contentW - 130, "R"}}, lacks)
	}
	d.h3(d.t("roll.planned"))
	if len(planned) == 0 {
		d.para(d.t("roll.planned.none"))
	} else {
		d.table([]column{{d.t("roll.f.name"), 80, "L"}, {d.t("roll.f.status"), 30, "L"}, {d.t("roll.f.wave"), 30, "L"}, {d.t("roll.f.planned_date"), contentW - 140, "L"}}, planned)
	}
	return nil
}

// Statement is a municipality's yearly statement (årsoppgave) as its own
// PDF: what it pays for, line by line, and the total — the invoice basis.
func (b *Builder) Statement(ctx context.Context, number string, year int) (Report, error) {
	st, err := b.DB.Statement(ctx, number, year)
	if err != nil {
		return Report{}, err
	}
	d, _, err := b.start(ctx, locale.T(b.lang(), "money.statement", year, st.Name), locale.T(b.lang(), "money.statement.lead"))
	if err != nil {
		return Report{}, err
	}
	d.newPage()
	d.h1(d.title)
	d.para(d.t("money.statement.lead"))
	d.statementTable(st)
	return b.finish(d, "statement", fmt.Sprintf("%s/%d", number, year), fmt.Sprintf("arsoppgave-%s-%d.pdf", number, year))
}

// statementTable lists a statement's lines and total.
func (d *doc) statementTable(st models.Statement) {
	if len(st.Lines) == 0 {
		d.para(d.t("money.statement.none"))
		return
	}
	var rows [][]cell
	for _, l := range st.Lines {
		rows = append(rows, []cell{txt(d.t("money.kind." + l.Kind)), txt(l.Title), txt(locale.Kroner(l.AmountNOK))})
	}
	rows = append(rows, []cell{txt(d.t("money.total")), txt(""), txt(locale.Kroner(st.TotalNOK))})
	d.table([]column{{d.t("money.line.kind"), 40, "L"}, {d.t("money.line.title"), 100, "L"}, {d.t("money.line.amount"), contentW - 140, "R"}}, rows)
}

// projectStatusWord is a project's status in words, or its phase once it is
// done or cancelled.
func projectStatusWord(d *doc, p models.Project) string {
	if p.Closed() {
		return d.t("phase." + p.Phase)
	}
	return d.t("status." + p.Status)
}
