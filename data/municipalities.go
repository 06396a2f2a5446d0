package data

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"samla/models"
)

// Municipalities lists all municipalities by number; computed once per
// write generation and shared, so callers must not change the list.
func (db *DB) Municipalities(ctx context.Context) ([]models.Municipality, error) {
	return cachedRead(ctx, db, "municipalities", func(ctx context.Context) ([]models.Municipality, error) {
		return queryList(ctx, db.read, "list municipalities", scanMunicipality, `SELECT `+municipalityColumns+` FROM municipalities ORDER BY number`)
	})
}

// Municipality returns one municipality by its number, from the kept list.
func (db *DB) Municipality(ctx context.Context, number string) (models.Municipality, error) {
	list, err := db.Municipalities(ctx)
	if err != nil {
		return models.Municipality{}, err
	}
	i, ok := slices.BinarySearchFunc(list, number, func(m models.Municipality, n string) int { return strings.Compare(m.Number, n) })
	if !ok {
		return models.Municipality{}, models.ErrNotFound
	}
	return list[i], nil
}

const municipalityColumns = `number, name, population, member, population_date, coalesce(member_from, ''), coalesce(member_to, ''), coalesce(member_case_id, 0)`

func scanMunicipality(row rowScanner) (models.Municipality, error) {
	var m models.Municipality
	var date, from, to string
	err := row.Scan(&m.Number, &m.Name, &m.Population, &m.Member, &date, &from, &to, &m.MemberCaseID)
	m.PopulationDate, _ = models.ParseDate(date)
	m.MemberFrom, _ = models.ParseDate(from)
	m.MemberTo, _ = models.ParseDate(to)
	return m, err
}

func getMunicipality(ctx context.Context, q rowQueryer, number string) (models.Municipality, error) {
	m, err := scanMunicipality(q.QueryRowContext(ctx, `SELECT `+municipalityColumns+` FROM municipalities WHERE number = ?`, number))
	if err != nil {
		return m, notFound(err, "get municipality")
	}
	return m, nil
}

// CreateMunicipality adds a municipality; its number must be new.
func (db *DB) CreateMunicipality(ctx context.Context, actor models.Actor, m models.Municipality) error {
	m.Name = strings.TrimSpace(m.Name)
	if m.PopulationDate.IsZero() {
		m.PopulationDate = defaultPopulationDate(db.Now())
	}
	if err := m.Validate(); err != nil {
		return err
	}
	return db.Update(ctx, actor, func(tx *Tx) error {
		return tx.CreateMunicipality(m)
	})
}

// CreateMunicipality adds a municipality inside a transaction.
func (tx *Tx) CreateMunicipality(m models.Municipality) error {
	if _, err := getMunicipality(tx.ctx, tx, m.Number); err == nil {
		return models.FieldErrors{"number": "taken"}.Err()
	}
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO municipalities (number, name, population, member, population_date, member_from, member_to, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.Number, m.Name, m.Population, boolInt(m.Member), m.PopulationDate.String(), nullDate(m.MemberFrom), nullDate(m.MemberTo), tx.now)
	if err != nil {
		return fmt.Errorf("data: create municipality: %w", err)
	}
	if err := tx.setPopulation(m.Number, m.PopulationDate.Year(), m.Population); err != nil {
		return err
	}
	return tx.Audit("municipality", m.Number, "create", nil, m)
}

// UpdateMunicipality changes a municipality's name, population and membership.
// The number identifies it and does not change. A zero population date
// keeps the one it had.
func (db *DB) UpdateMunicipality(ctx context.Context, actor models.Actor, m models.Municipality) error {
	return db.Update(ctx, actor, func(tx *Tx) error { return tx.UpdateMunicipality(m) })
}

// UpdateMunicipality changes a municipality inside a transaction.
func (tx *Tx) UpdateMunicipality(m models.Municipality) error {
	m.Name = strings.TrimSpace(m.Name)
	before, err := getMunicipality(tx.ctx, tx, m.Number)
	if err != nil {
		return err
	}
	if m.PopulationDate.IsZero() {
		m.PopulationDate = before.PopulationDate
	}
	if err := m.Validate(); err != nil {
		return err
	}
	// Every year's population is kept for that year's keys.
	if err := tx.setPopulation(m.Number, m.PopulationDate.Year(), m.Population); err != nil {
		return err
	}
	if before == m {
		return nil
	}
	if m.MemberCaseID != 0 && m.MemberCaseID != before.MemberCaseID {
		var n int
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM cases WHERE id = ?`, m.MemberCaseID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return models.FieldErrors{"member_case_id": "unknown"}.Err()
		}
	}
	_, err = tx.ExecContext(tx.ctx, `UPDATE municipalities SET name = ?, population = ?, member = ?, population_date = ?,
		member_from = ?, member_to = ?, member_case_id = ?, updated_at = ? WHERE number = ?`, m.Name, m.Population, boolInt(m.Member),
		m.PopulationDate.String(), nullDate(m.MemberFrom), nullDate(m.MemberTo), nullID(m.MemberCaseID), tx.now, m.Number)
	if err != nil {
		return fmt.Errorf("data: update municipality: %w", err)
	}
	return tx.Audit("municipality", m.Number, "update", before, m)
}

// Municipality returns a municipality inside a transaction.
func (tx *Tx) Municipality(number string) (models.Municipality, error) {
	return getMunicipality(tx.ctx, tx, number)
}

// MemberTotals returns how many member municipalities there are and their population.
func (db *DB) MemberTotals(ctx context.Context) (count, population int64, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(population), 0) FROM municipalities WHERE member = 1`).
		Scan(&count, &population)
	if err != nil {
		err = fmt.Errorf("data: member totals: %w", err)
	}
	return count, population, err
}

// defaultPopulationDate is 1 January of the year: the date SSB counts.
func defaultPopulationDate(now time.Time) models.Date {
	return models.Date{Time: time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC)}
}

// SetPopulation records a municipality's population for an earlier year
// without changing the current one (an import of several years).
func (tx *Tx) SetPopulation(number string, year int, population int64) error {
	if population < 0 || population > models.MaxPopulation {
		return models.FieldErrors{"population": "range"}.Err()
	}
	if err := tx.setPopulation(number, year, population); err != nil {
		return err
	}
	return tx.Audit("population", fmt.Sprintf("%s/%d", number, year), "set", nil, population)
}
