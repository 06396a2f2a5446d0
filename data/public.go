package data

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"samla/models"
)

// The store's side of the public pages: queries that return the public
// types of models/public.go only, so that what is internal never leaves
// through them.

func (tx *Tx) setProjectPublic(p models.Project) error {
	if _, err := tx.ExecContext(tx.ctx, `UPDATE projects SET public = ?, budget_public = ? WHERE id = ?`,
		boolInt(p.Public), boolInt(p.BudgetPublic), p.ID); err != nil {
		return fmt.Errorf("data: set project public: %w", err)
	}
	return nil
}

func (tx *Tx) setCasePublicity(c models.Case) error {
	if _, err := tx.ExecContext(tx.ctx, `UPDATE cases SET exempt = ?, exempt_basis = ?, public_title = ? WHERE id = ?`,
		boolInt(c.Exempt), c.ExemptBasis, c.PublicTitle, c.ID); err != nil {
		return fmt.Errorf("data: set case exemption: %w", err)
	}
	return nil
}

// PublicSite tells whether the public pages are open.
func (db *DB) PublicSite(ctx context.Context) (models.PublicSite, error) {
	set, err := db.Settings(ctx)
	return models.PublicSite{On: set.PublicSite, Programme: set.ProgrammeName}, err
}

// solutionSep separates solution names in one column (the unit separator).
const solutionSep = "\x1f"

const publicProjectSelect = `SELECT p.id, p.title, p.description, p.service_area, p.phase, p.lead_municipality,
	coalesce((SELECT group_concat(municipality) FROM (SELECT municipality FROM project_municipalities WHERE project_id = p.id ORDER BY municipality)), ''),
	coalesce(p.start_date, ''), coalesce(p.end_date, ''), p.national_solution,
	coalesce((SELECT group_concat(name, char(31)) FROM (SELECT name FROM solutions WHERE project_id = p.id ORDER BY name)), ''),
	p.updated_at, p.budget_public, p.budget_nok
	FROM projects p`

// publicProjectWhere is what makes a project public: marked so, not archived.
const publicProjectWhere = ` p.public = 1 AND p.archived = 0`

func scanPublicProject(row rowScanner) (models.PublicProject, error) {
	var p models.PublicProject
	var muns, start, end, national, solutions, updated string
	var budgetPublic bool
	var budget int64
	err := row.Scan(&p.ID, &p.Title, &p.Summary, &p.ServiceArea, &p.Phase, &p.LeadMunicipality, &muns,
		&start, &end, &national, &solutions, &updated, &budgetPublic, &budget)
	if err != nil {
		return p, err
	}
	p.Municipalities = []string{}
	if muns != "" {
		p.Municipalities = strings.Split(muns, ",")
	}
	p.Solutions = []string{}
	if solutions != "" {
		p.Solutions = strings.Split(solutions, solutionSep)
	}
	if national = strings.TrimSpace(national); national != "" && !containsFold(p.Solutions, national) {
		p.Solutions = append(p.Solutions, national)
	}
	p.StartDate, _ = models.ParseDate(start)
	p.EndDate, _ = models.ParseDate(end)
	p.UpdatedAt = parseTime(updated)
	if budgetPublic {
		p.BudgetNOK = &budget
	}
	return p, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if models.Fold(x) == models.Fold(s) {
			return true
		}
	}
	return false
}

// PublicProjects returns one page of the public projects matching q, and
// how many match in all.
func (db *DB) PublicProjects(ctx context.Context, q models.PublicQuery) ([]models.PublicProject, int, error) {
	where, args := publicProjectWhere, []any{}
	if s := strings.TrimSpace(q.Query); s != "" {
		where += ` AND instr(p.search, ?) > 0`
		args = append(args, models.Fold(s))
	}
	if q.ServiceArea != "" {
		where += ` AND p.service_area = ?`
		args = append(args, q.ServiceArea)
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM projects p WHERE`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("data: count public projects: %w", err)
	}
	if q.Limit <= 0 {
		q.Limit = -1
	}
	list, err := queryList(ctx, db.read, "public projects", scanPublicProject,
		publicProjectSelect+` WHERE`+where+` ORDER BY p.title COLLATE NOCASE, p.id LIMIT ? OFFSET ?`, append(args, q.Limit, max(q.Offset, 0))...)
	return list, total, err
}

// publicProjectIDs are the ids of the public projects, once per write generation.
func (db *DB) publicProjectIDs(ctx context.Context) (map[int64]bool, error) {
	return cachedRead(ctx, db, "public project ids", func(ctx context.Context) (map[int64]bool, error) {
		ids, err := queryList(ctx, db.read, "public project ids", scanID, `SELECT id FROM projects p WHERE`+publicProjectWhere)
		out := make(map[int64]bool, len(ids))
		for _, id := range ids {
			out[id] = true
		}
		return out, err
	})
}

// PublicNames are the municipalities' names by number.
func (db *DB) PublicNames(ctx context.Context) (map[string]string, error) {
	return cachedRead(ctx, db, "public names", func(ctx context.Context) (map[string]string, error) {
		rows, err := db.read.QueryContext(ctx, `SELECT number, name FROM municipalities`)
		if err != nil {
			return nil, fmt.Errorf("data: municipality names: %w", err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var n, name string
			if err := rows.Scan(&n, &name); err != nil {
				return nil, err
			}
			out[n] = name
		}
		return out, rows.Err()
	})
}

// PublicProject returns a public project with its public decisions; a
// project that is not public is not found.
func (db *DB) PublicProject(ctx context.Context, id int64) (models.PublicProjectPage, error) {
	var out models.PublicProjectPage
	p, err := scanPublicProject(db.read.QueryRowContext(ctx, publicProjectSelect+` WHERE p.id = ? AND`+publicProjectWhere, id))
	if err != nil {
		return out, notFound(err, "public project")
	}
	out.Project = p
	names, err := db.PublicNames(ctx)
	if err != nil {
		return out, err
	}
	for _, m := range p.Municipalities {
		out.Municipalities = append(out.Municipalities, models.PublicName{Number: m, Name: names[m]})
	}
	cases, err := db.Cases(ctx, CaseFilter{ProjectID: id, Status: models.CaseDecided})
	if err != nil {
		return out, err
	}
	for _, c := range cases {
		if c.Final && !c.Exempt { // an exempt case is never tied to its project in public
			out.Decisions = append(out.Decisions, models.PublicCaseOf(c, true))
		}
	}
	return out, nil
}

const publicMeetingSelect = `SELECT m.id, m.body_id, b.name, m.date, m.time, m.title, m.place, m.status, m.updated_at,
	(SELECT count(*) FROM cases c WHERE c.meeting_id = m.id AND c.status <> 'pending')
	FROM meetings m JOIN bodies b ON b.id = m.body_id`

func scanPublicMeeting(row rowScanner) (models.PublicMeeting, error) {
	var m models.PublicMeeting
	var date, updated string
	err := row.Scan(&m.ID, &m.BodyID, &m.BodyName, &date, &m.Time, &m.Title, &m.Place, &m.Status, &updated, &m.Cases)
	m.Date, _ = models.ParseDate(date)
	m.UpdatedAt = parseTime(updated)
	return m, err
}

// PublicMeetings is every body's meeting calendar, newest first.
func (db *DB) PublicMeetings(ctx context.Context) ([]models.PublicMeeting, error) {
	return queryList(ctx, db.read, "public meetings", scanPublicMeeting, publicMeetingSelect+` ORDER BY b.name, m.date DESC, m.id DESC`)
}

// PublicMeeting is a meeting with its agenda as the public may see it:
// none while it is not public.
func (db *DB) PublicMeeting(ctx context.Context, id int64) (models.PublicMeetingPage, error) {
	var out models.PublicMeetingPage
	m, err := scanPublicMeeting(db.read.QueryRowContext(ctx, publicMeetingSelect+` WHERE m.id = ?`, id))
	if err != nil {
		return out, notFound(err, "public meeting")
	}
	out.Meeting = m
	if !m.AgendaPublic() {
		return out, nil
	}
	public, err := db.publicProjectIDs(ctx)
	if err != nil {
		return out, err
	}
	cases, err := db.Cases(ctx, CaseFilter{MeetingID: id})
	if err != nil {
		return out, err
	}
	for _, c := range cases {
		if c.Status != models.CasePending {
			out.Cases = append(out.Cases, models.PublicCaseOf(c, public[c.ProjectID]))
		}
	}
	return out, nil
}

// PublicDecisions is the decision log: decided cases of meetings whose
// minutes are approved, newest first. An exempt case is found by its number
// and public title only, never by what is exempt.
func (db *DB) PublicDecisions(ctx context.Context, q string, limit, offset int) ([]models.PublicCase, int, error) {
	where := ` FROM cases c JOIN meetings m ON m.id = c.meeting_id WHERE c.status = 'decided' AND m.status = 'approved'`
	var args []any
	if q = strings.TrimSpace(q); q != "" {
		where += ` AND (c.exempt = 0 AND instr(c.search, ?) > 0 OR c.exempt = 1 AND (instr(lower(c.public_title), ?) > 0 OR instr(c.seq || '/' || c.year, ?) > 0))`
		args = append(args, models.Fold(q), strings.ToLower(q), q)
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("data: count public decisions: %w", err)
	}
	ids, err := queryList(ctx, db.read, "public decisions", scanID, `SELECT c.id`+where+` ORDER BY m.date DESC, c.year DESC, c.seq DESC, c.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, max(offset, 0))...)
	if err != nil || len(ids) == 0 {
		return []models.PublicCase{}, total, err
	}
	cases, err := db.casesByID(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	public, err := db.publicProjectIDs(ctx)
	if err != nil {
		return nil, 0, err
	}
	out := make([]models.PublicCase, 0, len(cases))
	for _, c := range cases {
		out = append(out, models.PublicCaseOf(c, public[c.ProjectID]))
	}
	return out, total, nil
}

// casesByID reads cases in the order of ids.
func (db *DB) casesByID(ctx context.Context, ids []int64) ([]models.Case, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	list, err := queryList(ctx, db.read, "cases by id", scanCase, `SELECT `+caseColumns+caseFrom+` WHERE c.id IN (`+strings.Repeat("?, ", len(ids)-1)+`?)`, args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]models.Case, len(list))
	for _, c := range list {
		byID[c.ID] = c
	}
	out := make([]models.Case, 0, len(ids))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// PublicMunicipality is what the public pages tell of a municipality: the
// public projects it takes part in and the solutions it has in use or planned.
func (db *DB) PublicMunicipality(ctx context.Context, number string) (models.PublicMunicipality, error) {
	var out models.PublicMunicipality
	err := db.read.QueryRowContext(ctx, `SELECT number, name, population FROM municipalities WHERE number = ?`, number).
		Scan(&out.Number, &out.Name, &out.Population)
	if err != nil {
		return out, notFound(err, "public municipality")
	}
	out.Projects, err = queryList(ctx, db.read, "public projects of a municipality", scanPublicProject, publicProjectSelect+` WHERE`+publicProjectWhere+
		` AND p.id IN (SELECT project_id FROM project_municipalities WHERE municipality = ?) ORDER BY p.title COLLATE NOCASE, p.id`, number)
	if err != nil {
		return out, err
	}
	// A solution a project that is not public brings in is not named.
	rows, err := db.read.QueryContext(ctx, `SELECT s.name, r.status FROM rollouts r JOIN solutions s ON s.id = r.solution_id
		WHERE r.municipality = ? AND r.status IN ('in_use', 'planned', 'in_progress')
		AND (s.project_id IS NULL OR s.project_id IN (SELECT p.id FROM projects p WHERE`+publicProjectWhere+`)) ORDER BY s.name`, number)
	if err != nil {
		return out, fmt.Errorf("data: public rollouts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, status string
		if err := rows.Scan(&name, &status); err != nil {
			return out, err
		}
		if status == models.RolloutInUse {
			out.InUse = append(out.InUse, name)
		} else {
			out.Planned = append(out.Planned, name)
		}
	}
	return out, rows.Err()
}

// PublicFeed is the newest decisions and approved minutes, newest first.
func (db *DB) PublicFeed(ctx context.Context, n int) ([]models.PublicFeedEntry, error) {
	decisions, _, err := db.PublicDecisions(ctx, "", n, 0)
	if err != nil {
		return nil, err
	}
	var out []models.PublicFeedEntry
	for _, c := range decisions {
		out = append(out, models.PublicFeedEntry{Kind: "decision", Title: c.Title, Summary: c.Decision,
			Path: fmt.Sprintf("/public/meetings/%d#sak-%s", c.MeetingID, strings.ReplaceAll(c.Number, "/", "-")), Updated: c.DecidedAt, Exempt: c.Exempt, Number: c.Number})
	}
	meetings, err := queryList(ctx, db.read, "public minutes", scanPublicMeeting, publicMeetingSelect+` WHERE m.status = 'approved' ORDER BY m.updated_at DESC LIMIT ?`, n)
	if err != nil {
		return nil, err
	}
	for _, m := range meetings {
		out = append(out, models.PublicFeedEntry{Kind: "minutes", Title: m.BodyName + ": " + m.Title, Path: fmt.Sprintf("/public/meetings/%d", m.ID), Updated: m.UpdatedAt})
	}
	return out, nil
}

// publicityOnly tells whether a change to a case touches its exemption
// and nothing else.
func publicityOnly(before, after models.Case) bool {
	b, a := before, after
	b.Exempt, b.ExemptBasis, b.PublicTitle = false, "", ""
	a.Exempt, a.ExemptBasis, a.PublicTitle = false, "", ""
	a.UpdatedAt, b.UpdatedAt = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

// setPublicityOnly changes a case's exemption alone, which is allowed
// after its meeting's minutes are approved (a request for access may come
// long after).
func (tx *Tx) setPublicityOnly(before models.Case, c *models.Case) error {
	f := models.FieldErrors{}
	if err := c.Validate(); err != nil {
		for k, v := range models.Fields(err) {
			f.Add(k, v)
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if err := tx.setCasePublicity(*c); err != nil {
		return err
	}
	after, err := getCase(tx.ctx, tx, c.ID)
	if err != nil {
		return err
	}
	*c = after
	return tx.Audit("case", fmt.Sprint(c.ID), "update", before, after)
}
