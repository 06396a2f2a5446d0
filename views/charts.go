package views

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"samla/locale"
	"samla/models"
)

// Chart is a chart for the "chart" template: ECharts options built with
// go-echarts, the link behind each data point, and the text alternative
// (title, a summary sentence and the numbers as a table).
type Chart struct {
	ID, Title, Summary string
	// TableLabel names the disclosure of the numbers ("Vis tallene").
	TableLabel string
	option     map[string]any
	links      [][]string // [series][data index] → URL
	spec       template.JS
	table      template.HTML
	Head       []string
	Rows       [][]string
	// rowLinks, when set, link each row's heading (a drill-down).
	rowLinks []string
	// html is the chart's markup, made by finish (charts are kept per
	// write generation, so each is written once, not on every page).
	html template.HTML
}

// Spec is the JSON the page script reads: option and links. json.Marshal
// escapes <, > and &, so the data block cannot end its script element.
func (c Chart) Spec() template.JS { return c.spec }

// Table is the chart's numbers as table rows, escaped.
func (c Chart) Table() template.HTML { return c.table }

// finish renders the parts of a chart that every page view shares.
func (c *Chart) finish() {
	c.option = allCategories(c.option)
	b, err := json.Marshal(map[string]any{"option": c.option, "links": c.links})
	if err != nil {
		b = []byte("{}")
	}
	c.spec = template.JS(b)
	var t strings.Builder
	for r, row := range c.Rows {
		t.WriteString("<tr>")
		for i, v := range row {
			if i == 0 && r < len(c.rowLinks) {
				t.WriteString(`<th scope="row"><a class="ds-link" href="` + html.EscapeString(c.rowLinks[r]) + `">` + html.EscapeString(v) + "</a></th>")
			} else if i == 0 {
				t.WriteString(`<th scope="row">` + html.EscapeString(v) + "</th>")
			} else {
				t.WriteString(`<td class="app-num">` + html.EscapeString(v) + "</td>")
			}
		}
		t.WriteString("</tr>")
	}
	c.table = template.HTML(t.String())
	c.html = c.markup()
}

// allCategories makes every category axis label every category: no label
// is skipped (interval 0), long names wrap within a width instead of
// overlapping, and the full names stay in the tooltip and the table.
func allCategories(option map[string]any) map[string]any {
	b, err := json.Marshal(option)
	if err != nil {
		return option
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return option
	}
	for axis, width := range map[string]float64{"xAxis": 96, "yAxis": 170} {
		list, _ := out[axis].([]any)
		for _, a := range list {
			ax, _ := a.(map[string]any)
			if ax == nil || ax["type"] != "category" && !(ax["type"] == nil && axis == "xAxis") {
				continue
			}
			label, _ := ax["axisLabel"].(map[string]any)
			if label == nil {
				label = map[string]any{}
			}
			label["interval"] = 0
			label["hideOverlap"] = false
			if _, ok := label["width"]; !ok {
				label["width"] = width
			}
			label["overflow"] = "break"
			// Many categories side by side: turned, so each keeps its place.
			if data, _ := ax["data"].([]any); axis == "xAxis" && len(data) > 5 {
				label["rotate"] = 40
				label["width"] = 120
				label["overflow"] = "truncate"
				// room on the left for the first turned label
				if grids, _ := out["grid"].([]any); len(grids) > 0 {
					if g, _ := grids[0].(map[string]any); g != nil {
						g["left"] = "9%"
					}
				}
			}
			if axis == "yAxis" {
				label["lineHeight"] = 14
			}
			ax["axisLabel"] = label
		}
	}
	return out
}

// moneyColors are for amounts: blues, teal and greys that are not the
// status colours (green, yellow, red mean status everywhere else).
var moneyColors = []string{"#0062ba", "#5aa7e6", "#1f4e79", "#0f8b8d", "#7fc8c9", "#6d5e9c", "#8b9aa8"}

// statusColors follow Designsystemet's success, warning and danger colours;
// the status is also in the series name, the table and the summary.
var statusColors = map[string]string{"green": "#068718", "yellow": "#d49a00", "red": "#c01b1b", "missing": "#6b2c91", "none": "#8b9aa8"}

func baseOpts(title string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Show: opts.Bool(false), Title: title}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithAnimation(false),
		charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "2%", Right: "4%", Top: "8%", Bottom: "14%"}),
	}
}

// link builds a URL with query values; empty values are left out.
func link(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// chartCache keeps the charts built from a (cached, shared) dashboard, per
// language: building them, options, tables and markup, is most of a
// dashboard's time. A write makes a new dashboard, and so new charts.
var chartCache struct {
	sync.Mutex
	m map[chartKey][]Chart
}

type chartKey struct {
	d    *models.Dashboard
	lang string
}

// DashboardCharts returns every chart of a dashboard (or municipality page).
func DashboardCharts(p *Page, d *models.Dashboard, names map[string]string) []Chart {
	k := chartKey{d, p.Lang}
	chartCache.Lock()
	defer chartCache.Unlock()
	if c, ok := chartCache.m[k]; ok {
		return c
	}
	if chartCache.m == nil || len(chartCache.m) > 200 {
		chartCache.m = map[chartKey][]Chart{}
	}
	c := buildCharts(p, d, names)
	chartCache.m[k] = c
	return c
}

func buildCharts(p *Page, d *models.Dashboard, names map[string]string) []Chart {
	out := []Chart{
		phaseStatusChart(p, d),
		trendChart(p, d),
		budgetChart(p, d),
		benefitChart(p, d),
		participationChart(p, d, names),
		pipelineChart(p, d),
		contractsChart(p, d),
	}
	for i := range out {
		out[i].TableLabel = p.T("dash.table")
		out[i].finish()
	}
	return out
}

func filterLink(d *models.Dashboard, path string, kv ...string) string {
	f := d.Filter
	base := []string{"area", f.ServiceArea, "municipality", f.Municipality, "phase", f.Phase}
	return link(path, append(base, kv...)...)
}

func phaseStatusChart(p *Page, d *models.Dashboard) Chart {
	counts := map[string]map[string]int64{}
	var total int64
	for _, c := range d.ByPhaseStatus {
		if counts[c.A] == nil {
			counts[c.A] = map[string]int64{}
		}
		counts[c.A][c.B] += c.N
		total += c.N
	}
	c := Chart{ID: "chart-phase-status", Title: p.T("dash.chart.phase_status")}
	bar := charts.NewBar()
	bar.SetGlobalOptions(baseOpts(c.Title)...)
	var phases []string
	for _, ph := range models.Phases {
		phases = append(phases, p.T("phase."+ph))
	}
	bar.SetXAxis(phases)
	c.Head = append([]string{p.T("proj.f.phase")}, statusLabels(p)...)
	rows := make([][]string, len(models.Phases))
	for i, ph := range models.Phases {
		rows[i] = []string{p.T("phase." + ph)}
	}
	var red int64
	for _, st := range models.ProjectStatuses {
		var series []opts.BarData
		var links []string
		for i, ph := range models.Phases {
			n := counts[ph][st]
			series = append(series, opts.BarData{Value: n})
			links = append(links, filterLink(d, "/projects", "phase", ph, "status", st))
			rows[i] = append(rows[i], locale.Number(n))
		}
		if st == "red" {
			for _, ph := range models.Phases {
				red += counts[ph][st]
			}
		}
		bar.AddSeries(p.T("status."+st), series, charts.WithBarChartOpts(opts.BarChart{Stack: "status"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: statusColors[st]}))
		c.links = append(c.links, links)
	}
	c.Rows = rows
	c.Summary = p.T("dash.chart.phase_status.summary", locale.Number(d.Figures.ActiveProjects), locale.Number(d.Figures.Red), locale.Number(total))
	bar.Validate()
	c.option = bar.JSON()
	return c
}

func statusLabels(p *Page) []string {
	var out []string
	for _, st := range models.ProjectStatuses {
		out = append(out, p.T("status."+st))
	}
	return out
}

// trendChart draws how many projects had each status at the end of each
// month (models.Dashboard.Trend); the month still running is labelled "so
// far", so that reports not yet due do not read as a drop.
func trendChart(p *Page, d *models.Dashboard) Chart {
	c := Chart{ID: "chart-trend", Title: p.T("dash.chart.trend")}
	periods := []string{}
	byPeriod := map[string]map[string]int64{}
	for _, t := range d.Trend {
		if byPeriod[t.A] == nil {
			byPeriod[t.A] = map[string]int64{}
			periods = append(periods, t.A)
		}
		byPeriod[t.A][t.B] = t.N
	}
	line := charts.NewLine()
	line.SetGlobalOptions(baseOpts(c.Title)...)
	labels := make([]string, len(periods))
	for i, per := range periods {
		labels[i] = locale.Month(per, p.Lang)
		if per == d.TrendSoFar {
			labels[i] = p.T("dash.chart.trend.so_far", labels[i])
		}
	}
	line.SetXAxis(labels)
	c.Head = []string{p.T("proj.month"), p.T("status.green"), p.T("status.yellow"), p.T("status.red")}
	for i, per := range periods {
		c.Rows = append(c.Rows, []string{labels[i], locale.Number(byPeriod[per]["green"]), locale.Number(byPeriod[per]["yellow"]), locale.Number(byPeriod[per]["red"])})
	}
	for _, st := range models.RAG {
		var series []opts.LineData
		var links []string
		for _, per := range periods {
			series = append(series, opts.LineData{Value: byPeriod[per][st]})
			links = append(links, filterLink(d, "/projects", "status", st))
		}
		line.AddSeries(p.T("status."+st), series, charts.WithItemStyleOpts(opts.ItemStyle{Color: statusColors[st]}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: statusColors[st], Width: 2}))
		c.links = append(c.links, links)
	}
	if n := len(periods); n > 0 {
		c.Summary = p.T("dash.chart.trend.summary", labels[n-1], locale.StatusCounts(p.Lang, byPeriod[periods[n-1]], models.RAG, locale.NounProject))
	} else {
		c.Summary = p.T("dash.chart.empty")
	}
	line.Validate()
	c.option = line.JSON()
	return c
}

func budgetChart(p *Page, d *models.Dashboard) Chart {
	c := Chart{ID: "chart-budget", Title: p.T("dash.chart.budget")}
	bar := charts.NewBar()
	bar.SetGlobalOptions(baseOpts(c.Title)...)
	var areas []string
	for _, a := range d.Budget {
		areas = append(areas, p.T("area."+a.Area))
	}
	bar.SetXAxis(areas)
	c.Head = []string{p.T("proj.f.service_area"), p.T("proj.f.budget"), p.T("proj.spent"), p.T("proj.forecast")}
	series := map[string][]opts.BarData{}
	var links []string
	for _, a := range d.Budget {
		series["budget"] = append(series["budget"], opts.BarData{Value: a.Budget})
		series["spent"] = append(series["spent"], opts.BarData{Value: a.Spent})
		series["forecast"] = append(series["forecast"], opts.BarData{Value: a.Forecast})
		links = append(links, filterLink(d, "/projects", "area", a.Area))
		c.Rows = append(c.Rows, []string{p.T("area." + a.Area), locale.Kroner(a.Budget), locale.Kroner(a.Spent), locale.Kroner(a.Forecast)})
	}
	for _, k := range []struct{ key, label, color string }{{"budget", "proj.f.budget", moneyColors[0]}, {"spent", "proj.spent", moneyColors[1]}, {"forecast", "proj.forecast", moneyColors[3]}} {
		bar.AddSeries(p.T(k.label), series[k.key], charts.WithItemStyleOpts(opts.ItemStyle{Color: k.color}))
		c.links = append(c.links, links)
	}
	c.Summary = p.T("dash.chart.budget.summary", locale.Kroner(d.Totals.BudgetNOK), locale.Kroner(d.Totals.SpentNOK), locale.Kroner(d.Totals.ForecastNOK))
	bar.Validate()
	c.option = bar.JSON()
	return c
}

func benefitChart(p *Page, d *models.Dashboard) Chart {
	c := Chart{ID: "chart-benefits", Title: p.T("dash.chart.benefits")}
	line := charts.NewLine()
	line.SetGlobalOptions(baseOpts(c.Title)...)
	var labels []string
	var realised, planned []opts.LineData
	var links []string
	var cr, cp int64
	c.Head = []string{p.T("proj.month"), p.T("ben.cumulative_plan"), p.T("ben.cumulative")}
	for _, m := range d.Benefits {
		cr += m.Realised
		cp += m.Planned
		labels = append(labels, locale.Month(m.Period, p.Lang))
		realised = append(realised, opts.LineData{Value: cr})
		planned = append(planned, opts.LineData{Value: cp})
		links = append(links, filterLink(d, "/benefits"))
		c.Rows = append(c.Rows, []string{locale.Month(m.Period, p.Lang), locale.Kroner(cp), locale.Kroner(cr)})
	}
	line.SetXAxis(labels)
	line.AddSeries(p.T("ben.cumulative_plan"), planned, charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Color: "#8b9aa8", Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#8b9aa8"}))
	line.AddSeries(p.T("ben.cumulative"), realised, charts.WithLineStyleOpts(opts.LineStyle{Color: moneyColors[0], Width: 3}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: moneyColors[0]}))
	c.links = [][]string{links, links}
	c.Summary = p.T("dash.chart.benefits.summary", locale.Kroner(d.BenefitTotal.RealisedNOK), locale.Kroner(d.BenefitTotal.PlannedNOK))
	line.Validate()
	c.option = line.JSON()
	return c
}

// participationRows is how many municipalities the heat map shows one by
// one; beyond that its rows are counties, each a link to the dashboard of
// that county (drill-down), so that a national portfolio stays readable and
// the page light.
const participationRows = 40

func participationChart(p *Page, d *models.Dashboard, names map[string]string) Chart {
	c := Chart{ID: "chart-participation", Title: p.T("dash.chart.participation")}
	counts, label := d.Participation, func(m string) string { return names[m] }
	if d.Filter.County != "" { // a county's dashboard: its own municipalities
		counts = nil
		for _, x := range d.Participation {
			if models.CountyOf(x.A) == d.Filter.County {
				counts = append(counts, x)
			}
		}
	}
	rowLink := func(row, area string) string {
		return link("/projects", "municipality", row, "area", area, "phase", d.Filter.Phase)
	}
	rowHead, summary, byCounty := p.T("mun.name"), "dash.chart.participation.summary", false
	if rows := distinctA(counts); rows > participationRows {
		byCounty = true
		counts, label, rowHead, summary = d.ParticipationByCounty, p.County, p.T("roll.county"), "dash.chart.participation.counties"
		c.Title = p.T("dash.chart.participation.county")
		rowLink = func(county, area string) string {
			return link("/", "county", county, "area", area, "phase", d.Filter.Phase) + "#chart-participation"
		}
	}
	hm := charts.NewHeatMap()
	var rows []string
	index := map[string]int{}
	var max int64
	for _, x := range counts {
		if _, ok := index[x.A]; !ok {
			index[x.A] = len(rows)
			rows = append(rows, x.A)
		}
		if x.N > max {
			max = x.N
		}
	}
	areaIndex := map[string]int{}
	var areaLabels []string
	for i, a := range models.ServiceAreas {
		areaIndex[a] = i
		areaLabels = append(areaLabels, p.T("area."+a))
	}
	labels := make([]string, len(rows))
	for i, m := range rows {
		labels[i] = label(m)
	}
	hm.SetGlobalOptions(append(baseOpts(c.Title),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: areaLabels, AxisLabel: &opts.AxisLabel{Rotate: 30, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: labels}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: 0, Max: float32(max), Orient: "vertical", Right: "0", Top: "middle",
			InRange: &opts.VisualMapInRange{Color: []string{"#e6f0fa", "#0062ba"}}}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
	)...)
	var cells []opts.HeatMapData
	var links []string
	table := map[string][]int64{}
	for _, x := range counts {
		cells = append(cells, opts.HeatMapData{Value: [3]interface{}{areaIndex[x.B], index[x.A], x.N}})
		links = append(links, rowLink(x.A, x.B))
		if table[x.A] == nil {
			table[x.A] = make([]int64, len(models.ServiceAreas))
		}
		table[x.A][areaIndex[x.B]] = x.N
	}
	hm.AddSeries(c.Title, cells)
	c.links = [][]string{links}
	c.Head = append([]string{rowHead}, areaLabels...)
	for _, m := range rows {
		row := []string{label(m)}
		for _, n := range table[m] {
			row = append(row, locale.Number(n))
		}
		c.Rows = append(c.Rows, row)
		if byCounty {
			c.rowLinks = append(c.rowLinks, link("/", "county", m, "area", d.Filter.ServiceArea, "phase", d.Filter.Phase)+"#chart-participation")
		}
	}
	c.Summary = p.T(summary, len(rows))
	hm.Validate()
	c.option = hm.JSON()
	return c
}

// distinctA counts the different first keys of sorted counts.
func distinctA(counts []models.Count) int {
	n := 0
	for i, x := range counts {
		if i == 0 || x.A != counts[i-1].A {
			n++
		}
	}
	return n
}

func pipelineChart(p *Page, d *models.Dashboard) Chart {
	c := Chart{ID: "chart-pipeline", Title: p.T("dash.chart.pipeline")}
	byStage := map[string]int64{}
	var total int64
	for _, x := range d.Pipeline {
		byStage[x.A] = x.N
		total += x.N
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(baseOpts(c.Title)...)
	var labels []string
	var series []opts.BarData
	var links []string
	c.Head = []string{p.T("proc.f.stage"), p.T("dash.count")}
	for _, st := range models.Stages {
		labels = append(labels, p.T("stage."+st))
		series = append(series, opts.BarData{Value: byStage[st]})
		links = append(links, link("/procurements", "stage", st, "municipality", d.Filter.Municipality))
		c.Rows = append(c.Rows, []string{p.T("stage." + st), locale.Number(byStage[st])})
	}
	bar.SetXAxis(labels)
	bar.SetGlobalOptions(charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: 30, Interval: "0"}}))
	bar.AddSeries(p.T("proc.title"), series, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#0062ba"}))
	c.links = [][]string{links}
	c.Summary = p.T("dash.chart.pipeline.summary", locale.Number(total), locale.Number(byStage[models.StageInForce]))
	bar.Validate()
	c.option = bar.JSON()
	return c
}

// contractsChart draws each contract as a bar from its start to its end.
// The axis is in years (2026.5 is 1 July 2026) from the year of the
// earliest start to the year after the latest end, so every bar fits: an
// invisible bar up to the start, the contract's span stacked on it. The
// caption, the table and the bars count the same contracts.
func contractsChart(p *Page, d *models.Dashboard) Chart {
	c := Chart{ID: "chart-contracts", Title: p.T("dash.chart.contracts")}
	bar := charts.NewBar()
	var titles []string
	var offset, length []opts.BarData
	var links []string
	c.Head = []string{p.T("proc.f.title"), p.T("proc.f.start"), p.T("proc.f.end")}
	lo, hi := d.Today.Year(), d.Today.Year()+1
	for _, k := range d.Contracts {
		lo = min(lo, k.Start.Year())
		hi = max(hi, k.End.Year()+1)
	}
	for i := len(d.Contracts) - 1; i >= 0; i-- { // the soonest ending on top
		k := d.Contracts[i]
		titles = append(titles, k.Title)
		offset = append(offset, opts.BarData{Value: yearOf(k.Start)})
		length = append(length, opts.BarData{Value: max(yearOf(k.End)-yearOf(k.Start), 0.01),
			Tooltip: &opts.Tooltip{Formatter: types.FuncStr(html.EscapeString(k.Title) + ": " + locale.Date(k.Start.Time) + " – " + locale.Date(k.End.Time))}})
		links = append(links, fmt.Sprintf("/procurements/%d", k.ID))
	}
	for _, k := range d.Contracts {
		c.Rows = append(c.Rows, []string{k.Title, locale.Date(k.Start.Time), locale.Date(k.End.Time)})
	}
	bar.SetGlobalOptions(append(baseOpts(c.Title),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: lo, Max: hi, SplitNumber: hi - lo, AxisLabel: &opts.AxisLabel{Formatter: "year"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: titles}),
	)...)
	bar.AddSeries("offset", offset, charts.WithBarChartOpts(opts.BarChart{Stack: "span"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "transparent"}))
	bar.AddSeries(p.T("dash.chart.contracts"), length, charts.WithBarChartOpts(opts.BarChart{Stack: "span"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: moneyColors[0]}))
	c.links = [][]string{links, links}
	if len(d.Contracts) > 0 {
		first := d.Contracts[0]
		c.Summary = p.T("dash.chart.contracts.summary", len(d.Contracts), first.Title, locale.Date(first.End.Time))
	} else {
		c.Summary = p.T("dash.chart.empty")
	}
	bar.Validate()
	c.option = bar.JSON()
	return c
}

// yearOf is a date as a year with its fraction (1 July 2026 ≈ 2026.5),
// rounded to days.
func yearOf(t models.Date) float64 {
	start := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	days := time.Date(t.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24
	return float64(t.Year()) + float64(t.YearDay()-1)/days
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
