package handlers_test

import (
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// maxPage is the most HTML a page of the national demo may weigh.
const maxPage = 150 << 10

// At national scale (357 municipalities, 5 000 projects) no page is over
// 150 KB of HTML, for an administrator, who sees every form; the forms
// that link projects search for them instead of listing 5 000, and the
// search finds them.
func TestNationalPagesAreLight(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds the national demo: too slow under the race detector (.ci/run runs it without)")
	}
	srv, db := nationalServer(t)
	admin, err := db.UserByEmail(context.Background(), "admin@samla.example")
	if err != nil {
		t.Fatal(err)
	}
	session, err := db.CreateSession(context.Background(), admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string) {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Cookie", "samla_session="+session)
		resp, err := srv.App.Test(req, fiber.TestConfig{Timeout: 0})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	param := regexp.MustCompile(`:(\w+)`)
	checked := 0
	for _, r := range srv.Routes() {
		p := r.Path
		if r.Method != "GET" || strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/export/") ||
			strings.Contains(p, ".") || strings.HasPrefix(p, "/login") || strings.HasPrefix(p, "/unsubscribe") || p == "/projects/pick" || p == "/reports/link" {
			continue
		}
		p = param.ReplaceAllStringFunc(p, func(m string) string {
			if m == ":number" {
				return "1833"
			}
			return "1"
		})
		status, body := get(p)
		switch {
		case status == 404:
			continue // e.g. a municipality's rollout row the demo does not have
		case status == 303 && p == "/admin/jobs/runs":
			continue // htmx's fragment: a person who opens it is sent to its page
		case status == 301 && p == "/public/projects":
			continue // a shortened address, led to the list at /public
		case status != 200:
			t.Errorf("%s: status %d", p, status)
			continue
		}
		checked++
		if len(body) > maxPage {
			t.Errorf("%s: %d KB of HTML", p, len(body)>>10)
		}
	}
	if checked < 40 {
		t.Fatalf("only %d pages answered", checked)
	}
	// The grant form searches: as you type (htmx) and with the button.
	_, form := get("/grants/new")
	if !strings.Contains(form, `name="project_ids_q"`) || strings.Count(form, `name="project_ids"`) > 60 {
		t.Fatalf("the grant form does not search: %d project choices", strings.Count(form, `name="project_ids"`))
	}
	status, found := get("/projects/pick?name=project_ids&multi=1&project_ids_q=Tr%C3%A6na")
	if status != 200 || !strings.Contains(found, `type="checkbox"`) || !strings.Contains(strings.ToLower(found), "træna") {
		t.Fatalf("search as you type: %d %.300s", status, found)
	}
	if status, _ := get("/projects/pick?name=password&project_ids_q=x"); status != 422 {
		t.Fatalf("a picker for another field: %d", status)
	}
}

// The picker's "Finn" button (no script) shows the form again with what was
// typed and saves nothing.
func TestPickerSearchWithoutScript(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleEditor)
	before := decode[[]models.Grant](t, e.api("GET", "/api/v1/grants", e.token(models.RoleViewer), "").body)
	r := b.post("/grants/new", "/grants/new", url.Values{"funder": {"Statsforvalteren i Nordland"}, "title": {"Søknad som ikke skal lagres"},
		"scheme": {"skjonnsmidler"}, "status": {"draft"}, "project_ids_q": {"tilsyn"}, "pick": {"project_ids"}})
	expect(t, "pick", r, 200, "Søknad som ikke skal lagres", "Statsforvalteren i Nordland")
	after := decode[[]models.Grant](t, e.api("GET", "/api/v1/grants", e.token(models.RoleViewer), "").body)
	if len(after) != len(before) {
		t.Fatalf("the search saved a grant: %d → %d", len(before), len(after))
	}
	r = b.do("GET", "/projects/pick?name=project_ids&multi=1&project_ids_q=tilsyn", nil)
	expect(t, "search as you type", r, 200, "Digitalt tilsyn i sykehjem")
}
