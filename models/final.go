package models

import "sort"

// ProjectYear is one year of a project's money: what was funded, what was
// spent in the year (from the status reports, whose spent is to date) and
// the forecast at the year's last report.
type ProjectYear struct {
	Year        int   `json:"year"`
	FundingNOK  int64 `json:"funding_nok"`
	GrantNOK    int64 `json:"grant_nok"` // of FundingNOK, from the grant asked about (0: none asked)
	SpentNOK    int64 `json:"spent_nok"`
	SpentToDate int64 `json:"spent_to_date_nok"`
	ForecastNOK int64 `json:"forecast_nok"`
}

// ProjectYears works out a project's money per year, oldest first, from
// its status reports and funding rows; grantID picks the funding rows of
// one grant for GrantNOK. A year with neither a report nor funding is left out.
func ProjectYears(reports []StatusReport, funding []Funding, grantID int64) []ProjectYear {
	byYear := map[int]*ProjectYear{}
	get := func(y int) *ProjectYear {
		if byYear[y] == nil {
			byYear[y] = &ProjectYear{Year: y}
		}
		return byYear[y]
	}
	for _, f := range funding {
		py := get(f.Year)
		py.FundingNOK += f.AmountNOK
		if grantID != 0 && f.Source == "grant" && f.GrantID == grantID {
			py.GrantNOK += f.AmountNOK
		}
	}
	// The last report of each year holds the year's spent to date.
	sorted := append([]StatusReport(nil), reports...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Period < sorted[j].Period })
	last := map[int]StatusReport{}
	for _, r := range sorted {
		if r.Period.Valid() {
			last[r.Period.Start().Year()] = r
		}
	}
	for y, r := range last {
		py := get(y)
		py.SpentToDate, py.ForecastNOK = r.SpentNOK, r.ForecastNOK
	}
	out := make([]ProjectYear, 0, len(byYear))
	for _, py := range byYear {
		out = append(out, *py)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	var before int64
	for n := range out {
		if _, reported := last[out[n].Year]; reported {
			out[n].SpentNOK = out[n].SpentToDate - before
			before = out[n].SpentToDate
		} else {
			out[n].SpentToDate = before
		}
	}
	return out
}
