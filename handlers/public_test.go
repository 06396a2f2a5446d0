package handlers_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"samla/data"
	"samla/models"
)

// anon is a request without login.
func (e *env) anon(target string, header ...string) response {
	e.t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.do(req)
}

var publicRoutes = []string{"/public", "/public?q=fiks", "/public/projects/1", "/public/meetings", "/public/meetings/1", "/public/decisions",
	"/public/municipalities/1833", "/public/feed.atom", "/public/catalogue.json"}

// With the public pages off every /public route answers 404; on, they
// answer without login, cacheably.
func TestPublicSwitch(t *testing.T) {
	e := newEnv(t)
	admin := e.token(models.RoleAdmin)
	for _, path := range publicRoutes {
		r := e.anon(path)
		if r.status != 200 {
			t.Errorf("%s: %d %.300s", path, r.status, r.body)
		}
		if !strings.HasPrefix(r.header.Get("Cache-Control"), "public") || r.header.Get("ETag") == "" {
			t.Errorf("%s: headers %v", path, r.header)
		}
		if nm := e.anon(path, "If-None-Match", r.header.Get("ETag")); nm.status != 304 || nm.body != "" {
			t.Errorf("%s: If-None-Match answered %d", path, nm.status)
		}
	}
	if r := e.anon("/public/projects?lang=en"); r.status != 301 || r.header.Get("Location") != "/public?lang=en" {
		t.Errorf("/public/projects: %d to %q, want the projects list", r.status, r.header.Get("Location"))
	}
	expect(t, "off", e.api("PATCH", "/api/v1/settings", admin, `{"public_site":false}`), 200)
	for _, path := range append(publicRoutes, "/public/meetings/1/minutes.pdf", "/public/nothing") {
		if r := e.anon(path); r.status != 404 {
			t.Errorf("off: %s answered %d", path, r.status)
		}
	}
}

// A case may be made exempt through the API, also after its minutes are
// approved (nothing else of it changes then); exempt needs a basis.
func TestCaseExemptionAPI(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleSteering)
	cases, err := e.db.Cases(t.Context(), data.CaseFilter{Status: models.CaseDecided})
	if err != nil {
		t.Fatal(err)
	}
	var final models.Case
	for _, c := range cases {
		if c.Final && !c.Exempt {
			final = c
			break
		}
	}
	if final.ID == 0 {
		t.Fatal("no decided case at an approved meeting in the demo")
	}
	path := fmt.Sprintf("/api/v1/cases/%d", final.ID)
	expect(t, "no basis", e.api("PATCH", path, tok, `{"exempt":true}`), 422, `"exempt_basis":"required"`)
	expect(t, "exempt", e.api("PATCH", path, tok, `{"exempt":true,"exempt_basis":"Offl. § 13","public_title":"Klagesak"}`), 200,
		`"exempt":true`, `"exempt_basis":"Offl. § 13"`, `"public_title":"Klagesak"`)
	expect(t, "decision stays final", e.api("PATCH", path, tok, `{"decision":"Noe annet"}`), 409)
	page := e.anon(fmt.Sprintf("/public/meetings/%d", final.MeetingID))
	expect(t, "public", page, 200, "Sak "+final.Number+": Klagesak", "Offl. § 13")
	if strings.Contains(page.body, final.Title) && !strings.Contains(final.Title, "Klagesak") {
		t.Errorf("the exempt case's title is on the public page")
	}
	// A new case with its exemption, from the form.
	b := e.sessionAs(models.RoleSteering)
	form := url.Values{"_csrf": {b.csrf("/steering/cases/new")}, "title": {"Ansettelse av programleder"}, "kind": {"decision"},
		"exempt": {"on"}, "exempt_basis": {"Offl. § 25"}, "public_title": {"Ansettelsessak"}}
	expect(t, "form", b.do("POST", "/steering/cases/new", form), 303)
	list, _ := e.db.Cases(t.Context(), data.CaseFilter{Query: "Ansettelse av programleder"})
	if len(list) != 1 || !list[0].Exempt || list[0].ExemptBasis != "Offl. § 25" || list[0].PublicTitle != "Ansettelsessak" {
		t.Errorf("form case: %+v", list)
	}
}

// The catalogue's search folds Norwegian letters: ØKONOMI finds økonomi;
// a project not public is never found.
func TestPublicSearchFolds(t *testing.T) {
	e := newEnv(t)
	err := e.db.Update(t.Context(), models.System, func(tx *data.Tx) error {
		_, err := tx.Exec(`UPDATE projects SET title = 'Felles økonomisystem for Træna', search = 'felles økonomisystem for træna', public = 1 WHERE id = 2`)
		if err == nil {
			_, err = tx.Exec(`UPDATE projects SET title = 'Økonomi internt', search = 'økonomi internt', public = 0 WHERE id = 3`)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ØKONOMISYSTEM", "træna", "TRÆNA"} {
		r := e.anon("/public?q=" + url.QueryEscape(q))
		expect(t, q, r, 200, "Felles økonomisystem for Træna", ">1 prosjekter<")
		if strings.Contains(r.body, "Økonomi internt") {
			t.Errorf("%s finds a project that is not public", q)
		}
	}
	expect(t, "english", e.anon("/public?q=TR%C3%86NA&lang=en"), 200, ">1 projects<", `lang="en"`)
}
