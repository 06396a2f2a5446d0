package data

import (
	"context"
	"database/sql"
	"os"

	"fmt"
	"strings"
	"time"

	"samla/models"
)

const scheduleColumns = `id, report, key, cron, recipients, lang, enabled, coalesce(last_run_at, '')`

func scanSchedule(row rowScanner) (models.Schedule, error) {
	var s models.Schedule
	var rec, last string
	err := row.Scan(&s.ID, &s.Report, &s.Key, &s.Cron, &rec, &s.Lang, &s.Enabled, &last)
	s.Recipients = models.ParseRecipients(rec)
	if last != "" {
		t := parseTime(last)
		s.LastRun = &t
	}
	return s, err
}

// Schedules lists the report schedules.
func (db *DB) Schedules(ctx context.Context) ([]models.Schedule, error) {
	return queryList(ctx, db.read, "list schedules", scanSchedule, `SELECT `+scheduleColumns+` FROM report_schedules ORDER BY id`)
}

// Schedule returns one schedule.
func (db *DB) Schedule(ctx context.Context, id int64) (models.Schedule, error) {
	s, err := scanSchedule(db.read.QueryRowContext(ctx, `SELECT `+scheduleColumns+` FROM report_schedules WHERE id = ?`, id))
	if err != nil {
		return s, notFound(err, "get schedule")
	}
	return s, nil
}

// SaveSchedule validates and stores a schedule (ID 0: new); the report's
// key must exist.
func (db *DB) SaveSchedule(ctx context.Context, actor models.Actor, s models.Schedule) (models.Schedule, error) {
	if s.Lang == "" {
		s.Lang = "nb"
	}
	if err := s.Validate(); err != nil {
		return s, err
	}
	switch {
	case s.Report == "municipality" && s.Key != "":
		if _, err := db.Municipality(ctx, s.Key); err != nil {
			return s, models.FieldErrors{"key": "unknown"}.Err()
		}
	case s.Report == "project":
		var id int64
		if _, err := fmt.Sscan(s.Key, &id); err != nil {
			return s, models.FieldErrors{"key": "unknown"}.Err()
		}
		if _, err := db.Project(ctx, id); err != nil {
			return s, models.FieldErrors{"key": "unknown"}.Err()
		}
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		if s.ID == 0 {
			res, err := tx.ExecContext(tx.ctx, `INSERT INTO report_schedules (report, key, cron, recipients, lang, enabled, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.Report, s.Key, strings.TrimSpace(s.Cron), s.Recipients.String(), s.Lang, boolInt(s.Enabled), tx.now, tx.now)
			if err != nil {
				return fmt.Errorf("data: create schedule: %w", err)
			}
			s.ID, _ = res.LastInsertId()
			return tx.Audit("schedule", fmt.Sprint(s.ID), "create", nil, s)
		}
		res, err := tx.ExecContext(tx.ctx, `UPDATE report_schedules SET report = ?, key = ?, cron = ?, recipients = ?, lang = ?, enabled = ?, updated_at = ?
			WHERE id = ?`, s.Report, s.Key, strings.TrimSpace(s.Cron), s.Recipients.String(), s.Lang, boolInt(s.Enabled), tx.now, s.ID)
		if err != nil {
			return fmt.Errorf("data: update schedule: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit("schedule", fmt.Sprint(s.ID), "update", nil, s)
	})
	return s, err
}

// DeleteSchedule removes a schedule; its deliveries stay in the outbox's history.
func (db *DB) DeleteSchedule(ctx context.Context, actor models.Actor, id int64) error {
	return db.Update(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `DELETE FROM report_schedules WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("data: delete schedule: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit("schedule", fmt.Sprint(id), "delete", nil, nil)
	})
}

// MarkScheduleRun records when a schedule last ran.
func (tx *Tx) MarkScheduleRun(id int64) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE report_schedules SET last_run_at = ? WHERE id = ?`, tx.now, id)
	return err
}

// OutgoingMail is an e-mail to put in the outbox.
type OutgoingMail struct {
	Idem       string // the same key twice enqueues once
	ScheduleID int64
	ChannelID  int64 // a post to a channel (kind "post")
	Kind       string
	Recipient  string
	Subject    string
	Body       string
	ArchiveID  int64
}

// Enqueue puts e-mails in the outbox, skipping those whose key is there
// already; it reports how many were new.
func (tx *Tx) Enqueue(mails ...OutgoingMail) (int, error) {
	queued := 0
	for _, m := range mails {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO deliveries (idem, schedule_id, channel_id, kind, recipient, subject, body, archive_id, next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idem) DO NOTHING`,
			m.Idem, nullID(m.ScheduleID), nullID(m.ChannelID), m.Kind, m.Recipient, m.Subject, m.Body, nullID(m.ArchiveID), tx.now, tx.now)
		if err != nil {
			return queued, fmt.Errorf("data: enqueue: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			queued++
		}
	}
	return queued, nil
}

// QueuedMail is a delivery due to be sent, with its attachment.
type QueuedMail struct {
	ID                       int64
	Kind                     string
	ChannelID                int64 // a post: the channel it goes to (0: removed since)
	Recipient, Subject, Body string
	Attempts                 int
	Filename                 string
	PDF                      []byte
}

// ClaimDue marks up to limit due deliveries as being sent and returns
// them; e-mail only when withMail (a mail server is configured), posts to
// channels always. The outbox uses ClaimNext (one at a time); a delivery
// left "sending" by a crash is sent again once at the next start
// (RecoverInDoubt).
func (db *DB) ClaimDue(ctx context.Context, limit int, withMail bool) ([]QueuedMail, error) {
	var out []QueuedMail
	err := db.UpdateDelivery(ctx, models.System, func(tx *Tx) error {
		var err error
		out, err = queryList(tx.ctx, tx, "due deliveries", func(r rowScanner) (QueuedMail, error) {
			var q QueuedMail
			err := r.Scan(&q.ID, &q.Kind, &q.ChannelID, &q.Recipient, &q.Subject, &q.Body, &q.Attempts, &q.Filename, &q.PDF)
			return q, err
		}, `SELECT d.id, d.kind, coalesce(d.channel_id, 0), d.recipient, d.subject, d.body, d.attempts, coalesce(a.filename, ''), a.pdf
			FROM deliveries d LEFT JOIN report_archive a ON a.id = d.archive_id
			WHERE d.status IN ('queued', 'retrying') AND d.next_attempt_at <= ? AND (? OR d.kind = 'post') ORDER BY d.id LIMIT ?`, tx.now, withMail, limit)
		if err != nil {
			return err
		}
		for _, q := range out {
			if _, err := tx.ExecContext(tx.ctx, `UPDATE deliveries SET status = 'sending' WHERE id = ?`, q.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// MarkSent records a delivered e-mail.
func (db *DB) MarkSent(ctx context.Context, id int64) error {
	return db.UpdateDelivery(ctx, models.System, func(tx *Tx) error {
		_, err := tx.ExecContext(tx.ctx, `UPDATE deliveries SET status = 'sent', attempts = attempts + 1, last_error = '', sent_at = ? WHERE id = ?`, tx.now, id)
		return err
	})
}

// MarkFailed records a failed attempt: retried after the backoff, or
// failed for good after the last.
func (db *DB) MarkFailed(ctx context.Context, id int64, attempts int, cause string) error {
	return db.UpdateDelivery(ctx, models.System, func(tx *Tx) error {
		status, next := models.DeliveryFailed, tx.now
		if attempts < len(models.RetryBackoff) {
			status = models.DeliveryRetrying
			next = tx.db.Now().Add(models.RetryBackoff[attempts]).UTC().Format(timeLayout)
		}
		_, err := tx.ExecContext(tx.ctx, `UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`,
			status, truncate(cause, 500), next, id)
		return err
	})
}

// ResetStuck puts deliveries left "sending" back in the queue: an
// administrator's decision after a crash.
func (db *DB) ResetStuck(ctx context.Context, actor models.Actor) (int64, error) {
	var n int64
	err := db.Update(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `UPDATE deliveries SET status = 'retrying', next_attempt_at = ? WHERE status = 'sending'`, tx.now)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return tx.Audit("deliveries", "stuck", "retry", nil, map[string]int64{"count": n})
	})
	return n, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Deliveries lists the outbox, newest first (status "" for all).
func (db *DB) Deliveries(ctx context.Context, status string, limit int) ([]models.Delivery, error) {
	where, args := "1 = 1", []any{}
	if status != "" {
		where, args = "status = ?", []any{status}
	}
	if limit <= 0 {
		limit = 200
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, coalesce(schedule_id, 0), kind, recipient, subject, status, attempts, last_error,
		coalesce(archive_id, 0), created_at, next_attempt_at, coalesce(sent_at, '') FROM deliveries WHERE `+where+` ORDER BY id DESC LIMIT ?`,
		append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("data: list deliveries: %w", err)
	}
	defer rows.Close()
	out := []models.Delivery{}
	for rows.Next() {
		var d models.Delivery
		var created, next, sent string
		if err := rows.Scan(&d.ID, &d.ScheduleID, &d.Kind, &d.Recipient, &d.Subject, &d.Status, &d.Attempts, &d.Error,
			&d.ArchiveID, &created, &next, &sent); err != nil {
			return nil, err
		}
		d.CreatedAt = parseTime(created)
		if d.Status == models.DeliveryQueued || d.Status == models.DeliveryRetrying {
			t := parseTime(next)
			d.NextAttempt = &t
		}
		if sent != "" {
			t := parseTime(sent)
			d.SentAt = &t
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// JobRun is one run of a scheduled job.
type JobRun struct {
	Job               string
	Started, Finished time.Time
	OK                bool
	Message           string
}

// StartJob records the start of a job run.
func (db *DB) StartJob(ctx context.Context, job string) (int64, error) {
	res, err := db.write.ExecContext(ctx, `INSERT INTO job_runs (job, started_at) VALUES (?, ?)`, job, db.now())
	if err != nil {
		return 0, fmt.Errorf("data: start job: %w", err)
	}
	return res.LastInsertId()
}

// FinishJob records the end of a job run.
func (db *DB) FinishJob(ctx context.Context, id int64, ok bool, message string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE job_runs SET finished_at = ?, ok = ?, message = ? WHERE id = ?`, db.now(), boolInt(ok), truncate(message, 1000), id)
	return err
}

// LastJobRuns returns the latest run of each job.
func (db *DB) LastJobRuns(ctx context.Context) (map[string]JobRun, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT job, started_at, coalesce(finished_at, ''), ok, message FROM job_runs
		WHERE id IN (SELECT max(id) FROM job_runs GROUP BY job)`)
	if err != nil {
		return nil, fmt.Errorf("data: job runs: %w", err)
	}
	defer rows.Close()
	out := map[string]JobRun{}
	for rows.Next() {
		var r JobRun
		var s, f string
		if err := rows.Scan(&r.Job, &s, &f, &r.OK, &r.Message); err != nil {
			return nil, err
		}
		r.Started, r.Finished = parseTime(s), parseTime(f)
		out[r.Job] = r
	}
	return out, rows.Err()
}

// JobRuns lists the runs of one job, newest first.
func (db *DB) JobRuns(ctx context.Context, job string, limit int) ([]JobRun, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT job, started_at, coalesce(finished_at, ''), ok, message FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT ?`, job, limit)
	if err != nil {
		return nil, fmt.Errorf("data: job runs: %w", err)
	}
	defer rows.Close()
	var out []JobRun
	for rows.Next() {
		var r JobRun
		var s, f string
		if err := rows.Scan(&r.Job, &s, &f, &r.OK, &r.Message); err != nil {
			return nil, err
		}
		r.Started, r.Finished = parseTime(s), parseTime(f)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Recipients of a schedule's groups.

// DirectorsOf lists the e-mail addresses of a municipality's active users
// who read reports (viewers and steering members).
func (db *DB) DirectorsOf(ctx context.Context, number string) ([]string, error) {
	return db.strings(ctx, `SELECT email FROM users WHERE disabled = 0 AND municipality = ? AND role IN ('viewer', 'steering') ORDER BY email`, number)
}

// ContactsOf lists the addresses of a municipality's active municipal contacts.
func (db *DB) ContactsOf(ctx context.Context, number string) ([]string, error) {
	return db.strings(ctx, `SELECT email FROM users WHERE disabled = 0 AND municipality = ? AND role = 'contact' ORDER BY email`, number)
}

// EmailsWithRole lists the addresses of active users with a role.
func (db *DB) EmailsWithRole(ctx context.Context, role models.Role) ([]string, error) {
	return db.strings(ctx, `SELECT email FROM users WHERE disabled = 0 AND role = ? ORDER BY email`, string(role))
}

// strings reads one text column of a query (addresses, numbers).
func (db *DB) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("data: recipients: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MissingReports lists projects whose report for period is due and
// missing, with their leader's address.
func (db *DB) MissingReports(ctx context.Context, period models.Period) ([]struct {
	ProjectID            int64
	Title, Leader, Email string
}, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT p.id, p.title, u.name, u.email FROM projects p JOIN users u ON u.id = p.leader_id
		WHERE p.archived = 0 AND u.disabled = 0 AND p.phase IN (`+quoteList(models.ReportingPhases)+`)
		AND (p.start_date IS NULL OR p.start_date < ?) AND coalesce(p.latest_period, '') < ? ORDER BY u.email, p.title`,
		period.Add(1).Start().Format("2006-01-02"), string(period))
	if err != nil {
		return nil, fmt.Errorf("data: missing reports: %w", err)
	}
	defer rows.Close()
	var out []struct {
		ProjectID            int64
		Title, Leader, Email string
	}
	for rows.Next() {
		var r struct {
			ProjectID            int64
			Title, Leader, Email string
		}
		if err := rows.Scan(&r.ProjectID, &r.Title, &r.Leader, &r.Email); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeliveryBody returns the text of a queued or sent e-mail.
func (db *DB) DeliveryBody(ctx context.Context, id int64) (string, error) {
	var body string
	if err := db.read.QueryRowContext(ctx, `SELECT body FROM deliveries WHERE id = ?`, id).Scan(&body); err != nil {
		return "", notFound(err, "get delivery")
	}
	return body, nil
}

// OpsStatus is what monitoring reads: the outbox, the last good backup
// and scheduled report, and the database's files.
type OpsStatus struct {
	Queued, Failed         int
	LastBackup, LastReport time.Time // zero: never
	DBBytes, WALBytes      int64
}

// Ops reads the figures that monitoring reports.
func (db *DB) Ops(ctx context.Context) (OpsStatus, error) {
	var s OpsStatus
	err := db.read.QueryRowContext(ctx, `SELECT coalesce(sum(status IN ('queued', 'retrying', 'sending')), 0), coalesce(sum(status = 'failed'), 0)
		FROM deliveries`).Scan(&s.Queued, &s.Failed)
	if err != nil {
		return s, fmt.Errorf("data: ops: %w", err)
	}
	var backup, report sql.NullString
	err = db.read.QueryRowContext(ctx, `SELECT (SELECT max(finished_at) FROM job_runs WHERE job = 'backup' AND ok = 1),
		(SELECT max(finished_at) FROM job_runs WHERE job LIKE 'schedule:%' AND ok = 1)`).Scan(&backup, &report)
	if err != nil {
		return s, fmt.Errorf("data: ops: %w", err)
	}
	if backup.Valid {
		s.LastBackup = parseTime(backup.String)
	}
	if report.Valid {
		s.LastReport = parseTime(report.String)
	}
	if st, err := os.Stat(db.Path); err == nil {
		s.DBBytes = st.Size()
	}
	if st, err := os.Stat(db.Path + "-wal"); err == nil {
		s.WALBytes = st.Size()
	}
	return s, nil
}

// Release puts deliveries the outbox had taken but not tried back in the
// queue (when samla stops).
func (db *DB) Release(ctx context.Context, ids []int64) error {
	return db.UpdateDelivery(ctx, models.System, func(tx *Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(tx.ctx, `UPDATE deliveries SET status = 'queued' WHERE id = ? AND status = 'sending'`, id); err != nil {
				return fmt.Errorf("data: release delivery: %w", err)
			}
		}
		return nil
	})
}
