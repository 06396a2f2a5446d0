package data

import (
	"context"
	"fmt"

	"samla/models"
)

// Figures returns the overview's key figures for a filter (CONTRACT
// "Figures"): the overview, the projects list, the procurements page, the
// municipality page and PDF, the digest and GET /api/v1/figures all read
// them from here.
func (db *DB) Figures(ctx context.Context, f models.DashFilter) (models.Figures, error) {
	d, err := db.Dashboard(ctx, f)
	if err != nil {
		return models.Figures{}, err
	}
	return d.Figures, nil
}

// figures fills the dashboard's key figures from its aggregates, and counts
// the programme's grant reports due and municipalities behind.
func (db *DB) figures(ctx context.Context, d *models.Dashboard) error {
	fig := models.FiguresOf(d.ByPhaseStatus)
	fig.BudgetNOK, fig.SpentNOK = d.Totals.BudgetNOK, d.Totals.SpentNOK
	fig.BenefitsRealisedNOK, fig.BenefitsPlannedNOK = d.BenefitTotal.RealisedNOK, d.BenefitTotal.PlannedNOK
	fig.PendingCases, fig.Deadlines, fig.HorizonMonth = d.PendingCases, d.Deadlines, d.Horizon
	d.Totals.Projects = fig.ActiveProjects

	a, _, err := db.Adoption(ctx, AdoptionFilter{})
	if err != nil {
		return err
	}
	for _, m := range a.Municipalities {
		if m.Behind && (d.Filter.Municipality == "" || m.Number == d.Filter.Municipality) {
			fig.MunicipalitiesBehind++
		}
	}
	grants, err := db.Grants(ctx, GrantFilter{Status: "granted"})
	if err != nil {
		return err
	}
	for _, g := range grants {
		if g.ReportDueSoon(d.Today) {
			fig.GrantReportsDue++
		}
	}
	d.Figures = fig
	return nil
}

// ContractDeadlines lists the contract ends and undecided option deadlines
// from today to the horizon (months, from the settings) of the procurements
// the filter selects, soonest first: the figure "deadlines". Kept per
// write generation (and for at most a minute, for the day).
func (db *DB) ContractDeadlines(ctx context.Context, f models.DashFilter) ([]models.Deadline, error) {
	return cachedRead(ctx, db, fmt.Sprintf("deadlines|%+v", f), func(ctx context.Context) ([]models.Deadline, error) { return db.contractDeadlines(ctx, f) })
}

func (db *DB) contractDeadlines(ctx context.Context, f models.DashFilter) ([]models.Deadline, error) {
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	now := db.Now().In(db.location())
	from := models.DateOf(now).String()
	to := models.DateOf(now.AddDate(0, set.ExpiryHorizonMonth, 0)).String()
	rw, rargs := procurementWhere(f)
	args := append(append(append([]any{from, to}, rargs...), from, to), rargs...)
	list, err := queryList(ctx, db.read, "contract deadlines", func(r rowScanner) (models.Deadline, error) {
		var d models.Deadline
		var date string
		err := r.Scan(&d.ProcurementID, &d.Title, &d.Kind, &date, &d.Detail, &d.Supplier)
		d.Date, _ = models.ParseDate(date)
		return d, err
	}, `SELECT pr.id, pr.title, 'contract_end', pr.contract_end, '', pr.supplier FROM procurements pr
		WHERE pr.contract_end BETWEEN ? AND ? AND pr.stage NOT IN ('cancelled', 'expired') AND `+rw+`
		UNION ALL
		SELECT pr.id, pr.title, 'option', o.deadline, o.description, pr.supplier FROM procurement_options o JOIN procurements pr ON pr.id = o.procurement_id
		WHERE o.decision = '' AND o.deadline BETWEEN ? AND ? AND pr.stage NOT IN ('cancelled', 'expired') AND `+rw+`
		ORDER BY 4, 2`, args...)
	if err != nil {
		return nil, fmt.Errorf("data: contract deadlines: %w", err)
	}
	if list == nil {
		list = []models.Deadline{}
	}
	return list, nil
}
