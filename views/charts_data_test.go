package views

import (
	"encoding/json"
	"strings"
	"testing"

	"samla/models"
)

// spec decodes a chart's option as the page script reads it.
func spec(t *testing.T, c Chart) map[string]any {
	t.Helper()
	var s struct {
		Option map[string]any `json:"option"`
	}
	if err := json.Unmarshal([]byte(c.Spec()), &s); err != nil {
		t.Fatal(err)
	}
	return s.Option
}

func axis(o map[string]any, name string) map[string]any {
	list, _ := o[name].([]any)
	if len(list) == 0 {
		return nil
	}
	a, _ := list[0].(map[string]any)
	return a
}

func seriesData(o map[string]any, i int) []any {
	list, _ := o["series"].([]any)
	s, _ := list[i].(map[string]any)
	d, _ := s["data"].([]any)
	return d
}

func value(x any) float64 {
	m, _ := x.(map[string]any)
	v, _ := m["value"].(float64)
	return v
}

var statusHex = []string{"#068718", "#d49a00", "#c01b1b"}

func testDashboard() *models.Dashboard {
	today, _ := models.ParseDate("2026-12-01")
	date := func(s string) models.Date { d, _ := models.ParseDate(s); return d }
	return &models.Dashboard{
		Today:         today,
		ByPhaseStatus: []models.Count{{A: "execution", B: "green", N: 8}, {A: "planning", B: "red", N: 1}, {A: "done", B: "none", N: 2}},
		Trend: []models.Count{{A: "2026-11", B: "green", N: 14}, {A: "2026-11", B: "yellow", N: 2}, {A: "2026-12", B: "green", N: 14},
			{A: "2026-12", B: "yellow", N: 1}, {A: "2026-12", B: "red", N: 1}},
		TrendSoFar: "2026-12",
		Budget:     []models.AreaMoney{{Area: "health_care", Budget: 10}, {Area: "education", Budget: 5}, {Area: "administration", Budget: 3}, {Area: "child_welfare", Budget: 2}},
		Contracts: []models.ContractSpan{{ID: 1, Title: "Velferdsteknologi", Start: date("2023-04-01"), End: date("2027-02-28")},
			{ID: 2, Title: "Sikkerhetsovervåking (SOC) for alle kommunene", Start: date("2027-01-01"), End: date("2029-12-31")}},
	}
}

// The contract timeline draws each contract from its start to its end, on
// an axis that covers them all; caption, table and bars count the same.
func TestContractsChartDrawsSpans(t *testing.T) {
	p := &Page{Lang: "nb"}
	c := contractsChart(p, testDashboard())
	c.finish()
	o := spec(t, c)
	x := axis(o, "xAxis")
	if x["type"] != "value" || x["min"].(float64) > 2023 || x["max"].(float64) < 2030 {
		t.Fatalf("x axis %v does not cover 2023–2029", x)
	}
	offset, span := seriesData(o, 0), seriesData(o, 1)
	if len(offset) != 2 || len(span) != 2 || len(c.Rows) != 2 || !strings.HasPrefix(c.Summary, "2 ") {
		t.Fatalf("bars %d/%d, rows %d, summary %q", len(offset), len(span), len(c.Rows), c.Summary)
	}
	// The soonest ending is on top (last in the category list): SOC first.
	if start, length := value(offset[0]), value(span[0]); start < 2026.99 || start > 2027.01 || start+length < 2029.99 {
		t.Errorf("SOC drawn from %v for %v years", start, length)
	}
	if start, length := value(offset[1]), value(span[1]); start < 2023.2 || start > 2023.3 || length < 3.8 || length > 3.95 {
		t.Errorf("welfare contract drawn from %v for %v years", start, length)
	}
	y := axis(o, "yAxis")
	if lbl := y["axisLabel"].(map[string]any); lbl["interval"].(float64) != 0 {
		t.Errorf("the contract axis skips names: %v", lbl)
	}
	if names := y["data"].([]any); names[0] != "Sikkerhetsovervåking (SOC) for alle kommunene" {
		t.Errorf("the full name is not on the axis: %v", names)
	}
}

// Every category axis labels every category.
func TestEveryCategoryLabelled(t *testing.T) {
	p := &Page{Lang: "nb"}
	d := testDashboard()
	for _, c := range buildCharts(p, d, map[string]string{}) {
		o := spec(t, c)
		for _, name := range []string{"xAxis", "yAxis"} {
			a := axis(o, name)
			if a == nil || a["type"] == "value" || a["type"] == "time" || name == "yAxis" && a["type"] != "category" {
				continue
			}
			lbl, _ := a["axisLabel"].(map[string]any)
			if lbl == nil || lbl["interval"] != float64(0) || lbl["overflow"] != "break" && lbl["rotate"] != float64(40) {
				t.Errorf("%s %s: labels %v", c.ID, name, lbl)
			}
		}
	}
	c := phaseStatusChart(p, d)
	c.finish()
	if got := axis(spec(t, c), "xAxis")["data"].([]any); len(got) != len(models.Phases) {
		t.Errorf("phases on the axis: %v", got)
	}
}

// The status trend counts projects at each month's end; the running month
// is marked "so far", and the summary agrees in number and gender.
func TestTrendChartCountsProjects(t *testing.T) {
	p := &Page{Lang: "nb"}
	c := trendChart(p, testDashboard())
	c.finish()
	o := spec(t, c)
	labels := axis(o, "xAxis")["data"].([]any)
	if len(labels) != 2 || !strings.Contains(labels[1].(string), "hittil") || strings.Contains(labels[0].(string), "hittil") {
		t.Fatalf("labels %v", labels)
	}
	if green := seriesData(o, 0); value(green[1]) != 14 {
		t.Errorf("green at the end: %v", green)
	}
	if !strings.Contains(c.Summary, "14 grønne, 1 gult og 1 rødt prosjekt") {
		t.Errorf("summary %q", c.Summary)
	}
}

// Money charts do not use the status colours.
func TestMoneyChartsAvoidStatusColours(t *testing.T) {
	p := &Page{Lang: "nb"}
	d := testDashboard()
	b := models.Budget{Year: 2026, Income: []models.BudgetLine{{Kind: "grant", AmountNOK: 5}}, Costs: []models.BudgetLine{{Kind: "procurement", AmountNOK: 3}}}
	for _, c := range []Chart{budgetChart(p, d), benefitChart(p, d), BudgetChart(p, b)} {
		c.finish()
		js := strings.ToLower(string(c.Spec()))
		for _, hex := range statusHex {
			if strings.Contains(js, hex) {
				t.Errorf("%s uses the status colour %s", c.ID, hex)
			}
		}
	}
}

// The adoption chart draws the few solutions furthest along.
func TestAdoptionChartFewLines(t *testing.T) {
	p := &Page{Lang: "nb"}
	var sols []models.Solution
	pt := models.AdoptionPoint{Month: "2026-11", Pct: map[int64]int{}}
	for i := range 15 {
		sols = append(sols, models.Solution{ID: int64(i + 1), Name: string(rune('A' + i))})
		pt.Pct[int64(i+1)] = i * 5
	}
	c := AdoptionChart(p, []models.AdoptionPoint{pt}, sols)
	o := spec(t, c)
	series := o["series"].([]any)
	if len(series) != adoptionLines {
		t.Fatalf("%d lines", len(series))
	}
	if first := series[0].(map[string]any)["name"]; first != "O" {
		t.Errorf("the first line is %v, want the furthest along (O)", first)
	}
	if len(c.Head) != 16 {
		t.Errorf("the table lacks solutions: %v", c.Head)
	}
}
