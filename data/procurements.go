package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"samla/models"
)

const procurementColumns = `p.id, p.title, p.description, p.procedure, p.stage, p.estimated_value_nok, p.lead_municipality,
	p.doffin_ref, p.supplier, coalesce(p.contract_start, ''), coalesce(p.contract_end, ''), p.annual_cost_nok,
	p.equal_pct, p.basis, p.alone_cost_nok, coalesce(p.tender_deadline, ''), p.updated_at`

func scanProcurement(row rowScanner) (models.Procurement, error) {
	var p models.Procurement
	var start, end, tender, updated string
	err := row.Scan(&p.ID, &p.Title, &p.Description, &p.Procedure, &p.Stage, &p.EstimatedValueNOK, &p.LeadMunicipality,
		&p.DoffinRef, &p.Supplier, &start, &end, &p.AnnualCostNOK, &p.CostKey.EqualPct, &p.CostKey.Basis, &p.SavingsAloneNOK, &tender, &updated)
	p.TenderDeadline, _ = models.ParseDate(tender)
	p.ContractStart, _ = models.ParseDate(start)
	p.ContractEnd, _ = models.ParseDate(end)
	p.UpdatedAt = parseTime(updated)
	return p, err
}

// ProcurementFilter narrows the procurements list.
type ProcurementFilter struct {
	Stage        string
	Municipality string
	ProjectID    int64
}

// Procurements lists procurements, with participants, by title.
func (db *DB) Procurements(ctx context.Context, f ProcurementFilter) ([]models.Procurement, error) {
	if f.Municipality != "" { // a municipality's page: kept per write generation
		return cachedRead(ctx, db, fmt.Sprintf("procurements|%+v", f), func(ctx context.Context) ([]models.Procurement, error) { return db.procurements(ctx, f) })
	}
	return db.procurements(ctx, f)
}

func (db *DB) procurements(ctx context.Context, f ProcurementFilter) ([]models.Procurement, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Stage != "" {
		where = append(where, "p.stage = ?")
		args = append(args, f.Stage)
	}
	if f.Municipality != "" {
		where = append(where, "p.id IN (SELECT procurement_id FROM procurement_municipalities WHERE municipality = ?)")
		args = append(args, f.Municipality)
	}
	if f.ProjectID != 0 {
		where = append(where, "p.id IN (SELECT procurement_id FROM procurement_projects WHERE project_id = ?)")
		args = append(args, f.ProjectID)
	}
	out, err := queryList(ctx, db.read, "list procurements", scanProcurement, `SELECT `+procurementColumns+` FROM procurements p WHERE `+strings.Join(where, " AND ")+
		` ORDER BY p.title COLLATE NOCASE, p.id`, args...)
	if err != nil {
		return nil, err
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := db.fillProcurement(ctx, db.read, &out[i], set); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// queryer is what both the read pool and a transaction offer.
type queryer interface {
	rowQueryer
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// fillProcurement adds participants, weights, linked projects, options and warnings.
func (db *DB) fillProcurement(ctx context.Context, q queryer, p *models.Procurement, set models.Settings) error {
	type participant struct {
		number string
		weight int64
	}
	parts, err := queryList(ctx, q, "procurement participants", func(r rowScanner) (participant, error) {
		var x participant
		err := r.Scan(&x.number, &x.weight)
		return x, err
	}, `SELECT municipality, weight FROM procurement_municipalities WHERE procurement_id = ? ORDER BY municipality`, p.ID)
	if err != nil {
		return err
	}
	p.Municipalities = make([]string, len(parts))
	for i, x := range parts {
		p.Municipalities[i] = x.number
		if p.CostKey.Basis == models.BasisWeights {
			if p.CostKey.Weights == nil {
				p.CostKey.Weights = map[string]int64{}
			}
			p.CostKey.Weights[x.number] = x.weight
		}
	}
	p.ProjectIDs, err = queryList(ctx, q, "procurement projects", scanID, `SELECT project_id FROM procurement_projects WHERE procurement_id = ? ORDER BY project_id`, p.ID)
	if err != nil {
		return err
	}
	p.Options, err = queryList(ctx, q, "procurement options", scanOption,
		`SELECT id, description, deadline, decision FROM procurement_options WHERE procurement_id = ? ORDER BY deadline, id`, p.ID)
	if err != nil {
		return err
	}
	p.Warnings = models.ThresholdWarnings(p.EstimatedValueNOK, p.Procedure, set)
	if p.Warnings == nil {
		p.Warnings = []string{}
	}
	return nil
}

func scanOption(row rowScanner) (models.ProcurementOption, error) {
	var o models.ProcurementOption
	var d string
	err := row.Scan(&o.ID, &o.Description, &d, &o.Decision)
	o.Deadline, _ = models.ParseDate(d)
	return o, err
}

// Procurement returns one procurement with everything that belongs to it.
func (db *DB) Procurement(ctx context.Context, id int64) (models.Procurement, error) {
	return db.getProcurement(ctx, db.read, id)
}

func (db *DB) getProcurement(ctx context.Context, q queryer, id int64) (models.Procurement, error) {
	p, err := scanProcurement(q.QueryRowContext(ctx, `SELECT `+procurementColumns+` FROM procurements p WHERE p.id = ?`, id))
	if err != nil {
		return p, notFound(err, "get procurement")
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return p, err
	}
	return p, db.fillProcurement(ctx, q, &p, set)
}

// validateProcurement checks the fields and that municipalities and projects exist.
func (tx *Tx) validateProcurement(p *models.Procurement) error {
	p.IncludeLead()
	f := models.FieldErrors{}
	if err := p.Validate(); err != nil {
		for k, v := range models.Fields(err) {
			f.Add(k, v)
		}
	}
	for _, m := range p.Municipalities {
		if _, err := getMunicipality(tx.ctx, tx, m); errors.Is(err, models.ErrNotFound) {
			if m == p.LeadMunicipality {
				f.Add("lead_municipality", "unknown")
			} else {
				f.Add("municipalities", "unknown")
			}
		} else if err != nil {
			return err
		}
	}
	for _, id := range p.ProjectIDs {
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM projects WHERE id = ?`, id).Scan(&n); err != nil {
			return fmt.Errorf("data: check project: %w", err)
		}
		if n == 0 {
			f.Add("project_ids", "unknown")
		}
	}
	return f.Err()
}

func (tx *Tx) setProcurementLinks(p *models.Procurement) error {
	for _, q := range []string{`DELETE FROM procurement_municipalities WHERE procurement_id = ?`, `DELETE FROM procurement_projects WHERE procurement_id = ?`} {
		if _, err := tx.ExecContext(tx.ctx, q, p.ID); err != nil {
			return fmt.Errorf("data: procurement links: %w", err)
		}
	}
	for _, m := range p.Municipalities {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO procurement_municipalities (procurement_id, municipality, weight) VALUES (?, ?, ?)`,
			p.ID, m, p.CostKey.Weights[m]); err != nil {
			return fmt.Errorf("data: procurement participants: %w", err)
		}
	}
	for _, id := range p.ProjectIDs {
		if _, err := tx.ExecContext(tx.ctx, `INSERT OR IGNORE INTO procurement_projects (procurement_id, project_id) VALUES (?, ?)`, p.ID, id); err != nil {
			return fmt.Errorf("data: procurement projects: %w", err)
		}
	}
	return nil
}

// recordStage notes the date a procurement reached a stage.
func (tx *Tx) recordStage(id int64, stage string, reached models.Date) error {
	if reached.IsZero() {
		reached = models.DateOf(tx.db.Now().In(tx.db.location()))
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO procurement_stages (procurement_id, stage, reached_on, actor, at) VALUES (?, ?, ?, ?, ?)`,
		id, stage, reached.String(), tx.actor.String(), tx.now)
	if err != nil {
		return fmt.Errorf("data: record stage: %w", err)
	}
	return nil
}

// CreateProcurement adds a procurement; its first stage is recorded as
// reached on stageDate (today when zero).
func (db *DB) CreateProcurement(ctx context.Context, actor models.Actor, p models.Procurement, stageDate models.Date) (models.Procurement, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		p, err = tx.CreateProcurement(p, stageDate)
		return err
	})
	return p, err
}

// CreateProcurement adds a procurement inside a transaction.
func (tx *Tx) CreateProcurement(p models.Procurement, stageDate models.Date) (models.Procurement, error) {
	if err := tx.validateProcurement(&p); err != nil {
		return p, err
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO procurements (title, description, procedure, stage, estimated_value_nok, lead_municipality,
		doffin_ref, supplier, contract_start, contract_end, annual_cost_nok, equal_pct, basis, alone_cost_nok, tender_deadline, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Title, p.Description, p.Procedure, p.Stage, p.EstimatedValueNOK, p.LeadMunicipality, p.DoffinRef, p.Supplier,
		nullDate(p.ContractStart), nullDate(p.ContractEnd), p.AnnualCostNOK, p.CostKey.EqualPct, p.CostKey.Basis, p.SavingsAloneNOK, nullDate(p.TenderDeadline), tx.now, tx.now)
	if err != nil {
		return p, fmt.Errorf("data: create procurement: %w", err)
	}
	p.ID, _ = res.LastInsertId()
	if err := tx.setProcurementLinks(&p); err != nil {
		return p, err
	}
	for _, o := range p.Options {
		if _, err := tx.addOption(p.ID, o); err != nil {
			return p, err
		}
	}
	if err := tx.recordStage(p.ID, p.Stage, stageDate); err != nil {
		return p, err
	}
	created, err := tx.db.getProcurement(tx.ctx, tx, p.ID)
	if err != nil {
		return p, err
	}
	return created, tx.Audit("procurement", fmt.Sprint(p.ID), "create", nil, created)
}

// UpdateProcurement saves a changed procurement. A stage may only move
// forward (or to cancelled before the contract is in force); the date it
// was reached is recorded. Options are kept as they are (see SaveOption).
func (db *DB) UpdateProcurement(ctx context.Context, actor models.Actor, p models.Procurement, stageDate models.Date) (models.Procurement, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		before, err := tx.db.getProcurement(tx.ctx, tx, p.ID)
		if err != nil {
			return err
		}
		p.Options = nil
		if err := tx.validateProcurement(&p); err != nil {
			return err
		}
		if !models.StageMoveAllowed(before.Stage, p.Stage) {
			return models.FieldErrors{"stage": "order"}.Err()
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE procurements SET title = ?, description = ?, procedure = ?, stage = ?, estimated_value_nok = ?,
			lead_municipality = ?, doffin_ref = ?, supplier = ?, contract_start = ?, contract_end = ?, annual_cost_nok = ?, equal_pct = ?,
			basis = ?, alone_cost_nok = ?, tender_deadline = ?, updated_at = ? WHERE id = ?`,
			p.Title, p.Description, p.Procedure, p.Stage, p.EstimatedValueNOK, p.LeadMunicipality, p.DoffinRef, p.Supplier,
			nullDate(p.ContractStart), nullDate(p.ContractEnd), p.AnnualCostNOK, p.CostKey.EqualPct, p.CostKey.Basis, p.SavingsAloneNOK, nullDate(p.TenderDeadline), tx.now, p.ID)
		if err != nil {
			return fmt.Errorf("data: update procurement: %w", err)
		}
		if err := tx.setProcurementLinks(&p); err != nil {
			return err
		}
		if before.Stage != p.Stage {
			if err := tx.recordStage(p.ID, p.Stage, stageDate); err != nil {
				return err
			}
			muns, err := tx.procurementMunicipalities(p.ID)
			if err != nil {
				return err
			}
			if _, err := tx.Post("procurement_stage", muns, models.ChannelMessage{Title: p.Title,
				Params: map[string]string{"from": before.Stage, "to": p.Stage, "supplier": p.Supplier}, Path: fmt.Sprintf("/procurements/%d", p.ID)},
				fmt.Sprintf("stage/%d/%s", p.ID, p.Stage)); err != nil {
				return err
			}
		}
		after, err := tx.db.getProcurement(tx.ctx, tx, p.ID)
		if err != nil {
			return err
		}
		p = after
		return tx.Audit("procurement", fmt.Sprint(p.ID), "update", before, after)
	})
	return p, err
}

// StageHistory lists the stages a procurement reached, in order.
func (db *DB) StageHistory(ctx context.Context, id int64) ([]models.StageEvent, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT stage, reached_on, actor, at FROM procurement_stages WHERE procurement_id = ? ORDER BY reached_on, id`, id)
	if err != nil {
		return nil, fmt.Errorf("data: stage history: %w", err)
	}
	defer rows.Close()
	out := []models.StageEvent{}
	for rows.Next() {
		var e models.StageEvent
		var reached, at string
		if err := rows.Scan(&e.Stage, &reached, &e.By, &at); err != nil {
			return nil, err
		}
		e.Reached, _ = models.ParseDate(reached)
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (tx *Tx) addOption(procurementID int64, o models.ProcurementOption) (models.ProcurementOption, error) {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO procurement_options (procurement_id, description, deadline, decision) VALUES (?, ?, ?, ?)`,
		procurementID, strings.TrimSpace(o.Description), o.Deadline.String(), o.Decision)
	if err != nil {
		return o, fmt.Errorf("data: add option: %w", err)
	}
	o.ID, _ = res.LastInsertId()
	return o, nil
}

func validateOption(o *models.ProcurementOption) error {
	f := models.FieldErrors{}
	if o.Deadline.IsZero() {
		f.Add("deadline", "required")
	}
	if o.Decision != "" && o.Decision != "exercised" && o.Decision != "declined" {
		f.Add("decision", "choice")
	}
	return f.Err()
}

// SaveOption adds (ID 0) or changes a contract option of a procurement.
func (db *DB) SaveOption(ctx context.Context, actor models.Actor, procurementID int64, o models.ProcurementOption) (models.ProcurementOption, error) {
	if err := validateOption(&o); err != nil {
		return o, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM procurements WHERE id = ?`, procurementID).Scan(&n); err != nil || n == 0 {
			return notFound(sql.ErrNoRows, "get procurement")
		}
		if o.ID == 0 {
			var err error
			if o, err = tx.addOption(procurementID, o); err != nil {
				return err
			}
			return tx.Audit("procurement_option", fmt.Sprint(o.ID), "create", nil, o)
		}
		res, err := tx.ExecContext(tx.ctx, `UPDATE procurement_options SET description = ?, deadline = ?, decision = ? WHERE id = ? AND procurement_id = ?`,
			strings.TrimSpace(o.Description), o.Deadline.String(), o.Decision, o.ID, procurementID)
		if err != nil {
			return fmt.Errorf("data: update option: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit("procurement_option", fmt.Sprint(o.ID), "update", nil, o)
	})
	return o, err
}

// MunicipalityShares is what a municipality pays of each procurement it
// takes part in that has an annual cost, and the sum: the municipality
// page and its PDF show these. A key with nothing to split by is left out
// (the procurement's page says why). Kept per write generation.
func (db *DB) MunicipalityShares(ctx context.Context, number string) ([]models.ProcurementShare, int64, error) {
	type result struct {
		list  []models.ProcurementShare
		total int64
	}
	r, err := cachedRead(ctx, db, "municipality shares|"+number, func(ctx context.Context) (result, error) {
		procs, err := db.Procurements(ctx, ProcurementFilter{Municipality: number})
		if err != nil {
			return result{}, err
		}
		var r result
		for _, pr := range procs {
			if pr.AnnualCostNOK == 0 {
				continue
			}
			all, _, err := db.CostShares(ctx, pr)
			if models.Fields(err) != nil {
				continue
			} else if err != nil {
				return result{}, err
			}
			for _, s := range all {
				if s.Municipality == number {
					r.list = append(r.list, models.ProcurementShare{Procurement: pr, Share: s})
					r.total += s.AmountNOK
				}
			}
		}
		return r, nil
	})
	return r.list, r.total, err
}

// CostShares splits a procurement's annual cost among its participants by
// its key, with the populations in the municipality register now. It also
// returns the population date(s) the split used.
func (db *DB) CostShares(ctx context.Context, p models.Procurement) ([]models.CostShare, []models.Date, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT m.number, m.name, m.population, m.population_date, pm.weight
		FROM procurement_municipalities pm JOIN municipalities m ON m.number = pm.municipality
		WHERE pm.procurement_id = ? ORDER BY m.number`, p.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("data: cost shares: %w", err)
	}
	defer rows.Close()
	var parts []models.Participant
	names := map[string]string{}
	dates := map[string]bool{}
	for rows.Next() {
		var pt models.Participant
		var name, date string
		if err := rows.Scan(&pt.Municipality, &name, &pt.Population, &date, &pt.Weight); err != nil {
			return nil, nil, err
		}
		parts = append(parts, pt)
		names[pt.Municipality] = name
		dates[date] = true
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	shares, err := models.AllocateCosts(p.AnnualCostNOK, p.CostKey, parts)
	if err != nil {
		return nil, nil, err
	}
	for i := range shares {
		shares[i].Name = names[shares[i].Municipality]
	}
	var used []models.Date
	if p.CostKey.Basis == models.BasisPopulation && p.CostKey.EqualPct < 100 {
		for d := range dates {
			if pd, err := models.ParseDate(d); err == nil {
				used = append(used, pd)
			}
		}
	}
	return shares, used, nil
}

// Deadline is models.Deadline (kept by this name for its callers).
type Deadline = models.Deadline

// UpcomingDeadlines lists contract ends and undecided option deadlines from
// today to the horizon (months, from the settings), soonest first.
func (db *DB) UpcomingDeadlines(ctx context.Context, municipality string) ([]Deadline, error) {
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now().In(db.location())
	from := models.DateOf(now).String()
	to := models.DateOf(now.AddDate(0, set.ExpiryHorizonMonth, 0)).String()
	filter, args := "", []any{from, to, from, to, from, to}
	if municipality != "" {
		filter = " AND p.id IN (SELECT procurement_id FROM procurement_municipalities WHERE municipality = ?)"
		args = []any{from, to, municipality, from, to, municipality, from, to, municipality}
	}
	rows, err := db.read.QueryContext(ctx, `
		SELECT p.id, p.title, 'contract_end', p.contract_end, '', p.supplier FROM procurements p
		WHERE p.contract_end BETWEEN ? AND ? AND p.stage NOT IN ('cancelled', 'expired')`+filter+`
		UNION ALL
		SELECT p.id, p.title, 'option', o.deadline, o.description, p.supplier FROM procurement_options o JOIN procurements p ON p.id = o.procurement_id
		WHERE o.decision = '' AND o.deadline BETWEEN ? AND ? AND p.stage NOT IN ('cancelled', 'expired')`+filter+`
		UNION ALL
		SELECT p.id, p.title, 'tender_deadline', p.tender_deadline, '', p.supplier FROM procurements p
		WHERE p.tender_deadline BETWEEN ? AND ? AND p.stage IN ('needs', 'announced')`+filter+`
		ORDER BY 4, 2`, args...)
	if err != nil {
		return nil, fmt.Errorf("data: upcoming deadlines: %w", err)
	}
	defer rows.Close()
	out := []Deadline{}
	for rows.Next() {
		var d Deadline
		var date string
		if err := rows.Scan(&d.ProcurementID, &d.Title, &d.Kind, &date, &d.Detail, &d.Supplier); err != nil {
			return nil, err
		}
		d.Date, _ = models.ParseDate(date)
		out = append(out, d)
	}
	return out, rows.Err()
}
