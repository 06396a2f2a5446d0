package data

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"samla/models"
)

// targets reads the explicit per-municipality targets of the benefits the
// where clause selects (b and p as in benefits).
func (db *DB) targets(ctx context.Context, where string, args []any) (map[int64][]models.MunicipalityTarget, error) {
	type row struct {
		id int64
		t  models.MunicipalityTarget
	}
	rows, err := queryList(ctx, db.read, "benefit targets", func(r rowScanner) (row, error) {
		var x row
		err := r.Scan(&x.id, &x.t.Municipality, &x.t.Target)
		return x, err
	}, `SELECT bt.benefit_id, bt.municipality, bt.target FROM benefit_targets bt
		WHERE bt.benefit_id IN (SELECT b.id FROM benefits b JOIN projects p ON p.id = b.project_id WHERE `+where+`)
		ORDER BY bt.benefit_id, bt.municipality`, args...)
	if err != nil {
		return nil, err
	}
	out := map[int64][]models.MunicipalityTarget{}
	for _, x := range rows {
		out[x.id] = append(out[x.id], x.t)
	}
	return out, nil
}

// setTargets replaces a benefit's explicit targets; each must be one of the
// project's municipalities.
func (tx *Tx) setTargets(b *models.Benefit) error {
	if b.Targets == nil { // not given: the targets stay as they are
		return nil
	}
	parts, err := tx.projectParticipants(b.ProjectID)
	if err != nil {
		return err
	}
	in := map[string]bool{}
	for _, m := range parts {
		in[m] = true
	}
	seen := map[string]bool{}
	for _, t := range b.Targets {
		if !in[t.Municipality] || seen[t.Municipality] {
			return models.FieldErrors{"municipality_targets": "participant"}.Err()
		}
		seen[t.Municipality] = true
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM benefit_targets WHERE benefit_id = ?`, b.ID); err != nil {
		return fmt.Errorf("data: set targets: %w", err)
	}
	sort.Slice(b.Targets, func(i, j int) bool { return b.Targets[i].Municipality < b.Targets[j].Municipality })
	for _, t := range b.Targets {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO benefit_targets (benefit_id, municipality, target) VALUES (?, ?, ?)`, b.ID, t.Municipality, t.Target); err != nil {
			return fmt.Errorf("data: set targets: %w", err)
		}
	}
	return nil
}

// shareContext is what a municipality's share of each benefit is computed
// from: explicit targets, the projects' municipalities and the populations.
type shareContext struct {
	targets      map[int64][]models.MunicipalityTarget
	participants map[int64][]string // project id → municipalities (shared: read only)
	population   map[string]int64
}

func (db *DB) loadShareContext(ctx context.Context, where string, args []any) (shareContext, error) {
	var sc shareContext
	var err error
	if sc.targets, err = db.targets(ctx, where, args); err != nil {
		return sc, err
	}
	// Who takes part, and how many live there, is the same for every
	// benefit: read once per write (a batch of municipality reports asks
	// for it 357 times).
	type people struct {
		participants map[int64][]string
		population   map[string]int64
	}
	p, err := cachedRead(ctx, db, "share participants", func(ctx context.Context) (people, error) {
		// One row per project (a row read costs more than the text split):
		// 5 000 instead of 32 000 at national scale.
		type pm struct {
			project int64
			muns    string
		}
		rows, err := queryList(ctx, db.read, "benefit participants", func(r rowScanner) (pm, error) {
			var x pm
			err := r.Scan(&x.project, &x.muns)
			return x, err
		}, `SELECT project_id, group_concat(municipality) FROM project_municipalities GROUP BY project_id`)
		if err != nil {
			return people{}, err
		}
		p := people{participants: make(map[int64][]string, len(rows))}
		for _, x := range rows {
			muns := strings.Split(x.muns, ",") // numbers are four digits, no commas
			slices.Sort(muns)
			p.participants[x.project] = muns
		}
		p.population, err = db.PopulationsIn(ctx, db.Now().In(db.location()).Year())
		return p, err
	})
	sc.participants, sc.population = p.participants, p.population
	return sc, err
}

// share is the municipality's fraction of the benefit.
func (sc shareContext) share(b *models.Benefit, municipality string) float64 {
	return b.ShareOf(municipality, sc.targets[b.ID], sc.participants[b.ProjectID], sc.population)
}
