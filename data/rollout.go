package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"samla/models"
)

const solutionColumns = `id, name, kind, owner, service_area, url, description, coalesce(project_id, 0), updated_at`

func scanSolution(row rowScanner) (models.Solution, error) {
	var s models.Solution
	var updated string
	err := row.Scan(&s.ID, &s.Name, &s.Kind, &s.Owner, &s.ServiceArea, &s.URL, &s.Description, &s.ProjectID, &updated)
	s.UpdatedAt = parseTime(updated)
	return s, err
}

// SolutionFilter narrows the catalogue; empty fields match every solution.
type SolutionFilter struct {
	ServiceArea string
	Kind        string
	ProjectID   int64
}

func (f SolutionFilter) where() (string, []any) {
	where, args := "1 = 1", []any{}
	if f.ServiceArea != "" {
		where += " AND service_area = ?"
		args = append(args, f.ServiceArea)
	}
	if f.Kind != "" {
		where += " AND kind = ?"
		args = append(args, f.Kind)
	}
	if f.ProjectID != 0 {
		where += " AND project_id = ?"
		args = append(args, f.ProjectID)
	}
	return where, args
}

// Solutions lists the catalogue by name.
func (db *DB) Solutions(ctx context.Context, f SolutionFilter) ([]models.Solution, error) {
	where, args := f.where()
	return queryList(ctx, db.read, "list solutions", scanSolution, `SELECT `+solutionColumns+` FROM solutions WHERE `+where+` ORDER BY name`, args...)
}

// Solution returns one solution.
func (db *DB) Solution(ctx context.Context, id int64) (models.Solution, error) {
	s, err := scanSolution(db.read.QueryRowContext(ctx, `SELECT `+solutionColumns+` FROM solutions WHERE id = ?`, id))
	if err != nil {
		return s, notFound(err, "get solution")
	}
	return s, nil
}

// SaveSolution creates (ID 0) or changes a solution.
func (db *DB) SaveSolution(ctx context.Context, actor models.Actor, s models.Solution) (models.Solution, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		s, err = tx.SaveSolution(s)
		return err
	})
	return s, err
}

// SaveSolution creates (ID 0) or changes a solution in the transaction.
func (tx *Tx) SaveSolution(s models.Solution) (models.Solution, error) {
	f := models.Fields(s.Validate())
	if f == nil {
		f = models.FieldErrors{}
	}
	if s.ProjectID != 0 {
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM projects WHERE id = ?`, s.ProjectID).Scan(&n); err != nil {
			return s, fmt.Errorf("data: save solution: %w", err)
		}
		if n == 0 {
			models.FieldErrors(f).Add("project_id", "unknown")
		}
	}
	var taken int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM solutions WHERE name = ? AND id <> ?`, s.Name, s.ID).Scan(&taken); err != nil {
		return s, fmt.Errorf("data: save solution: %w", err)
	}
	if taken > 0 {
		models.FieldErrors(f).Add("name", "taken")
	}
	if err := models.FieldErrors(f).Err(); err != nil {
		return s, err
	}
	var before any
	if s.ID == 0 {
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO solutions (name, kind, owner, service_area, url, description, project_id, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.Name, s.Kind, s.Owner, s.ServiceArea, s.URL, s.Description, nullID(s.ProjectID), tx.now)
		if err != nil {
			return s, fmt.Errorf("data: create solution: %w", err)
		}
		s.ID, _ = res.LastInsertId()
	} else {
		old, err := scanSolution(tx.QueryRowContext(tx.ctx, `SELECT `+solutionColumns+` FROM solutions WHERE id = ?`, s.ID))
		if err != nil {
			return s, notFound(err, "get solution")
		}
		before = old
		if _, err := tx.ExecContext(tx.ctx, `UPDATE solutions SET name = ?, kind = ?, owner = ?, service_area = ?, url = ?, description = ?,
			project_id = ?, updated_at = ? WHERE id = ?`, s.Name, s.Kind, s.Owner, s.ServiceArea, s.URL, s.Description, nullID(s.ProjectID), tx.now, s.ID); err != nil {
			return s, fmt.Errorf("data: update solution: %w", err)
		}
	}
	s.UpdatedAt = parseTime(tx.now)
	action := "create"
	if before != nil {
		action = "update"
	}
	return s, tx.Audit("solution", fmt.Sprint(s.ID), action, before, s)
}

const rolloutColumns = `r.solution_id, r.municipality, r.status, r.wave, coalesce(r.planned_date, ''), coalesce(r.in_use_date, ''),
	r.contact_email, r.comment, r.updated_at, coalesce(r.agreement_date, ''), coalesce(r.agreement_archive_id, 0)`

func scanRollout(row rowScanner) (models.Rollout, error) {
	var r models.Rollout
	var planned, inUse, updated, agreed string
	err := row.Scan(&r.SolutionID, &r.Municipality, &r.Status, &r.Wave, &planned, &inUse, &r.ContactEmail, &r.Comment, &updated, &agreed, &r.AgreementArchiveID)
	r.AgreementDate, _ = models.ParseDate(agreed)
	r.PlannedDate, _ = models.ParseDate(planned)
	r.InUseDate, _ = models.ParseDate(inUse)
	r.UpdatedAt = parseTime(updated)
	return r, err
}

// Rollouts lists a solution's row for every member municipality, by
// municipality name; a municipality without a row has not started.
func (db *DB) Rollouts(ctx context.Context, solutionID int64) ([]models.Rollout, error) {
	return queryList(ctx, db.read, "list rollouts", scanRollout, `SELECT ?, m.number, coalesce(r.status, 'not_started'), coalesce(r.wave, ''),
		coalesce(r.planned_date, ''), coalesce(r.in_use_date, ''), coalesce(r.contact_email, ''), coalesce(r.comment, ''), coalesce(r.updated_at, ''),
		coalesce(r.agreement_date, ''), coalesce(r.agreement_archive_id, 0)
		FROM municipalities m LEFT JOIN rollouts r ON r.municipality = m.number AND r.solution_id = ?
		WHERE m.member = 1 ORDER BY m.name`, solutionID, solutionID)
}

// MunicipalityRollouts lists a municipality's row for every solution, with
// the solution, by solution name.
func (db *DB) MunicipalityRollouts(ctx context.Context, number string) ([]models.Rollout, error) {
	return queryList(ctx, db.read, "municipality rollouts", scanRollout, `SELECT s.id, ?, coalesce(r.status, 'not_started'), coalesce(r.wave, ''),
		coalesce(r.planned_date, ''), coalesce(r.in_use_date, ''), coalesce(r.contact_email, ''), coalesce(r.comment, ''), coalesce(r.updated_at, ''),
		coalesce(r.agreement_date, ''), coalesce(r.agreement_archive_id, 0)
		FROM solutions s LEFT JOIN rollouts r ON r.solution_id = s.id AND r.municipality = ?
		ORDER BY s.name`, number, number)
}

// Rollout returns one municipality's row for a solution (not_started when
// it has none).
func (db *DB) Rollout(ctx context.Context, solutionID int64, number string) (models.Rollout, error) {
	r, err := scanRollout(db.read.QueryRowContext(ctx, `SELECT `+rolloutColumns+` FROM rollouts r WHERE r.solution_id = ? AND r.municipality = ?`, solutionID, number))
	if errors.Is(err, sql.ErrNoRows) {
		return models.Rollout{SolutionID: solutionID, Municipality: number, Status: models.RolloutNotStarted}, nil
	}
	if err != nil {
		return r, fmt.Errorf("data: get rollout: %w", err)
	}
	return r, nil
}

// SetRollout sets a member municipality's row for a solution, keeps the
// change in the history from today on, and audits it.
func (db *DB) SetRollout(ctx context.Context, actor models.Actor, r models.Rollout) (models.Rollout, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		r, err = tx.SetRollout(r)
		return err
	})
	return r, err
}

// SetRollout is SetRollout in the transaction.
func (tx *Tx) SetRollout(r models.Rollout) (models.Rollout, error) {
	today := models.DateOf(tx.db.Now().In(tx.db.location()))
	return tx.setRolloutFrom(r, today)
}

// setRolloutFrom sets a row as valid from a day (the demo backdates).
func (tx *Tx) setRolloutFrom(r models.Rollout, from models.Date) (models.Rollout, error) {
	if err := r.Validate(from); err != nil {
		return r, err
	}
	var member int
	err := tx.QueryRowContext(tx.ctx, `SELECT member FROM municipalities WHERE number = ?`, r.Municipality).Scan(&member)
	if errors.Is(err, sql.ErrNoRows) || err == nil && member == 0 {
		return r, models.FieldErrors{"municipality": "not_member"}.Err()
	} else if err != nil {
		return r, fmt.Errorf("data: set rollout: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM solutions WHERE id = ?`, r.SolutionID).Scan(&n); err != nil {
		return r, fmt.Errorf("data: set rollout: %w", err)
	}
	if n == 0 {
		return r, models.ErrNotFound
	}
	var before any
	if old, err := scanRollout(tx.QueryRowContext(tx.ctx, `SELECT `+rolloutColumns+` FROM rollouts r WHERE r.solution_id = ? AND r.municipality = ?`,
		r.SolutionID, r.Municipality)); err == nil {
		before = old
	} else if !errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("data: set rollout: %w", err)
	}
	// A row set for an earlier day (the demo's history) was last changed then.
	updated := tx.now
	if today := models.DateOf(tx.db.Now().In(tx.db.location())); from.Before(today) {
		updated = from.Format(timeLayout)
	}
	if r.AgreementArchiveID != 0 {
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM report_archive WHERE id = ?`, r.AgreementArchiveID).Scan(&n); err != nil {
			return r, fmt.Errorf("data: set rollout: %w", err)
		}
		if n == 0 {
			return r, models.FieldErrors{"agreement_archive_id": "unknown"}.Err()
		}
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO rollouts (solution_id, municipality, status, wave, planned_date, in_use_date, contact_email, comment, updated_at,
		agreement_date, agreement_archive_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (solution_id, municipality) DO UPDATE SET status = excluded.status, wave = excluded.wave,
		planned_date = excluded.planned_date, in_use_date = excluded.in_use_date, contact_email = excluded.contact_email,
		comment = excluded.comment, updated_at = excluded.updated_at, agreement_date = excluded.agreement_date,
		agreement_archive_id = excluded.agreement_archive_id`,
		r.SolutionID, r.Municipality, r.Status, r.Wave, nullDate(r.PlannedDate), nullDate(r.InUseDate), r.ContactEmail, r.Comment, updated,
		nullDate(r.AgreementDate), nullID(r.AgreementArchiveID)); err != nil {
		return r, fmt.Errorf("data: set rollout: %w", err)
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO rollout_history (solution_id, municipality, status, wave, planned_date, in_use_date, valid_from, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.SolutionID, r.Municipality, r.Status, r.Wave, nullDate(r.PlannedDate), nullDate(r.InUseDate),
		from.String(), tx.actor.String(), tx.now); err != nil {
		return r, fmt.Errorf("data: rollout history: %w", err)
	}
	r.UpdatedAt = parseTime(updated)
	return r, tx.Audit("rollout", fmt.Sprintf("%d/%s", r.SolutionID, r.Municipality), "set", before, r)
}

// AdoptionFilter narrows the adoption matrix: solutions of a service area
// or kind, and the state as of a day (zero: today).
type AdoptionFilter struct {
	ServiceArea string
	Kind        string
	AsOf        models.Date
}

// Adoption is the matrix of member municipalities × solutions with each
// municipality's figures (models.ComputeAdoption), as of a day. It is
// computed once per write generation and day (the dashboard and every
// municipality page ask for it); the result is shared, callers must not
// change it.
func (db *DB) Adoption(ctx context.Context, f AdoptionFilter) (models.Adoption, []models.Solution, error) {
	type result struct {
		a         models.Adoption
		solutions []models.Solution
	}
	key := fmt.Sprintf("adoption|%s|%s|%s|%s", f.ServiceArea, f.Kind, f.AsOf, db.today())
	r, err := cachedRead(ctx, db, key, func(ctx context.Context) (result, error) {
		a, solutions, err := db.adoption(ctx, f)
		return result{a, solutions}, err
	})
	return r.a, r.solutions, err
}

func (db *DB) adoption(ctx context.Context, f AdoptionFilter) (models.Adoption, []models.Solution, error) {
	solutions, err := db.Solutions(ctx, SolutionFilter{ServiceArea: f.ServiceArea, Kind: f.Kind})
	if err != nil {
		return models.Adoption{}, nil, err
	}
	members, err := db.memberMunicipalities(ctx)
	if err != nil {
		return models.Adoption{}, nil, err
	}
	ids := make([]int64, len(solutions))
	wanted := map[int64]bool{}
	for i, s := range solutions {
		ids[i], wanted[s.ID] = s.ID, true
	}
	cells, err := db.adoptionCells(ctx, f.AsOf)
	if err != nil {
		return models.Adoption{}, nil, err
	}
	kept := cells[:0]
	for _, c := range cells {
		if wanted[c.SolutionID] {
			kept = append(kept, c)
		}
	}
	return models.ComputeAdoption(members, ids, kept), solutions, nil
}

func (db *DB) memberMunicipalities(ctx context.Context) ([]models.Municipality, error) {
	return queryList(ctx, db.read, "list members", scanMunicipality, `SELECT `+municipalityColumns+` FROM municipalities WHERE member = 1 ORDER BY name`)
}

func scanCell(row rowScanner) (models.AdoptionCell, error) {
	var c models.AdoptionCell
	err := row.Scan(&c.SolutionID, &c.Municipality, &c.Status)
	return c, err
}

// adoptionCells are the rows of member municipalities, today's or as they
// were at the end of a past day (from the history).
func (db *DB) adoptionCells(ctx context.Context, asOf models.Date) ([]models.AdoptionCell, error) {
	today := db.today()
	if asOf.IsZero() || !asOf.Before(today) {
		return queryList(ctx, db.read, "adoption cells", scanCell, `SELECT r.solution_id, r.municipality, r.status
			FROM rollouts r JOIN municipalities m ON m.number = r.municipality AND m.member = 1 ORDER BY r.solution_id, r.municipality`)
	}
	return queryList(ctx, db.read, "adoption cells as of", scanCell, `SELECT solution_id, municipality, status FROM (
			SELECT h.solution_id, h.municipality, h.status,
				row_number() OVER (PARTITION BY h.solution_id, h.municipality ORDER BY h.valid_from DESC, h.id DESC) AS n
			FROM rollout_history h JOIN municipalities m ON m.number = h.municipality AND m.member = 1
			WHERE h.valid_from <= ?)
		WHERE n = 1 ORDER BY solution_id, municipality`, asOf.String())
}

// AdoptionOverTime sweeps the rollout history once and reports, for each
// of the last months (the current one included), the share of member
// municipalities with each solution in use at the month's end.
func (db *DB) AdoptionOverTime(ctx context.Context, months int) ([]models.AdoptionPoint, error) {
	members, err := db.memberMunicipalities(ctx)
	if err != nil {
		return nil, err
	}
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m.Number] = true
	}
	type change struct {
		cell models.AdoptionCell
		from string
	}
	rows, err := queryList(ctx, db.read, "adoption history", func(row rowScanner) (change, error) {
		var c change
		err := row.Scan(&c.cell.SolutionID, &c.cell.Municipality, &c.cell.Status, &c.from)
		return c, err
	}, `SELECT solution_id, municipality, status, valid_from FROM rollout_history ORDER BY valid_from, id`)
	if err != nil {
		return nil, err
	}
	now := db.Now().In(db.location())
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -(months - 1), 0)
	type cellKey struct {
		solution     int64
		municipality string
	}
	state := map[cellKey]string{}
	var out []models.AdoptionPoint
	i := 0
	for m := 0; m < months; m++ {
		start := first.AddDate(0, m, 0)
		end := start.AddDate(0, 1, 0).Format("2006-01-02") // changes before the next month's first day
		for ; i < len(rows) && rows[i].from < end; i++ {
			c := rows[i].cell
			state[cellKey{c.SolutionID, c.Municipality}] = c.Status
		}
		inUse := map[int64]int{}
		for k, st := range state {
			if st == models.RolloutInUse && isMember[k.municipality] {
				inUse[k.solution]++
			}
		}
		p := models.AdoptionPoint{Month: start.Format("2006-01"), Pct: map[int64]int{}}
		for id, n := range inUse {
			p.Pct[id] = int(100*float64(n)/float64(max(len(members), 1)) + 0.5)
		}
		out = append(out, p)
	}
	return out, nil
}

// OverdueRollouts lists rows whose planned date has passed while the
// solution is not yet in use and the row was not updated since that date,
// with the contacts of their municipalities to remind.
func (db *DB) OverdueRollouts(ctx context.Context, today models.Date) ([]models.Rollout, error) {
	return queryList(ctx, db.read, "overdue rollouts", scanRollout, `SELECT `+rolloutColumns+` FROM rollouts r
		JOIN municipalities m ON m.number = r.municipality AND m.member = 1
		WHERE r.status IN ('planned', 'in_progress', 'not_started') AND r.planned_date IS NOT NULL AND r.planned_date < ?
		AND substr(r.updated_at, 1, 10) <= r.planned_date ORDER BY r.municipality, r.solution_id`, today.String())
}

// MunicipalityRollout is one municipality's adoption (models.RolloutOf)
// over the solutions the filter selects. Kept per write generation.
func (db *DB) MunicipalityRollout(ctx context.Context, number string, f AdoptionFilter) (models.MunicipalityRollout, error) {
	return cachedRead(ctx, db, fmt.Sprintf("municipality rollout|%s|%+v", number, f), func(ctx context.Context) (models.MunicipalityRollout, error) {
		return db.municipalityRollout(ctx, number, f)
	})
}

func (db *DB) municipalityRollout(ctx context.Context, number string, f AdoptionFilter) (models.MunicipalityRollout, error) {
	a, solutions, err := db.Adoption(ctx, f)
	if err != nil {
		return models.MunicipalityRollout{}, err
	}
	rows, err := db.MunicipalityRollouts(ctx, number)
	if err != nil {
		return models.MunicipalityRollout{}, err
	}
	names := map[int64]string{}
	for _, s := range solutions {
		names[s.ID] = s.Name
	}
	return models.RolloutOf(a, number, rows, names), nil
}

// SolutionByName finds a solution by its name, in the transaction.
func (tx *Tx) SolutionByName(name string) (models.Solution, error) {
	s, err := scanSolution(tx.QueryRowContext(tx.ctx, `SELECT `+solutionColumns+` FROM solutions WHERE name = ?`, name))
	if err != nil {
		return s, notFound(err, "get solution")
	}
	return s, nil
}

// Rollout is a municipality's row for a solution, in the transaction
// (not_started when it has none).
func (tx *Tx) Rollout(solutionID int64, number string) (models.Rollout, error) {
	r, err := scanRollout(tx.QueryRowContext(tx.ctx, `SELECT `+rolloutColumns+` FROM rollouts r WHERE r.solution_id = ? AND r.municipality = ?`, solutionID, number))
	if errors.Is(err, sql.ErrNoRows) {
		return models.Rollout{SolutionID: solutionID, Municipality: number, Status: models.RolloutNotStarted}, nil
	}
	if err != nil {
		return r, fmt.Errorf("data: get rollout: %w", err)
	}
	return r, nil
}
