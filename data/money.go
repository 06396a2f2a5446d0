package data

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"samla/models"
)

// setPopulation records a municipality's population on 1 January of a year.
func (tx *Tx) setPopulation(number string, year int, population int64) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO populations (municipality, year, population) VALUES (?, ?, ?)
		ON CONFLICT (municipality, year) DO UPDATE SET population = excluded.population`, number, year, population)
	if err != nil {
		return fmt.Errorf("data: population: %w", err)
	}
	return nil
}

// PopulationsIn returns each municipality's population for a year: the one
// registered for that year, else the latest before it, else the earliest.
func (db *DB) PopulationsIn(ctx context.Context, year int) (map[string]int64, error) {
	type row struct {
		number     string
		year       int
		population int64
	}
	rows, err := queryList(ctx, db.read, "populations", func(r rowScanner) (row, error) {
		var x row
		err := r.Scan(&x.number, &x.year, &x.population)
		return x, err
	}, `SELECT municipality, year, population FROM populations ORDER BY municipality, year`)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	seen := map[string]bool{}
	for _, r := range rows { // by year: the last one up to the year wins
		if !seen[r.number] || r.year <= year {
			out[r.number] = r.population
			seen[r.number] = true
		}
	}
	return out, nil
}

const grantColumns = `g.id, g.funder, g.scheme, g.title, g.applied_nok, g.granted_nok, coalesce(g.applied_date, ''), coalesce(g.decision_date, ''),
	g.status, g.conditions, coalesce(g.report_due, ''), coalesce(g.reported_date, ''), coalesce(g.report_archive_id, 0), coalesce(g.case_id, 0),
	g.updated_at, coalesce((SELECT group_concat(project_id) FROM grant_projects gp WHERE gp.grant_id = g.id), '')`

func scanGrant(row rowScanner) (models.Grant, error) {
	var g models.Grant
	var applied, decided, due, reported, updated, projects string
	err := row.Scan(&g.ID, &g.Funder, &g.Scheme, &g.Title, &g.AppliedNOK, &g.GrantedNOK, &applied, &decided, &g.Status, &g.Conditions,
		&due, &reported, &g.ReportArchiveID, &g.CaseID, &updated, &projects)
	g.AppliedDate, _ = models.ParseDate(applied)
	g.DecisionDate, _ = models.ParseDate(decided)
	g.ReportDue, _ = models.ParseDate(due)
	g.ReportedDate, _ = models.ParseDate(reported)
	g.UpdatedAt = parseTime(updated)
	g.ProjectIDs = []int64{}
	for _, p := range strings.Split(projects, ",") {
		var id int64
		if _, e := fmt.Sscan(p, &id); e == nil {
			g.ProjectIDs = append(g.ProjectIDs, id)
		}
	}
	sort.Slice(g.ProjectIDs, func(i, j int) bool { return g.ProjectIDs[i] < g.ProjectIDs[j] })
	return g, err
}

// GrantFilter narrows the grants; empty fields match all.
type GrantFilter struct {
	Status    string
	ProjectID int64
}

// Grants lists grants, the report due soonest first, then by title.
func (db *DB) Grants(ctx context.Context, f GrantFilter) ([]models.Grant, error) {
	where, args := "1 = 1", []any{}
	if f.Status != "" {
		where += " AND g.status = ?"
		args = append(args, f.Status)
	}
	if f.ProjectID != 0 {
		where += " AND g.id IN (SELECT grant_id FROM grant_projects WHERE project_id = ?)"
		args = append(args, f.ProjectID)
	}
	return queryList(ctx, db.read, "list grants", scanGrant, `SELECT `+grantColumns+` FROM grants g WHERE `+where+`
		ORDER BY coalesce(g.report_due, '9999'), g.title`, args...)
}

// Grant returns one grant.
func (db *DB) Grant(ctx context.Context, id int64) (models.Grant, error) {
	g, err := scanGrant(db.read.QueryRowContext(ctx, `SELECT `+grantColumns+` FROM grants g WHERE g.id = ?`, id))
	if err != nil {
		return g, notFound(err, "get grant")
	}
	return g, nil
}

// SaveGrant creates (ID 0) or changes a grant and its projects.
func (db *DB) SaveGrant(ctx context.Context, actor models.Actor, g models.Grant) (models.Grant, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		g, err = tx.SaveGrant(g)
		return err
	})
	return g, err
}

// SaveGrant is SaveGrant in the transaction.
func (tx *Tx) SaveGrant(g models.Grant) (models.Grant, error) {
	f := models.Fields(g.Validate())
	if f == nil {
		f = map[string]string{}
	}
	for _, id := range g.ProjectIDs {
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM projects WHERE id = ?`, id).Scan(&n); err != nil {
			return g, fmt.Errorf("data: save grant: %w", err)
		}
		if n == 0 {
			models.FieldErrors(f).Add("project_ids", "unknown")
		}
	}
	if err := models.FieldErrors(f).Err(); err != nil {
		return g, err
	}
	var before any
	args := []any{g.Funder, g.Scheme, g.Title, g.AppliedNOK, g.GrantedNOK, nullDate(g.AppliedDate), nullDate(g.DecisionDate), g.Status,
		g.Conditions, nullDate(g.ReportDue), nullDate(g.ReportedDate), nullID(g.ReportArchiveID), nullID(g.CaseID), tx.now}
	if g.ID == 0 {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO grants (funder, scheme, title, applied_nok, granted_nok, applied_date, decision_date, status,
			conditions, report_due, reported_date, report_archive_id, case_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
		if err != nil {
			return g, fmt.Errorf("data: create grant: %w", err)
		}
		g.ID, _ = res.LastInsertId()
	} else {
		old, err := scanGrant(tx.QueryRowContext(tx.ctx, `SELECT `+grantColumns+` FROM grants g WHERE g.id = ?`, g.ID))
		if err != nil {
			return g, notFound(err, "get grant")
		}
		before = old
		if _, err := tx.ExecContext(tx.ctx, `UPDATE grants SET funder = ?, scheme = ?, title = ?, applied_nok = ?, granted_nok = ?, applied_date = ?,
			decision_date = ?, status = ?, conditions = ?, report_due = ?, reported_date = ?, report_archive_id = ?, case_id = ?, updated_at = ?
			WHERE id = ?`, append(args, g.ID)...); err != nil {
			return g, fmt.Errorf("data: update grant: %w", err)
		}
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM grant_projects WHERE grant_id = ?`, g.ID); err != nil {
			return g, fmt.Errorf("data: update grant: %w", err)
		}
	}
	for _, id := range g.ProjectIDs {
		if _, err := tx.ExecContext(tx.ctx, `INSERT OR IGNORE INTO grant_projects (grant_id, project_id) VALUES (?, ?)`, g.ID, id); err != nil {
			return g, fmt.Errorf("data: grant projects: %w", err)
		}
	}
	if g.ProjectIDs == nil {
		g.ProjectIDs = []int64{}
	}
	g.UpdatedAt = parseTime(tx.now)
	action := "create"
	if before != nil {
		action = "update"
	}
	return g, tx.Audit("grant", fmt.Sprint(g.ID), action, before, g)
}

func scanContribution(row rowScanner) (models.Contribution, error) {
	var c models.Contribution
	var key, updated string
	err := row.Scan(&c.Year, &c.TotalNOK, &key, &updated)
	json.Unmarshal([]byte(key), &c.CostKey)
	c.UpdatedAt = parseTime(updated)
	return c, err
}

// Contributions lists the members' contribution per year, newest first.
func (db *DB) Contributions(ctx context.Context) ([]models.Contribution, error) {
	return queryList(ctx, db.read, "list contributions", scanContribution, `SELECT year, total_nok, cost_key, updated_at FROM contributions ORDER BY year DESC`)
}

// Contribution returns a year's contribution.
func (db *DB) Contribution(ctx context.Context, year int) (models.Contribution, error) {
	c, err := scanContribution(db.read.QueryRowContext(ctx, `SELECT year, total_nok, cost_key, updated_at FROM contributions WHERE year = ?`, year))
	if err != nil {
		return c, notFound(err, "get contribution")
	}
	return c, nil
}

// SetContribution sets a year's total and key, checked against the members.
func (db *DB) SetContribution(ctx context.Context, actor models.Actor, c models.Contribution) (models.Contribution, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		c, err = tx.SetContribution(c)
		return err
	})
	return c, err
}

// SetContribution is SetContribution in the transaction.
func (tx *Tx) SetContribution(c models.Contribution) (models.Contribution, error) {
	var members []string
	rows, err := queryList(tx.ctx, tx, "members", scanMunicipality, `SELECT `+municipalityColumns+` FROM municipalities WHERE member = 1`)
	if err != nil {
		return c, err
	}
	for _, m := range rows {
		members = append(members, m.Number)
	}
	if err := c.Validate(members); err != nil {
		return c, err
	}
	key, _ := json.Marshal(c.CostKey)
	var before any
	if old, err := scanContribution(tx.QueryRowContext(tx.ctx, `SELECT year, total_nok, cost_key, updated_at FROM contributions WHERE year = ?`, c.Year)); err == nil {
		before = old
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO contributions (year, total_nok, cost_key, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (year) DO UPDATE SET total_nok = excluded.total_nok, cost_key = excluded.cost_key, updated_at = excluded.updated_at`,
		c.Year, c.TotalNOK, string(key), tx.now); err != nil {
		return c, fmt.Errorf("data: set contribution: %w", err)
	}
	c.UpdatedAt = parseTime(tx.now)
	return c, tx.Audit("contribution", fmt.Sprint(c.Year), "set", before, c)
}

func scanFunding(row rowScanner) (models.Funding, error) {
	var f models.Funding
	var key string
	err := row.Scan(&f.Year, &f.Source, &f.AmountNOK, &f.GrantID, &key, &f.Note)
	if key != "" {
		json.Unmarshal([]byte(key), &f.CostKey)
	}
	return f, err
}

// ProjectFunding lists a project's funding by year and source.
func (db *DB) ProjectFunding(ctx context.Context, projectID int64) ([]models.Funding, error) {
	return queryList(ctx, db.read, "project funding", scanFunding, `SELECT year, source, amount_nok, coalesce(grant_id, 0), cost_key, note
		FROM project_funding WHERE project_id = ? ORDER BY year, source, id`, projectID)
}

// SetProjectFunding replaces a project's funding rows.
func (db *DB) SetProjectFunding(ctx context.Context, actor models.Actor, projectID int64, rows []models.Funding) ([]models.Funding, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error { return tx.SetProjectFunding(projectID, rows) })
	return rows, err
}

// SetProjectFunding is SetProjectFunding in the transaction.
func (tx *Tx) SetProjectFunding(projectID int64, rows []models.Funding) error {
	p, err := tx.project(projectID)
	if err != nil {
		return err
	}
	f := models.Fields(models.ValidateFunding(rows, p.Municipalities))
	if f == nil {
		f = map[string]string{}
	}
	for i, r := range rows {
		if r.Source != "grant" || r.GrantID == 0 {
			continue
		}
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM grants WHERE id = ?`, r.GrantID).Scan(&n); err != nil {
			return fmt.Errorf("data: funding: %w", err)
		}
		if n == 0 {
			models.FieldErrors(f).Add(fmt.Sprintf("funding[%d].grant_id", i), "unknown")
		}
	}
	if err := models.FieldErrors(f).Err(); err != nil {
		return err
	}
	before, err := queryList(tx.ctx, tx, "project funding", scanFunding, `SELECT year, source, amount_nok, coalesce(grant_id, 0), cost_key, note
		FROM project_funding WHERE project_id = ? ORDER BY year, source, id`, projectID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM project_funding WHERE project_id = ?`, projectID); err != nil {
		return fmt.Errorf("data: funding: %w", err)
	}
	for _, r := range rows {
		key := ""
		if r.Source == "municipalities" {
			b, _ := json.Marshal(r.CostKey)
			key = string(b)
		}
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO project_funding (project_id, year, source, amount_nok, grant_id, cost_key, note)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, projectID, r.Year, r.Source, r.AmountNOK, nullID(r.GrantID), key, r.Note); err != nil {
			return fmt.Errorf("data: funding: %w", err)
		}
	}
	return tx.Audit("project_funding", fmt.Sprint(projectID), "set", before, rows)
}

// Charges are what the member municipalities pay in a year, each to be
// split by its key: the contribution over the members, each procurement
// with a contract running in the year over its participants (its annual
// cost), each project's municipal funding over the project's
// participants. Populations are those of the year.
func (db *DB) Charges(ctx context.Context, year int) ([]models.Charge, map[string]string, error) {
	pop, err := db.PopulationsIn(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	muns, err := db.Municipalities(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]string{}
	var members []models.Participant
	for _, m := range muns {
		names[m.Number] = m.Name
		if m.Member {
			members = append(members, models.Participant{Municipality: m.Number, Population: pop[m.Number]})
		}
	}
	var charges []models.Charge
	c, err := db.Contribution(ctx, year)
	switch {
	case err == nil:
		for i := range members {
			members[i].Weight = c.CostKey.Weights[members[i].Municipality]
		}
		charges = append(charges, models.Charge{Kind: models.LineContribution, RefID: int64(year), Title: fmt.Sprintf("Medlemsbidrag %d", year),
			TotalNOK: c.TotalNOK, Key: c.CostKey, Participants: members})
	case !errors.Is(err, models.ErrNotFound):
		return nil, nil, err
	}
	first, last := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	procs, err := db.Procurements(ctx, ProcurementFilter{})
	if err != nil {
		return nil, nil, err
	}
	for _, p := range procs {
		if p.AnnualCostNOK == 0 || p.ContractStart.IsZero() || p.ContractStart.String() > last || !p.ContractEnd.IsZero() && p.ContractEnd.String() < first {
			continue
		}
		parts, err := db.procurementParticipants(ctx, p.ID, pop)
		if err != nil {
			return nil, nil, err
		}
		charges = append(charges, models.Charge{Kind: models.LineProcurement, RefID: p.ID, Title: p.Title, TotalNOK: p.AnnualCostNOK, Key: p.CostKey, Participants: parts})
	}
	type funded struct {
		models.Funding
		ProjectID int64
		Title     string
	}
	rows, err := queryList(ctx, db.read, "municipal funding", func(r rowScanner) (funded, error) {
		var f funded
		var key string
		err := r.Scan(&f.ProjectID, &f.Title, &f.AmountNOK, &key)
		json.Unmarshal([]byte(key), &f.CostKey)
		return f, err
	}, `SELECT f.project_id, p.title, f.amount_nok, f.cost_key FROM project_funding f JOIN projects p ON p.id = f.project_id
		WHERE f.year = ? AND f.source = 'municipalities' ORDER BY p.title, f.id`, year)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range rows {
		p, err := db.Project(ctx, f.ProjectID)
		if err != nil {
			return nil, nil, err
		}
		var parts []models.Participant
		for _, m := range p.Municipalities {
			parts = append(parts, models.Participant{Municipality: m, Population: pop[m], Weight: f.CostKey.Weights[m]})
		}
		charges = append(charges, models.Charge{Kind: models.LineProject, RefID: f.ProjectID, Title: f.Title, TotalNOK: f.AmountNOK, Key: f.CostKey, Participants: parts})
	}
	return charges, names, nil
}

func (db *DB) procurementParticipants(ctx context.Context, id int64, pop map[string]int64) ([]models.Participant, error) {
	return queryList(ctx, db.read, "procurement participants", func(r rowScanner) (models.Participant, error) {
		var p models.Participant
		err := r.Scan(&p.Municipality, &p.Weight)
		p.Population = pop[p.Municipality]
		return p, err
	}, `SELECT municipality, weight FROM procurement_municipalities WHERE procurement_id = ? ORDER BY municipality`, id)
}

// Statements are every municipality's yearly statement (models.Statements),
// and the charges that could not be split.
//
// Every municipality's statement comes from the same charges, so the
// statements of a year are worked out once per write generation (a batch
// of 357 municipality reports would otherwise read every procurement 357
// times). The slices returned are shared: read them, do not change them.
func (db *DB) Statements(ctx context.Context, year int) ([]models.Statement, []models.Charge, error) {
	type statements struct {
		all     []models.Statement
		skipped []models.Charge
	}
	v, err := cachedRead(ctx, db, fmt.Sprintf("statements:%d", year), func(ctx context.Context) (statements, error) {
		charges, names, err := db.Charges(ctx, year)
		if err != nil {
			return statements{}, err
		}
		st, skipped := models.Statements(year, names, charges)
		return statements{st, skipped}, nil
	})
	return v.all, v.skipped, err
}

// Statement is one municipality's statement for a year (no lines when it
// pays nothing).
func (db *DB) Statement(ctx context.Context, number string, year int) (models.Statement, error) {
	m, err := db.Municipality(ctx, number)
	if err != nil {
		return models.Statement{}, err
	}
	all, _, err := db.Statements(ctx, year)
	if err != nil {
		return models.Statement{}, err
	}
	for _, s := range all {
		if s.Municipality == number {
			return s, nil
		}
	}
	return models.Statement{Municipality: number, Name: m.Name, Year: year, Lines: []models.StatementLine{}}, nil
}

// Budget adds up a year: income is the members' contribution, the grants
// decided that year (granted amounts), and other and municipal project
// funding; costs are the projects' funding and the procurements' annual
// costs while their contracts run.
func (db *DB) Budget(ctx context.Context, year int) (models.Budget, error) {
	b := models.Budget{Year: year}
	add := func(income bool, l models.BudgetLine) {
		if income {
			b.Income = append(b.Income, l)
			b.IncomeNOK = models.AddNOK(b.IncomeNOK, l.AmountNOK)
		} else {
			b.Costs = append(b.Costs, l)
			b.CostsNOK = models.AddNOK(b.CostsNOK, l.AmountNOK)
		}
	}
	if c, err := db.Contribution(ctx, year); err == nil {
		add(true, models.BudgetLine{Kind: "contribution", RefID: int64(year), Title: fmt.Sprintf("Medlemsbidrag %d", year), AmountNOK: c.TotalNOK})
	} else if !errors.Is(err, models.ErrNotFound) {
		return b, err
	}
	grants, err := db.Grants(ctx, GrantFilter{})
	if err != nil {
		return b, err
	}
	for _, g := range grants {
		if g.GrantedNOK > 0 && g.DecisionDate.Year() == year {
			add(true, models.BudgetLine{Kind: "grant", RefID: g.ID, Title: g.Title, AmountNOK: g.GrantedNOK})
		}
		if g.ReportOutstanding() {
			b.Outstanding = append(b.Outstanding, g)
		}
	}
	type sum struct {
		source string
		id     int64
		title  string
		amount int64
	}
	rows, err := queryList(ctx, db.read, "budget funding", func(r rowScanner) (sum, error) {
		var s sum
		err := r.Scan(&s.source, &s.id, &s.title, &s.amount)
		return s, err
	}, `SELECT f.source, f.project_id, p.title, sum(f.amount_nok) FROM project_funding f JOIN projects p ON p.id = f.project_id
		WHERE f.year = ? GROUP BY f.source, f.project_id ORDER BY p.title`, year)
	if err != nil {
		return b, err
	}
	perProject := map[int64]*models.BudgetLine{}
	var order []int64
	for _, s := range rows {
		if s.source == "municipalities" || s.source == "other" {
			add(true, models.BudgetLine{Kind: s.source, RefID: s.id, Title: s.title, AmountNOK: s.amount})
		}
		if perProject[s.id] == nil {
			perProject[s.id] = &models.BudgetLine{Kind: "project", RefID: s.id, Title: s.title}
			order = append(order, s.id)
		}
		perProject[s.id].AmountNOK += s.amount
	}
	for _, id := range order {
		add(false, *perProject[id])
	}
	charges, _, err := db.Charges(ctx, year)
	if err != nil {
		return b, err
	}
	for _, c := range charges {
		if c.Kind == models.LineProcurement {
			add(false, models.BudgetLine{Kind: "procurement", RefID: c.RefID, Title: c.Title, AmountNOK: c.TotalNOK})
		}
	}
	return b, nil
}
