package models

import (
	"reflect"
	"testing"
)

// A round worked out by hand: two areas, seven municipalities (one did not
// answer, one left area b out).
//
//	area a: 2 3 1 4 5 3 → sorted 1 2 3 3 4 5, median 3; marked (≤ 2): S1, S3
//	area b: 4 5 – 2 3 4 → sorted 2 3 4 4 5, median 4; marked (≤ 3): M1, M2
//	small a 2 3 1 → 2, small b 4 5 → 4.5; medium a 4 5 → 4.5, b 2 3 → 2.5;
//	large a 3, b 4.
func TestComputeMaturity(t *testing.T) {
	areas := []MaturityArea{{ID: "a"}, {ID: "b"}}
	members := []Municipality{
		{Number: "1001", Name: "S1", Population: 1000}, {Number: "1002", Name: "S2", Population: 4999},
		{Number: "1003", Name: "S3", Population: 3000}, {Number: "1004", Name: "M1", Population: 5000},
		{Number: "1005", Name: "M2", Population: 20000}, {Number: "1006", Name: "L1", Population: 20001},
		{Number: "1007", Name: "N", Population: 800},
	}
	ans := func(n string, a, b int) MaturityAnswer {
		s := map[string]int{"a": a}
		if b != 0 {
			s["b"] = b
		}
		return MaturityAnswer{Municipality: n, Scores: s}
	}
	answers := []MaturityAnswer{ans("1001", 2, 4), ans("1002", 3, 5), ans("1003", 1, 0), ans("1004", 4, 2), ans("1005", 5, 3), ans("1006", 3, 4)}
	previous := []MaturityAnswer{ans("1001", 1, 4), ans("1005", 5, 0)}
	r := ComputeMaturity(areas, members, answers, previous)
	if want := map[string]float64{"a": 3, "b": 4}; !reflect.DeepEqual(r.Median, want) {
		t.Errorf("median %v, want %v", r.Median, want)
	}
	wantBands := map[string]map[string]float64{"small": {"a": 2, "b": 4.5}, "medium": {"a": 4.5, "b": 2.5}, "large": {"a": 3, "b": 4}}
	if !reflect.DeepEqual(r.Bands, wantBands) {
		t.Errorf("bands %v, want %v", r.Bands, wantBands)
	}
	if r.Answered != 6 {
		t.Errorf("answered %d, want 6", r.Answered)
	}
	type want struct {
		band    string
		average float64
		below   []string
		change  map[string]int
		ok      bool
	}
	wants := map[string]want{
		"1001": {"small", 3, []string{"a"}, map[string]int{"a": 1, "b": 0}, true},
		"1002": {"small", 4, []string{}, map[string]int{}, true},
		"1003": {"small", 1, []string{"a"}, map[string]int{}, true},
		"1004": {"medium", 3, []string{"b"}, map[string]int{}, true},
		"1005": {"medium", 4, []string{"b"}, map[string]int{"a": 0}, true},
		"1006": {"large", 3.5, []string{}, map[string]int{}, true},
		"1007": {"small", 0, []string{}, map[string]int{}, false},
	}
	if len(r.Municipalities) != 7 {
		t.Fatalf("%d scorecards", len(r.Municipalities))
	}
	for _, sc := range r.Municipalities {
		w := wants[sc.Number]
		if sc.Band != w.band || sc.Average != w.average || !reflect.DeepEqual(sc.BelowMedian, w.below) || !reflect.DeepEqual(sc.Change, w.change) || sc.Answered != w.ok {
			t.Errorf("%s: %+v, want %+v", sc.Name, sc, w)
		}
	}
}

func TestBandOf(t *testing.T) {
	for pop, want := range map[int64]string{0: "small", 4999: "small", 5000: "medium", 20000: "medium", 20001: "large", 26500: "large"} {
		if got := BandOf(pop); got != want {
			t.Errorf("BandOf(%d) = %s, want %s", pop, got, want)
		}
	}
}

func TestMaturityValidation(t *testing.T) {
	if err := ValidateAreas(DefaultMaturityAreas()); err != nil {
		t.Errorf("default framework: %v", err)
	}
	bad := []MaturityArea{{ID: "x", Name: "X", Levels: []string{"1", "2", "3", "4", "5"}}, {ID: "x", Name: "", Levels: []string{"1"}}, {ID: "Æ", Name: "Y", Levels: []string{"1", "2", "3", "4", ""}}}
	f := Fields(ValidateAreas(bad))
	for _, k := range []string{"areas.1.id", "areas.1.name", "areas.1.levels", "areas.2.id", "areas.2.levels"} {
		if f[k] == "" {
			t.Errorf("%s not reported: %v", k, f)
		}
	}
	if f["areas.0.id"] != "" {
		t.Errorf("a good area reported: %v", f)
	}
	a := MaturityAnswer{Scores: map[string]int{"x": 6, "y": 3}, Comments: map[string]string{"x": " ok ", "z": "?"}}
	f = Fields(a.Validate(bad[:1]))
	if f["scores.x"] != "range" || f["scores.y"] != "unknown" || f["comments.z"] != "unknown" || f["comments.x"] != "" {
		t.Errorf("answer: %v", f)
	}
	r := MaturityRound{Name: "2026", Year: 2026, Opens: MustDate("2026-03-01"), Closes: MustDate("2026-02-01")}
	if f := Fields(r.Validate()); f["closes"] != "before_start" {
		t.Errorf("round: %v", f)
	}
	r.Closes = MustDate("2026-03-31")
	if !r.OpenOn(MustDate("2026-03-31")) || !r.OpenOn(MustDate("2026-03-01")) || r.OpenOn(MustDate("2026-04-01")) || r.OpenOn(MustDate("2026-02-28")) {
		t.Error("OpenOn does not include both ends only")
	}
}
