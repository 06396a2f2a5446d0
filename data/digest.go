package data

import (
	"context"
	"fmt"
	"time"

	"samla/models"
)

// DigestItem is one line of a weekly digest: what it is about, a code for
// what happened (a status colour, a phase, a case number…) and the page.
type DigestItem struct {
	Title, What, Path string
	Date              models.Date
}

// Digest is what one user's weekly digest holds: what changed in the
// projects they lead or whose municipality is theirs, and what waits for
// them.
type Digest struct {
	Reports, Phases, Decisions []DigestItem // changed since
	Missing, Actions, Rollouts []DigestItem // waiting
	Pending                    []DigestItem // cases waiting in their bodies
}

// Empty reports whether there is nothing to tell.
func (d Digest) Empty() bool {
	return len(d.Reports)+len(d.Phases)+len(d.Decisions)+len(d.Missing)+len(d.Actions)+len(d.Rollouts)+len(d.Pending) == 0
}

// DigestUsers lists the active users who want the weekly digest.
func (db *DB) DigestUsers(ctx context.Context) ([]models.User, error) {
	return queryList(ctx, db.read, "digest users", scanUser, `SELECT `+userColumns+` FROM users WHERE digest = 'weekly' AND disabled = 0 ORDER BY id`)
}

// DigestFor gathers a user's digest for the week after since (since itself
// belonged to the week before, so nothing is told twice).
func (db *DB) DigestFor(ctx context.Context, u models.User, since time.Time, today models.Date) (Digest, error) {
	var d Digest
	from := since.UTC().Format(timeLayout)
	// Their projects: those they lead, and those their municipality takes part in.
	mine := `(p.leader_id = ? OR p.id IN (SELECT project_id FROM project_municipalities WHERE municipality = ?))`
	item := func(r rowScanner) (DigestItem, error) {
		var it DigestItem
		var id int64
		var date string
		err := r.Scan(&id, &it.Title, &it.What, &date)
		it.Path = fmt.Sprintf("/projects/%d", id)
		if t := parseTime(date); !t.IsZero() {
			it.Date = models.DateOf(t)
		} else {
			it.Date, _ = models.ParseDate(date)
		}
		return it, err
	}
	var err error
	if d.Reports, err = queryList(ctx, db.read, "digest reports", item, `SELECT p.id, p.title, r.overall, r.reported_at
		FROM status_reports r JOIN projects p ON p.id = r.project_id WHERE p.archived = 0 AND r.reported_at > ? AND `+mine+`
		ORDER BY r.reported_at DESC LIMIT 50`, from, u.ID, u.Municipality); err != nil {
		return d, err
	}
	if d.Phases, err = queryList(ctx, db.read, "digest phases", item, `SELECT p.id, p.title, c.to_phase, c.at
		FROM phase_changes c JOIN projects p ON p.id = c.project_id WHERE p.archived = 0 AND c.at > ? AND `+mine+`
		ORDER BY c.at DESC LIMIT 50`, from, u.ID, u.Municipality); err != nil {
		return d, err
	}
	caseItem := func(r rowScanner) (DigestItem, error) {
		var it DigestItem
		var id, meeting int64
		var seq, year int
		var body, date string
		err := r.Scan(&id, &meeting, &it.Title, &body, &seq, &year, &date)
		it.What = body + " " + models.CaseNumber(seq, year)
		it.Path = fmt.Sprintf("/steering/meetings/%d#case-%d", meeting, id)
		if meeting == 0 {
			it.Path = "/steering#pending"
		}
		it.Date = models.DateOf(parseTime(date))
		return it, err
	}
	if d.Decisions, err = queryList(ctx, db.read, "digest decisions", caseItem, `SELECT c.id, coalesce(c.meeting_id, 0), c.title, b.name,
		coalesce(c.seq, 0), coalesce(c.year, 0), c.decided_at FROM cases c JOIN bodies b ON b.id = c.body_id
		WHERE c.status = 'decided' AND c.decided_at > ? AND (c.project_id IN (SELECT p.id FROM projects p WHERE `+mine+`)
			OR c.body_id IN (SELECT body_id FROM body_members WHERE user_id = ? AND (to_date IS NULL OR to_date >= ?)))
		ORDER BY c.decided_at DESC LIMIT 50`, from, u.ID, u.Municipality, u.ID, today.String()); err != nil {
		return d, err
	}
	if d.Pending, err = queryList(ctx, db.read, "digest pending", caseItem, `SELECT c.id, coalesce(c.meeting_id, 0), c.title, b.name,
		coalesce(c.seq, 0), coalesce(c.year, 0), c.created_at FROM cases c JOIN bodies b ON b.id = c.body_id
		WHERE c.status IN ('pending', 'on_agenda') AND c.body_id IN (SELECT body_id FROM body_members WHERE user_id = ? AND (to_date IS NULL OR to_date >= ?))
		ORDER BY c.created_at LIMIT 50`, u.ID, today.String()); err != nil {
		return d, err
	}

	// Waiting: their missing status reports, their open action items, their municipality's overdue rollout rows.
	period := models.LastClosedPeriod(today.Time)
	set, err := db.Settings(ctx)
	if err != nil {
		return d, err
	}
	if today.Day() > set.ReportDeadlineDay-3 {
		missing, err := db.MissingReports(ctx, period)
		if err != nil {
			return d, err
		}
		for _, m := range missing {
			if m.Email == u.Email {
				d.Missing = append(d.Missing, DigestItem{Title: m.Title, What: string(period), Path: fmt.Sprintf("/projects/%d/status/new", m.ProjectID)})
			}
		}
	}
	if d.Actions, err = queryList(ctx, db.read, "digest actions", func(r rowScanner) (DigestItem, error) {
		var it DigestItem
		var meeting int64
		var due string
		err := r.Scan(&meeting, &it.Title, &due)
		it.Path = fmt.Sprintf("/steering/meetings/%d#actions", meeting)
		it.Date, _ = models.ParseDate(due)
		return it, err
	}, `SELECT meeting_id, description, due_date FROM action_items WHERE done_date IS NULL AND owner = ? ORDER BY due_date LIMIT 50`, u.Name); err != nil {
		return d, err
	}
	if u.Role == models.RoleContact && u.Municipality != "" {
		rows, err := db.OverdueRollouts(ctx, today)
		if err != nil {
			return d, err
		}
		for _, r := range rows {
			if r.Municipality != u.Municipality {
				continue
			}
			sol, err := db.Solution(ctx, r.SolutionID)
			if err != nil {
				return d, err
			}
			d.Rollouts = append(d.Rollouts, DigestItem{Title: sol.Name, Date: r.PlannedDate,
				Path: fmt.Sprintf("/solutions/%d/rollouts/%s", r.SolutionID, r.Municipality)})
		}
	}
	return d, nil
}
