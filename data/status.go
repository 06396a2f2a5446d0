package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"samla/models"
)

const reportColumns = `r.id, r.project_id, r.period, r.overall, r.time, r.cost, r.quality, r.risk, r.benefits,
	r.overall_comment, r.time_comment, r.cost_comment, r.quality_comment, r.risk_comment, r.benefits_comment,
	r.progress_pct, r.spent_nok, r.forecast_nok, r.summary, r.next_steps, r.decision_needed,
	coalesce(u.name, ''), r.reported_at`

func scanReport(row rowScanner) (models.StatusReport, error) {
	var r models.StatusReport
	var at string
	err := row.Scan(&r.ID, &r.ProjectID, &r.Period, &r.Overall, &r.Time, &r.Cost, &r.Quality, &r.Risk, &r.Benefits,
		&r.OverallComment, &r.TimeComment, &r.CostComment, &r.QualityComment, &r.RiskComment, &r.BenefitsComment,
		&r.ProgressPct, &r.SpentNOK, &r.ForecastNOK, &r.Summary, &r.NextSteps, &r.DecisionNeeded, &r.ReportedBy, &at)
	r.ReportedAt = parseTime(at)
	return r, err
}

// StatusReports lists a project's reports, newest month first (limit <= 0: all).
func (db *DB) StatusReports(ctx context.Context, projectID int64, limit int) ([]models.StatusReport, error) {
	if limit <= 0 {
		limit = -1
	}
	return queryList(ctx, db.read, "list status reports", scanReport, `SELECT `+reportColumns+` FROM status_reports r LEFT JOIN users u ON u.id = r.reported_by
		WHERE r.project_id = ? ORDER BY r.period DESC LIMIT ?`, projectID, limit)
}

func (tx *Tx) statusReport(projectID int64, period models.Period) (models.StatusReport, error) {
	r, err := scanReport(tx.QueryRowContext(tx.ctx, `SELECT `+reportColumns+` FROM status_reports r LEFT JOIN users u ON u.id = r.reported_by
		WHERE r.project_id = ? AND r.period = ?`, projectID, period))
	if err != nil {
		return r, notFound(err, "get status report")
	}
	return r, nil
}

// SaveStatusReport stores a project's report for a month. A second report
// for the same month replaces the first; the audit trail keeps the earlier
// one. The project's latest status follows in the same transaction.
func (db *DB) SaveStatusReport(ctx context.Context, actor models.Actor, r models.StatusReport) (saved models.StatusReport, replaced bool, err error) {
	if err := r.Validate(); err != nil {
		return r, false, err
	}
	err = db.Update(ctx, actor, func(tx *Tx) error {
		project, err := tx.project(r.ProjectID)
		if err != nil {
			return err
		}
		before, err := tx.statusReport(r.ProjectID, r.Period)
		switch {
		case errors.Is(err, models.ErrNotFound):
		case err != nil:
			return err
		default:
			replaced = true
		}
		_, err = tx.ExecContext(tx.ctx, `INSERT INTO status_reports (project_id, period, overall, time, cost, quality, risk, benefits,
			overall_comment, time_comment, cost_comment, quality_comment, risk_comment, benefits_comment,
			progress_pct, spent_nok, forecast_nok, summary, next_steps, decision_needed, reported_by, reported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (project_id, period) DO UPDATE SET overall = excluded.overall, time = excluded.time, cost = excluded.cost,
			quality = excluded.quality, risk = excluded.risk, benefits = excluded.benefits,
			overall_comment = excluded.overall_comment, time_comment = excluded.time_comment, cost_comment = excluded.cost_comment,
			quality_comment = excluded.quality_comment, risk_comment = excluded.risk_comment, benefits_comment = excluded.benefits_comment,
			progress_pct = excluded.progress_pct, spent_nok = excluded.spent_nok, forecast_nok = excluded.forecast_nok,
			summary = excluded.summary, next_steps = excluded.next_steps, decision_needed = excluded.decision_needed,
			reported_by = excluded.reported_by, reported_at = excluded.reported_at`,
			r.ProjectID, r.Period, r.Overall, r.Time, r.Cost, r.Quality, r.Risk, r.Benefits,
			r.OverallComment, r.TimeComment, r.CostComment, r.QualityComment, r.RiskComment, r.BenefitsComment,
			r.ProgressPct, r.SpentNOK, r.ForecastNOK, r.Summary, r.NextSteps, r.DecisionNeeded, nullID(tx.actor.UserID), tx.now)
		if err != nil {
			return fmt.Errorf("data: save status report: %w", err)
		}
		if err := tx.refreshLatest(r.ProjectID); err != nil {
			return err
		}
		if err := tx.postIfRed(project); err != nil {
			return err
		}
		// A decision need becomes a pending case for the steering group.
		if err := tx.caseFromReport(r); err != nil {
			return err
		}
		if saved, err = tx.statusReport(r.ProjectID, r.Period); err != nil {
			return err
		}
		id := fmt.Sprintf("%d/%s", r.ProjectID, r.Period)
		if replaced {
			return tx.Audit("status_report", id, "replace", before, saved)
		}
		return tx.Audit("status_report", id, "create", nil, saved)
	})
	return saved, replaced, err
}

// refreshLatest copies the newest report's figures onto the project.
func (tx *Tx) refreshLatest(projectID int64) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE projects SET latest_period = r.period, latest_overall = r.overall,
		latest_progress = r.progress_pct, latest_spent = r.spent_nok, latest_forecast = r.forecast_nok, updated_at = ?
		FROM (SELECT period, overall, progress_pct, spent_nok, forecast_nok FROM status_reports WHERE project_id = ? ORDER BY period DESC LIMIT 1) r
		WHERE projects.id = ?`, tx.now, projectID, projectID)
	if err != nil {
		return fmt.Errorf("data: refresh latest status: %w", err)
	}
	return nil
}

// Milestones lists a project's milestones by due date.
func (db *DB) Milestones(ctx context.Context, projectID int64) ([]models.Milestone, error) {
	return queryList(ctx, db.read, "list milestones", scanMilestone, `SELECT id, project_id, title, due_date, coalesce(done_date, '') FROM milestones
		WHERE project_id = ? ORDER BY due_date, id`, projectID)
}

func scanMilestone(row rowScanner) (models.Milestone, error) {
	var m models.Milestone
	var due, done string
	err := row.Scan(&m.ID, &m.ProjectID, &m.Title, &due, &done)
	m.DueDate, _ = models.ParseDate(due)
	m.DoneDate, _ = models.ParseDate(done)
	return m, err
}

// Milestone returns one milestone.
func (db *DB) Milestone(ctx context.Context, id int64) (models.Milestone, error) {
	m, err := scanMilestone(db.read.QueryRowContext(ctx, `SELECT id, project_id, title, due_date, coalesce(done_date, '') FROM milestones WHERE id = ?`, id))
	if err != nil {
		return m, notFound(err, "get milestone")
	}
	return m, nil
}

// SaveMilestone creates (ID 0) or updates a milestone.
func (db *DB) SaveMilestone(ctx context.Context, actor models.Actor, m models.Milestone) (models.Milestone, error) {
	if err := m.Validate(); err != nil {
		return m, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		if _, err := tx.project(m.ProjectID); err != nil {
			return err
		}
		if m.ID == 0 {
			res, err := tx.ExecContext(tx.ctx, `INSERT INTO milestones (project_id, title, due_date, done_date) VALUES (?, ?, ?, ?)`,
				m.ProjectID, m.Title, m.DueDate.String(), nullDate(m.DoneDate))
			if err != nil {
				return fmt.Errorf("data: create milestone: %w", err)
			}
			m.ID, _ = res.LastInsertId()
			return tx.Audit("milestone", fmt.Sprint(m.ID), "create", nil, m)
		}
		before, err := scanMilestone(tx.QueryRowContext(tx.ctx, `SELECT id, project_id, title, due_date, coalesce(done_date, '') FROM milestones WHERE id = ? AND project_id = ?`, m.ID, m.ProjectID))
		if err != nil {
			return notFound(err, "get milestone")
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE milestones SET title = ?, due_date = ?, done_date = ? WHERE id = ?`,
			m.Title, m.DueDate.String(), nullDate(m.DoneDate), m.ID); err != nil {
			return fmt.Errorf("data: update milestone: %w", err)
		}
		return tx.Audit("milestone", fmt.Sprint(m.ID), "update", before, m)
	})
	return m, err
}

// DeleteMilestone removes a milestone of a project.
func (db *DB) DeleteMilestone(ctx context.Context, actor models.Actor, projectID, id int64) error {
	return db.deleteChild(ctx, actor, "milestone", "milestones", projectID, id)
}

// DeleteRisk removes a risk of a project.
func (db *DB) DeleteRisk(ctx context.Context, actor models.Actor, projectID, id int64) error {
	return db.deleteChild(ctx, actor, "risk", "risks", projectID, id)
}

// deleteChild deletes a row of a project's child table; table is a constant.
func (db *DB) deleteChild(ctx context.Context, actor models.Actor, entity, table string, projectID, id int64) error {
	return db.Update(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `DELETE FROM `+table+` WHERE id = ? AND project_id = ?`, id, projectID)
		if err != nil {
			return fmt.Errorf("data: delete %s: %w", entity, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit(entity, fmt.Sprint(id), "delete", map[string]int64{"project_id": projectID}, nil)
	})
}

const riskColumns = `id, project_id, title, probability, consequence, mitigation, owner, open`

func scanRisk(row rowScanner) (models.Risk, error) {
	var r models.Risk
	err := row.Scan(&r.ID, &r.ProjectID, &r.Title, &r.Probability, &r.Consequence, &r.Mitigation, &r.Owner, &r.Open)
	return r, err
}

// Risks lists a project's risks, open first and highest score first.
func (db *DB) Risks(ctx context.Context, projectID int64) ([]models.Risk, error) {
	return queryList(ctx, db.read, "list risks", scanRisk, `SELECT `+riskColumns+` FROM risks WHERE project_id = ?
		ORDER BY open DESC, probability * consequence DESC, id`, projectID)
}

// Risk returns one risk.
func (db *DB) Risk(ctx context.Context, id int64) (models.Risk, error) {
	r, err := scanRisk(db.read.QueryRowContext(ctx, `SELECT `+riskColumns+` FROM risks WHERE id = ?`, id))
	if err != nil {
		return r, notFound(err, "get risk")
	}
	return r, nil
}

// SaveRisk creates (ID 0) or updates a risk.
func (db *DB) SaveRisk(ctx context.Context, actor models.Actor, r models.Risk) (models.Risk, error) {
	if err := r.Validate(); err != nil {
		return r, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		if _, err := tx.project(r.ProjectID); err != nil {
			return err
		}
		if r.ID == 0 {
			res, err := tx.ExecContext(tx.ctx, `INSERT INTO risks (project_id, title, probability, consequence, mitigation, owner, open)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ProjectID, r.Title, r.Probability, r.Consequence, r.Mitigation, r.Owner, boolInt(r.Open))
			if err != nil {
				return fmt.Errorf("data: create risk: %w", err)
			}
			r.ID, _ = res.LastInsertId()
			return tx.Audit("risk", fmt.Sprint(r.ID), "create", nil, r)
		}
		before, err := scanRisk(tx.QueryRowContext(tx.ctx, `SELECT `+riskColumns+` FROM risks WHERE id = ? AND project_id = ?`, r.ID, r.ProjectID))
		if errors.Is(err, sql.ErrNoRows) {
			return models.ErrNotFound
		} else if err != nil {
			return fmt.Errorf("data: get risk: %w", err)
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE risks SET title = ?, probability = ?, consequence = ?, mitigation = ?, owner = ?, open = ?
			WHERE id = ?`, r.Title, r.Probability, r.Consequence, r.Mitigation, r.Owner, boolInt(r.Open), r.ID); err != nil {
			return fmt.Errorf("data: update risk: %w", err)
		}
		return tx.Audit("risk", fmt.Sprint(r.ID), "update", before, r)
	})
	return r, err
}
