package handlers_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

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
	ssb := "\"Befolkning, etter region og år\"\n\n\"region\";\"statistikkvariabel\";\"2025\"\n" +
		"\"1833 Rana (Raane)\";\"Personer\";26612\n\"1835 Træna\";\"Personer\";452\n\"1899 Nykommune\";\"Personer\";1000\n"
	r := upload(e, "/api/v1/import/municipalities", e.token(models.RoleAdmin), "07459.csv", []byte(ssb))
	expect(t, "ssb", r, 200, `"changed":2`, `"created":1`)
	m, _ := e.db.Municipality(context.Background(), "1833")
	if m.Population != 26612 || m.PopulationDate.String() != "2025-01-01" {
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
