package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"samla/data"
	"samla/handlers"
	"samla/models"
)

// upload posts a file to an import route with a token.
func upload(e *env, path, token, filename string, content []byte) response {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, _ := w.CreateFormFile("file", filename)
	part.Write(content)
	w.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return e.do(req)
}

// emptyEnv is a server on a new, empty database with one administrator.
func emptyEnv(t *testing.T) (*env, string) {
	t.Helper()
	db, err := data.Open(filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(context.Background(), models.System, models.User{Email: "admin@ny.example", Name: "Admin", Role: models.RoleAdmin}, "et langt passord")
	if err != nil {
		t.Fatal(err)
	}
	secret, _, _ := db.CreateToken(context.Background(), models.System, u.ID, "import")
	base, _ := url.Parse("http://localhost:8080")
	srv, err := handlers.New(db, handlers.Config{BaseURL: base, Lang: "nb", Location: time.UTC, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, db: db, srv: srv}, secret
}

// Exporting the demo to XLSX and importing it into an empty database gives
// the same projects, participants and measurements.
func TestExportImportRoundTrip(t *testing.T) {
	src := newEnv(t)
	r := src.sessionAs(models.RoleViewer).do("GET", "/export/portfolio.xlsx", nil)
	if r.status != 200 || !strings.HasPrefix(r.body, "PK") {
		t.Fatalf("export: %d", r.status)
	}
	book := []byte(r.body)
	dst, token := emptyEnv(t)
	for _, kind := range []string{"municipalities", "projects", "measurements"} {
		dry := upload(dst, "/api/v1/import/"+kind+"?dry_run=true", token, "portefolje.xlsx", book)
		expect(t, kind+" dry run", dry, 200, `"dry_run":true`, `"rejected":0`)
		res := upload(dst, "/api/v1/import/"+kind, token, "portefolje.xlsx", book)
		expect(t, kind+" import", res, 200, `"rejected":0`)
	}
	ctx := context.Background()
	summary := func(db *data.DB) (projects []string, measurements int) {
		list, _, _ := db.Projects(ctx, data.ProjectFilter{})
		for _, p := range list {
			projects = append(projects, p.Title+"|"+strings.Join(p.Municipalities, ","))
		}
		sort.Strings(projects)
		all, _ := db.AllMeasurements(ctx)
		for _, ms := range all {
			measurements += len(ms)
		}
		return
	}
	wantP, wantM := summary(src.db)
	gotP, gotM := summary(dst.db)
	if strings.Join(wantP, "\n") != strings.Join(gotP, "\n") {
		t.Errorf("projects differ:\nwant %v\ngot  %v", wantP[:3], gotP[:min(3, len(gotP))])
	}
	if wantM != gotM || gotM == 0 {
		t.Errorf("measurements: want %d, got %d", wantM, gotM)
	}
	// Importing the same workbook again changes, but does not duplicate.
	res := upload(dst, "/api/v1/import/projects", token, "portefolje.xlsx", book)
	expect(t, "re-import", res, 422, `"error":"taken"`)
}

func TestImportErrors(t *testing.T) {
	e := newEnv(t)
	admin := e.token(models.RoleAdmin)
	expect(t, "not a table", upload(e, "/api/v1/import/projects", admin, "bilde.png", []byte("\x89PNG\r\n\x1a\n\x00\x00")), 422, "bilde.png", "not a CSV or XLSX file")
	expect(t, "missing column", upload(e, "/api/v1/import/projects", admin, "p.csv", []byte("title;phase\nX;idea\n")), 422, "p.csv", `the column \"service_area\" is missing`)
	csv := "\ufefftitle;service_area;phase;lead_municipality;municipalities;budget_nok\n" +
		"Nytt prosjekt i Træna;health_care;idea;1835;1835;100000\n" +
		"Feil kommune;health_care;idea;9999;;100000\n" +
		"Feil tall;health_care;idea;1833;;mange\n"
	r := upload(e, "/api/v1/import/projects", admin, "prosjekter.csv", []byte(csv))
	expect(t, "bad rows", r, 422, `"row":3`, `"column":"lead_municipality"`, `"row":4`, `"column":"budget_nok"`, `"created":1`, `"rejected":2`)
	if list, n, _ := e.db.Projects(context.Background(), data.ProjectFilter{Query: "Nytt prosjekt i Træna"}); n != 0 {
		t.Fatalf("a rejected import kept a row: %v", list)
	}
	r = upload(e, "/api/v1/import/projects?dry_run=true", admin, "prosjekter.csv", []byte(csv[:strings.Index(csv, "Feil kommune")]))
	expect(t, "dry run", r, 200, `"action":"created"`, `"dry_run":true`)
	if _, n, _ := e.db.Projects(context.Background(), data.ProjectFilter{Query: "Nytt prosjekt i Træna"}); n != 0 {
		t.Fatal("a dry run wrote")
	}
	expect(t, "viewer", upload(e, "/api/v1/import/projects", e.token(models.RoleViewer), "p.csv", []byte(csv)), 403)
	expect(t, "editor municipalities", upload(e, "/api/v1/import/municipalities", e.token(models.RoleEditor), "k.csv", []byte("number;name;population\n")), 403)
	big := bytes.Repeat([]byte("x"), handlers.MaxImport+1)
	expect(t, "too large", upload(e, "/api/v1/import/projects", admin, "stor.csv", big), 422, "stor.csv is larger than 5 MB")
}

// Statistics Norway's table 07459, as its CSV export looks.
func TestImportSSBPopulation(t *testing.T) {
	e := newEnv(t)
	next := e.db.Now().Year() + 1 // newer than the demo's figures
	ssb := "\"Befolkning, etter region og år\"\n\n\"region\";\"statistikkvariabel\";\"" + strconv.Itoa(next) + "\"\n" +
		"\"1833 Rana (Raane)\";\"Personer\";26612\n\"1835 Træna\";\"Personer\";452\n\"1899 Nykommune\";\"Personer\";1000\n"
	r := upload(e, "/api/v1/import/municipalities", e.token(models.RoleAdmin), "07459.csv", []byte(ssb))
	expect(t, "ssb", r, 200, `"changed":2`, `"created":1`)
	m, _ := e.db.Municipality(context.Background(), "1833")
	if m.Population != 26612 || m.PopulationDate.Year() != next {
		t.Fatalf("Rana: %+v", m)
	}
}

func TestCSVExport(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	for _, kind := range []string{"projects", "status-reports", "procurements", "benefits", "decisions"} {
		r := b.do("GET", "/export/"+kind+".csv", nil)
		if r.status != 200 || !strings.HasPrefix(r.body, "\ufeff") || !strings.Contains(strings.SplitN(r.body, "\n", 2)[0], ";") {
			t.Errorf("%s: %d %.80q", kind, r.status, r.body)
		}
	}
	r := b.do("GET", "/export/projects.csv?municipality=1835", nil)
	expect(t, "filtered", r, 200, "Krisevarsling til innbyggere")
	if strings.Contains(r.body, "Felles økonomisystem (ERP)") {
		t.Error("the filter does not apply to the export")
	}

}

// Re-importing samla's own unchanged export says "unchanged" for every row
// and writes nothing, audit rows included; a changed row names its changes.
func TestReimportUnchangedExport(t *testing.T) {
	e := newEnv(t)
	admin := e.token(models.RoleAdmin)
	b := e.sessionAs(models.RoleAdmin)
	auditBefore := e.api("GET", "/api/v1/audit?limit=1", admin, "").header.Get("X-Total-Count")
	for _, f := range []struct{ kind, export, name string }{
		{"projects", "/export/projects.csv", "p.csv"}, {"projects", "/export/portfolio.xlsx", "p.xlsx"},
		{"municipalities", "/export/portfolio.xlsx", "k.xlsx"}, {"measurements", "/export/benefits.csv", "g.csv"},
	} {
		file := []byte(b.do("GET", f.export, nil).body)
		res := decode[map[string]any](t, upload(e, "/api/v1/import/"+f.kind, admin, f.name, file).body)
		if res["changed"].(float64) != 0 || res["created"].(float64) != 0 || res["rejected"].(float64) != 0 {
			t.Errorf("%s from %s: %v", f.kind, f.name, res)
		}
	}
	if after := e.api("GET", "/api/v1/audit?limit=1", admin, "").header.Get("X-Total-Count"); after != auditBefore {
		t.Errorf("an import that changes nothing wrote audit rows: %s → %s", auditBefore, after)
	}
	csv := b.do("GET", "/export/projects.csv", nil).body
	lines := strings.Split(csv, "\r\n")
	cols := strings.Split(lines[1], ";")
	cols[8] = "123456" // budget_nok of the first project
	lines[1] = strings.Join(cols, ";")
	dry := upload(e, "/api/v1/import/projects?dry_run=true", admin, "p.csv", []byte(strings.Join(lines, "\r\n")))
	expect(t, "one change", dry, 200, `"changed":1`, `"changes":[{"field":"budget_nok","before":`, `"after":"123456"}]`)
}

// A CSV saved by Norwegian Excel ("CSV (semikolondelt)") is Windows-1252.
func TestImportWindows1252(t *testing.T) {
	e := newEnv(t)
	admin := e.token(models.RoleAdmin)
	// "Bø;Søndre Årstad" in Windows-1252: ø = F8, Å = C5.
	file := []byte("number;name;population\r\n1867;B\xf8 i Vester\xe5len;2600\r\n1899;S\xf8ndre \xc5rstad;1200\r\n")
	expect(t, "cp1252", upload(e, "/api/v1/import/municipalities", admin, "k.csv", file), 200, `"rejected":0`)
	m, err := e.db.Municipality(context.Background(), "1899")
	if err != nil || m.Name != "Søndre Årstad" {
		t.Errorf("æøå did not come out right: %q %v", m.Name, err)
	}
	r := upload(e, "/api/v1/import/municipalities", admin, "k.csv", []byte("number;name\r\n1899;\x00\x01\x02"))
	expect(t, "binary", r, 422, "not a CSV or XLSX file")
}

// Text that a spreadsheet would run as a formula is made inert in every
// export, and comes back unchanged through the import.
func TestExportsNeutraliseFormulas(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	title := `=HYPERLINK("http://example.com","klikk")`
	r := e.api("PATCH", "/api/v1/projects/1", editor, fmt.Sprintf(`{"title": %q, "description": "@SUM(1)"}`, title))
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	b := e.sessionAs(models.RoleViewer)
	csv := b.do("GET", "/export/projects.csv", nil).body
	if !strings.Contains(csv, `'=HYPERLINK`) || !strings.Contains(csv, `'@SUM(1)`) || strings.Contains(csv, `;"=HYPERLINK`) {
		t.Errorf("the CSV keeps a live formula: %.300s", csv)
	}
	book, err := excelize.OpenReader(strings.NewReader(b.do("GET", "/export/portfolio.xlsx", nil).body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := book.GetRows(handlers.SheetProjects)
	found := false
	for _, row := range rows {
		for _, c := range row {
			if strings.HasPrefix(c, "=") || strings.HasPrefix(c, "@") {
				t.Errorf("the workbook keeps a live formula: %q", c)
			}
			found = found || c == "'"+title
		}
	}
	if !found {
		t.Error("the workbook lost the title")
	}
	// Typed cells: a budget is a number with a thousands format, a date a date.
	raw, _ := book.GetCellValue(handlers.SheetProjects, "I3", excelize.Options{RawCellValue: true})
	shown, _ := book.GetCellValue(handlers.SheetProjects, "I3")
	if _, err := strconv.Atoi(raw); err != nil || shown == raw {
		t.Errorf("budget_nok is not a number with a thousands format: raw %q, shown %q", raw, shown)
	}
	if v, _ := book.GetCellValue(handlers.SheetProjects, "A1"); v != "ID" {
		t.Errorf("the first header row is not Norwegian: %q", v)
	}
	res := upload(e, "/api/v1/import/projects", e.token(models.RoleAdmin), "p.csv", []byte(csv))
	expect(t, "round trip", res, 200, `"changed":0`)
}

// The workbook survives a round trip through LibreOffice (as a spreadsheet
// user saves it): re-imported, every project and municipality is unchanged.
func TestWorkbookThroughLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice (soffice) is missing; .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("LibreOffice is not installed")
	}
	e := newEnv(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "portefolje.xlsx")
	os.MkdirAll(filepath.Dir(in), 0o700)
	os.WriteFile(in, []byte(e.sessionAs(models.RoleViewer).do("GET", "/export/portfolio.xlsx", nil).body), 0o600)
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	book, err := os.ReadFile(filepath.Join(out, "portefolje.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	admin := e.token(models.RoleAdmin)
	for _, kind := range []string{"projects", "municipalities", "measurements"} {
		res := decode[map[string]any](t, upload(e, "/api/v1/import/"+kind+"?dry_run=true", admin, "portefolje.xlsx", book).body)
		if res["changed"] != 0.0 || res["created"] != 0.0 || res["rejected"] != 0.0 {
			rows, _ := res["rows"].([]any)
			t.Errorf("%s after LibreOffice: changed %v created %v rejected %v; first rows %v", kind, res["changed"], res["created"], res["rejected"], rows[:min(3, len(rows))])
		}
	}
}
