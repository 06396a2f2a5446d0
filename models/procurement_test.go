package models

import (
	"math"
	"testing"
)

func TestAllocateCosts(t *testing.T) {
	three := []Participant{{"1833", 26500, 0}, {"1824", 13300, 0}, {"1835", 450, 0}}
	cases := []struct {
		name  string
		total int64
		key   CostKey
		parts []Participant
		want  []int64
	}{
		// The example: 30 % equal, 70 % by population.
		{"30/70 population", 1_000_000, CostKey{30, BasisPopulation, nil}, three, []int64{560_870, 331_304, 107_826}},
		{"all equal, indivisible", 100, CostKey{100, BasisPopulation, nil}, three, []int64{34, 33, 33}},
		{"all equal, ties to the larger", 2, CostKey{100, BasisPopulation, nil}, three, []int64{1, 1, 0}},
		{"ties by number", 1, CostKey{100, BasisWeights, map[string]int64{}}, []Participant{{"1835", 0, 0}, {"1811", 0, 0}}, []int64{0, 1}},
		{"by population only", 1_000, CostKey{0, BasisPopulation, nil}, three, []int64{658, 331, 11}},
		{"weights", 1_000_000, CostKey{0, BasisWeights, map[string]int64{"1833": 12, "1824": 5, "1835": 3}},
			[]Participant{{"1833", 0, 12}, {"1824", 0, 5}, {"1835", 0, 3}}, []int64{600_000, 250_000, 150_000}},
		{"zero total", 0, CostKey{30, BasisPopulation, nil}, three, []int64{0, 0, 0}},
		{"one krone", 1, CostKey{30, BasisPopulation, nil}, three, []int64{1, 0, 0}},
		{"a single participant", 999_999, CostKey{50, BasisPopulation, nil}, three[:1], []int64{999_999}},
		{"zero-population participant", 1_001, CostKey{0, BasisPopulation, nil}, []Participant{{"1811", 0, 0}, {"1812", 1, 0}}, []int64{0, 1_001}},
		{"large total", 9_876_543_210, CostKey{30, BasisPopulation, nil}, three, nil},
	}
	for _, c := range cases {
		got, err := AllocateCosts(c.total, c.key, c.parts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var sum int64
		var pct float64
		for i, s := range got {
			sum += s.AmountNOK
			pct += s.SharePct
			if c.want != nil && s.AmountNOK != c.want[i] {
				t.Errorf("%s: %s gets %d, want %d", c.name, s.Municipality, s.AmountNOK, c.want[i])
			}
			// No amount is further than one krone from the exact share.
			if exact := float64(c.total) * s.SharePct / 100; math.Abs(exact-float64(s.AmountNOK)) >= 1 {
				t.Errorf("%s: %s gets %d, exact %.3f", c.name, s.Municipality, s.AmountNOK, exact)
			}
		}
		if sum != c.total {
			t.Errorf("%s: shares add up to %d, want %d", c.name, sum, c.total)
		}
		if math.Abs(pct-100) > 1e-9 {
			t.Errorf("%s: percentages add up to %f", c.name, pct)
		}
	}
	if _, err := AllocateCosts(1000, CostKey{0, BasisWeights, nil}, three); err != ErrNoBasis {
		t.Errorf("all-zero weights: %v", err)
	}
	if got, _ := AllocateCosts(1000, CostKey{30, BasisPopulation, nil}, nil); len(got) != 0 {
		t.Error("no participants")
	}
}

func TestCostKeyValidate(t *testing.T) {
	parts := []string{"1833", "1824"}
	for _, c := range []struct {
		key   CostKey
		field string
	}{
		{CostKey{101, BasisPopulation, nil}, "cost_key.equal_pct"},
		{CostKey{-1, BasisPopulation, nil}, "cost_key.equal_pct"},
		{CostKey{30, "area", nil}, "cost_key.basis"},
		{CostKey{0, BasisWeights, map[string]int64{"1833": -2, "1824": 5}}, "cost_key.weights"},
		{CostKey{0, BasisWeights, map[string]int64{"1833": 0, "1824": 0}}, "cost_key.weights"},
		{CostKey{0, BasisWeights, map[string]int64{"1811": 3}}, "cost_key.weights"},
	} {
		if f := c.key.Validate(parts); f[c.field] == "" {
			t.Errorf("%+v: %v, want %s", c.key, f, c.field)
		}
	}
	if f := (&CostKey{30, BasisPopulation, nil}).Validate(parts); len(f) != 0 {
		t.Errorf("valid key: %v", f)
	}
}

func TestStageMoves(t *testing.T) {
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{"needs", "announced", true}, {"announced", "needs", false}, {"evaluation", "award", true},
		{"needs", "in_force", true}, {"award", "cancelled", true}, {"in_force", "cancelled", false},
		{"cancelled", "needs", false}, {"expired", "in_force", false}, {"award", "award", true},
	} {
		if got := StageMoveAllowed(c.from, c.to); got != c.ok {
			t.Errorf("%s → %s: %v", c.from, c.to, got)
		}
	}
}

func TestThresholdWarnings(t *testing.T) {
	s := DefaultSettings()
	if w := ThresholdWarnings(3_000_000, "below_threshold", s); len(w) != 1 || w[0] != "above_eea_threshold" {
		t.Errorf("3 MNOK below threshold: %v", w)
	}
	if w := ThresholdWarnings(1_500_000, "direct_award", s); len(w) != 1 || w[0] != "above_national_threshold" {
		t.Errorf("1.5 MNOK direct: %v", w)
	}
	if w := ThresholdWarnings(5_000_000, "open", s); len(w) != 0 {
		t.Errorf("open tender: %v", w)
	}
}
