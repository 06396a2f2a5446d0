package data_test

import (
	"context"
	"fmt"
	"testing"

	"samla/data"
	"samla/models"
)

// Every municipality's statement added up equals the year's contribution,
// the annual costs of the procurements that run in the year and the
// municipal co-funding, to the krone; a population registered for next year
// changes next year's statement and not this year's.
func TestStatementsAddUpInTheDemo(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if _, err := db.LoadDemo(ctx, data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	year := db.Now().Year()
	charges, _, err := db.Charges(ctx, year)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	var want int64
	for _, c := range charges {
		kinds[c.Kind]++
		want += c.TotalNOK
	}
	if kinds[models.LineContribution] != 1 || kinds[models.LineProcurement] == 0 || kinds[models.LineProject] == 0 {
		t.Fatalf("charges by kind: %v", kinds)
	}
	all, skipped, err := db.Statements(ctx, year)
	if err != nil || len(skipped) != 0 || len(all) != 16 {
		t.Fatalf("%d statements, %d skipped, %v", len(all), len(skipped), err)
	}
	var sum int64
	for _, s := range all {
		sum += s.TotalNOK
	}
	if sum != want {
		t.Errorf("statements add up to %d, charges to %d", sum, want)
	}

	// A new population for next year.
	next := year + 1
	if _, err := db.SetContribution(ctx, models.System, models.Contribution{Year: next, TotalNOK: 1_500_000,
		CostKey: models.CostKey{EqualPct: 30, Basis: models.BasisPopulation}}); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Statement(ctx, "1833", year)
	beforeNext, _ := db.Statement(ctx, "1833", next)
	m, _ := db.Municipality(ctx, "1833")
	m.Population *= 2
	m.PopulationDate = models.MustDate(fmt.Sprintf("%d-01-01", next))
	if err := db.UpdateMunicipality(ctx, models.System, m); err != nil {
		t.Fatal(err)
	}
	after, _ := db.Statement(ctx, "1833", year)
	afterNext, _ := db.Statement(ctx, "1833", next)
	if after.TotalNOK != before.TotalNOK {
		t.Errorf("this year's statement changed: %d → %d", before.TotalNOK, after.TotalNOK)
	}
	if afterNext.TotalNOK <= beforeNext.TotalNOK {
		t.Errorf("next year's statement did not follow the population: %d → %d", beforeNext.TotalNOK, afterNext.TotalNOK)
	}
}
