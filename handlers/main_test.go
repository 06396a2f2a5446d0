package handlers_test

import (
	"context"
	"encoding/json"

	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/handlers"
	"samla/models"
)

// template is a migrated database with the Helgeland demo, made once; each
// test works on its own copy.
var templateDB string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "samla-handlers")
	if err != nil {
		panic(err)
	}
	templateDB = filepath.Join(dir, "template.db")
	db, err := data.Open(templateDB)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if err := db.Migrate(ctx); err != nil {
		panic(err)
	}
	if _, err := db.LoadDemo(ctx, data.ScaleHelgeland); err != nil {
		panic(err)
	}
	db.Close()
	code := m.Run()
	os.RemoveAll(dir)
	if nationalPath != "" { // the benchmarks' national demo
		os.RemoveAll(filepath.Dir(nationalPath))
	}
	os.Exit(code)
}

// env is one test's server on its own database.
type env struct {
	t   *testing.T
	db  *data.DB
	srv *handlers.Server
}

func newEnv(t *testing.T) *env { return newEnvWith(t, nil) }

// newEnvWith is newEnv with a change to the server's configuration (e.g.
// its jobs with a mail server).
func newEnvWith(t *testing.T, configure func(*data.DB, *handlers.Config)) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "samla.db")
	b, err := os.ReadFile(templateDB)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://localhost:8080")
	loc, _ := time.LoadLocation("Europe/Oslo")
	cfg := handlers.Config{BaseURL: base, Lang: "nb", Location: loc, Log: testLogger()}
	if configure != nil {
		configure(db, &cfg)
	}
	srv, err := handlers.New(db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, db: db, srv: srv}
}

// demo e-mail per role.
var demoEmail = map[models.Role]string{
	models.RoleAdmin:    "admin@samla.example",
	models.RoleEditor:   "programkontor@samla.example",
	models.RoleLeader:   "prosjektleder@samla.example",
	models.RoleSteering: "styringsgruppe@samla.example",
	models.RoleViewer:   "kommunedirektor@samla.example",
	models.RoleContact:  "kommunekontakt@samla.example",
}

func (e *env) user(role models.Role) models.User {
	u, err := e.db.UserByEmail(context.Background(), demoEmail[role])
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// token returns a fresh API token for the demo user with role.
func (e *env) token(role models.Role) string {
	secret, _, err := e.db.CreateToken(context.Background(), models.System, e.user(role).ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

// browser is a cookie jar that logs in like a person would.
type browser struct {
	e       *env
	cookies map[string]string
}

func (e *env) browser() *browser { return &browser{e: e, cookies: map[string]string{}} }

// sessionAs starts a session directly in the store (no password hashing).
func (e *env) sessionAs(role models.Role) *browser {
	b := e.browser()
	secret, err := e.db.CreateSession(context.Background(), e.user(role).ID)
	if err != nil {
		e.t.Fatal(err)
	}
	b.cookies["samla_session"] = secret
	return b
}

type response struct {
	status int
	header http.Header
	body   string
}

func (e *env) do(req *http.Request) response {
	e.t.Helper()
	resp, err := e.srv.App.Test(req, fiber.TestConfig{Timeout: 10 * time.Second})
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	r := response{resp.StatusCode, resp.Header, string(body)}
	checkAgainstSpec(e.t, req, r)
	return r
}

func (b *browser) do(method, target string, form url.Values) response {
	b.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	r := b.e.do(req)
	for _, line := range r.header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			continue
		}
		if c.MaxAge < 0 || c.Value == "" || !c.Expires.IsZero() && c.Expires.Before(time.Now()) {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return r
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf fetches a page and returns its form token.
func (b *browser) csrf(page string) string {
	b.e.t.Helper()
	r := b.do("GET", page, nil)
	m := csrfInput.FindStringSubmatch(r.body)
	if m == nil {
		b.e.t.Fatalf("no CSRF token on %s (status %d)", page, r.status)
	}
	return m[1]
}

// post submits a form from page with its CSRF token.
func (b *browser) post(page, action string, form url.Values) response {
	form.Set("_csrf", b.csrf(page))
	return b.do("POST", action, form)
}

// api sends a JSON request with a bearer token (empty: none).
func (e *env) api(method, target, token, body string) response {
	e.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.do(req)
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return v
}

func expect(t *testing.T, name string, r response, status int, contains ...string) {
	t.Helper()
	if r.status != status {
		t.Errorf("%s: status %d, want %d; body: %.300s", name, r.status, status, r.body)
		return
	}
	for _, c := range contains {
		if !strings.Contains(r.body, c) {
			t.Errorf("%s: body lacks %q: %.500s", name, c, r.body)
		}
	}
}

func fieldErrors(t *testing.T, body string) map[string]string {
	t.Helper()
	v := decode[struct {
		Error struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}](t, body)
	return v.Error.Fields
}

// testLogger discards the log unless SAMLA_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("SAMLA_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
