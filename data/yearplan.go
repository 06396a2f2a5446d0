package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"samla/models"
)

func scanYearPlanItem(row rowScanner) (models.YearPlanItem, error) {
	var y models.YearPlanItem
	err := row.Scan(&y.ID, &y.Month, &y.BodyID, &y.BodyName, &y.Title, &y.Kind)
	return y, err
}

const yearPlanSelect = `SELECT y.id, y.month, y.body_id, b.name, y.title, y.kind FROM year_plan y JOIN bodies b ON b.id = y.body_id`

// YearPlan lists the year plan (årshjul) by month.
func (db *DB) YearPlan(ctx context.Context) ([]models.YearPlanItem, error) {
	return queryList(ctx, db.read, "year plan", scanYearPlanItem, yearPlanSelect+` ORDER BY y.month, b.name, y.id`)
}

// SaveYearPlanItem creates (ID 0) or changes an item of the year plan.
func (db *DB) SaveYearPlanItem(ctx context.Context, actor models.Actor, y models.YearPlanItem) (models.YearPlanItem, error) {
	if err := y.Validate(); err != nil {
		return y, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		y, err = tx.SaveYearPlanItem(y)
		return err
	})
	return y, err
}

// SaveYearPlanItem creates or changes a year-plan item inside a transaction.
func (tx *Tx) SaveYearPlanItem(y models.YearPlanItem) (models.YearPlanItem, error) {
	if err := y.Validate(); err != nil {
		return y, err
	}
	if _, err := tx.body(y.BodyID); err != nil {
		return y, models.FieldErrors{"body_id": "unknown"}.Err()
	}
	action := "update"
	if y.ID == 0 {
		action = "create"
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO year_plan (month, body_id, title, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			y.Month, y.BodyID, y.Title, y.Kind, tx.now, tx.now)
		if err != nil {
			return y, fmt.Errorf("data: year plan: %w", err)
		}
		y.ID, _ = res.LastInsertId()
	} else {
		res, err := tx.ExecContext(tx.ctx, `UPDATE year_plan SET month = ?, body_id = ?, title = ?, kind = ?, updated_at = ? WHERE id = ?`,
			y.Month, y.BodyID, y.Title, y.Kind, tx.now, y.ID)
		if err != nil {
			return y, fmt.Errorf("data: year plan: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return y, models.ErrNotFound
		}
	}
	saved, err := scanYearPlanItem(tx.QueryRowContext(tx.ctx, yearPlanSelect+` WHERE y.id = ?`, y.ID))
	if err != nil {
		return y, err
	}
	return saved, tx.Audit("year_plan", fmt.Sprint(y.ID), action, nil, saved)
}

// DeleteYearPlanItem removes an item; the cases it made stay.
func (db *DB) DeleteYearPlanItem(ctx context.Context, actor models.Actor, id int64) error {
	return db.Update(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `DELETE FROM year_plan WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("data: year plan: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit("year_plan", fmt.Sprint(id), "delete", nil, nil)
	})
}

// YearPlanDue is a year-plan item whose month starts within a month: the
// programme office is reminded of it once a year.
type YearPlanDue struct {
	Item  models.YearPlanItem
	Year  int
	Month models.Date // the first day of the item's month
}

// RunYearPlan turns the year plan into cases, once per item and year: a
// pending case proposed for the body's first planned meeting in the item's
// month, as soon as that meeting exists; when the month comes without
// one, a pending case that waits for the next meeting. It returns how many
// cases it made, and hands the items whose month starts within a month
// and whose reminder is not sent to remind, which queues the reminder in
// the same transaction.
func (db *DB) RunYearPlan(ctx context.Context, today models.Date, remind func(tx *Tx, due []YearPlanDue) error) (int, error) {
	made := 0
	err := db.Update(ctx, models.System, func(tx *Tx) error {
		made = 0
		items, err := queryList(tx.ctx, tx, "year plan", scanYearPlanItem, yearPlanSelect+` ORDER BY y.month, y.id`)
		if err != nil {
			return err
		}
		var due []YearPlanDue
		for _, it := range items {
			for _, year := range []int{today.Year(), today.Year() + 1} {
				start := models.DateOf(time.Date(year, time.Month(it.Month), 1, 0, 0, 0, 0, time.UTC))
				end := models.DateOf(start.AddDate(0, 1, -1))
				if end.Before(today) {
					continue // gone: no cases after the fact
				}
				var caseID sql.NullInt64
				var created, reminded sql.NullString
				err := tx.QueryRowContext(tx.ctx, `SELECT case_id, created_at, reminded_at FROM year_plan_runs WHERE item_id = ? AND year = ?`,
					it.ID, year).Scan(&caseID, &created, &reminded)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("data: year plan: %w", err)
				}
				if !created.Valid {
					ok, err := tx.yearPlanCase(it, year, start, end, today)
					if err != nil {
						return err
					}
					if ok {
						made++
					}
				}
				if !reminded.Valid && today.Before(start) && !today.Before(models.DateOf(start.AddDate(0, -1, 0))) {
					due = append(due, YearPlanDue{Item: it, Year: year, Month: start})
					if _, err := tx.ExecContext(tx.ctx, `INSERT INTO year_plan_runs (item_id, year, reminded_at) VALUES (?, ?, ?)
						ON CONFLICT (item_id, year) DO UPDATE SET reminded_at = excluded.reminded_at`, it.ID, year, tx.now); err != nil {
						return fmt.Errorf("data: year plan: %w", err)
					}
				}
			}
		}
		if len(due) > 0 && remind != nil {
			return remind(tx, due)
		}
		return nil
	})
	return made, err
}

// yearPlanCase makes an item's case for a year if its time has come.
func (tx *Tx) yearPlanCase(it models.YearPlanItem, year int, start, end, today models.Date) (bool, error) {
	var meetingID int64
	err := tx.QueryRowContext(tx.ctx, `SELECT id FROM meetings WHERE body_id = ? AND date BETWEEN ? AND ? AND status = 'planned'
		ORDER BY date, time, id LIMIT 1`, it.BodyID, start.String(), end.String()).Scan(&meetingID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("data: year plan: %w", err)
	}
	if meetingID == 0 && today.Before(start) {
		return false, nil // wait for the meeting to be planned, or the month to come
	}
	c, err := tx.CreateCase(models.Case{BodyID: it.BodyID, MeetingID: meetingID, Kind: it.Kind, Status: models.CasePending,
		Title: fmt.Sprintf("%s %d", it.Title, year), Background: "Fra årshjulet."}, fmt.Sprintf("yearplan:%d/%d", it.ID, year))
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO year_plan_runs (item_id, year, case_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (item_id, year) DO UPDATE SET case_id = excluded.case_id, created_at = excluded.created_at`, it.ID, year, c.ID, tx.now); err != nil {
		return false, fmt.Errorf("data: year plan: %w", err)
	}
	return true, nil
}
