package data_test

import (
	"context"
	"testing"

	"samla/data"
	"samla/models"
)

// The Helgeland demo has the solutions, a realistic spread, a couple of
// municipalities clearly behind, and history: a year ago fewer were in use.
func TestDemoRollout(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, err := db.LoadDemo(ctx, data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	now, solutions, err := db.Adoption(ctx, data.AdoptionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(solutions) < 15 || len(now.Municipalities) != 16 {
		t.Fatalf("%d solutions, %d municipalities", len(solutions), len(now.Municipalities))
	}
	behind := map[string]bool{}
	for _, m := range now.Municipalities {
		if m.Behind {
			behind[m.Number] = true
		}
		t.Logf("%s %-25s %2d/%2d %3d %% behind=%v", m.Number, m.Name, m.InUse, m.Relevant, m.Pct, m.Behind)
	}
	t.Logf("median %.1f", now.MedianPct)
	if !behind["1835"] || !behind["1826"] || behind["1833"] || len(behind) > 5 {
		t.Errorf("behind: %v", behind)
	}
	yearAgo, _, err := db.Adoption(ctx, data.AdoptionFilter{AsOf: models.DateOf(db.Now().AddDate(-1, 0, 0))})
	if err != nil {
		t.Fatal(err)
	}
	inUse := func(a models.Adoption) (n int) {
		for _, m := range a.Municipalities {
			n += m.InUse
		}
		return
	}
	if inUse(yearAgo) >= inUse(now) || inUse(yearAgo) == 0 {
		t.Errorf("in use a year ago %d, now %d", inUse(yearAgo), inUse(now))
	}
	points, err := db.AdoptionOverTime(ctx, 24)
	if err != nil || len(points) != 24 {
		t.Fatalf("%d points, %v", len(points), err)
	}
	last := points[len(points)-1]
	if last.Pct[solutions[0].ID] == 0 && last.Pct[solutions[1].ID] == 0 {
		t.Errorf("no adoption this month: %v", last)
	}
}
