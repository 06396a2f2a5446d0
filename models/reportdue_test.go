package models

import "testing"

func TestNextReportDue(t *testing.T) {
	for _, c := range []struct {
		today, latest, start, period, due string
		overdue                           bool
	}{
		{"2026-12-01", "2026-10", "", "2026-11", "2026-12-10", false}, // November is due by the 10th
		{"2026-12-10", "", "", "2026-11", "2026-12-10", false},
		{"2026-12-11", "2026-10", "", "2026-11", "2026-12-10", true},  // and late after it
		{"2026-12-01", "2026-11", "", "2026-12", "2027-01-10", false}, // November in: December next
		{"2026-12-20", "2026-12", "", "2027-01", "2027-02-10", false},
		{"2026-12-01", "", "2026-12-05", "2026-12", "2027-01-10", false}, // started in December
		{"2026-12-01", "2025-03", "", "2026-11", "2026-12-10", false},    // long silent: last month
	} {
		start, _ := ParseDate(c.start)
		r := NextReportDue(MustDate(c.today), 10, Period(c.latest), start)
		if string(r.Period) != c.period || r.Due.String() != c.due || r.Overdue(MustDate(c.today)) != c.overdue {
			t.Errorf("%s latest %s: %s by %s (overdue %v), want %s by %s", c.today, c.latest, r.Period, r.Due, r.Overdue(MustDate(c.today)), c.period, c.due)
		}
	}
	if d := (ReportDue{Due: MustDate("2026-12-10")}).DaysLeft(MustDate("2026-12-01")); d != 9 {
		t.Errorf("days left: %d", d)
	}
}
