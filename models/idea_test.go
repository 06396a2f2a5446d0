package models

import "testing"

func TestTotalScore(t *testing.T) {
	criteria := []Criterion{{ID: 1, Weight: 25}, {ID: 2, Weight: 20}, {ID: 3, Weight: 15}, {ID: 4, Weight: 40}}
	for _, c := range []struct {
		name   string
		scores []IdeaScore
		want   float64
		ok     bool
	}{
		{"none", nil, 0, false},
		{"all lowest", []IdeaScore{{1, 1}, {2, 1}, {3, 1}, {4, 1}}, 0, true},
		{"all highest", []IdeaScore{{1, 5}, {2, 5}, {3, 5}, {4, 5}}, 100, true},
		// 100 × (25×4 + 20×2 + 15×0 + 40×3) ÷ (100×4) = 100 × 260 ÷ 400 = 65.0
		{"mixed", []IdeaScore{{1, 5}, {2, 3}, {3, 1}, {4, 4}}, 65, true},
		// only criteria 1 and 3 scored: 100 × (25×2 + 15×1) ÷ (40×4) = 6500 ÷ 160 = 40.625 → 40.6
		{"partly scored", []IdeaScore{{1, 3}, {3, 2}}, 40.6, true},
		// 100 × (20×3) ÷ (20×4) = 75; an unknown criterion counts for nothing
		{"unknown criterion", []IdeaScore{{2, 4}, {9, 5}}, 75, true},
		// 100 × (25×1 + 20×1 + 15×1) ÷ (60×4) = 6000 ÷ 240 = 25.0
		{"ones above lowest", []IdeaScore{{1, 2}, {2, 2}, {3, 2}}, 25, true},
		// 100 × (40×2 + 15×4) ÷ (55×4) = 14000 ÷ 220 = 63.636… → 63.6
		{"rounded", []IdeaScore{{4, 3}, {3, 5}}, 63.6, true},
	} {
		got, ok := TotalScore(c.scores, criteria)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: %v %v, want %v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestRankIdeas(t *testing.T) {
	criteria := []Criterion{{ID: 1, Weight: 3}, {ID: 2, Weight: 1}}
	ideas := []Idea{
		{ID: 1, Status: IdeaSubmitted, Scores: []IdeaScore{{1, 2}, {2, 5}}},                                                  // 100×(3+4)/16 = 43.75 → 43.8
		{ID: 2, Status: IdeaAssessing, Scores: []IdeaScore{{1, 4}, {2, 1}}},                                                  // 100×9/16 = 56.25 → 56.3
		{ID: 3, Status: IdeaApproved, Scores: []IdeaScore{{1, 5}, {2, 5}}},                                                   // decided: not ranked
		{ID: 4, Status: IdeaSubmitted},                                                                                       // not scored: not ranked
		{ID: 5, Status: IdeaPrioritised, Scores: []IdeaScore{{1, 5}, {2, 1}}},                                                // 100×12/16 = 75
		{ID: 6, Status: IdeaSubmitted, Scores: []IdeaScore{{1, 2}, {2, 5}}, Supporters: []Supporter{{Municipality: "1824"}}}, // 43.8, more municipalities
	}
	RankIdeas(ideas, criteria)
	wantOrder := []int64{5, 2, 6, 1, 3, 4}
	wantRank := []int{1, 2, 3, 4, 0, 0}
	wantScore := []float64{75, 56.3, 43.8, 43.8, 100, 0}
	for n, i := range ideas {
		if i.ID != wantOrder[n] || i.Rank != wantRank[n] || i.TotalScore != wantScore[n] {
			t.Errorf("place %d: idea %d rank %d score %v, want idea %d rank %d score %v", n, i.ID, i.Rank, i.TotalScore, wantOrder[n], wantRank[n], wantScore[n])
		}
	}
}

func TestIdeaValidate(t *testing.T) {
	i := Idea{Title: " ", ServiceArea: "x", Municipality: "18", Status: "new", EstimatedCostNOK: -1}
	f := Fields(i.Validate())
	for _, k := range []string{"title", "need", "service_area", "municipality", "status", "estimated_cost_nok"} {
		if f[k] == "" {
			t.Errorf("no error for %s: %v", k, f)
		}
	}
	ok := Idea{Title: "Felles chatbot", Need: "Mange like spørsmål", ServiceArea: "administration", Municipality: "1833", Status: IdeaSubmitted}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := ValidateScores([]IdeaScore{{1, 6}, {7, 3}, {1, 2}}, []Criterion{{ID: 1, Weight: 1}}); len(Fields(err)) != 3 {
		t.Errorf("scores: %v", err)
	}
}

func TestProjectYears(t *testing.T) {
	reports := []StatusReport{
		{Period: "2025-06", SpentNOK: 100, ForecastNOK: 900},
		{Period: "2025-12", SpentNOK: 300, ForecastNOK: 950},
		{Period: "2026-03", SpentNOK: 450, ForecastNOK: 1000},
	}
	funding := []Funding{{Year: 2025, Source: "grant", GrantID: 7, AmountNOK: 500}, {Year: 2025, Source: "municipalities", AmountNOK: 100},
		{Year: 2026, Source: "grant", GrantID: 8, AmountNOK: 200}, {Year: 2027, Source: "grant", GrantID: 7, AmountNOK: 300}}
	got := ProjectYears(reports, funding, 7)
	want := []ProjectYear{
		{Year: 2025, FundingNOK: 600, GrantNOK: 500, SpentNOK: 300, SpentToDate: 300, ForecastNOK: 950},
		{Year: 2026, FundingNOK: 200, GrantNOK: 0, SpentNOK: 150, SpentToDate: 450, ForecastNOK: 1000},
		{Year: 2027, FundingNOK: 300, GrantNOK: 300, SpentNOK: 0, SpentToDate: 450, ForecastNOK: 0},
	}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for n := range want {
		if got[n] != want[n] {
			t.Errorf("year %d: %+v, want %+v", want[n].Year, got[n], want[n])
		}
	}
}
