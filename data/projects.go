package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"samla/models"
)

// statusTemplate computes a project's status (models.ProjectStatuses) in
// SQL, so that lists can filter, sort and count by it. A report is due for
// the last closed month once the deadline day has passed, for a project in a
// reporting phase that had started by then; without it the project is
// missing. Otherwise its status is its latest report's overall, or none.
// A done or cancelled project has none: it is shown by its phase.
// The placeholders are filled by statusSQL with values samla computes itself
// (never user input), so that the expression has no bound parameters.
const statusTemplate = `(CASE
	WHEN p.phase IN ('done', 'cancelled') THEN 'none'
	WHEN {late} AND p.archived = 0 AND p.phase IN ({phases})
		AND (p.start_date IS NULL OR p.start_date < '{due_end}')
		AND coalesce(p.latest_period, '') < '{due}' THEN 'missing'
	WHEN p.latest_overall IS NULL THEN 'none'
	ELSE p.latest_overall END)`

// statusSQL returns the status expression for the current time.
func (db *DB) statusSQL(ctx context.Context) (string, error) {
	set, err := db.Settings(ctx)
	if err != nil {
		return "", err
	}
	now := db.Now().In(db.location())
	due := models.LastClosedPeriod(now)
	key := statusKey{models.AfterDeadline(now, set.ReportDeadlineDay), due}
	if last := db.lastStatus.Load(); last != nil && last.key == key {
		return last.sql, nil
	}
	sql := strings.NewReplacer(
		"{late}", fmt.Sprint(boolInt(key.late)),
		"{phases}", quoteList(models.ReportingPhases),
		"{due_end}", due.Add(1).Start().Format("2006-01-02"),
		"{due}", string(due),
	).Replace(statusTemplate)
	db.lastStatus.Store(&statusExpr{key, sql})
	return sql, nil
}

// statusKey is what the status expression depends on; statusExpr is the
// expression made last (it changes twice a month).
type statusKey struct {
	late bool
	due  models.Period
}

type statusExpr struct {
	key statusKey
	sql string
}

// phaseOrderSQL sorts phases in their order rather than alphabetically.
var phaseOrderSQL = func() string {
	var b strings.Builder
	b.WriteString("CASE p.phase")
	for i, ph := range models.Phases {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", ph, i)
	}
	b.WriteString(" END")
	return b.String()
}()

// quoteList renders constant, known-safe values as a SQL list.
func quoteList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}

func (db *DB) location() *time.Location {
	if db.Loc != nil {
		return db.Loc
	}
	return time.UTC
}

// today is the programme's date now (in its time zone).
func (db *DB) today() models.Date { return models.DateOf(db.Now().In(db.location())) }

// projectSelect reads projects; {status} is replaced by statusSQL.
const projectSelect = `SELECT p.id, p.title, p.description, p.service_area, p.phase, p.lead_municipality,
	coalesce((SELECT group_concat(municipality) FROM (SELECT municipality FROM project_municipalities WHERE project_id = p.id ORDER BY municipality)), ''),
	coalesce(p.leader_id, 0), coalesce(u.email, ''), coalesce(u.name, '') AS leader_name, p.budget_nok,
	coalesce(p.start_date, ''), coalesce(p.end_date, ''), p.national_solution, p.documents_url, p.archived, p.updated_at,
	{status} AS status, coalesce(p.latest_period, ''), p.latest_progress, p.latest_spent, p.latest_forecast,
	p.public, p.budget_public, coalesce(p.idea_id, 0)
	FROM projects p LEFT JOIN users u ON u.id = p.leader_id`

func scanProject(row rowScanner) (models.Project, error) {
	var p models.Project
	var muns, start, end, updated, latest string
	err := row.Scan(&p.ID, &p.Title, &p.Description, &p.ServiceArea, &p.Phase, &p.LeadMunicipality, &muns,
		&p.LeaderID, &p.LeaderEmail, &p.LeaderName, &p.BudgetNOK, &start, &end,
		&p.NationalSolution, &p.DocumentsURL, &p.Archived, &updated,
		&p.Status, &latest, &p.ProgressPct, &p.SpentNOK, &p.ForecastNOK, &p.Public, &p.BudgetPublic, &p.IdeaID)
	if err != nil {
		return p, err
	}
	p.Municipalities = []string{}
	if muns != "" {
		p.Municipalities = strings.Split(muns, ",")
	}
	p.StartDate, _ = models.ParseDate(start)
	p.EndDate, _ = models.ParseDate(end)
	p.UpdatedAt = parseTime(updated)
	p.LatestPeriod = models.Period(latest)
	return p, nil
}

// ProjectFilter selects projects for lists; empty fields match everything.
type ProjectFilter struct {
	Phase        string
	Status       string
	ServiceArea  string
	Municipality string
	LeaderID     int64
	Query        string
	Archived     bool // true: archived projects only; false: active only
	Sort         string
	Desc         bool
	Limit        int
	Offset       int
}

// ProjectSorts are the sort keys a list accepts, with their SQL.
var ProjectSorts = map[string]string{
	"title":   "p.title COLLATE NOCASE",
	"phase":   phaseOrderSQL,
	"status":  "status",
	"budget":  "p.budget_nok",
	"end":     "coalesce(p.end_date, '9999')",
	"updated": "p.updated_at",
	"leader":  "leader_name",
}

func (f ProjectFilter) where() (string, []any) {
	where := []string{"p.archived = ?"}
	args := []any{boolInt(f.Archived)}
	if f.Phase == models.PhaseActive {
		where = append(where, "p.phase IN ("+quoteList(models.ActivePhases)+")")
	} else if f.Phase != "" {
		where = append(where, "p.phase = ?")
		args = append(args, f.Phase)
	}
	if f.ServiceArea != "" {
		where = append(where, "p.service_area = ?")
		args = append(args, f.ServiceArea)
	}
	if f.Municipality != "" {
		where = append(where, "p.id IN (SELECT project_id FROM project_municipalities WHERE municipality = ?)")
		args = append(args, f.Municipality)
	}
	if f.LeaderID != 0 {
		where = append(where, "p.leader_id = ?")
		args = append(args, f.LeaderID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// The column is folded already: a plain substring test does, and is
		// faster than LIKE's case folding.
		where = append(where, `instr(p.search, ?) > 0`)
		args = append(args, models.Fold(q))
	}
	return strings.Join(where, " AND "), args
}

// Projects returns one page of the projects matching f, and how many match in all.
func (db *DB) Projects(ctx context.Context, f ProjectFilter) ([]models.Project, int, error) {
	// A page of them, or a municipality's, is kept per write generation
	// (the projects list's pages and filters, a municipality's page and
	// report), unless a free text is searched; all of them (the portfolio,
	// an export) are read each time.
	if f.Query == "" && (f.Limit > 0 || f.Municipality != "") {
		type page struct {
			list  []models.Project
			total int
		}
		key := fmt.Sprintf("projects|%+v|%s", f, db.today()) // statuses change with the day
		p, err := cachedRead(ctx, db, key, func(ctx context.Context) (page, error) {
			list, total, err := db.projects(ctx, f)
			return page{list, total}, err
		})
		return p.list, p.total, err
	}
	return db.projects(ctx, f)
}

func (db *DB) projects(ctx context.Context, f ProjectFilter) ([]models.Project, int, error) {
	status, err := db.statusSQL(ctx)
	if err != nil {
		return nil, 0, err
	}
	where, args := f.where()
	if f.Status != "" {
		where += " AND " + status + " = ?"
		args = append(args, f.Status)
	}
	order, ok := ProjectSorts[f.Sort]
	if !ok {
		order = ProjectSorts["title"]
	}
	if order == "status" {
		order = status
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	selectAll := strings.Replace(projectSelect, "{status}", status, 1)
	if f.Limit <= 0 && f.Offset <= 0 { // all of them (a report): one query, no page to spare rows from
		if order == "leader_name" {
			order = "coalesce(u.name, '')"
		}
		list, err := queryList(ctx, db.read, "list projects", scanProject, selectAll+` WHERE `+where+` ORDER BY `+order+dir+`, p.id`, args...)
		return list, len(list), err
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM projects p WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("data: count projects: %w", err)
	}
	if f.Limit <= 0 {
		f.Limit = -1
	}
	// First the page's ids, sorted on the sort key alone; then the full rows
	// of just those. Sorting whole rows would compute every row's
	// participants and status before the LIMIT applies.
	from := "projects p"
	if order == "leader_name" {
		from, order = "projects p LEFT JOIN users u ON u.id = p.leader_id", "coalesce(u.name, '')"
	}
	ids, err := queryList(ctx, db.read, "list projects", scanID, `SELECT p.id FROM `+from+` WHERE `+where+` ORDER BY `+order+dir+`, p.id LIMIT ? OFFSET ?`,
		append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	if len(ids) == 0 {
		return []models.Project{}, total, nil
	}
	idArgs := make([]any, len(ids))
	for i, id := range ids {
		idArgs[i] = id
	}
	q := selectAll + ` WHERE p.id IN (` + strings.Repeat("?, ", len(ids)-1) + `?)`
	list, err := queryList(ctx, db.read, "list projects", scanProject, q, idArgs...)
	if err != nil {
		return nil, 0, err
	}
	byID := make(map[int64]models.Project, len(list))
	for _, p := range list {
		byID[p.ID] = p
	}
	out := make([]models.Project, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, total, nil
}

// Project returns one project, archived or not.
func (db *DB) Project(ctx context.Context, id int64) (models.Project, error) {
	// Kept per day too: its status turns missing when the deadline passes.
	key := fmt.Sprintf("project|%d|%s", id, db.today())
	p, err := cachedRead(ctx, db, key, func(ctx context.Context) (models.Project, error) {
		return db.getProject(ctx, db.read, id)
	})
	p.Municipalities = slices.Clone(p.Municipalities) // the kept one stays as read
	return p, err
}

func (db *DB) getProject(ctx context.Context, q rowQueryer, id int64) (models.Project, error) {
	status, err := db.statusSQL(ctx)
	if err != nil {
		return models.Project{}, err
	}
	p, err := scanProject(q.QueryRowContext(ctx, strings.Replace(projectSelect, "{status}", status, 1)+` WHERE p.id = ?`, id))
	if err != nil {
		return p, notFound(err, "get project")
	}
	return p, nil
}

func (tx *Tx) project(id int64) (models.Project, error) {
	return tx.db.getProject(tx.ctx, tx, id)
}

// checkProjectRefs adds field errors for municipalities and a leader that do not exist.
func (tx *Tx) checkProjectRefs(p *models.Project, f models.FieldErrors) error {
	for _, m := range p.Municipalities {
		if _, err := getMunicipality(tx.ctx, tx, m); errors.Is(err, models.ErrNotFound) {
			if m == p.LeadMunicipality {
				f.Add("lead_municipality", "unknown")
			} else {
				f.Add("municipalities", "unknown")
			}
		} else if err != nil {
			return err
		}
	}
	p.LeaderID = 0
	if p.LeaderEmail != "" {
		var id int64
		var disabled bool
		err := tx.QueryRowContext(tx.ctx, `SELECT id, disabled FROM users WHERE email = ?`, models.NormalizeEmail(p.LeaderEmail)).Scan(&id, &disabled)
		switch {
		case errors.Is(err, sql.ErrNoRows) || err == nil && disabled:
			f.Add("leader_email", "unknown")
		case err != nil:
			return fmt.Errorf("data: find leader: %w", err)
		default:
			p.LeaderID = id
		}
	}
	return nil
}

func (tx *Tx) validateProject(p *models.Project) error {
	p.IncludeLead()
	f := models.FieldErrors{}
	if err := p.Validate(); err != nil {
		for k, v := range models.Fields(err) {
			f.Add(k, v)
		}
	}
	if err := tx.checkProjectRefs(p, f); err != nil {
		return err
	}
	return f.Err()
}

func nullDate(d models.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func projectSearch(p *models.Project) string {
	return models.Fold(p.Title + "\n" + p.Description + "\n" + p.NationalSolution)
}

func (tx *Tx) setParticipants(id int64, muns []string) error {
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM project_municipalities WHERE project_id = ?`, id); err != nil {
		return fmt.Errorf("data: set participants: %w", err)
	}
	for _, m := range muns {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO project_municipalities (project_id, municipality) VALUES (?, ?)`, id, m); err != nil {
			return fmt.Errorf("data: set participants: %w", err)
		}
	}
	return nil
}

// CreateProject adds a project; the leader is found by e-mail.
func (db *DB) CreateProject(ctx context.Context, actor models.Actor, p models.Project) (models.Project, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		p, err = tx.CreateProject(p)
		return err
	})
	return p, err
}

// CreateProject adds a project inside a transaction.
func (tx *Tx) CreateProject(p models.Project) (models.Project, error) {
	if err := tx.validateProject(&p); err != nil {
		return p, err
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO projects (title, description, service_area, phase, lead_municipality, leader_id,
		budget_nok, start_date, end_date, national_solution, documents_url, archived, search, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Title, p.Description, p.ServiceArea, p.Phase, p.LeadMunicipality, nullID(p.LeaderID),
		p.BudgetNOK, nullDate(p.StartDate), nullDate(p.EndDate), p.NationalSolution, p.DocumentsURL, boolInt(p.Archived),
		projectSearch(&p), tx.now, tx.now)
	if err != nil {
		return p, fmt.Errorf("data: create project: %w", err)
	}
	p.ID, _ = res.LastInsertId()
	if err := tx.setParticipants(p.ID, p.Municipalities); err != nil {
		return p, err
	}
	if err := tx.setProjectPublic(p); err != nil {
		return p, err
	}
	if err := tx.makeChecklist(p.ID); err != nil {
		return p, err
	}
	created, err := tx.project(p.ID)
	if err != nil {
		return p, err
	}
	return created, tx.Audit("project", fmt.Sprint(p.ID), "create", nil, created)
}

// ErrChanged answers a write based on a version someone else has changed since.
var ErrChanged = models.Errorf(models.ECONFLICT, "someone else changed this in the meantime; load it again and redo your change")

// UpdateProject saves a changed project. A change of phase is recorded with
// its reason; archiving and restoring are changes of the archived flag.
// p.UpdatedAt is the version the change is based on: if the stored project
// has changed since, nothing is saved (ErrChanged).
func (db *DB) UpdateProject(ctx context.Context, actor models.Actor, p models.Project, phaseReason string) (models.Project, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		p, err = tx.UpdateProject(p, phaseReason)
		return err
	})
	return p, err
}

// UpdateProject saves a changed project inside a transaction.
func (tx *Tx) UpdateProject(p models.Project, phaseReason string) (models.Project, error) {
	before, err := tx.project(p.ID)
	if err != nil {
		return p, err
	}
	if !p.UpdatedAt.IsZero() && !p.UpdatedAt.Equal(before.UpdatedAt) {
		return p, ErrChanged
	}
	if err := tx.validateProject(&p); err != nil {
		return p, err
	}
	if before.Phase != p.Phase {
		if err := tx.checkChecklist(p.ID, before.Phase, p.Phase, p.ChecklistOverride); err != nil {
			return p, err
		}
	}
	_, err = tx.ExecContext(tx.ctx, `UPDATE projects SET title = ?, description = ?, service_area = ?, phase = ?, lead_municipality = ?,
		leader_id = ?, budget_nok = ?, start_date = ?, end_date = ?, national_solution = ?, documents_url = ?, archived = ?,
		search = ?, updated_at = ? WHERE id = ?`,
		p.Title, p.Description, p.ServiceArea, p.Phase, p.LeadMunicipality, nullID(p.LeaderID),
		p.BudgetNOK, nullDate(p.StartDate), nullDate(p.EndDate), p.NationalSolution, p.DocumentsURL, boolInt(p.Archived),
		projectSearch(&p), tx.now, p.ID)
	if err != nil {
		return p, fmt.Errorf("data: update project: %w", err)
	}
	if err := tx.setParticipants(p.ID, p.Municipalities); err != nil {
		return p, err
	}
	if err := tx.setProjectPublic(p); err != nil {
		return p, err
	}
	if before.Phase != p.Phase {
		if err := tx.recordPhaseChange(p.ID, before.Phase, p.Phase, phaseReason, p.ChecklistOverride); err != nil {
			return p, err
		}
	}
	after, err := tx.project(p.ID)
	if err != nil {
		return p, err
	}
	action := "update"
	switch {
	case !before.Archived && after.Archived:
		action = "archive"
	case before.Archived && !after.Archived:
		action = "restore"
	}
	return after, tx.Audit("project", fmt.Sprint(p.ID), action, before, after)
}

// Project returns a project inside a transaction.
func (tx *Tx) Project(id int64) (models.Project, error) { return tx.project(id) }

// ProjectByTitle finds a project by its exact title (the newest when several).
func (tx *Tx) ProjectByTitle(title string) (models.Project, error) {
	var id int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT id FROM projects WHERE title = ? ORDER BY archived, id DESC LIMIT 1`, title).Scan(&id); err != nil {
		return models.Project{}, notFound(err, "find project")
	}
	return tx.project(id)
}

// BenefitByTitle finds a benefit of a project by its title.
func (tx *Tx) BenefitByTitle(projectID int64, title string) (models.Benefit, error) {
	b, err := scanBenefit(tx.QueryRowContext(tx.ctx, `SELECT `+benefitColumns+` FROM benefits b JOIN projects p ON p.id = b.project_id
		WHERE b.project_id = ? AND b.title = ? ORDER BY b.id LIMIT 1`, projectID, title))
	if err != nil {
		return b, notFound(err, "find benefit")
	}
	return b, nil
}

func (tx *Tx) recordPhaseChange(id int64, from, to, reason, override string) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO phase_changes (project_id, from_phase, to_phase, reason, user_id, actor, at, checklist_override)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, from, to, strings.TrimSpace(reason), nullID(tx.actor.UserID), tx.actor.String(), tx.now, strings.TrimSpace(override))
	if err != nil {
		return fmt.Errorf("data: record phase change: %w", err)
	}
	return nil
}

// SetProjectArchived archives (DELETE in the API) or restores a project.
func (db *DB) SetProjectArchived(ctx context.Context, actor models.Actor, id int64, archived bool) (models.Project, error) {
	p, err := db.Project(ctx, id)
	if err != nil {
		return p, err
	}
	if p.Archived == archived {
		return p, nil
	}
	p.Archived = archived
	return db.UpdateProject(ctx, actor, p, "")
}

// PhaseChanges lists a project's phase changes, newest first.
func (db *DB) PhaseChanges(ctx context.Context, projectID int64) ([]models.PhaseChange, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT pc.from_phase, pc.to_phase, pc.reason, pc.actor, pc.at, coalesce(pc.case_id, 0), coalesce(c.meeting_id, 0), pc.checklist_override
		FROM phase_changes pc LEFT JOIN cases c ON c.id = pc.case_id WHERE pc.project_id = ? ORDER BY pc.id DESC`, projectID)
	if err != nil {
		return nil, fmt.Errorf("data: phase changes: %w", err)
	}
	defer rows.Close()
	var out []models.PhaseChange
	for rows.Next() {
		var c models.PhaseChange
		var at string
		if err := rows.Scan(&c.From, &c.To, &c.Reason, &c.By, &at, &c.CaseID, &c.MeetingID, &c.ChecklistOverride); err != nil {
			return nil, fmt.Errorf("data: phase changes: %w", err)
		}
		c.At = parseTime(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// ActiveLeaders lists the users who lead active projects, for filters;
// computed once per write generation (the projects list asks every time).
func (db *DB) ActiveLeaders(ctx context.Context) ([]models.User, error) {
	return cachedRead(ctx, db, "active leaders", db.activeLeaders)
}

func (db *DB) activeLeaders(ctx context.Context) ([]models.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, email FROM users WHERE id IN
		(SELECT leader_id FROM projects WHERE archived = 0) ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("data: list active leaders: %w", err)
	}
	defer rows.Close()
	var out []models.User
	for rows.Next() {
		var u models.User
		if err := rows.Scan(&u.ID, &u.Name, &u.Email); err != nil {
			return nil, fmt.Errorf("data: list active leaders: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// ProjectLeaders lists the users who may lead projects (active leaders,
// editors and admins), for forms.
func (db *DB) ProjectLeaders(ctx context.Context) ([]models.User, error) {
	return queryList(ctx, db.read, "list leaders", scanUser, `SELECT `+userColumns+` FROM users WHERE disabled = 0 AND role IN ('leader', 'editor', 'admin') ORDER BY name`)
}

// ProjectDetail is what a project's page, its report and its sluttrapport
// all show besides the project: its status reports (the newest history of
// them, 0: all), milestones, risks, benefits and decided cases.
type ProjectDetail struct {
	Reports    []models.StatusReport
	Milestones []models.Milestone
	Risks      []models.Risk
	Benefits   []models.Benefit
	Decisions  []models.Case
}

// ProjectDetail reads a project's detail.
func (db *DB) ProjectDetail(ctx context.Context, id int64, history int) (d ProjectDetail, err error) {
	if d.Reports, err = db.StatusReports(ctx, id, history); err != nil {
		return d, err
	}
	if d.Milestones, err = db.Milestones(ctx, id); err != nil {
		return d, err
	}
	if d.Risks, err = db.Risks(ctx, id); err != nil {
		return d, err
	}
	if d.Benefits, err = db.Benefits(ctx, BenefitFilter{ProjectID: id}); err != nil {
		return d, err
	}
	d.Decisions, err = db.Cases(ctx, CaseFilter{ProjectID: id, Status: models.CaseDecided})
	return d, err
}
