package data_test

import (
	"context"
	"testing"
	"time"

	"samla/data"
	"samla/models"
)

func TestProcurementsCostSharesStagesDeadlines(t *testing.T) {
	ctx := context.Background()
	db, _ := projectDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	p := models.Procurement{Title: "Velferdsteknologi", Procedure: "open", Stage: "needs", EstimatedValueNOK: 5_000_000,
		LeadMunicipality: "1833", Municipalities: []string{"1824", "1835"}, AnnualCostNOK: 1_000_000,
		CostKey: models.CostKey{EqualPct: 30, Basis: models.BasisPopulation}, ContractEnd: models.MustDate("2027-05-31"),
		Options: []models.ProcurementOption{{Description: "Forlengelse 1 år", Deadline: models.MustDate("2027-02-28")}}}
	created, err := db.CreateProcurement(ctx, models.System, p, models.MustDate("2026-01-15"))
	if err != nil {
		t.Fatal(err)
	}
	shares, dates, err := db.CostShares(ctx, created)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"1833": 560_870, "1824": 331_304, "1835": 107_826}
	var sum int64
	for _, s := range shares {
		sum += s.AmountNOK
		if s.AmountNOK != want[s.Municipality] {
			t.Errorf("%s (%s): %d, want %d", s.Municipality, s.Name, s.AmountNOK, want[s.Municipality])
		}
	}
	if sum != 1_000_000 || len(dates) != 1 {
		t.Fatalf("sum %d, dates %v", sum, dates)
	}
	// A population change changes the shares from now on.
	m, _ := db.Municipality(ctx, "1835")
	m.Population = 4500
	if err := db.UpdateMunicipality(ctx, models.System, m); err != nil {
		t.Fatal(err)
	}
	if shares, _, _ = db.CostShares(ctx, created); shares[2].AmountNOK <= 107_826 && shares[2].Municipality == "1835" {
		t.Fatalf("population change ignored: %+v", shares)
	}

	// Stages move forward with their date; backwards is refused.
	created.Stage = "announced"
	if _, err := db.UpdateProcurement(ctx, models.System, created, models.MustDate("2026-03-01")); err != nil {
		t.Fatal(err)
	}
	created.Stage = "needs"
	if _, err := db.UpdateProcurement(ctx, models.System, created, models.Date{}); models.Fields(err)["stage"] != "order" {
		t.Fatalf("backwards: %v", err)
	}
	hist, _ := db.StageHistory(ctx, created.ID)
	if len(hist) != 2 || hist[1].Stage != "announced" || hist[1].Reached.String() != "2026-03-01" {
		t.Fatalf("history: %+v", hist)
	}

	// Contract end (2027-05-31) and option deadline are within 9 months.
	dl, err := db.UpcomingDeadlines(ctx, "")
	if err != nil || len(dl) != 2 || dl[0].Kind != "option" || dl[1].Kind != "contract_end" {
		t.Fatalf("deadlines: %+v %v", dl, err)
	}
	if dl, _ := db.UpcomingDeadlines(ctx, "1811"); len(dl) != 0 {
		t.Fatal("deadline of a procurement the municipality is not in")
	}

	bad := models.Procurement{Title: "", Procedure: "auction", Stage: "won", LeadMunicipality: "9999", Municipalities: []string{"0000"},
		ContractStart: models.MustDate("2027-01-01"), ContractEnd: models.MustDate("2026-01-01"),
		CostKey: models.CostKey{EqualPct: 120, Basis: models.BasisWeights, Weights: map[string]int64{"9999": -1}}, ProjectIDs: []int64{4242}}
	_, err = db.CreateProcurement(ctx, models.System, bad, models.Date{})
	f := models.Fields(err)
	for _, k := range []string{"title", "procedure", "stage", "lead_municipality", "municipalities", "contract_end", "cost_key.equal_pct", "cost_key.weights", "project_ids"} {
		if f[k] == "" {
			t.Errorf("not named: %s (%v)", k, f)
		}
	}
	list, err := db.Procurements(ctx, data.ProcurementFilter{Municipality: "1824"})
	if err != nil || len(list) != 1 || len(list[0].Options) != 1 {
		t.Fatalf("list: %+v %v", list, err)
	}
}
