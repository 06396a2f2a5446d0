package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"samla/models"
)

const bodyColumns = `id, name, kind, mandate, coalesce(mandate_archive_id, 0), updated_at`

func scanBody(row rowScanner) (models.Body, error) {
	var b models.Body
	var updated string
	err := row.Scan(&b.ID, &b.Name, &b.Kind, &b.Mandate, &b.MandateArchiveID, &updated)
	b.UpdatedAt = parseTime(updated)
	b.Members = []models.BodyMember{}
	return b, err
}

const memberColumns = `bm.id, bm.body_id, coalesce(u.email, ''), coalesce(u.name, bm.name), coalesce(u.email, bm.email),
	coalesce(bm.municipality, ''), bm.role, bm.from_date, coalesce(bm.to_date, ''), coalesce(bm.user_id, 0)`

func scanMember(row rowScanner) (int64, models.BodyMember, error) {
	var m models.BodyMember
	var body int64
	var from, to string
	err := row.Scan(&m.ID, &body, &m.UserEmail, &m.Name, &m.Email, &m.Municipality, &m.Role, &from, &to, &m.UserID)
	m.From, _ = models.ParseDate(from)
	m.To, _ = models.ParseDate(to)
	return body, m, err
}

// Bodies lists the cooperation's bodies with their members, the steering
// group and councils first.
func (db *DB) Bodies(ctx context.Context) ([]models.Body, error) {
	return cachedRead(ctx, db, "bodies", func(ctx context.Context) ([]models.Body, error) {
		return listBodies(ctx, db.read)
	})
}

func listBodies(ctx context.Context, q queryer) ([]models.Body, error) {
	list, err := queryList(ctx, q, "list bodies", scanBody, `SELECT `+bodyColumns+` FROM bodies ORDER BY
		CASE kind WHEN 'council' THEN 0 WHEN 'board' THEN 1 WHEN 'steering_group' THEN 2 WHEN 'programme_council' THEN 3 WHEN 'working_group' THEN 4 ELSE 5 END, name`)
	if err != nil {
		return nil, err
	}
	at := map[int64]int{}
	for i, b := range list {
		at[b.ID] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT `+memberColumns+` FROM body_members bm LEFT JOIN users u ON u.id = bm.user_id
		ORDER BY bm.body_id, CASE bm.role WHEN 'chair' THEN 0 WHEN 'member' THEN 1 WHEN 'deputy' THEN 2 ELSE 3 END, bm.municipality, bm.id`)
	if err != nil {
		return nil, fmt.Errorf("data: members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		body, m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		if i, ok := at[body]; ok {
			list[i].Members = append(list[i].Members, m)
		}
	}
	return list, rows.Err()
}

// Body returns one body with its members.
func (db *DB) Body(ctx context.Context, id int64) (models.Body, error) {
	list, err := db.Bodies(ctx)
	return findBody(list, err, id)
}

func (tx *Tx) body(id int64) (models.Body, error) {
	list, err := listBodies(tx.ctx, tx)
	return findBody(list, err, id)
}

// findBody looks a body up in a list just read (err: the read's).
func findBody(list []models.Body, err error, id int64) (models.Body, error) {
	if err != nil {
		return models.Body{}, err
	}
	for _, b := range list {
		if b.ID == id {
			return b, nil
		}
	}
	return models.Body{}, models.ErrNotFound
}

// SteeringBodyID is the body that decides what no other body was named
// for: decision needs from status reports, meetings and cases without a
// body. It is the oldest steering group (the migrated one).
func (db *DB) SteeringBodyID(ctx context.Context) (int64, error) {
	return steeringBody(ctx, db.read)
}

func steeringBody(ctx context.Context, q rowQueryer) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM bodies ORDER BY kind <> 'steering_group', id LIMIT 1`).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("data: steering body: %w", err)
	}
	return id, nil
}

// SaveBody creates (ID 0) or updates a body; with members it replaces the
// members too (a user named by user_email takes its name and e-mail from
// the user). A body's members are its history: end a membership with a to
// date rather than remove it.
func (db *DB) SaveBody(ctx context.Context, actor models.Actor, b models.Body, withMembers bool) (models.Body, error) {
	return db.SaveBodyMandate(ctx, actor, b, withMembers, nil)
}

// Mandate is a body's mandate document as uploaded: a PDF for the archive.
type Mandate struct {
	Title, Filename string
	PDF             []byte
}

// SaveBodyMandate is SaveBody that also keeps a new mandate document in
// the archive, in the same transaction.
func (db *DB) SaveBodyMandate(ctx context.Context, actor models.Actor, b models.Body, withMembers bool, mandate *Mandate) (models.Body, error) {
	if err := b.Validate(); err != nil {
		return b, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		if b, err = tx.SaveBody(b, withMembers); err != nil || mandate == nil {
			return err
		}
		b.MandateArchiveID, err = tx.ArchiveReport(ArchivedReport{Kind: "mandate", Key: fmt.Sprint(b.ID), Title: mandate.Title, Filename: mandate.Filename}, mandate.PDF)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE bodies SET mandate_archive_id = ? WHERE id = ?`, b.MandateArchiveID, b.ID)
		return err
	})
	if err != nil {
		return b, err
	}
	return db.Body(ctx, b.ID)
}

// SaveBody creates or updates a body inside a transaction.
func (tx *Tx) SaveBody(b models.Body, withMembers bool) (models.Body, error) {
	if err := b.Validate(); err != nil {
		return b, err
	}
	var before *models.Body
	var taken int64
	err := tx.QueryRowContext(tx.ctx, `SELECT id FROM bodies WHERE name = ? COLLATE NOCASE AND id <> ?`, b.Name, b.ID).Scan(&taken)
	switch {
	case err == nil:
		return b, models.FieldErrors{"name": "taken"}.Err()
	case !errors.Is(err, sql.ErrNoRows):
		return b, err
	}
	if b.ID == 0 {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO bodies (name, kind, mandate, mandate_archive_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			b.Name, b.Kind, b.Mandate, nullID(b.MandateArchiveID), tx.now, tx.now)
		if err != nil {
			return b, fmt.Errorf("data: create body: %w", err)
		}
		b.ID, _ = res.LastInsertId()
	} else {
		old, err := tx.body(b.ID)
		if err != nil {
			return b, err
		}
		before = &old
		if _, err := tx.ExecContext(tx.ctx, `UPDATE bodies SET name = ?, kind = ?, mandate = ?, mandate_archive_id = ?, updated_at = ? WHERE id = ?`,
			b.Name, b.Kind, b.Mandate, nullID(b.MandateArchiveID), tx.now, b.ID); err != nil {
			return b, fmt.Errorf("data: update body: %w", err)
		}
	}
	if withMembers || before == nil {
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM body_members WHERE body_id = ?`, b.ID); err != nil {
			return b, err
		}
		f := models.FieldErrors{}
		for i := range b.Members {
			if err := tx.insertMember(b.ID, &b.Members[i], fmt.Sprintf("members[%d].", i), f); err != nil {
				return b, err
			}
		}
		if err := f.Err(); err != nil {
			return b, err
		}
	}
	after, err := tx.body(b.ID)
	if err != nil {
		return b, err
	}
	if before == nil {
		return after, tx.Audit("body", fmt.Sprint(b.ID), "create", nil, after)
	}
	return after, tx.Audit("body", fmt.Sprint(b.ID), "update", before, after)
}

// insertMember adds a member, resolving a user by e-mail; what is unknown
// goes into f under prefix.
func (tx *Tx) insertMember(bodyID int64, m *models.BodyMember, prefix string, f models.FieldErrors) error {
	if m.UserEmail != "" {
		var name, mun string
		err := tx.QueryRowContext(tx.ctx, `SELECT id, name, coalesce(municipality, '') FROM users WHERE email = ? COLLATE NOCASE`, m.UserEmail).Scan(&m.UserID, &name, &mun)
		if errors.Is(err, sql.ErrNoRows) {
			f.Add(prefix+"user_email", "unknown")
			return nil
		} else if err != nil {
			return err
		}
		m.Name, m.Email = name, ""
		if m.Municipality == "" {
			m.Municipality = mun
		}
	}
	if m.Municipality != "" {
		if _, err := tx.Municipality(m.Municipality); err != nil {
			f.Add(prefix+"municipality", "unknown")
			return nil
		}
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO body_members (body_id, user_id, name, email, municipality, role, from_date, to_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		bodyID, nullID(m.UserID), m.Name, strings.ToLower(m.Email), nullText(m.Municipality), m.Role, m.From.String(), nullDate(m.To))
	if err != nil {
		return fmt.Errorf("data: add member: %w", err)
	}
	m.ID, _ = res.LastInsertId()
	return nil
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// AddMember adds one member to a body.
func (db *DB) AddMember(ctx context.Context, actor models.Actor, bodyID int64, m models.BodyMember) (models.BodyMember, error) {
	if err := m.Validate(); err != nil {
		return m, err
	}
	f := models.FieldErrors{}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		if _, err := tx.body(bodyID); err != nil {
			return err
		}
		if err := tx.insertMember(bodyID, &m, "", f); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		return tx.Audit("body", fmt.Sprint(bodyID), "add_member", nil, m)
	})
	return m, err
}

// EndMember ends a membership on a day; the member stays in the history.
func (db *DB) EndMember(ctx context.Context, actor models.Actor, bodyID, memberID int64, day models.Date) error {
	return db.Update(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `UPDATE body_members SET to_date = ? WHERE id = ? AND body_id = ? AND (to_date IS NULL OR to_date > ?)
			AND from_date <= ?`, day.String(), memberID, bodyID, day.String(), day.String())
		if err != nil {
			return fmt.Errorf("data: end member: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit("body", fmt.Sprint(bodyID), "end_member", nil, map[string]any{"member": memberID, "to": day.String()})
	})
}

// Representation is where a municipality sits in one body (models).
type Representation = models.Representation

// RepresentationOf lists every body with the municipality's current members.
func (db *DB) RepresentationOf(ctx context.Context, number string, day models.Date) ([]Representation, error) {
	bodies, err := db.Bodies(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Representation, len(bodies))
	for i, b := range bodies {
		out[i].Body = b
		for _, m := range b.Members {
			if m.Municipality == number && m.Current(day) {
				out[i].Members = append(out[i].Members, m)
			}
		}
	}
	return out, nil
}
