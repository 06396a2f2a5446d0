package data_test

import (
	"context"
	"database/sql"
	"reflect"
	"testing"
	"time"

	"samla/data"
)

// demoWithSQL is the Helgeland demo, and a plain connection to its file
// for changing what the store's API would refuse.
func demoWithSQL(t *testing.T) (*data.DB, *sql.DB) {
	t.Helper()
	db := openTest(t)
	if _, err := db.LoadDemo(context.Background(), data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", db.Path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, raw
}

// The status trend is read in two queries and counted in Go; it must
// count exactly what its definition (one query a month) counts, also when
// a report comes in months after its period and when projects are done.
func TestStatusTrendMatchesDefinition(t *testing.T) {
	ctx := context.Background()
	db, raw := demoWithSQL(t)
	for _, q := range []string{
		// A late report: a period's report received four months and ten days on, after
		// newer periods had been reported.
		`UPDATE status_reports SET overall = 'red', reported_at = strftime('%Y-%m-%dT%H:%M:%fZ', reported_at, '+4 months', '+10 days')
			WHERE project_id % 3 = 0 AND period = (SELECT DISTINCT period FROM status_reports ORDER BY period DESC LIMIT 1 OFFSET 6)`,
		`UPDATE status_reports SET overall = 'red' WHERE id % 7 = 0`,
		`UPDATE projects SET phase = 'done' WHERE id % 5 = 0`,
	} {
		if res, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		} else if n, _ := res.RowsAffected(); n == 0 {
			t.Fatalf("%s changed nothing", q)
		}
	}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	base := db.Now().In(oslo)
	for _, now := range []time.Time{base, base.AddDate(0, -1, 0), base.AddDate(0, -7, 3), base.AddDate(-1, 0, 0),
		time.Date(base.Year(), base.Month(), 1, 0, 0, 0, 0, oslo)} {
		for _, area := range []string{"", "health_care"} {
			got, err := db.StatusTrend(ctx, now, area)
			if err != nil {
				t.Fatal(err)
			}
			want, err := db.StatusTrendByMonth(ctx, now, area)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatalf("%s %q: the definition counts nothing; the test data is wrong", now, area)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %q:\n got  %v\n want %v", now, area, got, want)
			}
		}
	}
}
