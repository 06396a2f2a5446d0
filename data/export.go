package data

import (
	"context"
	"fmt"

	"samla/models"
)

// StatusReportRow is a status report with its project's title, for exports.
type StatusReportRow struct {
	ProjectTitle string
	models.StatusReport
}

// AllStatusReports lists the reports of the given projects, by project and month.
func (db *DB) AllStatusReports(ctx context.Context, projectIDs map[int64]string) ([]StatusReportRow, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+reportColumns+` FROM status_reports r LEFT JOIN users u ON u.id = r.reported_by
		ORDER BY r.project_id, r.period`)
	if err != nil {
		return nil, fmt.Errorf("data: export reports: %w", err)
	}
	defer rows.Close()
	var out []StatusReportRow
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		if title, ok := projectIDs[r.ProjectID]; ok {
			out = append(out, StatusReportRow{title, r})
		}
	}
	return out, rows.Err()
}

// AllMeasurements lists every measurement, by benefit and period.
func (db *DB) AllMeasurements(ctx context.Context) (map[int64][]models.Measurement, error) {
	ms, err := db.measurements(ctx, 0, "")
	if err != nil {
		return nil, err
	}
	out := map[int64][]models.Measurement{}
	for _, m := range ms {
		out[m.BenefitID] = append(out[m.BenefitID], m)
	}
	return out, nil
}
