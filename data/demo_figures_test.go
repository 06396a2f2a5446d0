package data_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"samla/data"
	"samla/models"
)

// demoAt builds the Helgeland demo with the clock at a given moment.
func demoAt(t *testing.T, at time.Time) *data.DB {
	t.Helper()
	db := openTest(t)
	db.Loc = at.Location()
	db.Now = func() time.Time { return at }
	if _, err := db.LoadDemo(context.Background(), data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	return db
}

// Two demos made the same day, just after midnight and late in the
// evening, tell the same figures: the overview's, and what each
// municipality pays. (Built in UTC, the first began in November: that is
// why two demos of 1 December once differed.)
func TestDemoSameDaySameFigures(t *testing.T) {
	ctx := context.Background()
	oslo, _ := time.LoadLocation("Europe/Oslo")
	morning := time.Date(2026, 12, 1, 0, 30, 0, 0, oslo)
	afternoon := time.Date(2026, 12, 1, 23, 40, 0, 0, oslo)
	a, b := demoAt(t, morning), demoAt(t, afternoon)
	b.Now = func() time.Time { return morning } // read both at one moment
	fa, err := a.Figures(ctx, models.DashFilter{})
	if err != nil {
		t.Fatal(err)
	}
	fb, err := b.Figures(ctx, models.DashFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if fa != fb {
		t.Errorf("figures differ:\n%+v\n%+v", fa, fb)
	}
	sa, _, err := a.Statements(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	sb, _, err := b.Statements(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(sa) != len(sb) || len(sa) == 0 {
		t.Fatalf("%d statements against %d", len(sa), len(sb))
	}
	for i := range sa {
		if fmt.Sprint(sa[i]) != fmt.Sprint(sb[i]) {
			t.Errorf("statement differs:\n%v\n%v", sa[i], sb[i])
		}
	}
}

// The demo could be real today: nothing in it is dated after the moment it
// is made, and a month's report arrives between the 1st and the deadline
// day of the next month.
func TestDemoNothingInTheFuture(t *testing.T) {
	ctx := context.Background()
	oslo, _ := time.LoadLocation("Europe/Oslo")
	now := time.Date(2026, 12, 1, 9, 30, 0, 0, oslo)
	path := filepath.Join(t.TempDir(), "demo.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Loc, db.Now = oslo, func() time.Time { return now }
	if _, err := db.LoadDemo(ctx, data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	stamp := now.UTC().Format("2006-01-02T15:04:05.000Z")
	today := "2026-12-01"
	for _, q := range []struct{ what, sql, limit string }{
		{"reports received", `SELECT coalesce(max(reported_at), '') FROM status_reports`, stamp},
		{"measurements recorded", `SELECT coalesce(max(at), '') FROM benefit_measurements`, stamp},
		{"measured periods", `SELECT coalesce(max(period), '') FROM benefit_measurements`, "2026-11"},
		{"reported periods", `SELECT coalesce(max(period), '') FROM status_reports`, "2026-11"},
		{"audit", `SELECT coalesce(max(at), '') FROM audit`, stamp},
		{"stages reached", `SELECT coalesce(max(reached_on), '') FROM procurement_stages`, today},
		{"grant decisions", `SELECT coalesce(max(decision_date), '') FROM grants`, today},
		{"milestones done", `SELECT coalesce(max(done_date), '') FROM milestones`, today},
		{"decisions", `SELECT coalesce(max(decided_at), '') FROM cases`, stamp},
	} {
		var got string
		if err := raw.QueryRowContext(ctx, q.sql).Scan(&got); err != nil {
			t.Errorf("%s: %v", q.what, err)
			continue
		}
		if got == "" {
			t.Errorf("%s: the demo has none", q.what)
		} else if got > q.limit {
			t.Errorf("%s: latest %s is after %s", q.what, got, q.limit)
		}
	}
	// Every report arrived from the 1st to the 10th of the month after its period.
	rows, err := raw.QueryContext(ctx, `SELECT period, reported_at FROM status_reports`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var period, at string
		if err := rows.Scan(&period, &at); err != nil {
			t.Fatal(err)
		}
		got, _ := time.Parse("2006-01-02T15:04:05.000Z", at)
		next := models.Period(period).Add(1)
		if local := got.In(oslo); models.PeriodOf(local) != next || local.Day() > 10 {
			t.Errorf("the report for %s arrived %s", period, local.Format("02.01.2006"))
			break
		}
	}
}
