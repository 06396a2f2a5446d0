package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"samla/models"
)

// CalendarEvent is one event of a calendar feed, before it is written as
// iCalendar (and worded in the reader's language). Key is stable (the
// UID's first part), Sequence grows with every move. An event has a start
// time, or is all day (Date). Kind says what it is: meeting, milestone,
// report_deadline, contract_end, option, tender_deadline, grant_report.
type CalendarEvent struct {
	Key         string
	Kind        string
	Sequence    int
	Summary     string // the matter's own title
	Description string // the body, the project, the funder, an option's text
	Count       int    // report_deadline: the projects whose report is due
	Location    string
	Path        string // the page in samla, from the base URL
	Date        models.Date
	Time        string // "HH:MM" local time; empty: all day
	Minutes     int    // length of a timed event
	Cancelled   bool
	// MonthlyDay, when set, repeats the all-day event on that day every month.
	MonthlyDay int
}

func calendarTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewCalendarToken gives a user a new secret for their calendar feed; the
// old one stops working. Only its hash is kept.
func (db *DB) NewCalendarToken(ctx context.Context, actor models.Actor, userID int64) (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	err := db.Update(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `UPDATE users SET calendar_token_hash = ?, updated_at = ? WHERE id = ?`, calendarTokenHash(token), tx.now, userID)
		if err != nil {
			return fmt.Errorf("data: calendar token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit("user", fmt.Sprint(userID), "calendar_token", nil, nil)
	})
	return token, err
}

// UserByCalendarToken finds the active user a feed token belongs to.
func (db *DB) UserByCalendarToken(ctx context.Context, token string) (models.User, error) {
	if token == "" {
		return models.User{}, models.ErrNotFound
	}
	var id int64
	err := db.read.QueryRowContext(ctx, `SELECT id FROM users WHERE calendar_token_hash = ? AND disabled = 0`, calendarTokenHash(token)).Scan(&id)
	if err != nil {
		return models.User{}, notFound(err, "calendar token")
	}
	return db.User(ctx, id)
}

// seesAllMeetings: the programme office and the steering group follow
// every body; others the bodies they sit in.
func seesAllMeetings(r models.Role) bool {
	return r.In(models.RoleAdmin, models.RoleEditor, models.RoleSteering)
}

// CalendarEvents is what a user's feed holds from a year back: the
// meetings of their bodies (all for the programme office and steering
// group), the milestones and monthly report deadline of the projects they
// lead, procurement deadlines of their municipality (all without one), and
// grant report deadlines for the programme office and steering group.
func (db *DB) CalendarEvents(ctx context.Context, u models.User, today models.Date) ([]CalendarEvent, error) {
	since := today.AddDate(-1, 0, 0).Format("2006-01-02")
	var out []CalendarEvent
	q := `SELECT m.id, m.title, b.name, m.date, m.time, m.place, m.video_url, m.status, m.sequence FROM meetings m JOIN bodies b ON b.id = m.body_id
		WHERE m.date >= ?`
	args := []any{since}
	if !seesAllMeetings(u.Role) {
		q += ` AND m.body_id IN (SELECT body_id FROM body_members WHERE user_id = ? AND from_date <= m.date AND (to_date IS NULL OR to_date >= m.date))`
		args = append(args, u.ID)
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY m.date, m.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("data: calendar meetings: %w", err)
	}
	for rows.Next() {
		var id int64
		var title, body, date, tm, place, video, status string
		var seq int
		if err := rows.Scan(&id, &title, &body, &date, &tm, &place, &video, &status, &seq); err != nil {
			rows.Close()
			return nil, err
		}
		d, _ := models.ParseDate(date)
		loc := place
		if video != "" {
			loc = strings.TrimPrefix(strings.Join([]string{place, video}, ", "), ", ")
		}
		out = append(out, CalendarEvent{Key: fmt.Sprintf("meeting-%d", id), Kind: "meeting", Sequence: seq, Summary: title, Description: body,
			Location: loc, Path: fmt.Sprintf("/steering/meetings/%d", id), Date: d, Time: tm, Minutes: 120, Cancelled: status == models.MeetingCancelled})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// The projects they lead: milestones, and the report deadline while a report is due.
	rows, err = db.read.QueryContext(ctx, `SELECT ms.id, ms.title, ms.due_date, p.id, p.title FROM milestones ms JOIN projects p ON p.id = ms.project_id
		WHERE p.leader_id = ? AND p.archived = 0 AND ms.due_date >= ? ORDER BY ms.due_date`, u.ID, since)
	if err != nil {
		return nil, fmt.Errorf("data: calendar milestones: %w", err)
	}
	for rows.Next() {
		var id, pid int64
		var title, due, project string
		if err := rows.Scan(&id, &title, &due, &pid, &project); err != nil {
			rows.Close()
			return nil, err
		}
		d, _ := models.ParseDate(due)
		out = append(out, CalendarEvent{Key: fmt.Sprintf("milestone-%d", id), Kind: "milestone", Summary: title, Description: project,
			Path: fmt.Sprintf("/projects/%d", pid), Date: d})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var leads int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM projects WHERE leader_id = ? AND archived = 0 AND phase IN (?, ?, ?, ?)`,
		u.ID, models.ReportingPhases[0], models.ReportingPhases[1], models.ReportingPhases[2], models.ReportingPhases[3]).Scan(&leads); err != nil {
		return nil, err
	}
	if leads > 0 {
		set, err := db.Settings(ctx)
		if err != nil {
			return nil, err
		}
		first := models.DateOf(today.AddDate(0, 0, 1-today.Day()).AddDate(0, 0, set.ReportDeadlineDay-1))
		out = append(out, CalendarEvent{Key: fmt.Sprintf("report-deadline-%d", u.ID), Kind: "report_deadline", Count: leads, Path: "/projects?leader=" + fmt.Sprint(u.ID),
			Date: first, MonthlyDay: set.ReportDeadlineDay})
	}

	// Procurement deadlines: their municipality's, or all.
	deadlines, err := db.UpcomingDeadlines(ctx, u.Municipality)
	if err != nil {
		return nil, err
	}
	for _, d := range deadlines {
		out = append(out, CalendarEvent{Key: fmt.Sprintf("procurement-%d-%s-%s", d.ProcurementID, d.Kind, d.Date), Kind: d.Kind, Summary: d.Title,
			Description: d.Detail, Path: fmt.Sprintf("/procurements/%d", d.ProcurementID), Date: d.Date})
	}

	if seesAllMeetings(u.Role) {
		grants, err := db.Grants(ctx, GrantFilter{Status: "granted"})
		if err != nil {
			return nil, err
		}
		for _, g := range grants {
			if g.ReportOutstanding() {
				out = append(out, CalendarEvent{Key: fmt.Sprintf("grant-%d-report", g.ID), Kind: "grant_report", Summary: g.Title, Description: g.Funder,
					Path: fmt.Sprintf("/grants/%d", g.ID), Date: g.ReportDue})
			}
		}
	}
	return out, nil
}
