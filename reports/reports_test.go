package reports_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"samla/data"
	"samla/models"
	"samla/reports"
)

// demoDB is the Helgeland demo in a fresh database, at a fixed time.
func demoDB(t testing.TB) *data.DB {
	t.Helper()
	db, err := data.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return time.Date(2026, 11, 23, 13, 45, 0, 0, time.UTC) }
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadDemo(context.Background(), data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	return db
}

func builder(db *data.DB) *reports.Builder {
	oslo, _ := time.LoadLocation("Europe/Oslo")
	return &reports.Builder{DB: db, Loc: oslo, Lang: "nb"}
}

// pdfText extracts a PDF's text with poppler's pdftotext and checks it with qpdf.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed; .ci/run installs it", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// Thousands are separated by no-break spaces; compare with plain ones.
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

// pdfWords is the PDF's text in reading order, a table cell's lines one
// after the other (pdfText keeps the layout, so a wrapped cell's lines
// stand among other columns).
func pdfWords(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

var pageOf = regexp.MustCompile(`Side (\d+) av (\d+)`)

func checkPages(t *testing.T, text string) {
	t.Helper()
	m := pageOf.FindAllStringSubmatch(text, -1)
	if len(m) == 0 || m[0][1] != "1" {
		t.Fatalf("no \"Side 1 av N\": %.300s", text)
	}
	n, _ := strconv.Atoi(m[0][2])
	if len(m) != n || m[len(m)-1][1] != m[0][2] {
		t.Fatalf("%d page footers for %d pages", len(m), n)
	}
}

func contains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestPortfolioReport(t *testing.T) {
	db := demoDB(t)
	r, err := builder(db).Portfolio(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(r.PDF, []byte("%PDF-")) || r.Filename != "portefolje-2026-11-23.pdf" {
		t.Fatalf("%s: %.8q", r.Filename, r.PDF)
	}
	text := pdfText(t, r.PDF)
	checkPages(t, text)
	// A title may wrap in its table cell: read in reading order, lines joined.
	contains(t, "portfolio", strings.Join(strings.Fields(pdfWords(t, r.PDF)), " "), "Digital hjemmeoppfølging", "Krisevarsling til innbyggere")
	contains(t, "portfolio", text, "Digitale Helgeland", "Porteføljerapport",
		"Prosjekter etter fase og status", "Røde prosjekter", "Grønn", "Gevinster realisert", "kr", "Generert 23.11.2026 14:45",
		"Velferdsteknologi: trygghetsalarmer")
	if !regexp.MustCompile(`\d{1,3}( \d{3})+ kr`).MatchString(text) {
		t.Error("no amount in Norwegian format")
	}
}

func TestProjectReport(t *testing.T) {
	db := demoDB(t)
	list, _, _ := db.Projects(context.Background(), data.ProjectFilter{Query: "hjemmeoppfølging"})
	r, err := builder(db).Project(context.Background(), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, r.PDF)
	checkPages(t, text)
	contains(t, "project", text, "Digital hjemmeoppfølging", "Statushistorikk", "Milepæler", "Risikoer", "Gevinster", "Liv Prosjektleder", "Rana (Raane)")
}

// The municipality report shows the names with æøå and Sami letters, and
// cost shares equal to the procurement API's.
func TestMunicipalityReport(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	r, err := builder(db).Municipality(ctx, "1826")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, r.PDF)
	checkPages(t, text)
	contains(t, "municipality", text, "Rapport for Hattfjelldal (Aarborte)", "Kostnadsandeler", "Realisert i kommunen",
		"Representert i organene", "Ordfører i Hattfjelldal (Medlem)", "Ingen representant")
	shares, _, err := db.MunicipalityShares(ctx, "1826")
	if err != nil || len(shares) == 0 {
		t.Fatalf("shares: %v %v", shares, err)
	}
	for _, s := range shares {
		api, _, err := db.CostShares(ctx, s.Procurement)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range api {
			if a.Municipality == "1826" && a.AmountNOK != s.Share.AmountNOK {
				t.Errorf("%s: report %d, API %d", s.Procurement.Title, s.Share.AmountNOK, a.AmountNOK)
			}
		}
		contains(t, "municipality", text, strings.ReplaceAll(kroner(s.Share.AmountNOK), "\u00a0", " "))
	}
	// What it pays in the year is one figure: the yearly statement's total,
	// on page 1 and in the statement section.
	st, err := db.Statement(ctx, "1826", db.Now().Year())
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text, strings.ReplaceAll(kroner(st.TotalNOK), "\u00a0", " ")); n < 2 {
		t.Errorf("the statement total %d appears %d times, want page 1 and the statement", st.TotalNOK, n)
	}
	r, err = builder(db).Municipality(ctx, "1835")
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "Træna", pdfText(t, r.PDF), "Rapport for Træna")
}

func kroner(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(" ")
		}
		b.WriteRune(r)
	}
	return b.String() + " kr"
}

func TestMeetingMinutes(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	steering, _ := db.SteeringBodyID(ctx)
	meetings, _ := db.Meetings(ctx, steering)
	var held models.Meeting
	for _, m := range meetings {
		if m.Status == models.MeetingApproved {
			held = m
			break
		}
	}
	r, err := builder(db).Meeting(ctx, held.ID)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, r.PDF)
	checkPages(t, text)
	contains(t, "minutes", text, "Protokoll", "Styringsgruppen", held.Title, "Til stede", "Vedtak", "Oppfølgingspunkter", "Lise Johansen (Træna)")
}

// The portfolio report names each project's municipalities, the lead first.
func TestPortfolioNamesMunicipalities(t *testing.T) {
	db := demoDB(t)
	r, err := builder(db).Portfolio(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, r.PDF)
	contains(t, "portfolio", text, "Prosjekt og kommuner", "(ansvarlig)", "Hattfjelldal")
}

// The municipality report tells how far the municipality has come with the
// rollout: its figures, the solutions in use and what it lacks.
func TestMunicipalityReportRollout(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	r, err := builder(db).Municipality(ctx, "1835")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, r.PDF)
	mr, err := db.MunicipalityRollout(ctx, "1835", data.AdoptionFilter{})
	if err != nil || len(mr.Lacks) == 0 {
		t.Fatalf("Træna lacks nothing in the demo: %v", err)
	}
	var inUse string
	for _, s := range mr.Solutions {
		if s.Status == models.RolloutInUse {
			inUse = s.Name
		}
	}
	contains(t, "rollout", text, "Innføring av løsninger", "Kommunen henger etter de andre", "Mangler det de fleste har", mr.Lacks[0].Name,
		"Planlagte datoer", inUse, fmt.Sprintf("%d av %d aktuelle løsninger er i bruk", mr.InUse, mr.Relevant))
}

// The statement PDF lists the municipality's lines and the total, as the
// statement API does.
func TestStatementReport(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	year := db.Now().Year()
	st, err := db.Statement(ctx, "1824", year)
	if err != nil || len(st.Lines) < 3 {
		t.Fatalf("statement: %+v %v", st, err)
	}
	r, err := builder(db).Statement(ctx, "1824", year)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(pdfText(t, r.PDF), "\u00a0", " ")
	contains(t, "statement", text, fmt.Sprintf("Årsoppgave %d: Vefsn", year), "Medlemsbidrag", st.Lines[1].Title, kroner(st.TotalNOK), "Sum")
	m, err := builder(db).Municipality(ctx, "1824")
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "municipality report", strings.ReplaceAll(pdfText(t, m.PDF), "\u00a0", " "), fmt.Sprintf("Årsoppgave %d", year), kroner(st.TotalNOK))
}
