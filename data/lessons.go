package data

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"samla/models"
)

const logColumns = `l.id, l.project_id, p.title, p.service_area, l.kind, l.title, l.description, l.consequence, l.recommendation,
	coalesce((SELECT group_concat(solution_id) FROM (SELECT solution_id FROM log_entry_solutions WHERE entry_id = l.id ORDER BY solution_id)), ''),
	l.shared, l.author, l.date, l.updated_at`

const logFrom = ` FROM log_entries l JOIN projects p ON p.id = l.project_id`

func scanLogEntry(r rowScanner) (models.LogEntry, error) {
	var l models.LogEntry
	var sols, date, updated string
	err := r.Scan(&l.ID, &l.ProjectID, &l.ProjectTitle, &l.ServiceArea, &l.Kind, &l.Title, &l.Description, &l.Consequence, &l.Recommendation,
		&sols, &l.Shared, &l.Author, &date, &updated)
	l.SolutionIDs = []int64{}
	for _, s := range strings.Split(sols, ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			l.SolutionIDs = append(l.SolutionIDs, id)
		}
	}
	l.Date, _ = models.ParseDate(date)
	l.UpdatedAt = parseTime(updated)
	return l, err
}

// LogFilter selects log entries; Shared keeps the cooperation's lessons.
type LogFilter struct {
	ProjectID   int64
	Shared      bool
	SolutionID  int64
	ServiceArea string
	Query       string
	Limit       int
}

// LogEntries lists log entries, newest first.
func (db *DB) LogEntries(ctx context.Context, f LogFilter) ([]models.LogEntry, error) {
	where, args := []string{"p.archived = 0"}, []any{}
	if f.ProjectID != 0 {
		where, args = []string{"l.project_id = ?"}, []any{f.ProjectID}
	}
	if f.Shared {
		where = append(where, "l.shared = 1")
	}
	if f.SolutionID != 0 {
		where = append(where, "l.id IN (SELECT entry_id FROM log_entry_solutions WHERE solution_id = ?)")
		args = append(args, f.SolutionID)
	}
	if f.ServiceArea != "" {
		where = append(where, "p.service_area = ?")
		args = append(args, f.ServiceArea)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// The column is folded already (æ/ø/å whatever their case).
		where = append(where, "instr(l.search, ?) > 0")
		args = append(args, models.Fold(q))
	}
	if f.Limit <= 0 {
		f.Limit = -1
	}
	return queryList(ctx, db.read, "list log", scanLogEntry, `SELECT `+logColumns+logFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY l.date DESC, l.id DESC LIMIT ?`, append(args, f.Limit)...)
}

// LogEntry returns one log entry.
func (db *DB) LogEntry(ctx context.Context, id int64) (models.LogEntry, error) {
	return getLogEntry(ctx, db.read, id)
}

func getLogEntry(ctx context.Context, q rowQueryer, id int64) (models.LogEntry, error) {
	l, err := scanLogEntry(q.QueryRowContext(ctx, `SELECT `+logColumns+logFrom+` WHERE l.id = ?`, id))
	if err != nil {
		return l, notFound(err, "get log entry")
	}
	return l, nil
}

func logSearch(l *models.LogEntry) string {
	return models.Fold(strings.Join([]string{l.Title, l.Description, l.Consequence, l.Recommendation, l.Author}, "\n"))
}

// SaveLogEntry creates (ID 0) or changes a log entry with its solutions.
func (db *DB) SaveLogEntry(ctx context.Context, actor models.Actor, l models.LogEntry) (models.LogEntry, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		l, err = tx.SaveLogEntry(l)
		return err
	})
	return l, err
}

// SaveLogEntry creates or changes a log entry inside a transaction.
func (tx *Tx) SaveLogEntry(l models.LogEntry) (models.LogEntry, error) {
	if l.Date.IsZero() {
		l.Date = models.DateOf(tx.db.Now().In(tx.db.location()))
	}
	if l.Kind == "" {
		l.Kind = "lesson"
	}
	f := models.FieldErrors{}
	if err := l.Validate(); err != nil {
		f = models.Fields(err)
	}
	for n, id := range l.SolutionIDs {
		var c int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM solutions WHERE id = ?`, id).Scan(&c); err != nil {
			return l, err
		}
		if c == 0 {
			f.Add(fmt.Sprintf("solution_ids[%d]", n), "unknown")
		}
	}
	if err := f.Err(); err != nil {
		return l, err
	}
	var before *models.LogEntry
	if l.ID == 0 {
		if l.Author == "" {
			l.Author = tx.actor.String()
		}
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO log_entries (project_id, kind, title, description, consequence, recommendation, shared, author, date,
			search, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.ProjectID, l.Kind, l.Title, l.Description, l.Consequence,
			l.Recommendation, boolInt(l.Shared), l.Author, l.Date.String(), logSearch(&l), tx.now, tx.now)
		if err != nil {
			return l, fmt.Errorf("data: create log entry: %w", err)
		}
		l.ID, _ = res.LastInsertId()
	} else {
		b, err := getLogEntry(tx.ctx, tx, l.ID)
		if err != nil {
			return l, err
		}
		before = &b
		if _, err := tx.ExecContext(tx.ctx, `UPDATE log_entries SET kind = ?, title = ?, description = ?, consequence = ?, recommendation = ?, shared = ?,
			author = ?, date = ?, search = ?, updated_at = ? WHERE id = ?`, l.Kind, l.Title, l.Description, l.Consequence, l.Recommendation,
			boolInt(l.Shared), l.Author, l.Date.String(), logSearch(&l), tx.now, l.ID); err != nil {
			return l, fmt.Errorf("data: update log entry: %w", err)
		}
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM log_entry_solutions WHERE entry_id = ?`, l.ID); err != nil {
		return l, err
	}
	for _, id := range l.SolutionIDs {
		if _, err := tx.ExecContext(tx.ctx, `INSERT OR IGNORE INTO log_entry_solutions (entry_id, solution_id) VALUES (?, ?)`, l.ID, id); err != nil {
			return l, fmt.Errorf("data: log entry solutions: %w", err)
		}
	}
	after, err := getLogEntry(tx.ctx, tx, l.ID)
	if err != nil {
		return l, err
	}
	if before == nil {
		return after, tx.Audit("log_entry", fmt.Sprint(l.ID), "create", nil, after)
	}
	return after, tx.Audit("log_entry", fmt.Sprint(l.ID), "update", *before, after)
}

// LogEntryByKey finds a project's log entry by title and date.
func (tx *Tx) LogEntryByKey(projectID int64, title string, date models.Date) (models.LogEntry, error) {
	var id int64
	err := tx.QueryRowContext(tx.ctx, `SELECT id FROM log_entries WHERE project_id = ? AND title = ? AND date = ? ORDER BY id LIMIT 1`,
		projectID, models.TrimText(title), date.String()).Scan(&id)
	if err != nil {
		return models.LogEntry{}, notFound(err, "find log entry")
	}
	return getLogEntry(tx.ctx, tx, id)
}

// DeleteLogEntry removes a log entry.
func (db *DB) DeleteLogEntry(ctx context.Context, actor models.Actor, id int64) error {
	return db.Update(ctx, actor, func(tx *Tx) error {
		before, err := getLogEntry(tx.ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM log_entries WHERE id = ?`, id); err != nil {
			return fmt.Errorf("data: delete log entry: %w", err)
		}
		return tx.Audit("log_entry", fmt.Sprint(id), "delete", before, nil)
	})
}

// SolutionAskers lists the municipalities that have a solution in use,
// longest first, with their contact person: the rollout row's contact (its
// name when it is a user), or else the municipality's kommunekontakt; the
// name and the address are always the same person's.
func (db *DB) SolutionAskers(ctx context.Context, solutionID int64) ([]models.Asker, error) {
	if _, err := db.Solution(ctx, solutionID); err != nil {
		return nil, err
	}
	return queryList(ctx, db.read, "solution askers", func(r rowScanner) (models.Asker, error) {
		var a models.Asker
		var inUse string
		err := r.Scan(&a.Municipality, &a.MunicipalityName, &a.Name, &a.Email, &inUse)
		a.InUseDate, _ = models.ParseDate(inUse)
		return a, err
	}, `SELECT r.municipality, m.name,
		CASE WHEN coalesce(r.contact_email, '') <> '' THEN coalesce(cu.name, '') ELSE coalesce(ku.name, '') END,
		CASE WHEN coalesce(r.contact_email, '') <> '' THEN r.contact_email ELSE coalesce(ku.email, '') END,
		coalesce(r.in_use_date, '')
		FROM rollouts r JOIN municipalities m ON m.number = r.municipality
		LEFT JOIN users cu ON cu.email = r.contact_email
		LEFT JOIN users ku ON ku.id = (SELECT u.id FROM users u WHERE u.role = 'contact' AND u.municipality = r.municipality AND u.disabled = 0 ORDER BY u.id LIMIT 1)
		WHERE r.solution_id = ? AND r.status = 'in_use' ORDER BY coalesce(r.in_use_date, '9999'), m.name`, solutionID)
}

// FinalAssessment is the project leader's own assessment for the final report.
func (db *DB) FinalAssessment(ctx context.Context, projectID int64) (string, error) {
	var text string
	err := db.read.QueryRowContext(ctx, `SELECT text FROM final_assessments WHERE project_id = ?`, projectID).Scan(&text)
	if err == nil {
		return text, nil
	}
	if err := notFound(err, "final assessment"); err != models.ErrNotFound {
		return "", err
	}
	return "", nil
}

// SetFinalAssessment saves the leader's assessment.
func (db *DB) SetFinalAssessment(ctx context.Context, actor models.Actor, projectID int64, text string) error {
	text = strings.TrimSpace(text)
	if len([]rune(text)) > 20000 {
		return models.FieldErrors{"assessment": "too_long"}.Err()
	}
	return db.Update(ctx, actor, func(tx *Tx) error {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO final_assessments (project_id, text, actor, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (project_id) DO UPDATE SET text = excluded.text, actor = excluded.actor, updated_at = excluded.updated_at`,
			projectID, text, tx.actor.String(), tx.now); err != nil {
			return fmt.Errorf("data: final assessment: %w", err)
		}
		return tx.Audit("project", fmt.Sprint(projectID), "final_assessment", nil, map[string]any{"text": text})
	})
}
