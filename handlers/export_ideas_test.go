package handlers_test

import (
	"strings"
	"testing"

	"samla/models"
)

// TestIdeasAndLogWorkbook: ideas and log entries go out in the workbook and
// as CSV, come back unchanged, and a new row of each is created.
func TestIdeasAndLogWorkbook(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	b := e.sessionAs(models.RoleEditor)
	book := []byte(b.do("GET", "/export/portfolio.xlsx", nil).body)
	for _, kind := range []string{"ideas", "log"} {
		res := decode[map[string]any](t, upload(e, "/api/v1/import/"+kind, editor, "p.xlsx", book).body)
		if res["changed"].(float64) != 0 || res["created"].(float64) != 0 || res["rejected"].(float64) != 0 || len(res["rows"].([]any)) < 10 {
			t.Errorf("%s from the workbook: %v", kind, res)
		}
	}
	ideas := b.do("GET", "/export/ideas.csv", nil)
	expect(t, "ideas csv", ideas, 200, "Felles chatbot for innbyggerspørsmål", "idea_status")
	log := b.do("GET", "/export/log.csv", nil)
	expect(t, "log csv", log, 200, "Opplæring før oppstart", "entry_date")

	csv := "title;need;service_area;municipality;supporters;estimated_cost_nok;idea_status\r\n" +
		"Felles e-signatur;Papir til signering tar tid.;Forvaltning;1833;1824,1835;120 000;Meldt inn\r\n" +
		"Godkjent uten vedtak;Behov;administration;1833;;;approved\r\n"
	r := upload(e, "/api/v1/import/ideas?dry_run=true", editor, "i.csv", []byte(csv))
	expect(t, "dry run", r, 200, `"created":1`, `"rejected":1`, `"error":"by_decision"`)
	csv = strings.Split(csv, "Godkjent")[0]
	expect(t, "import idea", upload(e, "/api/v1/import/ideas", editor, "i.csv", []byte(csv)), 200, `"created":1`)
	list := decode[[]models.Idea](t, e.api("GET", "/api/v1/ideas?q=e-signatur", editor, "").body)
	if len(list) != 1 || list[0].ServiceArea != "administration" || len(list[0].Supporters) != 2 || list[0].EstimatedCostNOK != 120000 {
		t.Fatalf("imported idea: %+v", list)
	}

	projects := decode[[]models.Project](t, e.api("GET", "/api/v1/projects", editor, "").body)
	logCSV := "project;entry_date;log_kind;title;recommendation;shared\r\n" + projects[0].Title + ";2026-10-01;Erfaring;Importert erfaring;Gjør det tidlig;ja\r\n"
	expect(t, "import log", upload(e, "/api/v1/import/log", editor, "l.csv", []byte(logCSV)), 200, `"created":1`)
	expect(t, "again", upload(e, "/api/v1/import/log", editor, "l.csv", []byte(logCSV)), 200, `"unchanged"`, `"created":0`)
	expect(t, "shared lesson", e.api("GET", "/api/v1/lessons?q=importert", editor, ""), 200, "Gjør det tidlig", `"shared":true`)
	expect(t, "unknown project", upload(e, "/api/v1/import/log", editor, "l.csv", []byte("project;entry_date;title\r\nFinnes ikke;2026-10-01;X\r\n")), 422, `"column":"project"`)
}
