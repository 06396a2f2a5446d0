package locale

import "testing"

func TestStatusCountsAgree(t *testing.T) {
	order := []string{"green", "yellow", "red"}
	for _, c := range []struct {
		lang   string
		counts map[string]int64
		noun   Noun
		want   string
	}{
		{"nb", map[string]int64{"yellow": 1, "red": 1}, NounReport, "1 gul og 1 rød rapport"},
		{"nb", map[string]int64{"yellow": 2, "red": 3}, NounReport, "2 gule og 3 røde rapporter"},
		{"nb", map[string]int64{"green": 14, "yellow": 2, "red": 1}, NounProject, "14 grønne, 2 gule og 1 rødt prosjekt"},
		{"nb", map[string]int64{"green": 1}, NounProject, "1 grønt prosjekt"},
		{"nb", map[string]int64{}, NounProject, "0 prosjekter"},
		{"en", map[string]int64{"yellow": 1, "red": 1}, NounReport, "1 yellow and 1 red report"},
		{"en", map[string]int64{"yellow": 2, "red": 3}, NounReport, "2 yellow and 3 red reports"},
	} {
		if got := StatusCounts(c.lang, c.counts, order, c.noun); got != c.want {
			t.Errorf("%v: %q, want %q", c.counts, got, c.want)
		}
	}
	if got := Count("nb", 1, NounCase); got != "1 sak" {
		t.Errorf("Count: %q", got)
	}
	if got := Count("nb", 1000, NounCase); got != "1\u00a0000 saker" && got != "1 000 saker" {
		t.Errorf("Count: %q", got)
	}
}
