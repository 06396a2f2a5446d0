package views

import (
	"fmt"
	"samla/models"
	"strings"
	"testing"
)

// Beyond 40 municipalities the participation heat map has a row per county,
// each linking to that county's dashboard; a county's dashboard shows its
// own municipalities one by one.
func TestParticipationGroupsByCounty(t *testing.T) {
	d := &models.Dashboard{}
	names := map[string]string{}
	for i := range 45 {
		county := "18"
		if i >= 30 {
			county = "50"
		}
		number := fmt.Sprintf("%s%02d", county, i)
		names[number] = "Kommune " + number
		d.Participation = append(d.Participation, models.Count{A: number, B: "health_care", N: 2})
	}
	d.ParticipationByCounty = []models.Count{{A: "18", B: "health_care", N: 7}, {A: "50", B: "health_care", N: 4}}
	p := &Page{Lang: "nb"}

	c := participationChart(p, d, names)
	c.finish()
	if len(c.Rows) != 2 || c.Rows[0][0] != "Nordland" || c.Rows[1][0] != "Trøndelag" {
		t.Fatalf("rows %v, want Nordland and Trøndelag", c.Rows)
	}
	if !strings.Contains(string(c.Table()), `<a class="ds-link" href="/?county=18#chart-participation">Nordland</a>`) {
		t.Errorf("the county row does not lead to the county: %s", c.Table())
	}
	if !strings.Contains(c.Summary, "2 fylker") || !strings.Contains(string(c.Spec()), `county=50`) {
		t.Errorf("summary %q, spec %s", c.Summary, c.Spec())
	}

	d.Filter.County = "50"
	c = participationChart(p, d, names)
	if len(c.Rows) != 15 || c.Rows[0][0] != "Kommune 5030" {
		t.Fatalf("county rows %d, first %v", len(c.Rows), c.Rows[0])
	}

	d.Filter.County, d.Participation = "", d.Participation[:40]
	if c = participationChart(p, d, names); len(c.Rows) != 40 {
		t.Errorf("40 municipalities are shown one by one, got %d rows", len(c.Rows))
	}
}
