package data

import (
	"context"
	"fmt"
	"time"

	"samla/models"
)

// WorkSource finds one kind of work that waits for a user on today. Each
// source decides for itself whom it concerns (by role, by the projects the
// user leads, by their municipality) and answers nothing for the others.
type WorkSource func(db *DB, ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error)

// WorkSources are asked, in turn, for a user's work list. A new kind of
// work adds one line here.
var WorkSources = []WorkSource{
	(*DB).ReportWork,
	(*DB).MissingReportWork,
	(*DB).RolloutWork,
	(*DB).MeasurementWork,
	(*DB).ActionWork,
	(*DB).CaseWork,
	(*DB).GrantReportWork,
	(*DB).MaturityWork,
	func(db *DB, ctx context.Context, u models.User, _ models.Date) ([]models.WorkItem, error) {
		return db.ChecklistWork(ctx, u)
	},
	func(db *DB, ctx context.Context, u models.User, _ models.Date) ([]models.WorkItem, error) {
		return db.IdeaWork(ctx, u)
	},
}

// workLimit caps what one source lists for a user; the page behind the
// item's link has the rest.
const workLimit = 200

// Work is everything that waits for u on today, most urgent first.
func (db *DB) Work(ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error) {
	out := []models.WorkItem{}
	for _, src := range WorkSources {
		items, err := src(db, ctx, u, today)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	models.SortWork(out)
	return out, nil
}

// LedReport is a project the user leads with the status report it owes next.
type LedReport struct {
	Project models.Project
	Report  models.ReportDue
}

// LedReports lists the active projects u leads, each with its next report
// (zero when the phase owes none).
func (db *DB) LedReports(ctx context.Context, u models.User, today models.Date) ([]LedReport, error) {
	if u.ID == 0 {
		return nil, nil
	}
	projects, _, err := db.Projects(ctx, ProjectFilter{LeaderID: u.ID, Sort: "title", Limit: 1000})
	if err != nil {
		return nil, err
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]LedReport, 0, len(projects))
	for _, p := range projects {
		lr := LedReport{Project: p}
		if contains(models.ReportingPhases, p.Phase) {
			lr.Report = models.NextReportDue(today, set.ReportDeadlineDay, p.LatestPeriod, p.StartDate)
		}
		out = append(out, lr)
	}
	return out, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ReportWork: the next status report of every project the user leads, due
// on the deadline day of the period due.
func (db *DB) ReportWork(ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error) {
	led, err := db.LedReports(ctx, u, today)
	if err != nil {
		return nil, err
	}
	var out []models.WorkItem
	for _, l := range led {
		if l.Report.Period == "" {
			continue
		}
		out = append(out, models.WorkItem{Kind: models.WorkStatusReport, Title: l.Project.Title, Due: l.Report.Due,
			Overdue: l.Report.Overdue(today), URL: fmt.Sprintf("/projects/%d/status/new", l.Project.ID), RefID: l.Project.ID})
	}
	return out, nil
}

// MissingReportWork: for the programme office, every project whose report
// for last month is not in, due on this month's deadline day.
func (db *DB) MissingReportWork(ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error) {
	if !u.Role.EditsPortfolio() {
		return nil, nil
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	period := models.LastClosedPeriod(today.Time)
	due := models.ReportDeadline(period, set.ReportDeadlineDay)
	missing, err := db.MissingReports(ctx, period)
	if err != nil {
		return nil, err
	}
	var out []models.WorkItem
	for _, m := range missing {
		if m.Email == u.Email {
			continue // their own, already listed by ReportWork
		}
		out = append(out, models.WorkItem{Kind: models.WorkStatusReport, Title: m.Title, Due: due, Overdue: today.After(due.Time),
			URL: fmt.Sprintf("/projects/%d", m.ProjectID), RefID: m.ProjectID})
		if len(out) == workLimit {
			break
		}
	}
	return out, nil
}

// RolloutWork: rollout rows past their planned date and not in use; a
// contact's own municipality's, every member's for the office.
func (db *DB) RolloutWork(ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error) {
	mine := u.Role == models.RoleContact && u.Municipality != ""
	if !mine && !u.Role.EditsPortfolio() {
		return nil, nil
	}
	where, args := "", []any{today.String()}
	if mine {
		where, args = " AND r.municipality = ?", append(args, u.Municipality)
	}
	return queryList(ctx, db.read, "rollout work", func(r rowScanner) (models.WorkItem, error) {
		var it models.WorkItem
		var sol, number, name, planned string
		err := r.Scan(&it.RefID, &sol, &number, &name, &planned)
		it.Kind, it.Title = models.WorkRollout, sol+" – "+name
		it.Due, _ = models.ParseDate(planned)
		it.Overdue = it.Due.Before(today)
		it.URL = fmt.Sprintf("/solutions/%d/rollouts/%s", it.RefID, number)
		return it, err
	}, `SELECT s.id, s.name, m.number, m.name, r.planned_date FROM rollouts r
		JOIN solutions s ON s.id = r.solution_id
		JOIN municipalities m ON m.number = r.municipality AND m.member = 1
		WHERE r.status IN ('planned', 'in_progress', 'not_started') AND r.planned_date IS NOT NULL AND r.planned_date < ?`+where+`
		ORDER BY r.planned_date, m.name, s.name LIMIT `+fmt.Sprint(workLimit), args...)
}

// closedPeriod is the benefit's latest period that has ended by today, and
// the day its measurement is due (the report deadline day after it).
func closedPeriod(b *models.Benefit, today models.Date, deadlineDay int) (string, models.Date) {
	start := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	if b.Granularity == "quarter" {
		start = start.AddDate(0, -(int(today.Month())-1)%3, 0)
	}
	return b.PeriodOfDate(start.AddDate(0, 0, -1)), models.DateOf(start.AddDate(0, 0, max(deadlineDay, 1)-1))
}

// MeasurementWork: for a contact, the benefits of their municipality's
// projects whose last closed period has no measurement for it yet.
func (db *DB) MeasurementWork(ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error) {
	if u.Role != models.RoleContact || u.Municipality == "" {
		return nil, nil
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	benefits, err := db.Benefits(ctx, BenefitFilter{Municipality: u.Municipality})
	if err != nil {
		return nil, err
	}
	type measured struct {
		benefit int64
		period  string
	}
	// What the municipality has measured, read once (not a query a benefit).
	have, err := queryList(ctx, db.read, "measurement work", func(r rowScanner) (measured, error) {
		var m measured
		return m, r.Scan(&m.benefit, &m.period)
	}, `SELECT DISTINCT benefit_id, period FROM benefit_measurements WHERE municipality = ?`, u.Municipality)
	if err != nil {
		return nil, err
	}
	done := make(map[measured]bool, len(have))
	for _, m := range have {
		done[m] = true
	}
	var out []models.WorkItem
	for i := range benefits {
		b := &benefits[i]
		period, due := closedPeriod(b, today, set.ReportDeadlineDay)
		if !b.InRange(period) || done[measured{b.ID, period}] {
			continue
		}
		out = append(out, models.WorkItem{Kind: models.WorkMeasurement, Title: b.Title, Period: period, Due: due, Overdue: today.After(due.Time),
			URL: fmt.Sprintf("/benefits/%d?period=%s&municipality=%s#measure", b.ID, period, u.Municipality), RefID: b.ID})
		if len(out) == workLimit {
			break
		}
	}
	return out, nil
}

// ActionWork: open action items the user owns, by their name, or (for a
// contact) that name their municipality: what others have asked of them.
func (db *DB) ActionWork(ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error) {
	owners := []any{u.Name, u.Name}
	if u.Municipality != "" {
		m, err := db.Municipality(ctx, u.Municipality)
		if err != nil && err != models.ErrNotFound {
			return nil, err
		}
		if m.Name != "" && u.Role == models.RoleContact {
			owners[1] = m.Name
		}
	}
	return queryList(ctx, db.read, "action work", func(r rowScanner) (models.WorkItem, error) {
		var it models.WorkItem
		var meeting int64
		var due string
		err := r.Scan(&it.RefID, &meeting, &it.Title, &due)
		it.Kind = models.WorkAction
		it.Due, _ = models.ParseDate(due)
		it.Overdue = !it.Due.IsZero() && it.Due.Before(today)
		it.URL = fmt.Sprintf("/steering/meetings/%d#actions", meeting)
		return it, err
	}, `SELECT id, meeting_id, description, due_date FROM action_items WHERE done_date IS NULL AND owner IN (?, ?)
		ORDER BY due_date LIMIT `+fmt.Sprint(workLimit), owners...)
}

// CaseWork: cases waiting in the bodies the user sits in; the steering
// role also follows the steering group's.
func (db *DB) CaseWork(ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error) {
	if u.ID == 0 {
		return nil, nil
	}
	steering := int64(0)
	if u.Role == models.RoleSteering {
		id, err := db.SteeringBodyID(ctx)
		if err != nil && err != models.ErrNotFound {
			return nil, err
		}
		steering = id
	}
	return queryList(ctx, db.read, "case work", func(r rowScanner) (models.WorkItem, error) {
		var it models.WorkItem
		var meeting int64
		var date, body string
		var seq, year int
		err := r.Scan(&it.RefID, &meeting, &it.Title, &body, &seq, &year, &date)
		it.Kind = models.WorkCase
		if seq > 0 {
			it.Title = models.CaseNumber(seq, year) + " " + it.Title
		}
		it.Title += " (" + body + ")"
		it.Due, _ = models.ParseDate(date)
		it.Overdue = !it.Due.IsZero() && it.Due.Before(today)
		it.URL = "/steering#pending"
		if meeting != 0 {
			it.URL = fmt.Sprintf("/steering/meetings/%d#case-%d", meeting, it.RefID)
		}
		return it, err
	}, `SELECT c.id, coalesce(c.meeting_id, 0), c.title, b.name, coalesce(c.seq, 0), coalesce(c.year, 0), coalesce(m.date, '')
		FROM cases c JOIN bodies b ON b.id = c.body_id LEFT JOIN meetings m ON m.id = c.meeting_id
		WHERE c.status IN ('pending', 'on_agenda') AND (c.body_id = ?
			OR c.body_id IN (SELECT body_id FROM body_members WHERE user_id = ? AND (to_date IS NULL OR to_date >= ?)))
		ORDER BY c.created_at LIMIT `+fmt.Sprint(workLimit), steering, u.ID, today.String())
}

// GrantReportWork: for the programme office, grant reports due within
// GrantReportSoon days or overdue.
func (db *DB) GrantReportWork(ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error) {
	if !u.Role.EditsPortfolio() {
		return nil, nil
	}
	grants, err := db.Grants(ctx, GrantFilter{Status: "granted"})
	if err != nil {
		return nil, err
	}
	var out []models.WorkItem
	for _, g := range grants {
		if g.ReportDueSoon(today) {
			out = append(out, models.WorkItem{Kind: models.WorkGrantReport, Title: g.Title + " (" + g.Funder + ")", Due: g.ReportDue,
				Overdue: g.ReportDue.Before(today), URL: fmt.Sprintf("/grants/%d", g.ID), RefID: g.ID})
		}
	}
	return out, nil
}

// HomeMilestone is a milestone with its project's title.
type HomeMilestone struct {
	models.Milestone
	ProjectTitle string
}

// LedMilestones lists the open milestones of the projects u leads due
// before until (overdue ones included).
func (db *DB) LedMilestones(ctx context.Context, u models.User, until models.Date) ([]HomeMilestone, error) {
	return queryList(ctx, db.read, "led milestones", func(r rowScanner) (HomeMilestone, error) {
		var m HomeMilestone
		var due string
		err := r.Scan(&m.ID, &m.ProjectID, &m.Title, &due, &m.ProjectTitle)
		m.DueDate, _ = models.ParseDate(due)
		return m, err
	}, `SELECT ms.id, ms.project_id, ms.title, ms.due_date, p.title FROM milestones ms JOIN projects p ON p.id = ms.project_id
		WHERE p.leader_id = ? AND p.archived = 0 AND ms.done_date IS NULL AND ms.due_date <= ? ORDER BY ms.due_date, p.title LIMIT 100`,
		u.ID, until.String())
}

// HomeRisk is an open risk with its project's title.
type HomeRisk struct {
	models.Risk
	ProjectTitle string
}

// LedRisks lists the open risks of the projects u leads, highest score first.
func (db *DB) LedRisks(ctx context.Context, u models.User) ([]HomeRisk, error) {
	return queryList(ctx, db.read, "led risks", func(r rowScanner) (HomeRisk, error) {
		var k HomeRisk
		err := r.Scan(&k.ID, &k.ProjectID, &k.Title, &k.Probability, &k.Consequence, &k.Owner, &k.ProjectTitle)
		k.Open = true
		return k, err
	}, `SELECT k.id, k.project_id, k.title, k.probability, k.consequence, k.owner, p.title FROM risks k JOIN projects p ON p.id = k.project_id
		WHERE p.leader_id = ? AND p.archived = 0 AND k.open = 1 ORDER BY k.probability * k.consequence DESC, p.title LIMIT 100`, u.ID)
}

// NextMeetingsOf lists the coming meetings of the bodies where the
// municipality has a member on today, soonest first.
func (db *DB) NextMeetingsOf(ctx context.Context, number string, today models.Date, limit int) ([]models.Meeting, error) {
	return queryList(ctx, db.read, "next meetings", func(r rowScanner) (models.Meeting, error) {
		var m models.Meeting
		var date string
		err := r.Scan(&m.ID, &m.BodyID, &m.BodyName, &date, &m.Time, &m.Title, &m.Place, &m.Status)
		m.Date, _ = models.ParseDate(date)
		return m, err
	}, `SELECT m.id, m.body_id, b.name, m.date, m.time, m.title, m.place, m.status FROM meetings m JOIN bodies b ON b.id = m.body_id
		WHERE m.date >= ? AND m.status = 'planned' AND m.body_id IN (SELECT body_id FROM body_members
			WHERE municipality = ? AND from_date <= ? AND (to_date IS NULL OR to_date >= ?))
		ORDER BY m.date, m.time LIMIT ?`, today.String(), number, today.String(), today.String(), limit)
}
