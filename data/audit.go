package data

import (
	"context"
	"database/sql"
	"fmt"

	"samla/models"
)

// AuditFilter narrows the audit trail; empty fields match everything.
type AuditFilter struct {
	Entity   string
	EntityID string
	UserID   int64
	BeforeID int64 // for paging: entries older than this id
	// From and To limit the dates (inclusive, in UTC); zero: open.
	From, To models.Date
	Limit    int
	Offset   int
}

// Audit returns a page of audit entries, newest first, and how many match.
func (db *DB) Audit(ctx context.Context, f AuditFilter) ([]models.AuditEntry, int, error) {
	where, args := "1 = 1", []any{}
	if f.Entity != "" {
		where += " AND entity = ?"
		args = append(args, f.Entity)
	}
	if f.EntityID != "" {
		where += " AND entity_id = ?"
		args = append(args, f.EntityID)
	}
	if f.UserID != 0 {
		where += " AND user_id = ?"
		args = append(args, f.UserID)
	}
	if !f.From.IsZero() {
		where += " AND at >= ?"
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where += " AND at < ?"
		args = append(args, f.To.AddDate(0, 0, 1).Format("2006-01-02"))
	}
	if f.BeforeID > 0 {
		where += " AND id < ?"
		args = append(args, f.BeforeID)
	}
	if f.Limit <= 0 || f.Limit > 100000 {
		f.Limit = 100
	}
	args = append(args, f.Limit, max(f.Offset, 0))
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, coalesce(user_id, 0), actor, entity, entity_id, action, before, after,
		count(*) OVER ()
		FROM audit WHERE `+where+` ORDER BY id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("data: list audit: %w", err)
	}
	defer rows.Close()
	out := []models.AuditEntry{}
	total := 0
	for rows.Next() {
		var e models.AuditEntry
		var at string
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &before, &after, &total); err != nil {
			return nil, 0, fmt.Errorf("data: list audit: %w", err)
		}
		e.At, e.Before, e.After = parseTime(at), before.String, after.String
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("data: list audit: %w", err)
	}
	if len(out) == 0 && f.Offset > 0 {
		// The page is past the end: count without it.
		err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM audit WHERE `+where, args[:len(args)-2]...).Scan(&total)
		if err != nil {
			return nil, 0, fmt.Errorf("data: count audit: %w", err)
		}
	}
	return out, total, nil
}
