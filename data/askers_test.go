package data_test

import (
	"context"
	"testing"
)

// Whom to ask about a solution: the rollout's own contact when it names
// one (with the name of the user who has that address, if any), else the
// municipality's kommunekontakt; never one person's name with another's
// address.
func TestSolutionAskersAreOnePerson(t *testing.T) {
	ctx := context.Background()
	db, raw := demoWithSQL(t)
	var solution int64
	var number string
	if err := raw.QueryRow(`SELECT r.solution_id, r.municipality FROM rollouts r WHERE r.status = 'in_use'
		AND r.municipality IN (SELECT municipality FROM users WHERE role = 'contact') LIMIT 1`).Scan(&solution, &number); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE rollouts SET contact_email = 'ukjent@kommune.example' WHERE solution_id = ? AND municipality = ?`, solution, number); err != nil {
		t.Fatal(err)
	}
	list, err := db.SolutionAskers(ctx, solution)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range list {
		if a.Municipality == number {
			found = true
			if a.Email != "ukjent@kommune.example" || a.Name != "" {
				t.Errorf("asker = %q <%s>, want no name with the rollout's own address", a.Name, a.Email)
			}
		} else if a.Email != "" && a.Name == "" {
			t.Errorf("%s: an address without its person's name: %+v", a.Municipality, a)
		}
	}
	if !found {
		t.Fatalf("%s is not among the askers: %+v", number, list)
	}
}
