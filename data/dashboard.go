package data

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"samla/models"
)

// projectWhere is the filter on active projects p.
func projectWhere(f models.DashFilter) (string, []any) {
	where, args := []string{"p.archived = 0"}, []any{}
	if f.ServiceArea != "" {
		where = append(where, "p.service_area = ?")
		args = append(args, f.ServiceArea)
	}
	if f.Phase == models.PhaseActive {
		where = append(where, "p.phase IN ("+quoteList(models.ActivePhases)+")")
	} else if f.Phase != "" {
		where = append(where, "p.phase = ?")
		args = append(args, f.Phase)
	}
	if f.Municipality != "" {
		where = append(where, "p.id IN (SELECT project_id FROM project_municipalities WHERE municipality = ?)")
		args = append(args, f.Municipality)
	}
	if f.County != "" {
		where = append(where, "p.id IN (SELECT project_id FROM project_municipalities WHERE substr(municipality, 1, 2) = ?)")
		args = append(args, f.County)
	}
	return strings.Join(where, " AND "), args
}

// procurementWhere is the filter on procurements pr: by participation, and
// by the service area and phase of their projects.
func procurementWhere(f models.DashFilter) (string, []any) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Municipality != "" {
		where = append(where, "pr.id IN (SELECT procurement_id FROM procurement_municipalities WHERE municipality = ?)")
		args = append(args, f.Municipality)
	}
	if f.County != "" {
		where = append(where, "pr.id IN (SELECT procurement_id FROM procurement_municipalities WHERE substr(municipality, 1, 2) = ?)")
		args = append(args, f.County)
	}
	if f.ServiceArea != "" || f.Phase != "" {
		pw, pargs := projectWhere(models.DashFilter{ServiceArea: f.ServiceArea, Phase: f.Phase})
		where = append(where, "pr.id IN (SELECT pp.procurement_id FROM procurement_projects pp JOIN projects p ON p.id = pp.project_id WHERE "+pw+")")
		args = append(args, pargs...)
	}
	return strings.Join(where, " AND "), args
}

func (db *DB) counts(ctx context.Context, q string, args ...any) ([]models.Count, error) {
	return queryList(ctx, db.read, "dashboard", func(r rowScanner) (models.Count, error) {
		var c models.Count
		err := r.Scan(&c.A, &c.B, &c.N)
		return c, err
	}, q, args...)
}

// hourValueSQL is the value of an hour per benefit, from the settings when
// the benefit has none: a CASE over the service areas with numbers samla
// holds itself (never user input).
func hourValueSQL(set models.Settings) string {
	var b strings.Builder
	b.WriteString("(CASE WHEN b.hour_value_nok > 0 THEN b.hour_value_nok ELSE CASE p.service_area")
	for _, a := range models.ServiceAreas {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", a, set.HourValueFor(a))
	}
	fmt.Fprintf(&b, " ELSE %d END END)", set.HourValueNOK)
	return b.String()
}

// kronerSQL turns an amount column into kroner the way models.Benefit.Value
// does, rounded per row.
func kronerSQL(col string, set models.Settings) string {
	return fmt.Sprintf(`CAST(CASE b.type WHEN 'time' THEN round(%[1]s * %[2]s) WHEN 'economic' THEN round(%[1]s)
		WHEN 'dis_benefit' THEN -round(abs(%[1]s)) ELSE 0 END AS INTEGER)`, col, hourValueSQL(set))
}

// Dashboard returns the aggregates for a filter: kept while no write has
// happened since (cachedRead: requests that ask at once share one
// computation), else computed anew. The result is shared: callers must
// not change it.
func (db *DB) Dashboard(ctx context.Context, f models.DashFilter) (*models.Dashboard, error) {
	key := fmt.Sprintf("dashboard|%s|%s|%s|%s|%s", f.ServiceArea, f.Municipality, f.County, f.Phase, db.today())
	return cachedRead(ctx, db, key, func(ctx context.Context) (*models.Dashboard, error) { return db.computeDashboard(ctx, f) })
}

// computeDashboard computes every aggregate with GROUP BY in SQL.
func (db *DB) computeDashboard(ctx context.Context, f models.DashFilter) (*models.Dashboard, error) {
	d := &models.Dashboard{Filter: f}
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	status, err := db.statusSQL(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now().In(db.location())
	d.Today, d.Horizon = models.DateOf(now), set.ExpiryHorizonMonth
	pw, pargs := projectWhere(f)

	if d.ByPhaseStatus, err = db.counts(ctx, `SELECT p.phase, `+status+`, count(*) FROM projects p WHERE `+pw+` GROUP BY 1, 2`, pargs...); err != nil {
		return nil, err
	}
	if d.Trend, err = db.statusTrend(ctx, now, pw, pargs); err != nil {
		return nil, err
	}
	d.TrendSoFar = string(models.PeriodOf(now))
	type areaRow struct {
		models.AreaMoney
		projects int64
	}
	areas, err := queryList(ctx, db.read, "dashboard budget", func(r rowScanner) (areaRow, error) {
		var a areaRow
		err := r.Scan(&a.Area, &a.Budget, &a.Spent, &a.Forecast, &a.projects)
		return a, err
	}, `SELECT p.service_area, sum(p.budget_nok), sum(p.latest_spent), sum(p.latest_forecast), count(*)
		FROM projects p WHERE `+pw+` AND p.phase IN (`+quoteList(models.ActivePhases)+`) GROUP BY 1 ORDER BY 1`, pargs...)
	if err != nil {
		return nil, err
	}
	for _, a := range areas {
		d.Budget = append(d.Budget, a.AreaMoney)
		d.Totals.Projects += a.projects
		d.Totals.BudgetNOK += a.Budget
		d.Totals.SpentNOK += a.Spent
		d.Totals.ForecastNOK += a.Forecast
	}
	// Projects first, then their municipalities by the key (CROSS JOIN
	// keeps that order): each project's row is read once, not once per
	// municipality it has.
	if d.Participation, err = db.counts(ctx, `SELECT pm.municipality, p.service_area, count(*) FROM projects p
		CROSS JOIN project_municipalities pm ON pm.project_id = p.id WHERE `+pw+` GROUP BY 1, 2 ORDER BY 1, 2`, pargs...); err != nil {
		return nil, err
	}
	if d.ParticipationByCounty, err = db.counts(ctx, `SELECT substr(pm.municipality, 1, 2), p.service_area, count(DISTINCT p.id) FROM projects p
		CROSS JOIN project_municipalities pm ON pm.project_id = p.id WHERE `+pw+` GROUP BY 1, 2 ORDER BY 1, 2`, pargs...); err != nil {
		return nil, err
	}
	rw, rargs := procurementWhere(f)
	if d.Pipeline, err = db.counts(ctx, `SELECT pr.stage, '', count(*) FROM procurements pr WHERE `+rw+` GROUP BY 1`, rargs...); err != nil {
		return nil, err
	}
	d.Contracts, err = queryList(ctx, db.read, "dashboard contracts", func(r rowScanner) (models.ContractSpan, error) {
		var c models.ContractSpan
		var start, end string
		err := r.Scan(&c.ID, &c.Title, &start, &end)
		c.Start, _ = models.ParseDate(start)
		c.End, _ = models.ParseDate(end)
		return c, err
	}, `SELECT pr.id, pr.title, coalesce(pr.contract_start, ''), pr.contract_end FROM procurements pr
		WHERE `+rw+` AND pr.contract_end >= ? AND coalesce(pr.contract_start, '') <> '' AND pr.stage NOT IN ('cancelled', 'expired')
		ORDER BY pr.contract_end LIMIT 20`,
		append(rargs, d.Today.String())...)
	if err != nil {
		return nil, err
	}
	if d.DeadlineList, err = db.ContractDeadlines(ctx, f); err != nil {
		return nil, err
	}
	d.Deadlines = int64(len(d.DeadlineList))
	caseWhere, caseArgs := "c.status IN ('pending', 'on_agenda')", []any{}
	if f != (models.DashFilter{}) {
		caseWhere += " AND c.project_id IN (SELECT p.id FROM projects p WHERE " + pw + ")"
		caseArgs = pargs
	}
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM cases c WHERE `+caseWhere, caseArgs...).Scan(&d.PendingCases); err != nil {
		return nil, fmt.Errorf("data: dashboard cases: %w", err)
	}
	if err := db.dashBenefits(ctx, d, set, pw, pargs); err != nil {
		return nil, err
	}
	if err := db.figures(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// monthSum is kroner (and hours) of a month.
type monthSum struct {
	period string
	kroner int64
	hours  float64
}

// dashBenefits adds realised and planned kroner per month; with a
// municipality filter only that municipality's measurements count, against
// its own share of the plan (models.Benefit.ShareOf).
func (db *DB) dashBenefits(ctx context.Context, d *models.Dashboard, set models.Settings, pw string, pargs []any) error {
	mw, margs := "", []any{}
	if d.Filter.Municipality != "" {
		mw, margs = " AND m.municipality = ?", []any{d.Filter.Municipality}
	}
	scanSum := func(r rowScanner) (monthSum, error) {
		var m monthSum
		err := r.Scan(&m.period, &m.kroner, &m.hours)
		return m, err
	}
	realised, err := queryList(ctx, db.read, "dashboard benefits", scanSum, `SELECT m.period, sum(`+kronerSQL("m.value", set)+`), sum(CASE b.type WHEN 'time' THEN m.value ELSE 0 END)
		FROM benefit_measurements m JOIN benefits b ON b.id = m.benefit_id JOIN projects p ON p.id = b.project_id
		WHERE `+pw+mw+` AND b.granularity = 'month' GROUP BY 1 ORDER BY 1`, append(append([]any{}, pargs...), margs...)...)
	if err != nil {
		return err
	}
	months := map[string]*models.BenefitMonth{}
	var order []string
	month := func(p string) *models.BenefitMonth {
		if months[p] == nil {
			months[p] = &models.BenefitMonth{Period: p}
			order = append(order, p)
		}
		return months[p]
	}
	for _, m := range realised {
		month(m.period).Realised = m.kroner
		d.BenefitTotal.RealisedNOK += m.kroner
		d.BenefitTotal.Hours += m.hours
	}
	if set.HoursPerFTE > 0 {
		d.BenefitTotal.FTE = d.BenefitTotal.Hours / float64(set.HoursPerFTE)
	}
	last := models.PeriodOf(db.Now().In(db.location()))
	var planned []monthSum
	if d.Filter.Municipality != "" {
		// A municipality's plan is its own share of each benefit's plan.
		if planned, err = db.sharedPlan(ctx, d.Filter.Municipality, pw, pargs, last, set); err != nil {
			return err
		}
	} else if planned, err = queryList(ctx, db.read, "dashboard plan", scanSum, `SELECT bp.period, sum(`+kronerSQL("bp.value", set)+`), 0
		FROM benefit_plan bp JOIN benefits b ON b.id = bp.benefit_id JOIN projects p ON p.id = b.project_id
		WHERE `+pw+` AND b.granularity = 'month' AND bp.period < ? GROUP BY 1 ORDER BY 1`, append(append([]any{}, pargs...), string(last))...); err != nil {
		return err
	}
	for _, m := range planned {
		month(m.period).Planned = m.kroner
		d.BenefitTotal.PlannedNOK += m.kroner
	}
	sort.Strings(order)
	for _, p := range order {
		d.Benefits = append(d.Benefits, *months[p])
	}
	return nil
}

// sharedPlan is a municipality's share of the monthly plans of the benefits
// the project filter selects, per month before last: the month's amount is
// the growth of models.Benefit.ShareNOK, so that the months add up to
// exactly what benefits/totals?by=municipality says.
func (db *DB) sharedPlan(ctx context.Context, municipality, pw string, pargs []any, last models.Period, set models.Settings) ([]monthSum, error) {
	ids, err := queryList(ctx, db.read, "dashboard shared plan", func(r rowScanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT b.id FROM benefits b JOIN projects p ON p.id = b.project_id WHERE `+pw+` AND b.granularity = 'month'`, pargs...)
	if err != nil {
		return nil, err
	}
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	list, err := db.Benefits(ctx, BenefitFilter{Municipality: municipality})
	if err != nil {
		return nil, err
	}
	sc, err := db.loadShareContext(ctx, "p.archived = 0", nil)
	if err != nil {
		return nil, err
	}
	byMonth := map[string]int64{}
	for i := range list {
		b := &list[i]
		if !want[b.ID] {
			continue
		}
		share := sc.share(b, municipality)
		var before int64
		for _, p := range b.Plan {
			if p.Period >= string(last) {
				break
			}
			upTo, _ := b.ShareNOK(share, p.Period, set.HoursPerFTE)
			byMonth[p.Period] += upTo - before
			before = upTo
		}
	}
	out := make([]monthSum, 0, len(byMonth))
	for p, n := range byMonth {
		out = append(out, monthSum{period: p, kroner: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].period < out[j].period })
	return out, nil
}

// monthEnd is a month of the status trend and the moment it ends (now,
// for the running month), as stored times are written.
type monthEnd struct {
	period models.Period
	at     string
}

// trendMonthEnds are the last 12 months, the running one last.
func trendMonthEnds(now time.Time) []monthEnd {
	current := models.PeriodOf(now)
	ends := make([]monthEnd, 0, 12)
	for k := 11; k >= 0; k-- {
		period := current.Add(-k)
		end := period.Add(1).Start()
		end = time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, now.Location())
		if end.After(now) {
			end = now
		}
		ends = append(ends, monthEnd{period, end.UTC().Format(timeLayout)})
	}
	return ends
}

// statusTrend counts projects by their status at the end of each of the
// last 12 months (the current month up to now): a project's status then is
// the overall of its newest report received by that moment. Only active
// projects are counted (as the key figures count them), and not those
// without a report by then. So a
// month whose reports are not yet due shows the status projects had, not a
// drop.
func (db *DB) statusTrend(ctx context.Context, now time.Time, pw string, pargs []any) ([]models.Count, error) {
	ends := trendMonthEnds(now)
	// Two reads instead of one per month: each project's newest report
	// received before the first month's end, then the reports received
	// after it in the order they came; the months are counted in between.
	type report struct {
		project             int64
		period, overall, at string
	}
	scan := func(r rowScanner) (report, error) {
		var x report
		return x, r.Scan(&x.project, &x.period, &x.overall, &x.at)
	}
	active := pw + ` AND p.phase IN (` + quoteList(models.ActivePhases) + `)` // as the key figures count them
	first, err := queryList(ctx, db.read, "dashboard status trend", scan, `SELECT r.project_id, r.period, r.overall, ''
		FROM projects p JOIN status_reports r ON r.id = (SELECT n.id FROM status_reports n
			WHERE n.project_id = p.id AND n.reported_at < ? ORDER BY n.period DESC LIMIT 1)
		WHERE `+active, append([]any{ends[0].at}, pargs...)...)
	if err != nil {
		return nil, err
	}
	later, err := queryList(ctx, db.read, "dashboard status trend", scan, `SELECT r.project_id, r.period, r.overall, r.reported_at
		FROM status_reports r JOIN projects p ON p.id = r.project_id
		WHERE `+active+` AND r.reported_at >= ? AND r.reported_at < ? ORDER BY r.reported_at`,
		append(slices.Clip(pargs), ends[0].at, ends[len(ends)-1].at)...)
	if err != nil {
		return nil, err
	}
	latest := make(map[int64]report, len(first))
	for _, r := range first {
		latest[r.project] = r
	}
	var out []models.Count
	next := 0
	for _, e := range ends {
		for ; next < len(later) && later[next].at < e.at; next++ {
			r := later[next]
			if old, ok := latest[r.project]; !ok || r.period >= old.period {
				latest[r.project] = r
			}
		}
		n := map[string]int64{}
		for _, r := range latest {
			n[r.overall]++
		}
		for _, s := range []string{"green", "red", "yellow"} { // as SQL's GROUP BY ordered them
			if n[s] > 0 {
				out = append(out, models.Count{A: string(e.period), B: s, N: n[s]})
			}
		}
	}
	return out, nil
}
