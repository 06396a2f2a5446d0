package data

import (
	"context"
	"time"

	"samla/models"
)

// AutoCheckpoints tells the wal_autocheckpoint setting of the writing and
// of a reading connection (for tests).
func (db *DB) AutoCheckpoints() (write, read int) {
	db.write.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&write)
	db.read.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&read)
	return write, read
}

// StatusTrend is the dashboard's status trend for the given moment and
// service area, and StatusTrendByMonth the same counted by the definition
// itself, one query a month (for tests: the two must agree).
func (db *DB) StatusTrend(ctx context.Context, now time.Time, area string) ([]models.Count, error) {
	pw, pargs := projectWhere(models.DashFilter{ServiceArea: area})
	return db.statusTrend(ctx, now, pw, pargs)
}

func (db *DB) StatusTrendByMonth(ctx context.Context, now time.Time, area string) ([]models.Count, error) {
	pw, pargs := projectWhere(models.DashFilter{ServiceArea: area})
	var out []models.Count
	for _, e := range trendMonthEnds(now) {
		period, at := e.period, e.at
		counts, err := db.counts(ctx, `SELECT ?, r.overall, count(*) FROM status_reports r JOIN projects p ON p.id = r.project_id
			WHERE `+pw+` AND p.phase IN (`+quoteList(models.ActivePhases)+`) AND r.reported_at < ?
			AND r.period = (SELECT max(r2.period) FROM status_reports r2 WHERE r2.project_id = r.project_id AND r2.reported_at < ?)
			GROUP BY 2`, append(append([]any{string(period)}, pargs...), at, at)...)
		if err != nil {
			return nil, err
		}
		out = append(out, counts...)
	}
	return out, nil
}
