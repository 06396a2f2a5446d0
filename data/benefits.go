package data

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"samla/models"
)

const benefitColumns = `b.id, b.project_id, p.title, p.service_area, b.title, b.type, b.indicator, b.unit, b.owner, b.owner_role,
	coalesce(b.owner_municipality, ''), b.baseline, b.baseline_date, b.target, b.target_date, b.hour_value_nok, b.granularity, b.updated_at`

func scanBenefit(row rowScanner) (models.Benefit, error) {
	var b models.Benefit
	var bd, td, updated string
	err := row.Scan(&b.ID, &b.ProjectID, &b.ProjectTitle, &b.ServiceArea, &b.Title, &b.Type, &b.Indicator, &b.Unit, &b.Owner, &b.OwnerRole,
		&b.OwnerMunicipality, &b.Baseline, &bd, &b.Target, &td, &b.HourValueNOK, &b.Granularity, &updated)
	b.BaselineDate, _ = models.ParseDate(bd)
	b.TargetDate, _ = models.ParseDate(td)
	b.UpdatedAt = parseTime(updated)
	return b, err
}

// BenefitFilter narrows the benefits list.
type BenefitFilter struct {
	ProjectID   int64
	ServiceArea string
	// Municipality keeps benefits of projects the municipality takes part in.
	Municipality string
}

// Benefits lists benefits with their plans and derived figures (all
// measurements, or only those of f.Municipality when set).
func (db *DB) Benefits(ctx context.Context, f BenefitFilter) ([]models.Benefit, error) {
	if f.Municipality != "" { // a municipality's page: small, read often, kept per write generation
		return cachedRead(ctx, db, fmt.Sprintf("benefits|%+v", f), func(ctx context.Context) ([]models.Benefit, error) { return db.benefits(ctx, f) })
	}
	return db.benefits(ctx, f)
}

func (db *DB) benefits(ctx context.Context, f BenefitFilter) ([]models.Benefit, error) {
	where, args := []string{"p.archived = 0"}, []any{}
	if f.ProjectID != 0 {
		where = append(where, "b.project_id = ?")
		args = append(args, f.ProjectID)
	}
	if f.ServiceArea != "" {
		where = append(where, "p.service_area = ?")
		args = append(args, f.ServiceArea)
	}
	if f.Municipality != "" {
		where = append(where, "b.project_id IN (SELECT project_id FROM project_municipalities WHERE municipality = ?)")
		args = append(args, f.Municipality)
	}
	whereSQL := strings.Join(where, " AND ")
	out, err := queryList(ctx, db.read, "list benefits", scanBenefit, `SELECT `+benefitColumns+` FROM benefits b JOIN projects p ON p.id = b.project_id
		WHERE `+whereSQL+` ORDER BY p.title, b.id`, args...)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	plans, err := db.plans(ctx, whereSQL, args)
	if err != nil {
		return nil, err
	}
	ms, err := db.measurements(ctx, 0, f.Municipality)
	if err != nil {
		return nil, err
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	sc, err := db.loadShareContext(ctx, whereSQL, args)
	if err != nil {
		return nil, err
	}
	byBenefit := map[int64][]models.Measurement{}
	for _, m := range ms {
		byBenefit[m.BenefitID] = append(byBenefit[m.BenefitID], m)
	}
	for i := range out {
		b := &out[i]
		b.Plan = plans[b.ID]
		if b.Plan == nil {
			b.Plan = []models.PlanPoint{}
		}
		b.Targets = sc.targets[b.ID]
		if b.Targets == nil {
			b.Targets = []models.MunicipalityTarget{}
		}
		effectiveHourValue(b, set)
		if f.Municipality != "" {
			// One municipality's measurements against its own share.
			b.BenefitFigures = b.FiguresFor(byBenefit[b.ID], sc.share(b, f.Municipality), set.HoursPerFTE)
		} else {
			b.BenefitFigures = b.Figures(byBenefit[b.ID], set.HoursPerFTE)
		}
	}
	return out, nil
}

// effectiveHourValue fills in the value of an hour from the settings when
// the benefit has none of its own.
func effectiveHourValue(b *models.Benefit, set models.Settings) {
	if b.HourValueNOK == 0 {
		b.HourValueNOK = set.HourValueFor(b.ServiceArea)
	}
}

func (db *DB) plans(ctx context.Context, where string, args []any) (map[int64][]models.PlanPoint, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT bp.benefit_id, bp.period, bp.value FROM benefit_plan bp
		WHERE bp.benefit_id IN (SELECT b.id FROM benefits b JOIN projects p ON p.id = b.project_id WHERE `+where+`)
		ORDER BY bp.benefit_id, bp.period`, args...)
	if err != nil {
		return nil, fmt.Errorf("data: benefit plans: %w", err)
	}
	defer rows.Close()
	out := map[int64][]models.PlanPoint{}
	for rows.Next() {
		var id int64
		var p models.PlanPoint
		if err := rows.Scan(&id, &p.Period, &p.Value); err != nil {
			return nil, err
		}
		out[id] = append(out[id], p)
	}
	return out, rows.Err()
}

// measurements lists measurements of one benefit (or all when 0), of one
// municipality (or all when "").
func (db *DB) measurements(ctx context.Context, benefitID int64, municipality string) ([]models.Measurement, error) {
	where, args := []string{"1 = 1"}, []any{}
	if benefitID != 0 {
		where = append(where, "m.benefit_id = ?")
		args = append(args, benefitID)
	}
	if municipality != "" {
		where = append(where, "m.municipality = ?")
		args = append(args, municipality)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT m.id, m.benefit_id, m.period, m.value, m.municipality, m.comment, coalesce(u.name, m.actor), m.at
		FROM benefit_measurements m LEFT JOIN users u ON u.id = m.user_id WHERE `+strings.Join(where, " AND ")+` ORDER BY m.period, m.municipality`, args...)
	if err != nil {
		return nil, fmt.Errorf("data: measurements: %w", err)
	}
	defer rows.Close()
	out := []models.Measurement{}
	for rows.Next() {
		var m models.Measurement
		var at string
		if err := rows.Scan(&m.ID, &m.BenefitID, &m.Period, &m.Value, &m.Municipality, &m.Comment, &m.MeasuredBy, &at); err != nil {
			return nil, err
		}
		m.At = parseTime(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Measurements lists a benefit's measurements by period.
func (db *DB) Measurements(ctx context.Context, benefitID int64) ([]models.Measurement, error) {
	return db.measurements(ctx, benefitID, "")
}

// Benefit returns one benefit with its plan and figures.
func (db *DB) Benefit(ctx context.Context, id int64) (models.Benefit, error) {
	b, err := scanBenefit(db.read.QueryRowContext(ctx, `SELECT `+benefitColumns+` FROM benefits b JOIN projects p ON p.id = b.project_id WHERE b.id = ?`, id))
	if err != nil {
		return b, notFound(err, "get benefit")
	}
	plans, err := db.plans(ctx, "b.id = ?", []any{id})
	if err != nil {
		return b, err
	}
	b.Plan = plans[b.ID]
	if b.Plan == nil {
		b.Plan = []models.PlanPoint{}
	}
	targets, err := db.targets(ctx, "b.id = ?", []any{id})
	if err != nil {
		return b, err
	}
	b.Targets = targets[b.ID]
	if b.Targets == nil {
		b.Targets = []models.MunicipalityTarget{}
	}
	ms, err := db.Measurements(ctx, id)
	if err != nil {
		return b, err
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return b, err
	}
	effectiveHourValue(&b, set)
	b.BenefitFigures = b.Figures(ms, set.HoursPerFTE)
	return b, nil
}

func (tx *Tx) checkBenefitRefs(b *models.Benefit) error {
	f := models.FieldErrors{}
	if err := b.Validate(); err != nil {
		for k, v := range models.Fields(err) {
			f.Add(k, v)
		}
	}
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM projects WHERE id = ?`, b.ProjectID).Scan(&n); err != nil {
		return fmt.Errorf("data: check project: %w", err)
	}
	if n == 0 {
		f.Add("project_id", "unknown")
	}
	if b.OwnerMunicipality != "" {
		if _, err := getMunicipality(tx.ctx, tx, b.OwnerMunicipality); errors.Is(err, models.ErrNotFound) {
			f.Add("owner_municipality", "unknown")
		} else if err != nil {
			return err
		}
	}
	return f.Err()
}

func (tx *Tx) setPlan(b *models.Benefit) error {
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM benefit_plan WHERE benefit_id = ?`, b.ID); err != nil {
		return fmt.Errorf("data: set plan: %w", err)
	}
	sort.Slice(b.Plan, func(i, j int) bool { return b.Plan[i].Period < b.Plan[j].Period })
	for _, p := range b.Plan {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO benefit_plan (benefit_id, period, value) VALUES (?, ?, ?)`, b.ID, p.Period, p.Value); err != nil {
			return fmt.Errorf("data: set plan: %w", err)
		}
	}
	return nil
}

// SaveBenefit creates (ID 0) or updates a benefit with its plan. A zero
// hour value means "from the settings".
func (db *DB) SaveBenefit(ctx context.Context, actor models.Actor, b models.Benefit) (models.Benefit, error) {
	if b.Granularity == "" {
		b.Granularity = "month"
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		b, err = tx.SaveBenefit(b)
		return err
	})
	if err != nil {
		return b, err
	}
	return db.Benefit(ctx, b.ID)
}

// SaveBenefit creates or updates a benefit inside a transaction.
func (tx *Tx) SaveBenefit(b models.Benefit) (models.Benefit, error) {
	if err := tx.checkBenefitRefs(&b); err != nil {
		return b, err
	}
	owner := nullString(b.OwnerMunicipality)
	if b.ID == 0 {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO benefits (project_id, title, type, indicator, unit, owner, owner_role, owner_municipality,
			baseline, baseline_date, target, target_date, hour_value_nok, granularity, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			b.ProjectID, b.Title, b.Type, b.Indicator, b.Unit, b.Owner, b.OwnerRole, owner, b.Baseline, b.BaselineDate.String(),
			b.Target, b.TargetDate.String(), b.HourValueNOK, b.Granularity, tx.now, tx.now)
		if err != nil {
			return b, fmt.Errorf("data: create benefit: %w", err)
		}
		b.ID, _ = res.LastInsertId()
		if err := tx.setPlan(&b); err != nil {
			return b, err
		}
		if err := tx.setTargets(&b); err != nil {
			return b, err
		}
		return b, tx.Audit("benefit", fmt.Sprint(b.ID), "create", nil, b)
	}
	before, err := scanBenefit(tx.QueryRowContext(tx.ctx, `SELECT `+benefitColumns+` FROM benefits b JOIN projects p ON p.id = b.project_id WHERE b.id = ?`, b.ID))
	if err != nil {
		return b, notFound(err, "get benefit")
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE benefits SET project_id = ?, title = ?, type = ?, indicator = ?, unit = ?, owner = ?, owner_role = ?,
		owner_municipality = ?, baseline = ?, baseline_date = ?, target = ?, target_date = ?, hour_value_nok = ?, granularity = ?, updated_at = ?
		WHERE id = ?`, b.ProjectID, b.Title, b.Type, b.Indicator, b.Unit, b.Owner, b.OwnerRole, owner, b.Baseline, b.BaselineDate.String(),
		b.Target, b.TargetDate.String(), b.HourValueNOK, b.Granularity, tx.now, b.ID); err != nil {
		return b, fmt.Errorf("data: update benefit: %w", err)
	}
	if err := tx.setPlan(&b); err != nil {
		return b, err
	}
	if err := tx.setTargets(&b); err != nil {
		return b, err
	}
	return b, tx.Audit("benefit", fmt.Sprint(b.ID), "update", before, b)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// projectParticipants lists the municipalities of a project.
func (tx *Tx) projectParticipants(projectID int64) ([]string, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT municipality FROM project_municipalities WHERE project_id = ?`, projectID)
	if err != nil {
		return nil, fmt.Errorf("data: participants: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// RecordMeasurement stores a measurement. A second one for the same period
// and municipality replaces the first (the audit trail keeps it).
func (db *DB) RecordMeasurement(ctx context.Context, actor models.Actor, m models.Measurement) (models.Measurement, error) {
	b, err := db.Benefit(ctx, m.BenefitID)
	if err != nil {
		return m, err
	}
	m.Comment = strings.TrimSpace(m.Comment)
	err = db.Update(ctx, actor, func(tx *Tx) error {
		return tx.RecordMeasurement(&b, &m)
	})
	return m, err
}

// RecordMeasurement stores a measurement inside a transaction.
// MeasurementAt returns the measurement of a benefit for a period and
// municipality ("" for the whole programme).
func (tx *Tx) MeasurementAt(benefitID int64, period, municipality string) (models.Measurement, error) {
	m := models.Measurement{BenefitID: benefitID, Period: period, Municipality: municipality}
	err := tx.QueryRowContext(tx.ctx, `SELECT id, value, comment FROM benefit_measurements WHERE benefit_id = ? AND period = ? AND municipality = ?`,
		benefitID, period, municipality).Scan(&m.ID, &m.Value, &m.Comment)
	if err != nil {
		return m, notFound(err, "get measurement")
	}
	return m, nil
}

func (tx *Tx) RecordMeasurement(b *models.Benefit, m *models.Measurement) error {
	participants, err := tx.projectParticipants(b.ProjectID)
	if err != nil {
		return err
	}
	if err := b.ValidateMeasurement(m, participants); err != nil {
		return err
	}
	var before *models.Measurement
	var old models.Measurement
	err = tx.QueryRowContext(tx.ctx, `SELECT id, value, comment FROM benefit_measurements WHERE benefit_id = ? AND period = ? AND municipality = ?`,
		m.BenefitID, m.Period, m.Municipality).Scan(&old.ID, &old.Value, &old.Comment)
	if err == nil {
		before = &old
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO benefit_measurements (benefit_id, period, municipality, value, comment, user_id, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (benefit_id, period, municipality) DO UPDATE SET value = excluded.value,
		comment = excluded.comment, user_id = excluded.user_id, actor = excluded.actor, at = excluded.at`,
		m.BenefitID, m.Period, m.Municipality, m.Value, m.Comment, nullID(tx.actor.UserID), tx.actor.String(), tx.now)
	if err != nil {
		return fmt.Errorf("data: record measurement: %w", err)
	}
	if before != nil {
		m.ID = before.ID
	} else {
		m.ID, _ = res.LastInsertId()
	}
	m.MeasuredBy, m.At = tx.actor.String(), parseTime(tx.now)
	action := "create"
	var b4 any
	if before != nil {
		action, b4 = "replace", before
	}
	return tx.Audit("measurement", fmt.Sprint(m.ID), action, b4, m)
}

// BenefitTotals adds up realised hours, årsverk and kroner of the
// benefits by key: "project", "service_area" or "municipality". By
// municipality, measurements for the whole programme are under the key "".
// Every measured amount is in exactly one group, so the groups add up to
// the programme total.
func (db *DB) BenefitTotals(ctx context.Context, by string) ([]models.BenefitTotal, models.BenefitTotal, error) {
	list, err := db.Benefits(ctx, BenefitFilter{})
	if err != nil {
		return nil, models.BenefitTotal{}, err
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, models.BenefitTotal{}, err
	}
	groups := map[string]*models.BenefitTotal{}
	var programme models.BenefitTotal
	group := func(key, label string) *models.BenefitTotal {
		g, ok := groups[key]
		if !ok {
			g = &models.BenefitTotal{Key: key, Label: label}
			groups[key] = g
		}
		return g
	}
	var byBenefit map[int64][]models.Measurement
	var sc shareContext
	last := string(models.PeriodOf(db.Now().In(db.location())).Add(-1))
	if by == "municipality" {
		ms, err := db.measurements(ctx, 0, "")
		if err != nil {
			return nil, programme, err
		}
		if sc, err = db.loadShareContext(ctx, "p.archived = 0", nil); err != nil {
			return nil, programme, err
		}
		byBenefit = map[int64][]models.Measurement{}
		for _, m := range ms {
			byBenefit[m.BenefitID] = append(byBenefit[m.BenefitID], m)
		}
	}
	for i := range list {
		b := &list[i]
		if !b.Cumulative() {
			continue // a quality level is not an amount to add
		}
		programme.Add(b.Hours, b.FTE, b.ValueNOK)
		programme.Benefits++
		switch by {
		case "project":
			g := group(fmt.Sprint(b.ProjectID), b.ProjectTitle)
			g.Add(b.Hours, b.FTE, b.ValueNOK)
			g.Benefits++
		case "service_area":
			g := group(b.ServiceArea, "")
			g.Add(b.Hours, b.FTE, b.ValueNOK)
			g.Benefits++
		case "municipality":
			perMun := map[string][]models.Measurement{}
			for _, m := range byBenefit[b.ID] {
				perMun[m.Municipality] = append(perMun[m.Municipality], m)
			}
			for mun, ms := range perMun {
				g := group(mun, "")
				g.Add(b.ValueOf(ms, set.HoursPerFTE))
				g.Benefits++
			}
			// Every municipality of the project has its share of the plan
			// and target, measured or not.
			for _, mun := range sc.participants[b.ProjectID] {
				planned, target := b.ShareNOK(sc.share(b, mun), last, set.HoursPerFTE)
				g := group(mun, "")
				g.PlannedNOK = models.AddNOK(g.PlannedNOK, planned)
				g.TargetNOK = models.AddNOK(g.TargetNOK, target)
			}
		}
	}
	out := make([]models.BenefitTotal, 0, len(groups))
	for _, g := range groups {
		if by == "municipality" {
			g.PlanStatus = models.PlanStateNOK(g.ValueNOK, g.PlannedNOK)
		}
		out = append(out, g.Rounded())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, programme.Rounded(), nil
}

// SavingsBenefit registers what buying together saves as an economic
// benefit of the procurement's first linked project: the yearly saving
// over the contract period, planned month by month. Registering it twice
// returns the one there is.
func (db *DB) SavingsBenefit(ctx context.Context, actor models.Actor, procurementID int64) (models.Benefit, error) {
	p, err := db.Procurement(ctx, procurementID)
	if err != nil {
		return models.Benefit{}, err
	}
	f := models.FieldErrors{}
	if len(p.ProjectIDs) == 0 {
		f.Add("project_ids", "required")
	}
	if p.AloneSavings() <= 0 {
		f.Add("alone_cost_nok", "required")
	}
	if err := f.Err(); err != nil {
		return models.Benefit{}, err
	}
	start := p.ContractStart
	if start.IsZero() {
		start = db.today()
	}
	end := p.ContractEnd
	if end.IsZero() || !start.Before(end) {
		end = models.Date{Time: start.AddDate(1, 0, -1)}
	}
	title := []rune("Besparelse ved felles anskaffelse: " + p.Title)
	b := models.Benefit{ProjectID: p.ProjectIDs[0], Title: string(title[:min(len(title), 200)]), Type: models.BenefitEconomic,
		Indicator: "Årlig kostnad alene minus årlig kostnad sammen", Unit: "kr", Owner: "Programkontoret", OwnerMunicipality: p.LeadMunicipality,
		BaselineDate: start, TargetDate: end, Granularity: "month"}
	monthly := float64(p.AloneSavings()) / 12
	for m := models.PeriodOf(start.Time); m <= models.PeriodOf(end.Time); m = m.Add(1) {
		b.Plan = append(b.Plan, models.PlanPoint{Period: string(m), Value: math.Round(monthly)})
		b.Target += math.Round(monthly)
	}
	err = db.Update(ctx, actor, func(tx *Tx) error {
		if existing, err := tx.BenefitByTitle(b.ProjectID, b.Title); err == nil {
			b = existing
			return nil
		}
		var err error
		b, err = tx.SaveBenefit(b)
		return err
	})
	if err != nil {
		return b, err
	}
	return db.Benefit(ctx, b.ID)
}
