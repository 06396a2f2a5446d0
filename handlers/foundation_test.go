package handlers_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"samla/models"
)

func TestHealth(t *testing.T) {
	e := newEnv(t)
	expect(t, "healthz", e.api("GET", "/healthz", "", ""), 200, "ok")
	expect(t, "readyz", e.api("GET", "/readyz", "", ""), 200)
	e.db.Close()
	expect(t, "readyz closed", e.api("GET", "/readyz", "", ""), 503)
}

func TestAPIAuthentication(t *testing.T) {
	e := newEnv(t)
	r := e.api("GET", "/api/v1/municipalities", "", "")
	expect(t, "no credentials", r, 401, `"code":"unauthorized"`)
	if r.header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	expect(t, "bad token", e.api("GET", "/api/v1/municipalities", "samla_nope", ""), 401)

	viewer := e.token(models.RoleViewer)
	r = e.api("GET", "/api/v1/municipalities", viewer, "")
	expect(t, "viewer lists", r, 200)
	list := decode[[]models.Municipality](t, r.body)
	if len(list) != 16 {
		t.Fatalf("municipalities = %d, want 16", len(list))
	}
	byNumber := map[string]string{}
	for _, m := range list {
		byNumber[m.Number] = m.Name
	}
	for nr, name := range map[string]string{"1811": "Bindal", "1833": "Rana (Raane)", "1835": "Træna", "1826": "Hattfjelldal (Aarborte)"} {
		if byNumber[nr] != name {
			t.Errorf("municipality %s = %q, want %q", nr, byNumber[nr], name)
		}
	}
	expect(t, "viewer writes", e.api("POST", "/api/v1/municipalities", viewer, `{"number":"1899","name":"X"}`), 403, `"code":"forbidden"`)
	expect(t, "viewer patches", e.api("PATCH", "/api/v1/municipalities/1833", viewer, `{"population":1}`), 403)
	expect(t, "viewer audit", e.api("GET", "/api/v1/audit", viewer, ""), 403)
}

func TestMunicipalityAPI(t *testing.T) {
	e := newEnv(t)
	admin := e.token(models.RoleAdmin)
	r := e.api("POST", "/api/v1/municipalities", admin, `{"number":"1804","name":"Bodø","population":53000}`)
	expect(t, "create", r, 201, `"number":"1804"`, `"name":"Bodø"`, `"member":true`)

	r = e.api("POST", "/api/v1/municipalities", admin, `{"number":"18","name":"","population":-5}`)
	expect(t, "invalid", r, 422, `"code":"invalid"`)
	f := fieldErrors(t, r.body)
	for _, k := range []string{"number", "name", "population"} {
		if f[k] == "" {
			t.Errorf("422 does not name %s: %v", k, f)
		}
	}
	expect(t, "duplicate", e.api("POST", "/api/v1/municipalities", admin, `{"number":"1804","name":"Bodø"}`), 422, `"number":"taken"`)
	expect(t, "malformed", e.api("POST", "/api/v1/municipalities", admin, `{"number":`), 400)
	expect(t, "wrong type", e.api("POST", "/api/v1/municipalities", admin, `{"number":"1805","name":"X","population":"many"}`), 422, `"population":"type"`)
	expect(t, "unknown field", e.api("POST", "/api/v1/municipalities", admin, `{"number":"1805","name":"X","size":3}`), 422, `"size":"unknown_field"`)

	expect(t, "patch", e.api("PATCH", "/api/v1/municipalities/1835", admin, `{"population":470}`), 200, `"population":470`, `"name":"Træna"`)
	expect(t, "patch missing", e.api("PATCH", "/api/v1/municipalities/9999", admin, `{"population":1}`), 404)
	expect(t, "patch number", e.api("PATCH", "/api/v1/municipalities/1835", admin, `{"number":"1836"}`), 422)

	r = e.api("GET", "/api/v1/audit?entity=municipality&id=1835", admin, "")
	expect(t, "audit", r, 200)
	entries := decode[[]models.AuditEntry](t, r.body)
	if len(entries) < 2 || entries[0].Action != "update" || entries[0].Actor != "admin@samla.example" ||
		!strings.Contains(entries[0].Before, `"population":450`) || !strings.Contains(entries[0].After, `"population":470`) {
		t.Fatalf("audit of the patch: %+v", entries)
	}
}

// Every guarded route refuses anonymous requests, and refuses each role that
// its rule does not allow: the server checks, whatever the menu shows.
func TestRoleMatrix(t *testing.T) {
	e := newEnv(t)
	tokens := map[models.Role]string{}
	for _, r := range models.Roles {
		tokens[r] = e.token(r)
	}
	param := regexp.MustCompile(`:(\w+)(<[^>]*>)?`)
	fill := func(path string) string {
		return param.ReplaceAllStringFunc(path, func(p string) string {
			switch {
			case strings.HasPrefix(p, ":number"):
				return "1835" // the demo contact's own municipality
			case strings.HasPrefix(p, ":decision"):
				return "exercised"
			}
			return "999999"
		})
	}
	for _, rt := range e.srv.Routes() {
		if rt.Allow == nil {
			continue
		}
		path := fill(rt.Path)
		r := e.api(rt.Method, path, "", "")
		api := strings.HasPrefix(path, "/api/")
		// A browser is sent to the login page; a form without a login has no valid CSRF token either.
		okHTML := !api && (rt.Method == "GET" && r.status == 303 || rt.Method != "GET" && r.status == 403)
		if r.status != 401 && !okHTML {
			t.Errorf("%s %s anonymous: %d", rt.Method, path, r.status)
		}
		for _, role := range models.Roles {
			r := e.api(rt.Method, path, tokens[role], "{}")
			if rt.Allow(role) && (r.status == 401 || r.status == 403) {
				t.Errorf("%s %s as %s: %d, want allowed", rt.Method, path, role, r.status)
			}
			if !rt.Allow(role) && r.status != 403 {
				t.Errorf("%s %s as %s: %d, want 403", rt.Method, path, role, r.status)
			}
		}
	}
}

func TestLeaderCannotReachAdmin(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleLeader)
	expect(t, "admin page", b.do("GET", "/admin", nil), 403, "Ingen tilgang")
	r := b.do("GET", "/", nil)
	expect(t, "dashboard", r, 200, "Oversikt")
	if strings.Contains(r.body, `href="/admin"`) {
		t.Error("the leader's menu links to /admin")
	}
}

func TestLoginLogout(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	r := b.do("GET", "/", nil)
	if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/login") {
		t.Fatalf("anonymous dashboard: %d %s", r.status, r.header.Get("Location"))
	}
	wrong := b.post("/login", "/login", url.Values{"email": {"admin@samla.example"}, "password": {"not the password"}})
	unknown := b.post("/login", "/login", url.Values{"email": {"nobody@samla.example"}, "password": {"not the password"}})
	expect(t, "wrong password", wrong, 401, "Feil e-postadresse eller passord.", `value="admin@samla.example"`)
	expect(t, "unknown user", unknown, 401, "Feil e-postadresse eller passord.")

	r = b.post("/login?next=/municipalities", "/login", url.Values{"email": {"Admin@Samla.example"}, "password": {"demo-admin-passord"}, "next": {"/municipalities"}})
	if r.status != 303 || r.header.Get("Location") != "/municipalities" {
		t.Fatalf("login: %d %s %.200s", r.status, r.header.Get("Location"), r.body)
	}
	cookie := r.header.Get("Set-Cookie")
	for _, want := range []string{"HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(strings.Join(r.header.Values("Set-Cookie"), ";"), want) {
			t.Errorf("session cookie lacks %s: %s", want, cookie)
		}
	}
	expect(t, "after login", b.do("GET", "/", nil), 200, "Ada Administrator")

	// Not to another site after login.
	b2 := e.browser()
	r = b2.post("/login", "/login", url.Values{"email": {"admin@samla.example"}, "password": {"demo-admin-passord"}, "next": {"//evil.example/x"}})
	if r.header.Get("Location") != "/" {
		t.Errorf("open redirect: %s", r.header.Get("Location"))
	}

	r = b.post("/", "/logout", url.Values{})
	if r.status != 303 {
		t.Fatalf("logout: %d", r.status)
	}
	if r := b.do("GET", "/", nil); r.status != 303 {
		t.Fatalf("dashboard after logout: %d", r.status)
	}
}

func TestLoginThrottling(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	for i := 0; i < 5; i++ {
		r := b.post("/login", "/login", url.Values{"email": {"programkontor@samla.example"}, "password": {"guess number " + string(rune('a'+i))}})
		if r.status != 401 {
			t.Fatalf("attempt %d: %d", i, r.status)
		}
	}
	// The right password is refused too while the account is throttled.
	r := b.post("/login", "/login", url.Values{"email": {"programkontor@samla.example"}, "password": {"demo-editor-passord"}})
	expect(t, "throttled", r, 429, "For mange mislykkede forsøk")
	// Another account from the same address is not yet blocked.
	r = b.post("/login", "/login", url.Values{"email": {"admin@samla.example"}, "password": {"demo-admin-passord"}})
	if r.status != 303 {
		t.Fatalf("other account: %d", r.status)
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleAdmin)
	form := url.Values{"number": {"1899"}, "name": {"Prøveby"}, "population": {"100"}, "member": {"on"}}
	expect(t, "no token", b.do("POST", "/municipalities/new", form), 403, "sikkerhetsnøkkel")
	form.Set("_csrf", "forged")
	expect(t, "forged token", b.do("POST", "/municipalities/new", form), 403)
	if _, err := e.db.Municipality(context.Background(), "1899"); err == nil {
		t.Fatal("a forged form created a municipality")
	}
	// A token from another session does not work either.
	other := e.sessionAs(models.RoleAdmin)
	form.Set("_csrf", other.csrf("/municipalities/new"))
	expect(t, "other session's token", b.do("POST", "/municipalities/new", form), 403)

	r := b.post("/municipalities/new", "/municipalities/new", form)
	if r.status != 303 {
		t.Fatalf("with token: %d %.300s", r.status, r.body)
	}
	// The login form needs its token too.
	anon := e.browser()
	expect(t, "login without token", anon.do("POST", "/login", url.Values{"email": {"a@b.no"}, "password": {"x"}}), 403)
	// JSON from a browser session needs the header.
	expect(t, "session API write without header", b.do("PATCH", "/api/v1/municipalities/1833", url.Values{}), 403)
}

func TestFormKeepsInputAndMarksFields(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleAdmin)
	r := b.post("/municipalities/new", "/municipalities/new", url.Values{"number": {"12"}, "name": {"Æøå-by <script>"}, "population": {"mange"}})
	expect(t, "invalid form", r, 422, `value="12"`, `value="Æøå-by &lt;script&gt;"`, `value="mange"`,
		"Må være fire siffer.", "Skriv et tall, for eksempel 1 310 000 eller 12,5.", `aria-invalid="true"`, "Skjemaet har feil")
	if strings.Contains(r.body, "<script>\"") || strings.Contains(r.body, "Æøå-by <script>") {
		t.Error("typed text is not escaped")
	}
	r = b.post("/municipalities/1835/edit", "/municipalities/1835/edit", url.Values{"name": {"Træna"}, "population": {"1 234"}, "population_date": {"2025-01-01"}, "member": {"on"}})
	if r.status != 303 {
		t.Fatalf("edit: %d %.300s", r.status, r.body)
	}
	m, _ := e.db.Municipality(context.Background(), "1835")
	if m.Population != 1234 {
		t.Fatalf("population = %d", m.Population)
	}
	expect(t, "page shows it", b.do("GET", r.header.Get("Location"), nil), 200, "1\u00a0234", "Endringene er lagret")
}

func TestAdminManagesUsersAndTokens(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleAdmin)
	r := b.post("/admin/users/new", "/admin/users/new", url.Values{"name": {"Nils Nesna"}, "email": {"nils@nesna.example"}, "role": {"viewer"}, "municipality": {"1828"}, "password": {"kort"}})
	expect(t, "short password", r, 422, `value="Nils Nesna"`, "Må ha minst 10 tegn.")
	r = b.post("/admin/users/new", "/admin/users/new", url.Values{"name": {"Nils Nesna"}, "email": {"nils@nesna.example"}, "role": {"viewer"}, "municipality": {"1828"}, "password": {"et langt passord"}})
	if r.status != 303 {
		t.Fatalf("create user: %d %.300s", r.status, r.body)
	}
	u, err := e.db.UserByEmail(context.Background(), "nils@nesna.example")
	if err != nil || u.Municipality != "1828" || u.Role != models.RoleViewer {
		t.Fatalf("user: %+v %v", u, err)
	}
	r = b.post("/admin", "/admin/tokens", url.Values{"user_id": {itoa(u.ID)}, "label": {"Power BI"}})
	expect(t, "token", r, 201, "Den vises bare denne ene gangen")
	secret := regexp.MustCompile(`id="new-token">([^<]+)<`).FindStringSubmatch(r.body)
	if secret == nil {
		t.Fatal("new token not shown")
	}
	expect(t, "token works", e.api("GET", "/api/v1/me", secret[1], ""), 200, "nils@nesna.example")
	if strings.Contains(b.do("GET", "/admin", nil).body, secret[1]) {
		t.Fatal("token shown again")
	}
	toks, _ := e.db.Tokens(context.Background())
	r = b.post("/admin", "/admin/tokens/"+itoa(toks[0].ID)+"/revoke", url.Values{})
	if r.status != 303 {
		t.Fatalf("revoke: %d", r.status)
	}
	expect(t, "revoked token", e.api("GET", "/api/v1/me", secret[1], ""), 401)

	// Disabling a user ends their sessions.
	s, _ := e.db.CreateSession(context.Background(), u.ID)
	r = b.post("/admin/users/"+itoa(u.ID), "/admin/users/"+itoa(u.ID), url.Values{"name": {"Nils Nesna"}, "email": {"nils@nesna.example"}, "role": {"viewer"}, "municipality": {"1828"}, "disabled": {"on"}})
	if r.status != 303 {
		t.Fatalf("disable: %d %.300s", r.status, r.body)
	}
	if _, err := e.db.SessionUser(context.Background(), s); err == nil {
		t.Fatal("disabled user's session still works")
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	expect(t, "bokmål", b.do("GET", "/", nil), 200, `lang="nb"`, "Oversikt")
	r := b.post("/", "/lang", url.Values{"lang": {"en"}})
	if r.status != 303 {
		t.Fatalf("switch: %d", r.status)
	}
	expect(t, "english", b.do("GET", "/", nil), 200, `lang="en"`, "Overview")
	// Remembered on the user, not only in the cookie.
	u := e.user(models.RoleViewer)
	if u.Lang != "en" {
		t.Fatalf("lang = %q", u.Lang)
	}
}

func TestErrorPages(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleViewer)
	expect(t, "404", b.do("GET", "/finnes/ikke", nil), 404, "Siden finnes ikke", `lang="nb"`)
	expect(t, "404 municipality", b.do("GET", "/municipalities/0000", nil), 404, "Siden finnes ikke")
	expect(t, "api 404", e.api("GET", "/api/v1/municipalities/0000", e.token(models.RoleViewer), ""), 404, `"code":"not_found"`)
	e.db.Close()
	r := b.do("GET", "/municipalities", nil)
	expect(t, "500", r, 500, "Noe gikk galt", r.header.Get("X-Request-ID"))
	if strings.Contains(r.body, "sql") || strings.Contains(r.body, "database is closed") {
		t.Fatalf("500 page shows the error: %s", r.body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	r := e.browser().do("GET", "/login", nil)
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "same-origin",
		"X-Frame-Options":         "DENY",
	} {
		if !strings.Contains(r.header.Get(h), want) {
			t.Errorf("%s = %q, want %q", h, r.header.Get(h), want)
		}
	}
	if strings.Contains(r.header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline script")
	}
}

var externalRef = regexp.MustCompile(`(?i)(?:src|href|action|url)\s*[=(]\s*["']?\s*(?:https?:)?//`)

// No page or asset refers to another host: everything is served from the binary.
func TestNoExternalReferences(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleAdmin)
	pages := []string{"/login", "/", "/municipalities", "/municipalities/1833", "/municipalities/new", "/municipalities/1833/edit",
		"/admin", "/admin/users/new", "/admin/users/1", "/admin/audit", "/account", "/nope"}
	assets := map[string]bool{}
	src := regexp.MustCompile(`(?:src|href)="(/static/[^"]+)"`)
	for _, p := range pages {
		r := b.do("GET", p, nil)
		if m := externalRef.FindString(r.body); m != "" {
			t.Errorf("%s refers to another host: %s", p, m)
		}
		if strings.Contains(r.body, "<script>") || strings.Contains(r.body, " onclick=") || strings.Contains(r.body, "style=\"") {
			t.Errorf("%s has inline script or style, which the CSP blocks", p)
		}
		for _, m := range src.FindAllStringSubmatch(r.body, -1) {
			assets[m[1]] = true
		}
	}
	if len(assets) < 4 {
		t.Fatalf("found only %d assets", len(assets))
	}
	for a := range assets {
		r := b.do("GET", a, nil)
		if r.status != 200 {
			t.Errorf("%s: %d", a, r.status)
		}
		if m := externalRef.FindString(r.body); m != "" {
			t.Errorf("%s refers to another host: %s", a, m)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAuditPageFiltersAndCSV(t *testing.T) {
	e := newEnv(t)
	admin := e.token(models.RoleAdmin)
	e.api("PATCH", "/api/v1/municipalities/1835", admin, `{"population":470}`)
	b := e.sessionAs(models.RoleAdmin)
	u := e.user(models.RoleAdmin)
	today := e.db.Now().UTC().Format("2006-01-02")
	r := b.do("GET", "/admin/audit?entity=municipality&user="+itoa(u.ID)+"&from="+today+"&to="+today, nil)
	expect(t, "filtered", r, 200, "municipality 1835", "admin@samla.example")
	expect(t, "no match", b.do("GET", "/admin/audit?from=2000-01-01&to=2000-01-02", nil), 200, "Ingen endringer funnet.")
	r = b.do("GET", "/admin/audit.csv?entity=municipality", nil)
	expect(t, "csv", r, 200, "\ufeffid;at;actor", ";municipality;1835;update;")
	expect(t, "viewer csv", e.sessionAs(models.RoleViewer).do("GET", "/admin/audit.csv", nil), 403)
}

func TestListsPaginate(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleViewer)
	for _, path := range []string{"/api/v1/municipalities", "/api/v1/projects", "/api/v1/procurements", "/api/v1/benefits", "/api/v1/meetings", "/api/v1/decisions"} {
		all := e.api("GET", path+"?limit=1000", tok, "")
		page := e.api("GET", path+"?limit=2&offset=1", tok, "")
		if all.status != 200 || page.status != 200 || page.header.Get("X-Total-Count") == "" {
			t.Errorf("%s: %d %d %q", path, all.status, page.status, page.header.Get("X-Total-Count"))
			continue
		}
		full := decode[[]map[string]any](t, all.body)
		part := decode[[]map[string]any](t, page.body)
		if len(part) != 2 || len(full) < 3 || strconv.Itoa(len(full)) != page.header.Get("X-Total-Count") {
			t.Errorf("%s: %d of %d (total %s)", path, len(part), len(full), page.header.Get("X-Total-Count"))
		}
	}
}

// Pages name their assets by content (?v=fingerprint), which browsers may
// keep for a year; a changed file gets a new name.
func TestAssetsFingerprinted(t *testing.T) {
	e := newEnv(t)
	page := e.sessionAs(models.RoleViewer).do("GET", "/overview", nil)
	m := regexp.MustCompile(`href="(/static/app\.css\?v=([0-9a-f]+))"`).FindStringSubmatch(page.body)
	if m == nil || !strings.Contains(page.body, `src="/static/vendor/echarts.min.js?v=`) {
		t.Fatalf("no fingerprinted assets on the page")
	}
	r := e.do(httptest.NewRequest("GET", m[1], nil))
	if r.status != 200 || !strings.Contains(r.header.Get("Cache-Control"), "immutable") {
		t.Errorf("fingerprinted: %d %q", r.status, r.header.Get("Cache-Control"))
	}
	r = e.do(httptest.NewRequest("GET", "/static/app.css?v=0000", nil))
	if strings.Contains(r.header.Get("Cache-Control"), "immutable") {
		t.Error("a stale fingerprint is cached for good")
	}
}

// With many users the admin page lists them 50 at a time, searchable, and
// the token form asks for an e-mail address instead of offering them all.
func TestAdminManyUsers(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for i := range 120 {
		_, err := e.db.CreateUser(ctx, models.System, models.User{Name: fmt.Sprintf("Bruker %03d", i), Email: fmt.Sprintf("bruker%03d@kommune.example", i),
			Role: models.RoleViewer, Municipality: "1833"}, "et langt passord")
		if err != nil {
			t.Fatal(err)
		}
	}
	b := e.sessionAs(models.RoleAdmin)
	r := b.do("GET", "/admin", nil)
	expect(t, "first page", r, 200, "Side 1 av 3", `name="user_email"`)
	if strings.Contains(r.body, `name="user_id"`) || strings.Count(r.body, `href="/admin/users/`)-strings.Count(r.body, `href="/admin/users/new"`) != 50 {
		t.Errorf("the first page should list 50 users and no user list for tokens")
	}
	r = b.do("GET", "/admin?q=bruker11", nil)
	expect(t, "search", r, 200, "10 brukere.", "bruker110@kommune.example", `value="bruker11"`)
	if strings.Contains(r.body, "bruker010@kommune.example") {
		t.Error("the search shows a user it should not")
	}
	r = b.post("/admin", "/admin/tokens", url.Values{"user_email": {"ingen@kommune.example"}, "label": {"Power BI"}})
	expect(t, "unknown user", r, 422, "Finnes ikke.", `value="ingen@kommune.example"`, `value="Power BI"`)
	r = b.post("/admin", "/admin/tokens", url.Values{"user_email": {"bruker007@kommune.example"}, "label": {"Power BI"}})
	expect(t, "token by e-mail", r, 201, `id="new-token"`)
	toks, _ := e.db.Tokens(ctx)
	found := false
	for _, tok := range toks {
		found = found || tok.UserEmail == "bruker007@kommune.example"
	}
	if !found {
		t.Error("no token for bruker007")
	}
}
