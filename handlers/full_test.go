package handlers_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"samla/models"
)

// A full disk (here SQLite's page limit): a write is refused with a 503
// that says nothing was saved, nothing half-written stays, /readyz and the
// metrics show it, pages still read, and writing resumes by itself when
// there is room again.
func TestFullDisk(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pages, err := e.db.PageCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.SetMaxPages(ctx, pages); err != nil {
		t.Fatal(err)
	}
	tok := e.token(models.RoleEditor)
	big := strings.Repeat("Beskrivelse av prosjektet. ", 350)
	var r response
	for i := 0; i < 40; i++ { // the free pages run out first
		r = e.api("POST", "/api/v1/projects", tok, fmt.Sprintf(`{"title":"Fullt %d","service_area":"education","phase":"idea","lead_municipality":"1833","description":%q}`, i, big))
		if r.status != 201 {
			break
		}
	}
	if r.status != 503 || !strings.Contains(r.body, "nothing was saved") {
		t.Fatalf("API write on a full disk: %d %.300s", r.status, r.body)
	}
	before := e.api("GET", "/api/v1/projects?q=fullt", tok, "").header.Get("X-Total-Count")
	b := e.sessionAs(models.RoleEditor)
	form := b.post("/projects/new", "/projects/new", url.Values{"title": {"Fullt skjema"}, "service_area": {"education"}, "phase": {"idea"},
		"lead_municipality": {"1833"}, "description": {big}})
	expect(t, "form on a full disk", form, 503, "Lagringsplassen er full", "Ingenting ble lagret", `name="title" value="Fullt skjema"`,
		`action="/projects/new"`, "Prøv igjen med det du skrev")
	expect(t, "reading still works", b.do("GET", "/projects", nil), 200)
	ready := e.do(httptest.NewRequest("GET", "/readyz", nil))
	if ready.status != 503 || !strings.Contains(ready.body, "storage full") {
		t.Errorf("readyz: %d %s", ready.status, ready.body)
	}
	rec := httptest.NewRecorder()
	e.srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if body, _ := io.ReadAll(rec.Body); !strings.Contains(string(body), "samla_storage_full 1") {
		t.Error("the metrics do not show the full disk")
	}
	if n := e.api("GET", "/api/v1/projects?q=fullt", tok, "").header.Get("X-Total-Count"); n != before {
		t.Errorf("a refused write left a project: %s, before %s", n, before)
	}
	if err := e.db.SetMaxPages(ctx, 0); err != nil {
		t.Fatal(err)
	}
	expect(t, "room again", e.api("POST", "/api/v1/projects", tok, `{"title":"Etterpå","service_area":"education","phase":"idea","lead_municipality":"1833"}`), 201)
	// The kept form goes through once there is room.
	retry := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(form.body, -1) {
		if m[1] != "_csrf" {
			retry.Set(m[1], html.UnescapeString(m[2]))
		}
	}
	if r := b.post("/projects/new", "/projects/new", retry); r.status != 303 {
		t.Errorf("the kept form: %d %.300s", r.status, r.body)
	}
	if ready := e.do(httptest.NewRequest("GET", "/readyz", nil)); ready.status != 200 {
		t.Errorf("readyz after room again: %d", ready.status)
	}
}
