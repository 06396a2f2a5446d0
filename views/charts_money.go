package views

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"samla/locale"
	"samla/models"
)

// BudgetChart sets the year's income by source beside its costs by kind,
// as two stacked bars; the table behind it has every line.
func BudgetChart(p *Page, b models.Budget) Chart {
	c := Chart{ID: "chart-budget-year", Title: p.T("money.chart", b.Year), TableLabel: p.T("dash.table")}
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOpts(c.Title), charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}))...)
	bar.SetXAxis([]string{p.T("money.income"), p.T("money.costs")})
	kinds := []struct {
		key    string
		income bool
		color  string
	}{{"contribution", true, moneyColors[0]}, {"grant", true, moneyColors[1]}, {"municipalities", true, moneyColors[2]}, {"other", true, moneyColors[6]},
		{"project", false, moneyColors[3]}, {"procurement", false, moneyColors[5]}}
	sums := map[string]int64{}
	for _, l := range b.Income {
		sums[l.Kind] += l.AmountNOK
	}
	for _, l := range b.Costs {
		sums[l.Kind] += l.AmountNOK
	}
	c.Head = []string{p.T("money.line.kind"), p.T("money.income"), p.T("money.costs")}
	for _, k := range kinds {
		in, out := opts.BarData{Value: 0}, opts.BarData{Value: 0}
		row := []string{p.T("money.kind." + k.key), "", ""}
		if k.income {
			in.Value, row[1] = sums[k.key], locale.Kroner(sums[k.key])
		} else {
			out.Value, row[2] = sums[k.key], locale.Kroner(sums[k.key])
		}
		bar.AddSeries(p.T("money.kind."+k.key), []opts.BarData{in, out}, charts.WithBarChartOpts(opts.BarChart{Stack: "money"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: k.color}))
		c.links = append(c.links, []string{"", ""})
		c.Rows = append(c.Rows, row)
	}
	c.Rows = append(c.Rows, []string{p.T("money.total"), locale.Kroner(b.IncomeNOK), locale.Kroner(b.CostsNOK)})
	c.Summary = p.T("money.chart.summary", locale.Kroner(b.IncomeNOK), locale.Kroner(b.CostsNOK))
	bar.Validate()
	c.option = bar.JSON()
	c.finish()
	return c
}
