package views

import (
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"samla/locale"
	"samla/models"
)

// AdoptionChart draws, for each solution, the share of member
// municipalities that had it in use at the end of each month. The table
// behind it has the same numbers; the summary names the leading solution.
func AdoptionChart(p *Page, points []models.AdoptionPoint, solutions []models.Solution) Chart {
	c := Chart{ID: "chart-adoption", Title: p.T("roll.chart"), TableLabel: p.T("dash.table")}
	line := charts.NewLine()
	line.SetGlobalOptions(append(baseOpts(c.Title),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 0, Max: 100, AxisLabel: &opts.AxisLabel{Formatter: "{value} %"}}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Type: "scroll"}),
	)...)
	months := make([]string, len(points))
	for i, pt := range points {
		months[i] = locale.Month(pt.Month, p.Lang)
	}
	line.SetXAxis(months)
	c.Head = append([]string{p.T("proj.month")}, make([]string, len(solutions))...)
	for i, s := range solutions {
		c.Head[i+1] = s.Name
	}
	for i, pt := range points {
		row := []string{months[i]}
		for _, s := range solutions {
			row = append(row, locale.Number(int64(pt.Pct[s.ID]))+" %")
		}
		c.Rows = append(c.Rows, row)
	}
	best, bestPct := "", -1
	for i, s := range topSolutions(points, solutions, adoptionLines) {
		series := make([]opts.LineData, len(points))
		for i, pt := range points {
			series[i] = opts.LineData{Value: pt.Pct[s.ID]}
		}
		color := moneyColors[i%len(moneyColors)]
		line.AddSeries(s.Name, series, charts.WithLineStyleOpts(opts.LineStyle{Width: 2, Color: color}), charts.WithItemStyleOpts(opts.ItemStyle{Color: color}))
		if n := len(points); n > 0 && points[n-1].Pct[s.ID] > bestPct {
			best, bestPct = s.Name, points[n-1].Pct[s.ID]
		}
	}
	if best != "" {
		c.Summary = p.T("roll.chart.summary", best, bestPct)
		if len(solutions) > adoptionLines {
			c.Summary += " " + p.T("roll.chart.top", adoptionLines, len(solutions))
		}
	} else {
		c.Summary = p.T("dash.chart.empty")
	}
	line.Validate()
	c.option = line.JSON()
	c.finish()
	return c
}

// adoptionLines is how many solutions the adoption chart draws: the ones
// furthest along at the end; the table has every solution.
const adoptionLines = 5

// topSolutions are the n solutions with the highest share at the last
// month (ties by name), in that order.
func topSolutions(points []models.AdoptionPoint, solutions []models.Solution, n int) []models.Solution {
	out := append([]models.Solution{}, solutions...)
	if len(points) == 0 {
		return out[:min(n, len(out))]
	}
	last := points[len(points)-1].Pct
	sort.SliceStable(out, func(i, j int) bool {
		if last[out[i].ID] != last[out[j].ID] {
			return last[out[i].ID] > last[out[j].ID]
		}
		return out[i].Name < out[j].Name
	})
	return out[:min(n, len(out))]
}
