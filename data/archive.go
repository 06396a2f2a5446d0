package data

import (
	"context"
	"fmt"
	"time"

	"samla/models"
)

// ArchivedReport is a generated PDF kept for later download.
type ArchivedReport struct {
	ID         int64
	Kind, Key  string
	Title      string
	Filename   string
	Size       int64
	ScheduleID int64
	Actor      string
	CreatedAt  time.Time
}

// ArchiveReport stores a generated PDF and returns its archive id.
func (db *DB) ArchiveReport(ctx context.Context, actor models.Actor, r ArchivedReport, pdf []byte) (int64, error) {
	var id int64
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		id, err = tx.ArchiveReport(r, pdf)
		return err
	})
	return id, err
}

// ArchiveReport stores a generated PDF inside a transaction.
func (tx *Tx) ArchiveReport(r ArchivedReport, pdf []byte) (int64, error) {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO report_archive (kind, key, title, filename, pdf, size, schedule_id, actor, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.Kind, r.Key, r.Title, r.Filename, pdf, len(pdf), nullID(r.ScheduleID), tx.actor.String(), tx.now)
	if err != nil {
		return 0, fmt.Errorf("data: archive report: %w", err)
	}
	id, _ := res.LastInsertId()
	return id, tx.Audit("report", fmt.Sprint(id), "archive", nil, map[string]any{"kind": r.Kind, "key": r.Key, "filename": r.Filename, "size": len(pdf)})
}

// ArchivedReports lists the archive, newest first. Signed intent
// agreements are kept there too but listed on their solution's page.
func (db *DB) ArchivedReports(ctx context.Context, limit int) ([]ArchivedReport, error) {
	if limit <= 0 {
		limit = 200
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, kind, key, title, filename, size, coalesce(schedule_id, 0), actor, created_at
		FROM report_archive WHERE kind <> 'agreement' ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("data: list archive: %w", err)
	}
	defer rows.Close()
	out := []ArchivedReport{}
	for rows.Next() {
		var r ArchivedReport
		var at string
		if err := rows.Scan(&r.ID, &r.Kind, &r.Key, &r.Title, &r.Filename, &r.Size, &r.ScheduleID, &r.Actor, &at); err != nil {
			return nil, err
		}
		r.CreatedAt = parseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ArchivedPDF returns an archived report and its file.
func (db *DB) ArchivedPDF(ctx context.Context, id int64) (ArchivedReport, []byte, error) {
	var r ArchivedReport
	var at string
	var pdf []byte
	err := db.read.QueryRowContext(ctx, `SELECT id, kind, key, title, filename, size, coalesce(schedule_id, 0), actor, created_at, pdf
		FROM report_archive WHERE id = ?`, id).Scan(&r.ID, &r.Kind, &r.Key, &r.Title, &r.Filename, &r.Size, &r.ScheduleID, &r.Actor, &at, &pdf)
	if err != nil {
		return r, nil, notFound(err, "get archived report")
	}
	r.CreatedAt = parseTime(at)
	return r, pdf, nil
}
