package handlers_test

import (
	"strings"
	"testing"

	"samla/models"
)

func TestPDFRoutes(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	for _, path := range []string{"/reports/portfolio.pdf", "/reports/municipalities/1835.pdf", "/reports/projects/1.pdf", "/reports/meetings/1.pdf"} {
		r := b.do("GET", path, nil)
		if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF-") ||
			!strings.Contains(r.header.Get("Content-Disposition"), `filename="`) {
			t.Errorf("%s: %d %s %q", path, r.status, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
		}
	}
	expect(t, "missing project", b.do("GET", "/reports/projects/99999.pdf", nil), 404)
	expect(t, "missing municipality", b.do("GET", "/reports/municipalities/0000.pdf", nil), 404)
	expect(t, "anonymous", e.api("GET", "/reports/portfolio.pdf", "", ""), 303)
	expect(t, "reports page", b.do("GET", "/reports", nil), 200, "Porteføljerapport (PDF)", "Kommunerapport (PDF)", "Arkiv over genererte rapporter")
	r := b.do("GET", "/reports/link?kind=municipality&number=1833", nil)
	if r.status != 303 || r.header.Get("Location") != "/reports/municipalities/1833.pdf" {
		t.Fatalf("link: %d %s", r.status, r.header.Get("Location"))
	}
}
