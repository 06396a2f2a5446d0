package views

import (
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
	for _, s := range solutions {
		series := make([]opts.LineData, len(points))
		for i, pt := range points {
			series[i] = opts.LineData{Value: pt.Pct[s.ID]}
		}
		line.AddSeries(s.Name, series, charts.WithLineStyleOpts(opts.LineStyle{Width: 2}))
		if n := len(points); n > 0 && points[n-1].Pct[s.ID] > bestPct {
			best, bestPct = s.Name, points[n-1].Pct[s.ID]
		}
	}
	if best != "" {
		c.Summary = p.T("roll.chart.summary", best, bestPct)
	} else {
		c.Summary = p.T("dash.chart.empty")
	}
	line.Validate()
	c.option = line.JSON()
	c.finish()
	return c
}
