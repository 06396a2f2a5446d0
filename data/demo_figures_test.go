package data_test

import (
	"context"
	"fmt"
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
	if fmt.Sprint(sa) != fmt.Sprint(sb) {
		for i := range sa {
			if i < len(sb) && fmt.Sprint(sa[i]) != fmt.Sprint(sb[i]) {
				t.Errorf("statement differs:\n%v\n%v", sa[i], sb[i])
			}
		}
	}
}
