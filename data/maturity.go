package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"samla/models"
)

// MaturityAreas is the framework: the programme's own areas once it has
// changed them, KS's eight until then.
func (db *DB) MaturityAreas(ctx context.Context) ([]models.MaturityArea, error) {
	return maturityAreas(ctx, db.read)
}

func maturityAreas(ctx context.Context, q queryer) ([]models.MaturityArea, error) {
	list, err := queryList(ctx, q, "maturity areas", func(row rowScanner) (models.MaturityArea, error) {
		var a models.MaturityArea
		var levels string
		if err := row.Scan(&a.ID, &a.Name, &a.Description, &levels); err != nil {
			return a, err
		}
		return a, json.Unmarshal([]byte(levels), &a.Levels)
	}, `SELECT id, name, description, levels FROM maturity_areas ORDER BY position`)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return models.DefaultMaturityAreas(), nil
	}
	return list, nil
}

// SetMaturityAreas replaces the framework. Answers keep their scores of
// areas that are gone; the results show only the framework's areas.
func (db *DB) SetMaturityAreas(ctx context.Context, actor models.Actor, areas []models.MaturityArea) ([]models.MaturityArea, error) {
	if err := models.ValidateAreas(areas); err != nil {
		return areas, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		before, err := maturityAreas(tx.ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM maturity_areas`); err != nil {
			return fmt.Errorf("data: set maturity areas: %w", err)
		}
		for i, a := range areas {
			levels, _ := json.Marshal(a.Levels)
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO maturity_areas (id, position, name, description, levels) VALUES (?, ?, ?, ?, ?)`,
				a.ID, i, a.Name, a.Description, string(levels)); err != nil {
				return fmt.Errorf("data: set maturity areas: %w", err)
			}
		}
		return tx.Audit("maturity_areas", "", "set", before, areas)
	})
	return areas, err
}

const roundColumns = `id, name, year, opens, closes`

func scanRound(row rowScanner) (models.MaturityRound, error) {
	var r models.MaturityRound
	var opens, closes string
	err := row.Scan(&r.ID, &r.Name, &r.Year, &opens, &closes)
	r.Opens, _ = models.ParseDate(opens)
	r.Closes, _ = models.ParseDate(closes)
	return r, err
}

// MaturityRounds lists the rounds, newest first.
func (db *DB) MaturityRounds(ctx context.Context) ([]models.MaturityRound, error) {
	return queryList(ctx, db.read, "maturity rounds", scanRound, `SELECT `+roundColumns+` FROM maturity_rounds ORDER BY opens DESC, id DESC`)
}

// MaturityRound returns one round.
func (db *DB) MaturityRound(ctx context.Context, id int64) (models.MaturityRound, error) {
	r, err := scanRound(db.read.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM maturity_rounds WHERE id = ?`, id))
	if err != nil {
		return r, notFound(err, "get maturity round")
	}
	return r, nil
}

// PreviousRound is the round that opened last before this one (false: none).
func (db *DB) PreviousRound(ctx context.Context, r models.MaturityRound) (models.MaturityRound, bool, error) {
	p, err := scanRound(db.read.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM maturity_rounds
		WHERE opens < ? OR opens = ? AND id < ? ORDER BY opens DESC, id DESC LIMIT 1`, r.Opens.String(), r.Opens.String(), r.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("data: previous round: %w", err)
	}
	return p, true, nil
}

// SaveMaturityRound creates (ID 0) or changes a round.
func (db *DB) SaveMaturityRound(ctx context.Context, actor models.Actor, r models.MaturityRound) (models.MaturityRound, error) {
	if err := r.Validate(); err != nil {
		return r, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		r, err = tx.SaveMaturityRound(r)
		return err
	})
	return r, err
}

// SaveMaturityRound is SaveMaturityRound in the transaction.
func (tx *Tx) SaveMaturityRound(r models.MaturityRound) (models.MaturityRound, error) {
	if err := r.Validate(); err != nil {
		return r, err
	}
	if r.ID == 0 {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO maturity_rounds (name, year, opens, closes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			r.Name, r.Year, r.Opens.String(), r.Closes.String(), tx.now, tx.now)
		if err != nil {
			return r, fmt.Errorf("data: create maturity round: %w", err)
		}
		r.ID, _ = res.LastInsertId()
		return r, tx.Audit("maturity_round", fmt.Sprint(r.ID), "create", nil, r)
	}
	before, err := scanRound(tx.QueryRowContext(tx.ctx, `SELECT `+roundColumns+` FROM maturity_rounds WHERE id = ?`, r.ID))
	if err != nil {
		return r, notFound(err, "get maturity round")
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE maturity_rounds SET name = ?, year = ?, opens = ?, closes = ?, updated_at = ? WHERE id = ?`,
		r.Name, r.Year, r.Opens.String(), r.Closes.String(), tx.now, r.ID); err != nil {
		return r, fmt.Errorf("data: update maturity round: %w", err)
	}
	return r, tx.Audit("maturity_round", fmt.Sprint(r.ID), "update", before, r)
}

// MaturityAnswers lists a round's answers with their scores and comments.
func (db *DB) MaturityAnswers(ctx context.Context, roundID int64) ([]models.MaturityAnswer, error) {
	return maturityAnswers(ctx, db.read, roundID, "")
}

// MaturityAnswer is one municipality's answer (empty when it has none).
func (db *DB) MaturityAnswer(ctx context.Context, roundID int64, number string) (models.MaturityAnswer, error) {
	list, err := maturityAnswers(ctx, db.read, roundID, number)
	if err != nil || len(list) == 0 {
		return models.MaturityAnswer{RoundID: roundID, Municipality: number, Scores: map[string]int{}, Comments: map[string]string{}}, err
	}
	return list[0], nil
}

func maturityAnswers(ctx context.Context, q queryer, roundID int64, number string) ([]models.MaturityAnswer, error) {
	type row struct {
		number, by, at, area, comment string
		score                         sql.NullInt64
	}
	where, args := "a.round_id = ?", []any{roundID}
	if number != "" {
		where += " AND a.municipality = ?"
		args = append(args, number)
	}
	rows, err := queryList(ctx, q, "maturity answers", func(r rowScanner) (row, error) {
		var x row
		err := r.Scan(&x.number, &x.by, &x.at, &x.area, &x.score, &x.comment)
		return x, err
	}, `SELECT a.municipality, a.answered_by, a.updated_at, coalesce(s.area_id, ''), s.score, coalesce(s.comment, '')
		FROM maturity_answers a LEFT JOIN maturity_scores s ON s.round_id = a.round_id AND s.municipality = a.municipality
		WHERE `+where+` ORDER BY a.municipality, s.area_id`, args...)
	if err != nil {
		return nil, err
	}
	out := []models.MaturityAnswer{}
	for _, x := range rows {
		if len(out) == 0 || out[len(out)-1].Municipality != x.number {
			out = append(out, models.MaturityAnswer{RoundID: roundID, Municipality: x.number, AnsweredBy: x.by, UpdatedAt: x.at,
				Scores: map[string]int{}, Comments: map[string]string{}})
		}
		a := &out[len(out)-1]
		if x.area == "" {
			continue
		}
		if x.score.Valid {
			a.Scores[x.area] = int(x.score.Int64)
		}
		if x.comment != "" {
			a.Comments[x.area] = x.comment
		}
	}
	return out, nil
}

// SetMaturityAnswer stores a member municipality's answer to a round,
// replacing its scores and comments. Who may, and until when, the caller
// decides (models.CanAnswerMaturity).
func (db *DB) SetMaturityAnswer(ctx context.Context, actor models.Actor, a models.MaturityAnswer) (models.MaturityAnswer, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		a, err = tx.SetMaturityAnswer(a)
		return err
	})
	return a, err
}

// SetMaturityAnswer is SetMaturityAnswer in the transaction.
func (tx *Tx) SetMaturityAnswer(a models.MaturityAnswer) (models.MaturityAnswer, error) {
	areas, err := maturityAreas(tx.ctx, tx)
	if err != nil {
		return a, err
	}
	if a.Scores == nil {
		a.Scores = map[string]int{}
	}
	if a.Comments == nil {
		a.Comments = map[string]string{}
	}
	if err := a.Validate(areas); err != nil {
		return a, err
	}
	var member int
	err = tx.QueryRowContext(tx.ctx, `SELECT member FROM municipalities WHERE number = ?`, a.Municipality).Scan(&member)
	if errors.Is(err, sql.ErrNoRows) || err == nil && member == 0 {
		return a, models.FieldErrors{"municipality": "not_member"}.Err()
	} else if err != nil {
		return a, fmt.Errorf("data: set maturity answer: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM maturity_rounds WHERE id = ?`, a.RoundID).Scan(&n); err != nil {
		return a, fmt.Errorf("data: set maturity answer: %w", err)
	}
	if n == 0 {
		return a, models.ErrNotFound
	}
	before, err := maturityAnswers(tx.ctx, tx, a.RoundID, a.Municipality)
	if err != nil {
		return a, err
	}
	a.AnsweredBy, a.UpdatedAt = tx.actor.String(), tx.now
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO maturity_answers (round_id, municipality, answered_by, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (round_id, municipality) DO UPDATE SET answered_by = excluded.answered_by, updated_at = excluded.updated_at`,
		a.RoundID, a.Municipality, a.AnsweredBy, a.UpdatedAt); err != nil {
		return a, fmt.Errorf("data: set maturity answer: %w", err)
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM maturity_scores WHERE round_id = ? AND municipality = ?`, a.RoundID, a.Municipality); err != nil {
		return a, fmt.Errorf("data: set maturity answer: %w", err)
	}
	for _, ar := range areas {
		score, comment := a.Scores[ar.ID], a.Comments[ar.ID]
		if score == 0 && comment == "" {
			continue
		}
		var s any
		if score != 0 {
			s = score
		}
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO maturity_scores (round_id, municipality, area_id, score, comment) VALUES (?, ?, ?, ?, ?)`,
			a.RoundID, a.Municipality, ar.ID, s, comment); err != nil {
			return a, fmt.Errorf("data: set maturity answer: %w", err)
		}
	}
	var old any
	if len(before) > 0 {
		old = before[0]
	}
	return a, tx.Audit("maturity_answer", fmt.Sprintf("%d/%s", a.RoundID, a.Municipality), "set", old, a)
}

// MaturityResults are a round's figures (models.ComputeMaturity) over the
// member municipalities, with the change since the previous round. They
// are computed once per write generation; callers must not change them.
func (db *DB) MaturityResults(ctx context.Context, roundID int64) (models.MaturityResults, []models.MaturityArea, error) {
	type result struct {
		r     models.MaturityResults
		areas []models.MaturityArea
	}
	r, err := cachedRead(ctx, db, "maturity|"+strconv.FormatInt(roundID, 10), func(ctx context.Context) (result, error) {
		r, areas, err := db.maturityResults(ctx, roundID)
		return result{r, areas}, err
	})
	return r.r, r.areas, err
}

func (db *DB) maturityResults(ctx context.Context, roundID int64) (models.MaturityResults, []models.MaturityArea, error) {
	round, err := db.MaturityRound(ctx, roundID)
	if err != nil {
		return models.MaturityResults{}, nil, err
	}
	areas, err := db.MaturityAreas(ctx)
	if err != nil {
		return models.MaturityResults{}, nil, err
	}
	members, err := db.memberMunicipalities(ctx)
	if err != nil {
		return models.MaturityResults{}, nil, err
	}
	answers, err := db.maturityScores(ctx, roundID)
	if err != nil {
		return models.MaturityResults{}, nil, err
	}
	var previous []models.MaturityAnswer
	prev, ok, err := db.PreviousRound(ctx, round)
	if err != nil {
		return models.MaturityResults{}, nil, err
	}
	if ok {
		if previous, err = db.maturityScores(ctx, prev.ID); err != nil {
			return models.MaturityResults{}, nil, err
		}
	}
	r := models.ComputeMaturity(areas, members, answers, previous)
	r.RoundID = roundID
	if ok {
		r.PreviousRoundID = prev.ID
	}
	return r, areas, nil
}

// maturityScores are a round's scores alone, by municipality: what the
// results need, read in one pass over the scores' primary key.
func (db *DB) maturityScores(ctx context.Context, roundID int64) ([]models.MaturityAnswer, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT municipality, area_id, score FROM maturity_scores
		WHERE round_id = ? AND score IS NOT NULL ORDER BY municipality`, roundID)
	if err != nil {
		return nil, fmt.Errorf("data: maturity scores: %w", err)
	}
	defer rows.Close()
	out := []models.MaturityAnswer{}
	var number, area string
	var score int
	for rows.Next() {
		if err := rows.Scan(&number, &area, &score); err != nil {
			return nil, fmt.Errorf("data: maturity scores: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Municipality != number {
			out = append(out, models.MaturityAnswer{RoundID: roundID, Municipality: number, Scores: make(map[string]int, 8)})
		}
		out[len(out)-1].Scores[area] = score
	}
	return out, rows.Err()
}

// LatestMaturity is the newest round that has opened by today and the
// results of it (false: no round yet).
func (db *DB) LatestMaturity(ctx context.Context, today models.Date) (models.MaturityRound, models.MaturityResults, []models.MaturityArea, bool, error) {
	r, err := cachedRead(ctx, db, "latest round|"+today.String(), func(ctx context.Context) (models.MaturityRound, error) {
		return scanRound(db.read.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM maturity_rounds WHERE opens <= ? ORDER BY opens DESC, id DESC LIMIT 1`, today.String()))
	})
	if errors.Is(err, sql.ErrNoRows) {
		return r, models.MaturityResults{}, nil, false, nil
	}
	if err != nil {
		return r, models.MaturityResults{}, nil, false, fmt.Errorf("data: latest round: %w", err)
	}
	res, areas, err := db.MaturityResults(ctx, r.ID)
	return r, res, areas, err == nil, err
}

// OpenMaturityRounds lists the rounds open on a day, closing soonest first.
func (db *DB) OpenMaturityRounds(ctx context.Context, today models.Date) ([]models.MaturityRound, error) {
	return queryList(ctx, db.read, "open rounds", scanRound, `SELECT `+roundColumns+` FROM maturity_rounds
		WHERE opens <= ? AND closes >= ? ORDER BY closes, id`, today.String(), today.String())
}

// MaturityReminder is a contact to remind of a round their municipality
// has not answered.
type MaturityReminder struct {
	Round        models.MaturityRound
	Email        string
	Municipality models.Municipality
}

// UnansweredContacts lists, for the rounds that close within a week of
// today (and are open), the active contacts of member municipalities that
// have not answered.
func (db *DB) UnansweredContacts(ctx context.Context, today models.Date) ([]MaturityReminder, error) {
	week := models.DateOf(today.AddDate(0, 0, 7))
	return queryList(ctx, db.read, "unanswered contacts", func(row rowScanner) (MaturityReminder, error) {
		var m MaturityReminder
		var opens, closes string
		err := row.Scan(&m.Round.ID, &m.Round.Name, &m.Round.Year, &opens, &closes, &m.Email, &m.Municipality.Number, &m.Municipality.Name)
		m.Round.Opens, _ = models.ParseDate(opens)
		m.Round.Closes, _ = models.ParseDate(closes)
		return m, err
	}, `SELECT r.id, r.name, r.year, r.opens, r.closes, u.email, m.number, m.name
		FROM maturity_rounds r
		JOIN users u ON u.role = 'contact' AND u.disabled = 0
		JOIN municipalities m ON m.number = u.municipality AND m.member = 1
		WHERE r.opens <= ? AND r.closes >= ? AND r.closes <= ?
		AND NOT EXISTS (SELECT 1 FROM maturity_scores s WHERE s.round_id = r.id AND s.municipality = m.number AND s.score IS NOT NULL)
		ORDER BY r.id, u.email`, today.String(), today.String(), week.String())
}

// MaturityWork is the work a contact has with maturity: each open round
// their municipality has not answered in full, due when it closes (home page).
func (db *DB) MaturityWork(ctx context.Context, u models.User, today models.Date) ([]models.WorkItem, error) {
	if u.Role != models.RoleContact || u.Municipality == "" {
		return []models.WorkItem{}, nil
	}
	rounds, err := db.OpenMaturityRounds(ctx, today)
	if err != nil {
		return nil, err
	}
	areas, err := db.MaturityAreas(ctx)
	if err != nil {
		return nil, err
	}
	out := []models.WorkItem{}
	for _, r := range rounds {
		a, err := db.MaturityAnswer(ctx, r.ID, u.Municipality)
		if err != nil {
			return nil, err
		}
		missing := 0
		for _, ar := range areas {
			if a.Scores[ar.ID] == 0 {
				missing++
			}
		}
		if missing == 0 {
			continue
		}
		out = append(out, models.WorkItem{Kind: models.WorkMaturity, Title: r.Name, Due: r.Closes, Overdue: r.Closes.Before(today),
			URL: fmt.Sprintf("/maturity/rounds/%d/municipalities/%s", r.ID, u.Municipality), RefID: r.ID})
	}
	return out, nil
}
