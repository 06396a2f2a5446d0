package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"samla/models"
)

const meetingColumns = `m.id, m.body_id, b.name, m.date, m.time, m.title, m.place, m.video_url, m.status, m.sequence, m.updated_at`

const meetingFrom = ` FROM meetings m JOIN bodies b ON b.id = m.body_id`

func scanMeeting(row rowScanner) (models.Meeting, error) {
	var m models.Meeting
	var date, updated string
	err := row.Scan(&m.ID, &m.BodyID, &m.BodyName, &date, &m.Time, &m.Title, &m.Place, &m.VideoURL, &m.Status, &m.Sequence, &updated)
	m.Date, _ = models.ParseDate(date)
	m.UpdatedAt = parseTime(updated)
	return m, err
}

// Meetings lists the meetings of a body (0: of all bodies), newest first.
func (db *DB) Meetings(ctx context.Context, bodyID int64) ([]models.Meeting, error) {
	return queryList(ctx, db.read, "list meetings", scanMeeting, `SELECT `+meetingColumns+meetingFrom+`
		WHERE ? IN (0, m.body_id) ORDER BY m.date DESC, m.id DESC`, bodyID)
}

// Meeting returns a meeting with its participants.
func (db *DB) Meeting(ctx context.Context, id int64) (models.Meeting, error) {
	return getMeeting(ctx, db.read, id)
}

func getMeeting(ctx context.Context, q queryer, id int64) (models.Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ?`, id))
	if err != nil {
		return m, notFound(err, "get meeting")
	}
	rows, err := q.QueryContext(ctx, `SELECT name, role, present FROM meeting_participants WHERE meeting_id = ? ORDER BY role DESC, id`, id)
	if err != nil {
		return m, fmt.Errorf("data: participants: %w", err)
	}
	defer rows.Close()
	m.Participants = []models.Participation{}
	for rows.Next() {
		var p models.Participation
		if err := rows.Scan(&p.Name, &p.Role, &p.Present); err != nil {
			return m, err
		}
		m.Participants = append(m.Participants, p)
	}
	return m, rows.Err()
}

// SaveMeeting creates (ID 0) or updates a meeting with its participants.
// Its status moves planned → held → approved; approving the minutes makes
// the meeting's decisions final.
func (db *DB) SaveMeeting(ctx context.Context, actor models.Actor, m models.Meeting) (models.Meeting, error) {
	if m.Status == "" {
		m.Status = models.MeetingPlanned
	}
	if err := m.Validate(); err != nil {
		return m, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		m, err = tx.SaveMeeting(m)
		return err
	})
	if err != nil {
		return m, err
	}
	return db.Meeting(ctx, m.ID)
}

// SaveMeeting creates or updates a meeting inside a transaction.
func (tx *Tx) SaveMeeting(m models.Meeting) (models.Meeting, error) {
	if m.Status == "" {
		m.Status = models.MeetingPlanned
	}
	if err := m.Validate(); err != nil {
		return m, err
	}
	var before *models.Meeting
	if m.BodyID == 0 {
		var err error
		if m.BodyID, err = steeringBody(tx.ctx, tx); err != nil {
			return m, err
		}
	}
	if _, err := tx.body(m.BodyID); err != nil {
		return m, models.FieldErrors{"body_id": "unknown"}.Err()
	}
	if m.ID == 0 {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO meetings (body_id, date, time, title, place, video_url, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.BodyID, m.Date.String(), m.Time, m.Title, m.Place, m.VideoURL, m.Status, tx.now, tx.now)
		if err != nil {
			return m, fmt.Errorf("data: create meeting: %w", err)
		}
		m.ID, _ = res.LastInsertId()
	} else {
		b, err := getMeeting(tx.ctx, tx, m.ID)
		if err != nil {
			return m, err
		}
		before = &b
		if b.BodyID != m.BodyID {
			var n int
			if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM cases WHERE meeting_id = ?`, m.ID).Scan(&n); err != nil {
				return m, err
			}
			if n > 0 {
				return m, models.FieldErrors{"body_id": "has_cases"}.Err()
			}
		}
		if !models.MeetingMoveAllowed(b.Status, m.Status) {
			if b.Status == models.MeetingApproved {
				return m, models.Errorf(models.ECONFLICT, "the minutes of this meeting are approved; it can no longer be changed")
			}
			return m, models.FieldErrors{"status": "order"}.Err()
		}
		if b.Status == models.MeetingApproved {
			return m, models.Errorf(models.ECONFLICT, "the minutes of this meeting are approved; it can no longer be changed")
		}
		if m.Status == models.MeetingApproved {
			var open int
			if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM cases WHERE meeting_id = ? AND status = 'on_agenda'`, m.ID).Scan(&open); err != nil {
				return m, err
			}
			if open > 0 {
				return m, models.FieldErrors{"status": "cases_open"}.Err()
			}
			// Cases proposed for the meeting but never put on its agenda
			// wait for another one.
			if _, err := tx.ExecContext(tx.ctx, `UPDATE cases SET meeting_id = NULL, updated_at = ? WHERE meeting_id = ? AND status = 'pending'`, tx.now, m.ID); err != nil {
				return m, err
			}
		}
		m.Sequence = b.Sequence
		if m.Moved(b) {
			m.Sequence++
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE meetings SET sequence = ?, body_id = ?, date = ?, time = ?, title = ?, place = ?, video_url = ?, status = ?, updated_at = ?
			WHERE id = ?`, m.Sequence, m.BodyID, m.Date.String(), m.Time, m.Title, m.Place, m.VideoURL, m.Status, tx.now, m.ID); err != nil {
			return m, fmt.Errorf("data: update meeting: %w", err)
		}
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM meeting_participants WHERE meeting_id = ?`, m.ID); err != nil {
		return m, err
	}
	for _, p := range m.Participants {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO meeting_participants (meeting_id, name, role, present) VALUES (?, ?, ?, ?)`,
			m.ID, strings.TrimSpace(p.Name), p.Role, boolInt(p.Present)); err != nil {
			return m, fmt.Errorf("data: participants: %w", err)
		}
	}
	if before == nil {
		return m, tx.Audit("meeting", fmt.Sprint(m.ID), "create", nil, m)
	}
	return m, tx.Audit("meeting", fmt.Sprint(m.ID), "update", before, m)
}

const caseColumns = `c.id, c.body_id, cb.name, coalesce(c.referred_from_id, 0), coalesce(rf.seq, 0), coalesce(rf.year, 0), coalesce(rfb.name, ''),
	coalesce(rt.id, 0), coalesce(rt.seq, 0), coalesce(rt.year, 0), coalesce(rtb.name, ''), coalesce(c.year, 0), coalesce(c.seq, 0), c.kind, c.title, c.background, c.proposal, c.decision, c.status,
	coalesce(c.meeting_id, 0), coalesce(m.date, ''), coalesce(c.project_id, 0), coalesce(p.title, ''), coalesce(c.procurement_id, 0),
	coalesce(pr.title, ''), coalesce(c.corrects_id, 0), c.phase_to, coalesce(m.status, '') = 'approved', coalesce(c.decided_at, ''), c.updated_at,
	c.exempt, c.exempt_basis, c.public_title, coalesce(c.idea_id, 0), c.idea_outcome`

const caseFrom = ` FROM cases c LEFT JOIN meetings m ON m.id = c.meeting_id LEFT JOIN projects p ON p.id = c.project_id
	LEFT JOIN procurements pr ON pr.id = c.procurement_id JOIN bodies cb ON cb.id = c.body_id
	LEFT JOIN cases rf ON rf.id = c.referred_from_id LEFT JOIN bodies rfb ON rfb.id = rf.body_id
	LEFT JOIN cases rt ON rt.id = (SELECT max(x.id) FROM cases x WHERE x.referred_from_id = c.id) LEFT JOIN bodies rtb ON rtb.id = rt.body_id`

func scanCase(row rowScanner) (models.Case, error) {
	var c models.Case
	var mdate, decided, updated string
	var rfSeq, rfYear, rtSeq, rtYear int
	err := row.Scan(&c.ID, &c.BodyID, &c.BodyName, &c.ReferredFromID, &rfSeq, &rfYear, &c.ReferredFromBody,
		&c.ReferredToID, &rtSeq, &rtYear, &c.ReferredToBody, &c.Year, &c.Seq, &c.Kind, &c.Title, &c.Background, &c.Proposal, &c.Decision, &c.Status,
		&c.MeetingID, &mdate, &c.ProjectID, &c.ProjectTitle, &c.ProcurementID, &c.ProcurementTitle, &c.CorrectsID, &c.PhaseTo,
		&c.Final, &decided, &updated, &c.Exempt, &c.ExemptBasis, &c.PublicTitle, &c.IdeaID, &c.IdeaOutcome)
	c.Number = models.CaseNumber(c.Seq, c.Year)
	c.ReferredFromNumber, c.ReferredToNumber = models.CaseNumber(rfSeq, rfYear), models.CaseNumber(rtSeq, rtYear)
	c.MeetingDate, _ = models.ParseDate(mdate)
	if decided != "" {
		c.DecidedAt = parseTime(decided)
	}
	c.UpdatedAt = parseTime(updated)
	return c, err
}

// CaseFilter narrows case lists; the decision log is Status "decided".
type CaseFilter struct {
	Status        string
	BodyID        int64
	MeetingID     int64
	ProjectID     int64
	ProcurementID int64
	Year          int
	Query         string
	// Municipality keeps cases about projects or procurements it takes part in.
	Municipality string
	Limit        int
}

// Cases lists cases: on a meeting in number order, otherwise newest first.
// A municipality's (its page, its PDF) are kept per write generation.
func (db *DB) Cases(ctx context.Context, f CaseFilter) ([]models.Case, error) {
	if f.Municipality != "" {
		return cachedRead(ctx, db, fmt.Sprintf("cases|%+v", f), func(ctx context.Context) ([]models.Case, error) { return db.cases(ctx, f) })
	}
	return db.cases(ctx, f)
}

func (db *DB) cases(ctx context.Context, f CaseFilter) ([]models.Case, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Status != "" {
		where = append(where, "c.status = ?")
		args = append(args, f.Status)
	}
	if f.BodyID != 0 {
		where = append(where, "c.body_id = ?")
		args = append(args, f.BodyID)
	}
	if f.MeetingID != 0 {
		where = append(where, "c.meeting_id = ?")
		args = append(args, f.MeetingID)
	}
	if f.ProjectID != 0 {
		where = append(where, "c.project_id = ?")
		args = append(args, f.ProjectID)
	}
	if f.ProcurementID != 0 {
		where = append(where, "c.procurement_id = ?")
		args = append(args, f.ProcurementID)
	}
	if f.Municipality != "" {
		where = append(where, `(c.project_id IN (SELECT project_id FROM project_municipalities WHERE municipality = ?)
			OR c.procurement_id IN (SELECT procurement_id FROM procurement_municipalities WHERE municipality = ?))`)
		args = append(args, f.Municipality, f.Municipality)
	}
	if f.Year != 0 {
		where = append(where, "c.year = ?")
		args = append(args, f.Year)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, "instr(c.search, ?) > 0")
		args = append(args, models.Fold(q))
	}
	order := "coalesce(m.date, c.created_at) DESC, c.year DESC, c.seq DESC, c.id DESC"
	if f.MeetingID != 0 {
		order = "c.seq IS NULL, c.seq, c.id"
	}
	if f.Limit <= 0 {
		f.Limit = -1
	}
	return queryList(ctx, db.read, "list cases", scanCase, `SELECT `+caseColumns+caseFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+order+` LIMIT ?`, append(args, f.Limit)...)
}

// Case returns one case.
func (db *DB) Case(ctx context.Context, id int64) (models.Case, error) {
	return getCase(ctx, db.read, id)
}

func getCase(ctx context.Context, q rowQueryer, id int64) (models.Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = ?`, id))
	if err != nil {
		return c, notFound(err, "get case")
	}
	return c, nil
}

func caseSearch(c *models.Case) string {
	return models.Fold(strings.Join([]string{c.Number, c.Title, c.Background, c.Proposal, c.Decision}, "\n"))
}

// nextCaseNumber takes the next number of the body's cases in the meeting's year.
func (tx *Tx) nextCaseNumber(meetingID int64) (year, seq int, err error) {
	m, err := getMeeting(tx.ctx, tx, meetingID)
	if err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return 0, 0, models.FieldErrors{"meeting_id": "unknown"}.Err()
		}
		return 0, 0, err
	}
	year = m.Date.Year()
	if err := tx.QueryRowContext(tx.ctx, `INSERT INTO case_counters (body_id, year, last) VALUES (?, ?, 1)
		ON CONFLICT (body_id, year) DO UPDATE SET last = last + 1 RETURNING last`, m.BodyID, year).Scan(&seq); err != nil {
		return 0, 0, fmt.Errorf("data: case number: %w", err)
	}
	return year, seq, nil
}

func (tx *Tx) checkCaseRefs(c *models.Case) error {
	f := models.FieldErrors{}
	if err := c.Validate(); err != nil {
		for k, v := range models.Fields(err) {
			f.Add(k, v)
		}
	}
	for _, ref := range []struct {
		field, table string
		id           int64
	}{{"project_id", "projects", c.ProjectID}, {"procurement_id", "procurements", c.ProcurementID}, {"meeting_id", "meetings", c.MeetingID},
		{"corrects_case_id", "cases", c.CorrectsID}, {"body_id", "bodies", c.BodyID}, {"referred_from_case_id", "cases", c.ReferredFromID}} {
		if ref.id == 0 {
			continue
		}
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM `+ref.table+` WHERE id = ?`, ref.id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			f.Add(ref.field, "unknown")
		}
	}
	if len(f) > 0 {
		return f.Err()
	}
	// A case is on the agenda of its own body's meetings only, and is
	// referred from another body.
	if c.MeetingID != 0 {
		var body int64
		if err := tx.QueryRowContext(tx.ctx, `SELECT body_id FROM meetings WHERE id = ?`, c.MeetingID).Scan(&body); err != nil {
			return err
		}
		if body != c.BodyID {
			f.Add("meeting_id", "other_body")
		}
	}
	if c.ReferredFromID != 0 {
		var body int64
		if err := tx.QueryRowContext(tx.ctx, `SELECT body_id FROM cases WHERE id = ?`, c.ReferredFromID).Scan(&body); err != nil {
			return err
		}
		if body == c.BodyID {
			f.Add("referred_from_case_id", "same_body")
		}
	}
	return f.Err()
}

// caseBody fills in a new case's body: its meeting's, else the steering group.
func (tx *Tx) caseBody(c *models.Case) error {
	if c.BodyID != 0 {
		return nil
	}
	if c.MeetingID != 0 {
		err := tx.QueryRowContext(tx.ctx, `SELECT body_id FROM meetings WHERE id = ?`, c.MeetingID).Scan(&c.BodyID)
		if errors.Is(err, sql.ErrNoRows) {
			return models.FieldErrors{"meeting_id": "unknown"}.Err()
		}
		return err
	}
	var err error
	c.BodyID, err = steeringBody(tx.ctx, tx)
	return err
}

// CreateCase adds a case: pending, or on a meeting's agenda (numbered).
func (db *DB) CreateCase(ctx context.Context, actor models.Actor, c models.Case) (models.Case, error) {
	if c.Status == "" {
		c.Status = models.CasePending
		if c.MeetingID != 0 {
			c.Status = models.CaseOnAgenda
		}
	}
	if c.Kind == "" {
		c.Kind = "decision"
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		c, err = tx.CreateCase(c, "")
		return err
	})
	return c, err
}

// CreateCase adds a case inside a transaction; source marks where it came from.
func (tx *Tx) CreateCase(c models.Case, source string) (models.Case, error) {
	if err := tx.caseBody(&c); err != nil {
		return c, err
	}
	if err := tx.checkCaseRefs(&c); err != nil {
		return c, err
	}
	if c.Status == models.CaseDecided {
		return c, models.FieldErrors{"status": "choice"}.Err()
	}
	if c.MeetingID != 0 {
		var err error
		if c.Year, c.Seq, err = tx.nextCaseNumber(c.MeetingID); err != nil {
			return c, err
		}
		c.Number = models.CaseNumber(c.Seq, c.Year)
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO cases (body_id, referred_from_id, year, seq, kind, title, background, proposal, decision, status, meeting_id,
		project_id, procurement_id, corrects_id, phase_to, source, search, created_at, updated_at, idea_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.BodyID, nullID(c.ReferredFromID), nullInt(c.Year), nullInt(c.Seq), c.Kind, c.Title, c.Background, c.Proposal, c.Decision, c.Status, nullID(c.MeetingID),
		nullID(c.ProjectID), nullID(c.ProcurementID), nullID(c.CorrectsID), c.PhaseTo, source, caseSearch(&c), tx.now, tx.now, nullID(c.IdeaID))
	if err != nil {
		return c, fmt.Errorf("data: create case: %w", err)
	}
	c.ID, _ = res.LastInsertId()
	if err := tx.setCasePublicity(c); err != nil {
		return c, err
	}
	created, err := getCase(tx.ctx, tx, c.ID)
	if err != nil {
		return c, err
	}
	return created, tx.Audit("case", fmt.Sprint(c.ID), "create", nil, created)
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// ErrFinal is the answer to a change of a decision whose minutes are approved.
var ErrFinal = models.Errorf(models.ECONFLICT, "the minutes of this meeting are approved, so the decision can no longer be changed; register a new case that corrects it")

// UpdateCase saves a changed case. Putting it on a meeting's agenda gives
// it its number (once); a case cannot be on two agendas at once. Deciding
// it records when, and a decided phase change moves its project. Once the
// meeting's minutes are approved nothing changes any more.
func (db *DB) UpdateCase(ctx context.Context, actor models.Actor, c models.Case) (models.Case, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		before, err := getCase(tx.ctx, tx, c.ID)
		if err != nil {
			return err
		}
		// A deferred case may move on to a later meeting; nothing else of a
		// meeting with approved minutes changes.
		if before.Final && publicityOnly(before, c) { // an exemption may be set after the minutes are approved
			return tx.setPublicityOnly(before, &c)
		}
		if before.Final && !(before.Status == models.CaseDeferred && c.MeetingID != before.MeetingID) {
			return ErrFinal
		}
		if c.MeetingID != before.MeetingID && c.MeetingID != 0 {
			if before.Status == models.CaseOnAgenda {
				return models.FieldErrors{"meeting_id": "already_on_agenda"}.Err()
			}
			if before.Status == models.CaseDecided || before.Status == models.CaseWithdrawn {
				return models.FieldErrors{"meeting_id": "closed"}.Err()
			}
			if c.Status == before.Status {
				c.Status = models.CaseOnAgenda
			}
		}
		if c.Status == models.CaseDecided && c.MeetingID == 0 {
			return models.FieldErrors{"meeting_id": "required"}.Err()
		}
		// A case stays in its body; another body gets it by referral. Its
		// idea stays too, and a decided outcome stays decided.
		c.BodyID, c.ReferredFromID, c.IdeaID = before.BodyID, before.ReferredFromID, before.IdeaID
		if before.Status == models.CaseDecided && before.IdeaOutcome != "" {
			c.IdeaOutcome = before.IdeaOutcome
		}
		if err := tx.checkCaseRefs(&c); err != nil {
			return err
		}
		c.Year, c.Seq = before.Year, before.Seq
		if c.MeetingID != 0 && before.Seq == 0 {
			if c.Year, c.Seq, err = tx.nextCaseNumber(c.MeetingID); err != nil {
				return err
			}
		}
		c.Number = models.CaseNumber(c.Seq, c.Year)
		decidedAt := sql.NullString{}
		if c.Status == models.CaseDecided {
			decidedAt = sql.NullString{String: tx.now, Valid: true}
			if before.Status == models.CaseDecided && !before.DecidedAt.IsZero() {
				decidedAt.String = before.DecidedAt.UTC().Format(timeLayout)
			}
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE cases SET year = ?, seq = ?, kind = ?, title = ?, background = ?, proposal = ?, decision = ?,
			status = ?, meeting_id = ?, project_id = ?, procurement_id = ?, corrects_id = ?, phase_to = ?, search = ?, decided_at = ?, updated_at = ?,
			idea_outcome = ? WHERE id = ?`, nullInt(c.Year), nullInt(c.Seq), c.Kind, c.Title, c.Background, c.Proposal, c.Decision, c.Status, nullID(c.MeetingID),
			nullID(c.ProjectID), nullID(c.ProcurementID), nullID(c.CorrectsID), c.PhaseTo, caseSearch(&c), decidedAt, tx.now, c.IdeaOutcome, c.ID); err != nil {
			return fmt.Errorf("data: update case: %w", err)
		}
		if err := tx.setCasePublicity(c); err != nil {
			return err
		}
		if c.Status == models.CaseDecided && before.Status != models.CaseDecided && c.PhaseTo != "" && c.ProjectID != 0 {
			if err := tx.applyPhaseDecision(c); err != nil {
				return err
			}
		}
		if c.Status == models.CaseDecided && before.Status != models.CaseDecided && c.IdeaID != 0 && c.IdeaOutcome != "" {
			if err := tx.applyIdeaOutcome(c); err != nil {
				return err
			}
		}
		if c.Status == models.CaseDecided && before.Status != models.CaseDecided {
			if err := tx.postDecision(c); err != nil {
				return err
			}
		}
		after, err := getCase(tx.ctx, tx, c.ID)
		if err != nil {
			return err
		}
		c = after
		return tx.Audit("case", fmt.Sprint(c.ID), "update", before, after)
	})
	return c, err
}

// applyPhaseDecision moves the case's project to the decided phase and
// records the change with a link to the case.
func (tx *Tx) applyPhaseDecision(c models.Case) error {
	p, err := tx.project(c.ProjectID)
	if err != nil {
		return err
	}
	if p.Phase == c.PhaseTo {
		return nil
	}
	if err := tx.checkChecklist(p.ID, p.Phase, c.PhaseTo, c.ChecklistOverride); err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE projects SET phase = ?, updated_at = ? WHERE id = ?`, c.PhaseTo, tx.now, p.ID); err != nil {
		return fmt.Errorf("data: phase decision: %w", err)
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO phase_changes (project_id, from_phase, to_phase, reason, user_id, actor, at, case_id, checklist_override)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, p.Phase, c.PhaseTo, "Vedtak i sak "+c.Number, nullID(tx.actor.UserID), tx.actor.String(), tx.now, c.ID,
		strings.TrimSpace(c.ChecklistOverride)); err != nil {
		return fmt.Errorf("data: phase decision: %w", err)
	}
	after := p
	after.Phase = c.PhaseTo
	return tx.Audit("project", fmt.Sprint(p.ID), "phase_decision", p, after)
}

// caseFromReport raises a pending decision case for a status report's
// decision need, or updates the one it raised before while still pending.
func (tx *Tx) caseFromReport(r models.StatusReport) error {
	need := strings.TrimSpace(r.DecisionNeeded)
	source := fmt.Sprintf("status:%d/%s", r.ProjectID, r.Period)
	var id int64
	var status string
	err := tx.QueryRowContext(tx.ctx, `SELECT id, status FROM cases WHERE source = ?`, source).Scan(&id, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if need == "" {
			return nil
		}
		p, err := tx.project(r.ProjectID)
		if err != nil {
			return err
		}
		_, err = tx.CreateCase(models.Case{Kind: "decision", Status: models.CasePending, ProjectID: r.ProjectID,
			Title: fmt.Sprintf("Beslutningsbehov: %s (%s)", p.Title, r.Period), Background: need}, source)
		return err
	case err != nil:
		return fmt.Errorf("data: case from report: %w", err)
	case status == models.CasePending && need != "":
		c, err := getCase(tx.ctx, tx, id)
		if err != nil {
			return err
		}
		c.Background = need
		_, err = tx.ExecContext(tx.ctx, `UPDATE cases SET background = ?, search = ?, updated_at = ? WHERE id = ?`, need, caseSearch(&c), tx.now, id)
		return err
	case status == models.CasePending && need == "":
		_, err := tx.ExecContext(tx.ctx, `UPDATE cases SET status = 'withdrawn', updated_at = ? WHERE id = ?`, tx.now, id)
		return err
	}
	return nil
}

const actionColumns = `a.id, a.meeting_id, coalesce(a.case_id, 0), coalesce(c.seq, 0), coalesce(c.year, 0), a.description, a.owner, a.due_date, coalesce(a.done_date, '')`

func scanAction(row rowScanner) (models.ActionItem, error) {
	var a models.ActionItem
	var seq, year int
	var due, done string
	err := row.Scan(&a.ID, &a.MeetingID, &a.CaseID, &seq, &year, &a.Description, &a.Owner, &due, &done)
	a.CaseNumber = models.CaseNumber(seq, year)
	a.DueDate, _ = models.ParseDate(due)
	a.DoneDate, _ = models.ParseDate(done)
	return a, err
}

// Actions lists action items of a meeting (0: all); open only when asked, by due date.
func (db *DB) Actions(ctx context.Context, meetingID int64, openOnly bool) ([]models.ActionItem, error) {
	where, args := []string{"1 = 1"}, []any{}
	if meetingID != 0 {
		where = append(where, "a.meeting_id = ?")
		args = append(args, meetingID)
	}
	if openOnly {
		where = append(where, "a.done_date IS NULL")
	}
	return queryList(ctx, db.read, "list actions", scanAction, `SELECT `+actionColumns+` FROM action_items a LEFT JOIN cases c ON c.id = a.case_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY a.due_date, a.id`, args...)
}

// SaveAction creates (ID 0) or updates an action item of a meeting.
func (db *DB) SaveAction(ctx context.Context, actor models.Actor, a models.ActionItem) (models.ActionItem, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		a, err = tx.SaveAction(a)
		return err
	})
	return a, err
}

// SaveAction creates or updates an action item inside a transaction.
func (tx *Tx) SaveAction(a models.ActionItem) (models.ActionItem, error) {
	m, err := getMeeting(tx.ctx, tx, a.MeetingID)
	if err != nil {
		return a, err
	}
	if err := a.Validate(m.Date); err != nil {
		return a, err
	}
	if a.CaseID != 0 {
		c, err := getCase(tx.ctx, tx, a.CaseID)
		if err != nil || c.MeetingID != a.MeetingID {
			return a, models.FieldErrors{"case_id": "unknown"}.Err()
		}
	}
	if a.ID == 0 {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO action_items (meeting_id, case_id, description, owner, due_date, done_date) VALUES (?, ?, ?, ?, ?, ?)`,
			a.MeetingID, nullID(a.CaseID), a.Description, a.Owner, a.DueDate.String(), nullDate(a.DoneDate))
		if err != nil {
			return a, fmt.Errorf("data: create action: %w", err)
		}
		a.ID, _ = res.LastInsertId()
		return a, tx.Audit("action", fmt.Sprint(a.ID), "create", nil, a)
	}
	res, err := tx.ExecContext(tx.ctx, `UPDATE action_items SET case_id = ?, description = ?, owner = ?, due_date = ?, done_date = ? WHERE id = ? AND meeting_id = ?`,
		nullID(a.CaseID), a.Description, a.Owner, a.DueDate.String(), nullDate(a.DoneDate), a.ID, a.MeetingID)
	if err != nil {
		return a, fmt.Errorf("data: update action: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return a, models.ErrNotFound
	}
	return a, tx.Audit("action", fmt.Sprint(a.ID), "update", nil, a)
}

// Action returns one action item.
func (db *DB) Action(ctx context.Context, id int64) (models.ActionItem, error) {
	a, err := scanAction(db.read.QueryRowContext(ctx, `SELECT `+actionColumns+` FROM action_items a LEFT JOIN cases c ON c.id = a.case_id WHERE a.id = ?`, id))
	if err != nil {
		return a, notFound(err, "get action")
	}
	return a, nil
}

// ReferCase sends a case on to another body: a new pending case there,
// with the first body's recommendation as its proposal and a link back, so
// both numbers show.
func (db *DB) ReferCase(ctx context.Context, actor models.Actor, fromID, toBody int64) (models.Case, error) {
	var out models.Case
	err := db.Update(ctx, actor, func(tx *Tx) error {
		from, err := getCase(tx.ctx, tx, fromID)
		if err != nil {
			return err
		}
		if from.Status != models.CaseDecided {
			return models.FieldErrors{"referred_from_case_id": "not_decided"}.Err()
		}
		background := strings.TrimSpace(from.Background + "\n\n" + fmt.Sprintf("Innstilling fra %s i sak %s.", from.BodyName, from.Number))
		out, err = tx.CreateCase(models.Case{BodyID: toBody, ReferredFromID: from.ID, Kind: "decision", Status: models.CasePending,
			Title: from.Title, Background: background, Proposal: from.Decision, ProjectID: from.ProjectID, ProcurementID: from.ProcurementID}, "")
		return err
	})
	return out, err
}
