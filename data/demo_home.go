package data

import (
	"fmt"

	"samla/models"
)

// demoLateMunicipality is the municipality whose contact finds rows past
// their planned date on their home (Træna, the one clearly behind).
const demoLateMunicipality = "1835"

// loadDemoHome moves two of Træna's unfinished rollout rows to planned
// dates that have passed, so its contact's home has work waiting.
func (tx *Tx) loadDemoHome() error {
	rows, err := queryList(tx.ctx, tx, "demo home rows", scanRollout, `SELECT `+rolloutColumns+` FROM rollouts r
		WHERE r.municipality = ? AND r.status IN ('planned', 'in_progress') ORDER BY r.solution_id LIMIT 2`, demoLateMunicipality)
	if err != nil {
		return err
	}
	today := models.DateOf(tx.db.Now().In(tx.db.location()))
	for i, r := range rows {
		r.PlannedDate = models.DateOf(today.AddDate(0, 0, -20-30*i))
		if _, err := tx.setRolloutFrom(r, models.DateOf(today.AddDate(0, 0, -90))); err != nil {
			return fmt.Errorf("demo home rollout %d: %w", r.SolutionID, err)
		}
	}
	return nil
}
