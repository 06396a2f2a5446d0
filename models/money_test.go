package models

import (
	"math/rand/v2"
	"testing"
)

// A hand-computed example. Populations A 1 000, B 3 000, C 6 000.
// Contribution 100 000 kr, 30 % equally and the rest by population:
// 10 000 each + 7 000 / 21 000 / 42 000 → A 17 000, B 31 000, C 52 000.
// A procurement of 10 001 kr between A and B by weights 1 : 2 →
// 3 333,67 / 6 667,33 → A 3 334 (largest remainder), B 6 667.
// A project's 999 kr split equally between B and C → 499,5 each; the krone
// left goes to the larger population: B 499, C 500.
func TestStatementsByHand(t *testing.T) {
	a, b, c := Participant{"1001", 1000, 0}, Participant{"1002", 3000, 0}, Participant{"1003", 6000, 0}
	charges := []Charge{
		{Kind: LineContribution, Title: "Kontingent 2026", TotalNOK: 100_000, Key: CostKey{EqualPct: 30, Basis: BasisPopulation}, Participants: []Participant{a, b, c}},
		{Kind: LineProcurement, RefID: 7, Title: "Felles sak/arkiv", TotalNOK: 10_001, Key: CostKey{Basis: BasisWeights, Weights: map[string]int64{"1001": 1, "1002": 2}},
			Participants: []Participant{{"1001", 1000, 1}, {"1002", 3000, 2}}},
		{Kind: LineProject, RefID: 3, Title: "Velferdsteknologi", TotalNOK: 999, Key: CostKey{EqualPct: 100, Basis: BasisPopulation}, Participants: []Participant{b, c}},
	}
	got, skipped := Statements(2026, map[string]string{"1001": "A", "1002": "B", "1003": "C"}, charges)
	if len(skipped) != 0 || len(got) != 3 {
		t.Fatalf("%d statements, %d skipped", len(got), len(skipped))
	}
	want := map[string][]int64{"1001": {17_000, 3_334}, "1002": {31_000, 6_667, 499}, "1003": {52_000, 500}}
	totals := map[string]int64{"1001": 20_334, "1002": 38_166, "1003": 52_500}
	for _, st := range got {
		if st.TotalNOK != totals[st.Municipality] || len(st.Lines) != len(want[st.Municipality]) {
			t.Errorf("%s: %+v", st.Municipality, st)
			continue
		}
		for i, l := range st.Lines {
			if l.AmountNOK != want[st.Municipality][i] {
				t.Errorf("%s line %d (%s): %d, want %d", st.Municipality, i, l.Title, l.AmountNOK, want[st.Municipality][i])
			}
		}
	}
}

// Over random keys, populations and amounts, the municipalities' totals add
// up to the charges, to the krone.
func TestStatementsAddUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 500; round++ {
		n := 1 + rng.IntN(40)
		var all []Participant
		for i := 0; i < n; i++ {
			all = append(all, Participant{Municipality: string(rune('A'+i%26)) + itoa(i), Population: int64(rng.IntN(60000))})
		}
		var charges []Charge
		var want int64
		for k := 0; k < 1+rng.IntN(6); k++ {
			parts := all[:1+rng.IntN(n)]
			key := CostKey{EqualPct: rng.IntN(101), Basis: BasisPopulation}
			if rng.IntN(2) == 0 {
				key.Basis, key.Weights = BasisWeights, map[string]int64{}
				for i := range parts {
					parts[i].Weight = int64(rng.IntN(20))
					key.Weights[parts[i].Municipality] = parts[i].Weight
				}
			}
			total := rng.Int64N(MaxNOK / 1000)
			charges = append(charges, Charge{Kind: LineProject, TotalNOK: total, Key: key, Participants: append([]Participant(nil), parts...)})
			want += total
		}
		got, skipped := Statements(2026, nil, charges)
		for _, s := range skipped {
			want -= s.TotalNOK
		}
		var sum int64
		for _, st := range got {
			sum += st.TotalNOK
			var lines int64
			for _, l := range st.Lines {
				lines += l.AmountNOK
			}
			if lines != st.TotalNOK {
				t.Fatalf("round %d: %s's lines add up to %d, total %d", round, st.Municipality, lines, st.TotalNOK)
			}
		}
		if sum != want {
			t.Fatalf("round %d: statements add up to %d, charges to %d", round, sum, want)
		}
	}
}

func TestGrantAndFundingValidation(t *testing.T) {
	g := Grant{Funder: "Statsforvalteren i Nordland", Scheme: "lotto", Title: "x", Status: "granted", AppliedNOK: -1}
	f := Fields(g.Validate())
	for _, k := range []string{"scheme", "applied_nok", "granted_nok"} {
		if f[k] == "" {
			t.Errorf("%s not named: %v", k, f)
		}
	}
	rows := []Funding{{Year: 2026, Source: "municipalities", AmountNOK: 100, CostKey: CostKey{Basis: BasisWeights, Weights: map[string]int64{"1833": 1, "9999": 1}}},
		{Year: 1800, Source: "grant", AmountNOK: -5}}
	f = Fields(ValidateFunding(rows, []string{"1833"}))
	for _, k := range []string{"funding[0].cost_key.weights", "funding[1].year", "funding[1].amount_nok", "funding[1].grant_id"} {
		if f[k] == "" {
			t.Errorf("%s not named: %v", k, f)
		}
	}
	today := MustDate("2026-11-25")
	due := Grant{Status: "granted", GrantedNOK: 1, ReportDue: MustDate("2026-12-20")}
	if !due.ReportDueSoon(today) {
		t.Error("due in 25 days is soon")
	}
	due.ReportedDate, due.Status = today, "reported"
	if due.ReportDueSoon(today) {
		t.Error("a reported grant is not due")
	}
}
