package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"samla/models"
)

const reportRunColumns = `id, schedule_id, slot, status, total, done, queued, error, started_at, coalesce(finished_at, '')`

func scanReportRun(row interface{ Scan(...any) error }) (models.ReportRun, error) {
	var r models.ReportRun
	var started, finished string
	err := row.Scan(&r.ID, &r.ScheduleID, &r.Slot, &r.Status, &r.Total, &r.Done, &r.Queued, &r.Error, &started, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return r, models.ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("data: report run: %w", err)
	}
	r.Started = parseTime(started)
	if finished != "" {
		t := parseTime(finished)
		r.Finished = &t
	}
	return r, nil
}

// StartReportRun records a run of a schedule for a slot (a cron tick or a
// manual run), or returns the one already recorded for that slot.
func (db *DB) StartReportRun(ctx context.Context, scheduleID int64, slot string) (models.ReportRun, error) {
	_, err := db.write.ExecContext(ctx, `INSERT INTO report_runs (schedule_id, slot, started_at) VALUES (?, ?, ?)
		ON CONFLICT (schedule_id, slot) DO NOTHING`, scheduleID, slot, db.now())
	if err != nil {
		return models.ReportRun{}, fmt.Errorf("data: start report run: %w", err)
	}
	return scanReportRun(db.write.QueryRowContext(ctx, `SELECT `+reportRunColumns+` FROM report_runs WHERE schedule_id = ? AND slot = ?`, scheduleID, slot))
}

// ReportRun is one run.
func (db *DB) ReportRun(ctx context.Context, id int64) (models.ReportRun, error) {
	return scanReportRun(db.read.QueryRowContext(ctx, `SELECT `+reportRunColumns+` FROM report_runs WHERE id = ?`, id))
}

// RunningReportRuns are the runs not finished: under way, or cut off by a
// crash or a stop (then resumed).
func (db *DB) RunningReportRuns(ctx context.Context) ([]models.ReportRun, error) {
	return db.reportRuns(ctx, `SELECT `+reportRunColumns+` FROM report_runs WHERE status = 'running' ORDER BY id`)
}

// ReportRuns are the latest runs, newest first.
func (db *DB) ReportRuns(ctx context.Context, limit int) ([]models.ReportRun, error) {
	return db.reportRuns(ctx, `SELECT `+reportRunColumns+` FROM report_runs ORDER BY id DESC LIMIT ?`, limit)
}

func (db *DB) reportRuns(ctx context.Context, query string, args ...any) ([]models.ReportRun, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("data: report runs: %w", err)
	}
	defer rows.Close()
	out := []models.ReportRun{}
	for rows.Next() {
		r, err := scanReportRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetReportRunTotal records how many reports the run makes.
func (db *DB) SetReportRunTotal(ctx context.Context, id int64, total int) error {
	_, err := db.write.ExecContext(ctx, `UPDATE report_runs SET total = ? WHERE id = ?`, total, id)
	if err != nil {
		return fmt.Errorf("data: report run total: %w", err)
	}
	return nil
}

// ReportRunDone is the set of keys (municipality numbers, …) the run has
// made already.
func (db *DB) ReportRunDone(ctx context.Context, id int64) (map[string]bool, error) {
	rows, err := db.write.QueryContext(ctx, `SELECT key FROM report_run_items WHERE run_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("data: report run items: %w", err)
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		done[k] = true
	}
	return done, rows.Err()
}

// ReportRunItemDone counts one report of the run as made, with the e-mails
// it queued; call it in the transaction that archives and queues it.
func (tx *Tx) ReportRunItemDone(runID int64, key string, queued int) error {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO report_run_items (run_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING`, runID, key)
	if err != nil {
		return fmt.Errorf("data: report run item: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE report_runs SET done = done + 1, queued = queued + ? WHERE id = ?`, queued, runID); err != nil {
		return fmt.Errorf("data: report run progress: %w", err)
	}
	return nil
}

// FinishReportRun ends a run: done, or failed with the reason.
func (db *DB) FinishReportRun(ctx context.Context, id int64, runErr error) error {
	status, msg := models.RunDone, ""
	if runErr != nil {
		status, msg = models.RunFailed, truncate(runErr.Error(), 1000)
	}
	_, err := db.write.ExecContext(ctx, `UPDATE report_runs SET status = ?, error = ?, finished_at = ? WHERE id = ?`, status, msg, db.now(), id)
	if err != nil {
		return fmt.Errorf("data: finish report run: %w", err)
	}
	return nil
}

// UpdateDelivery is Update for a write that only files reports and e-mail
// (the report archive, the outbox, a run's progress, a schedule's last
// run): nothing a cached read or a kept page shows, so those stay good. A
// batch of 357 municipality reports then reads the shared figures once, not
// once per report.
func (db *DB) UpdateDelivery(ctx context.Context, actor models.Actor, fn func(tx *Tx) error) error {
	return db.update(ctx, actor, fn, false)
}
