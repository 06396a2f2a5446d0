package data

import "fmt"

// loadDemoPublic opens the public pages: the projects past the idea stage
// are public (every third with its budget), and one decided case is exempt
// from public access with its legal basis.
func (tx *Tx) loadDemoPublic() error {
	for _, q := range []string{
		`INSERT INTO settings (key, value) VALUES ('public_site', 'true') ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		`UPDATE projects SET public = 1, budget_public = (id % 3 = 0) WHERE phase <> 'idea' AND archived = 0`,
		`UPDATE cases SET exempt = 1, exempt_basis = 'Offl. § 13, jf. fvl. § 13 første ledd nr. 1', public_title = 'Personalsak'
			WHERE id = (SELECT min(id) FROM cases WHERE status = 'decided')`,
	} {
		if _, err := tx.ExecContext(tx.ctx, q); err != nil {
			return fmt.Errorf("demo public: %w", err)
		}
	}
	return nil
}
