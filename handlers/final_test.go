package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"samla/data"
	"samla/locale"
	"samla/models"
)

// pdfToText extracts a PDF's text with poppler, no-break spaces made plain.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(path, pdf, 0o600)
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

// TestFinalReportFromThePages: the leader writes the assessment on the
// form; the sluttrapport and the funder report hold the figures the
// project's page shows, and both are archived when made.
func TestFinalReportFromThePages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	grants, _ := e.db.Grants(ctx, data.GrantFilter{})
	var g models.Grant
	for _, x := range grants {
		if len(x.ProjectIDs) > 0 {
			g = x
			break
		}
	}
	if g.ID == 0 {
		t.Fatal("no demo grant with projects")
	}
	p, _ := e.db.Project(ctx, g.ProjectIDs[0])
	editor := e.sessionAs(models.RoleEditor)
	form := fmt.Sprintf("/projects/%d/final-report", p.ID)
	r := editor.post(form, form, url.Values{"assessment": {"Prosjektet leverte det kommunene trengte, men to måneder for sent."}})
	if r.status != 303 {
		t.Fatalf("assessment: %d %.300s", r.status, r.body)
	}
	expect(t, "viewer cannot write it", e.sessionAs(models.RoleViewer).do("GET", form, nil), 403)

	page := editor.do("GET", fmt.Sprintf("/projects/%d", p.ID), nil)
	figures := []string{locale.Kroner(p.BudgetNOK), locale.Kroner(p.SpentNOK), locale.Kroner(p.ForecastNOK)}
	for _, f := range figures {
		if !strings.Contains(page.body, f) {
			t.Fatalf("the project page does not show %q", f)
		}
	}
	before, _ := e.db.ArchivedReports(ctx, 1000)
	r = editor.do("GET", fmt.Sprintf("/reports/projects/%d/final-report.pdf", p.ID), nil)
	expect(t, "final report", r, 200)
	if r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("content type %q", r.header.Get("Content-Type"))
	}
	text := pdfToText(t, []byte(r.body))
	for _, f := range append(figures, "to måneder for sent", p.Title) {
		if !strings.Contains(text, strings.ReplaceAll(f, "\u00a0", " ")) {
			t.Errorf("the final report lacks %q", f)
		}
	}
	r = editor.do("GET", fmt.Sprintf("/reports/grants/%d.pdf", g.ID), nil)
	expect(t, "funder report", r, 200)
	text = pdfToText(t, []byte(r.body))
	for _, f := range []string{locale.Kroner(g.GrantedNOK), locale.Kroner(p.SpentNOK), g.Funder} {
		if !strings.Contains(text, strings.ReplaceAll(f, "\u00a0", " ")) {
			t.Errorf("the funder report lacks %q", f)
		}
	}
	after, _ := e.db.ArchivedReports(ctx, 1000)
	if len(after) != len(before)+2 || after[0].Kind != "grant_report" || after[1].Key != fmt.Sprintf("final:%d", p.ID) {
		t.Fatalf("archive: %d before, %d after: %+v", len(before), len(after), after[:min(2, len(after))])
	}
	expect(t, "grant page links it", editor.do("GET", fmt.Sprintf("/grants/%d", g.ID), nil), 200, fmt.Sprintf(`/reports/grants/%d.pdf`, g.ID))
}
