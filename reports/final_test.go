package reports_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"samla/data"
	"samla/locale"
	"samla/models"
)

// TestFinalAndFunderReports: the sluttrapport and the report to the funder
// are PDF/A-2b and carry the project's figures as the store computes them
// for the pages: budget, spent, forecast, funding per year, benefits.
func TestFinalAndFunderReports(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	b := builder(db)
	grants, err := db.Grants(ctx, data.GrantFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var g models.Grant
	for _, x := range grants {
		if len(x.ProjectIDs) > 0 && x.GrantedNOK > 0 {
			g = x
			break
		}
	}
	if g.ID == 0 {
		t.Fatal("no demo grant with projects")
	}
	p, err := db.Project(ctx, g.ProjectIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetFinalAssessment(ctx, models.System, p.ID, "Samarbeidet mellom kommunene gikk svært godt; anskaffelsen tok for lang tid."); err != nil {
		t.Fatal(err)
	}
	final, err := b.FinalReport(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, final.PDF)
	benefits, _ := db.Benefits(ctx, data.BenefitFilter{ProjectID: p.ID})
	funding, _ := db.ProjectFunding(ctx, p.ID)
	reportsOf, _ := db.StatusReports(ctx, p.ID, 0)
	want := []string{"Sluttrapport", p.Title, "Mål og bakgrunn", "Tidslinje mot plan", "Prosjektleders vurdering", "anskaffelsen tok for lang tid",
		nb(locale.Kroner(p.BudgetNOK)), nb(locale.Kroner(p.SpentNOK)), nb(locale.Kroner(p.ForecastNOK)), "Gevinster, planlagt og realisert", "Erfaringer"}
	for _, y := range models.ProjectYears(reportsOf, funding, 0) {
		want = append(want, nb(locale.Kroner(y.FundingNOK)), nb(locale.Kroner(y.SpentNOK)))
	}
	for _, bn := range benefits {
		if bn.Measured {
			want = append(want, nb(locale.Decimal(bn.Realised, 1)))
		}
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("final report lacks %q", w)
		}
	}
	funder, err := b.FunderReport(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, funder.PDF)
	var fromGrant int64
	for _, f := range funding {
		if f.GrantID == g.ID {
			fromGrant += f.AmountNOK
		}
	}
	for _, w := range []string{"Rapport til tilskuddsgiver", g.Funder, nb(locale.Kroner(g.GrantedNOK)), p.Title, nb(locale.Kroner(p.SpentNOK)), "Regnskap per år mot tilskuddet"} {
		if !strings.Contains(text, w) {
			t.Errorf("funder report lacks %q", w)
		}
	}
	if fromGrant > 0 && !strings.Contains(text, nb(locale.Kroner(fromGrant))) && len(g.ProjectIDs) == 1 {
		t.Errorf("funder report lacks the grant's planned use %s", locale.Kroner(fromGrant))
	}
	for name, pdf := range map[string][]byte{"final": final.PDF, "funder": funder.PDF} {
		checkPDFA(t, name, pdf)
	}
}

func nb(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

// checkPDFA checks the PDF/A-2b structure as TestReportsArePDFA2b does.
func checkPDFA(t *testing.T, name string, pdf []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".pdf")
	os.WriteFile(path, pdf, 0o600)
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
	}
	qdf := filepath.Join(t.TempDir(), name+".qdf")
	if out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", path, qdf).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v %s", name, err, out)
	}
	plain, _ := os.ReadFile(qdf)
	for _, want := range []string{"/OutputIntents", "/S /GTS_PDFA1", "/DestOutputProfile", "/Lang (nb-NO)", "/Metadata", "/ID [", "pdfaid:part", "pdfaid:conformance"} {
		if !bytes.Contains(plain, []byte(want)) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
	fonts, err := exec.Command("pdffonts", path).Output()
	lines := strings.Split(strings.TrimSpace(string(fonts)), "\n")
	if err != nil || len(lines) < 3 {
		t.Fatalf("%s: pdffonts: %v %s", name, err, fonts)
	}
	for _, l := range lines[2:] {
		if !strings.Contains(l, " yes ") {
			t.Errorf("%s: a font is not embedded: %s", name, l)
		}
	}
}
