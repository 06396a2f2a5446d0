package models

import "testing"

// The adoption figures and the "behind" rule, worked out by hand:
// four solutions; A has 3 in use of 4 (75 %), B 1 of 3 relevant (33 %),
// C 2 of 4 (50 %), D nothing relevant (0 %), E no rows at all (0 of 4, 0 %).
// Median of 75, 33, 50, 0, 0 is 33; behind is pct ≤ 13: D and E.
func TestComputeAdoption(t *testing.T) {
	members := []Municipality{{Number: "1001", Name: "A"}, {Number: "1002", Name: "B"}, {Number: "1003", Name: "C"},
		{Number: "1004", Name: "D"}, {Number: "1005", Name: "E"}}
	sol := []int64{1, 2, 3, 4}
	cells := []AdoptionCell{
		{1, "1001", RolloutInUse}, {2, "1001", RolloutInUse}, {3, "1001", RolloutInUse}, {4, "1001", RolloutPlanned},
		{1, "1002", RolloutInUse}, {2, "1002", RolloutNotRelevant}, {3, "1002", RolloutInProgress},
		{1, "1003", RolloutInUse}, {2, "1003", RolloutInUse}, {3, "1003", RolloutNotStarted}, {4, "1003", RolloutPlanned},
		{1, "1004", RolloutNotRelevant}, {2, "1004", RolloutNotRelevant}, {3, "1004", RolloutNotRelevant}, {4, "1004", RolloutNotRelevant},
	}
	a := ComputeAdoption(members, sol, cells)
	if a.MedianPct != 33 {
		t.Errorf("median %v, want 33", a.MedianPct)
	}
	want := map[string]MunicipalityAdoption{
		"1001": {InUse: 3, Relevant: 4, Pct: 75}, "1002": {InUse: 1, Relevant: 3, Pct: 33}, "1003": {InUse: 2, Relevant: 4, Pct: 50},
		"1004": {InUse: 0, Relevant: 0, Pct: 0, Behind: true}, "1005": {InUse: 0, Relevant: 4, Pct: 0, Behind: true},
	}
	for _, m := range a.Municipalities {
		w := want[m.Number]
		if m.InUse != w.InUse || m.Relevant != w.Relevant || m.Pct != w.Pct || m.Behind != w.Behind {
			t.Errorf("%s: %+v, want %+v", m.Number, m, w)
		}
	}
	if a.Municipalities[0].Number != "1001" || a.Municipalities[1].Number != "1003" {
		t.Errorf("not sorted by how far they have come: %v", a.Municipalities)
	}
	// Exactly 20 points below the median is behind; 19 is not.
	b := ComputeAdoption([]Municipality{{Number: "1", Name: "x"}, {Number: "2", Name: "y"}, {Number: "3", Name: "z"}}, []int64{1, 2, 3, 4, 5},
		[]AdoptionCell{{1, "1", RolloutInUse}, {2, "1", RolloutInUse}, {3, "1", RolloutInUse},
			{1, "2", RolloutInUse}, {2, "2", RolloutInUse}, {3, "2", RolloutInUse}, {4, "2", RolloutInUse},
			{1, "3", RolloutInUse}, {2, "3", RolloutInUse}, {3, "3", RolloutInUse}, {4, "3", RolloutInUse}, {5, "3", RolloutInUse}})
	// 60, 80, 100: median 80; 60 = 80 − 20 is behind.
	for _, m := range b.Municipalities {
		if (m.Number == "1") != m.Behind {
			t.Errorf("%s (%d %%) behind=%v with median %v", m.Number, m.Pct, m.Behind, b.MedianPct)
		}
	}
	if Median([]int{10, 20, 30, 41}) != 25 {
		t.Error("median of an even count")
	}
}

func TestRolloutValidate(t *testing.T) {
	today := MustDate("2026-11-25")
	r := Rollout{Status: RolloutInUse}
	if err := r.Validate(today); err != nil || r.InUseDate != today {
		t.Errorf("in use without a date gets today: %v %v", err, r.InUseDate)
	}
	bad := Rollout{Status: "done", ContactEmail: "x", InUseDate: MustDate("2027-01-01")}
	f := Fields(bad.Validate(today))
	for _, k := range []string{"status", "contact_email", "in_use_date"} {
		if f[k] == "" {
			t.Errorf("%s not named: %v", k, f)
		}
	}
}
