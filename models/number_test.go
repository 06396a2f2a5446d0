package models

import "testing"

func TestParseKronerAsPeopleTypeThem(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"900 000", 900000, true}, {"900 000 kr", 900000, true}, {"900\u00a0000\u00a0kr", 900000, true},
		{"kr 1 310 000", 1310000, true}, {"1\u202f310\u202f000", 1310000, true}, {"1 234,50", 1235, true},
		{"12 500,-", 12500, true}, {"250 NOK", 250, true}, {"-40 000", -40000, true}, {"1310000", 1310000, true},
		{"", 0, false}, {"kr", 0, false}, {"ni hundre", 0, false}, {"1,2,3", 0, false},
	} {
		got, ok := ParseKroner(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseKroner(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	if v, ok := ParseNumber("12,5"); !ok || v != 12.5 {
		t.Errorf("12,5 → %v %v", v, ok)
	}
	if NumberError("annual_cost_nok") != "amount" || NumberError("progress_pct") != "number" {
		t.Error("NumberError")
	}
}
