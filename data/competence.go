package data

import (
	"context"
	"fmt"
	"strconv"

	"samla/models"
)

const courseSelect = `SELECT c.id, c.title, c.provider, c.kind, coalesce(c.start_date, ''), coalesce(c.end_date, ''),
	(SELECT count(*) FROM course_participants p WHERE p.course_id = c.id),
	(SELECT count(*) FROM course_participants p WHERE p.course_id = c.id AND p.completed = 1)
	FROM courses c`

func scanCourse(row rowScanner) (models.Course, error) {
	var c models.Course
	var start, end string
	err := row.Scan(&c.ID, &c.Title, &c.Provider, &c.Kind, &start, &end, &c.Participants, &c.Completed)
	c.Start, _ = models.ParseDate(start)
	c.End, _ = models.ParseDate(end)
	return c, err
}

// Courses lists the courses and programmes, newest first.
func (db *DB) Courses(ctx context.Context) ([]models.Course, error) {
	return queryList(ctx, db.read, "courses", scanCourse, courseSelect+` ORDER BY coalesce(c.start_date, '') DESC, c.id DESC`)
}

// Course returns one course with its figures.
func (db *DB) Course(ctx context.Context, id int64) (models.Course, error) {
	c, err := scanCourse(db.read.QueryRowContext(ctx, courseSelect+` WHERE c.id = ?`, id))
	if err != nil {
		return c, notFound(err, "get course")
	}
	return c, nil
}

// SaveCourse creates (ID 0) or changes a course.
func (db *DB) SaveCourse(ctx context.Context, actor models.Actor, c models.Course) (models.Course, error) {
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		c, err = tx.SaveCourse(c)
		return err
	})
	return c, err
}

// SaveCourse is SaveCourse in the transaction.
func (tx *Tx) SaveCourse(c models.Course) (models.Course, error) {
	if err := c.Validate(); err != nil {
		return c, err
	}
	action := "update"
	if c.ID == 0 {
		action = "create"
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO courses (title, provider, kind, start_date, end_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.Title, c.Provider, c.Kind, nullDate(c.Start), nullDate(c.End), tx.now, tx.now)
		if err != nil {
			return c, fmt.Errorf("data: create course: %w", err)
		}
		c.ID, _ = res.LastInsertId()
	} else {
		res, err := tx.ExecContext(tx.ctx, `UPDATE courses SET title = ?, provider = ?, kind = ?, start_date = ?, end_date = ?, updated_at = ? WHERE id = ?`,
			c.Title, c.Provider, c.Kind, nullDate(c.Start), nullDate(c.End), tx.now, c.ID)
		if err != nil {
			return c, fmt.Errorf("data: update course: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return c, models.ErrNotFound
		}
	}
	saved, err := scanCourse(tx.QueryRowContext(tx.ctx, courseSelect+` WHERE c.id = ?`, c.ID))
	if err != nil {
		return c, fmt.Errorf("data: save course: %w", err)
	}
	return saved, tx.Audit("course", fmt.Sprint(c.ID), action, nil, saved)
}

func scanParticipant(row rowScanner) (models.CourseParticipant, error) {
	var p models.CourseParticipant
	err := row.Scan(&p.Name, &p.Email, &p.Municipality, &p.Role, &p.Completed)
	return p, err
}

// Participants lists a course's participants by municipality and name.
func (db *DB) Participants(ctx context.Context, courseID int64) ([]models.CourseParticipant, error) {
	return queryList(ctx, db.read, "participants", scanParticipant, `SELECT name, email, municipality, role, completed
		FROM course_participants WHERE course_id = ? ORDER BY municipality, name, id`, courseID)
}

// SetParticipants replaces a course's participants, all or nothing: a row
// that is wrong is reported as "N.field" (N counts from 0) and nothing is
// written.
func (db *DB) SetParticipants(ctx context.Context, actor models.Actor, courseID int64, list []models.CourseParticipant) ([]models.CourseParticipant, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		return tx.SetParticipants(courseID, list)
	})
	return list, err
}

// CheckParticipants validates a participant list against the municipalities
// that exist; the problems are "N.field".
func (db *DB) CheckParticipants(ctx context.Context, list []models.CourseParticipant) (models.FieldErrors, error) {
	known, err := db.strings(ctx, `SELECT number FROM municipalities`)
	if err != nil {
		return nil, err
	}
	return checkParticipants(list, known), nil
}

func checkParticipants(list []models.CourseParticipant, known []string) models.FieldErrors {
	exists := map[string]bool{}
	for _, n := range known {
		exists[n] = true
	}
	f := models.FieldErrors{}
	seen := map[string]int{}
	for i := range list {
		p := &list[i]
		prefix := strconv.Itoa(i) + "."
		for k, v := range models.Fields(p.Validate()) {
			f.Add(prefix+k, v)
		}
		if models.ValidMunicipalityNumber(p.Municipality) && !exists[p.Municipality] {
			f.Add(prefix+"municipality", "unknown")
		}
		if p.Email != "" {
			if _, dup := seen[p.Email]; dup {
				f.Add(prefix+"email", "duplicate")
			}
			seen[p.Email] = i
		}
	}
	return f
}

// SetParticipants is SetParticipants in the transaction.
func (tx *Tx) SetParticipants(courseID int64, list []models.CourseParticipant) error {
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM courses WHERE id = ?`, courseID).Scan(&n); err != nil {
		return fmt.Errorf("data: set participants: %w", err)
	}
	if n == 0 {
		return models.ErrNotFound
	}
	known, err := queryList(tx.ctx, tx, "municipalities", func(r rowScanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, `SELECT number FROM municipalities`)
	if err != nil {
		return err
	}
	if err := checkParticipants(list, known).Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM course_participants WHERE course_id = ?`, courseID); err != nil {
		return fmt.Errorf("data: set participants: %w", err)
	}
	for _, p := range list {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO course_participants (course_id, name, email, municipality, role, completed) VALUES (?, ?, ?, ?, ?, ?)`,
			courseID, p.Name, p.Email, p.Municipality, p.Role, boolInt(p.Completed)); err != nil {
			return fmt.Errorf("data: set participants: %w", err)
		}
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE courses SET updated_at = ? WHERE id = ?`, tx.now, courseID); err != nil {
		return fmt.Errorf("data: set participants: %w", err)
	}
	return tx.Audit("course", fmt.Sprint(courseID), "participants", nil, map[string]int{"participants": len(list)})
}

// MunicipalityCompetence counts a municipality's participants over every
// course, in SQL: in all, completed, leaders (and those of them who
// completed), employees, and per course.
func (db *DB) MunicipalityCompetence(ctx context.Context, number string) (models.Competence, error) {
	// On the municipality's page and in its report: kept per write generation.
	return cachedRead(ctx, db, "municipality competence|"+number, func(ctx context.Context) (models.Competence, error) {
		return db.municipalityCompetence(ctx, number)
	})
}

func (db *DB) municipalityCompetence(ctx context.Context, number string) (models.Competence, error) {
	out := models.Competence{Municipality: number}
	err := db.read.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(completed), 0), coalesce(sum(role = 'leader'), 0),
		coalesce(sum(role = 'leader' AND completed = 1), 0), coalesce(sum(role = 'employee'), 0)
		FROM course_participants WHERE municipality = ?`, number).Scan(&out.Participants, &out.Completed, &out.Leaders, &out.LeadersCompleted, &out.Employees)
	if err != nil {
		return out, fmt.Errorf("data: municipality competence: %w", err)
	}
	out.Courses, err = queryList(ctx, db.read, "municipality courses", func(row rowScanner) (models.CourseTaken, error) {
		var c models.CourseTaken
		var start string
		err := row.Scan(&c.CourseID, &c.Title, &c.Kind, &start, &c.Participants, &c.Completed, &c.Leaders)
		c.Start, _ = models.ParseDate(start)
		return c, err
	}, `SELECT c.id, c.title, c.kind, coalesce(c.start_date, ''), count(*), sum(p.completed), sum(p.role = 'leader')
		FROM course_participants p JOIN courses c ON c.id = p.course_id WHERE p.municipality = ?
		GROUP BY c.id ORDER BY coalesce(c.start_date, '') DESC, c.id DESC`, number)
	return out, err
}
