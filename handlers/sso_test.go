package handlers_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"samla/data"
	"samla/handlers"
	"samla/models"
)

// testIdP is a real OpenID provider (zitadel/oidc's op package with its
// example storage) running in the test. Its token answers can be spoiled on
// purpose (mode) to see that samla refuses them.
type testIdP struct {
	issuer   string
	storage  *storage.Storage
	mode     atomic.Value // "", "signature", "audience", "nonce", "expired"
	clientID string
	secret   string
}

const testCallback = "http://localhost:8080/login/sso/callback"

func newIdP(t *testing.T, clientID string, users map[string]*storage.User) *testIdP {
	t.Helper()
	return newIdPAs(t, clientID, users, "")
}

// newIdPAs is newIdP publishing its issuer with suffix (a trailing slash,
// as ORY Hydra and Auth0 do).
func newIdPAs(t *testing.T, clientID string, users map[string]*storage.User, suffix string) *testIdP {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	idp := &testIdP{issuer: "http://" + srv.Listener.Addr().String() + suffix, clientID: clientID, secret: "hemmelig-" + clientID + "-" + randomHex()}
	idp.mode.Store("")
	b, _ := json.Marshal(users)
	path := filepath.Join(t.TempDir(), "users.json")
	os.WriteFile(path, b, 0o600)
	store, err := storage.StoreFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	idp.storage = storage.NewStorage(store)
	storage.RegisterClients(storage.WebClient(clientID, idp.secret, testCallback))
	router := exampleop.SetupServer(idp.issuer, idp.storage, nil, false)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mode, _ := idp.mode.Load().(string)
		if r.URL.Path != "/oauth/token" || mode == "" {
			router.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, r)
		var body map[string]any
		if json.Unmarshal(rec.Body.Bytes(), &body) != nil || body["id_token"] == nil {
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
			return
		}
		body["id_token"] = idp.spoil(t, body["id_token"].(string), mode)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(body)
	})
	srv.Start()
	t.Cleanup(srv.Close)
	return idp
}

func randomHex() string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}

// spoil changes an ID token's claims and signs it again: with the
// provider's own key (wrong audience, nonce, expiry), or with another key
// under the same key id (wrong signature).
func (idp *testIdP) spoil(t *testing.T, token, mode string) string {
	parts := strings.Split(token, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	json.Unmarshal(payload, &claims)
	switch mode {
	case "audience":
		claims["aud"] = []string{"someone-else"}
	case "nonce":
		claims["nonce"] = "not-the-nonce"
	case "expired":
		claims["iat"] = time.Now().Add(-2 * time.Hour).Unix()
		claims["exp"] = time.Now().Add(-time.Hour).Unix()
	}
	sk, err := idp.storage.SigningKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	key := sk.Key()
	if mode == "signature" {
		other, _ := rsa.GenerateKey(rand.Reader, 2048)
		key = other
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: sk.SignatureAlgorithm(), Key: jose.JSONWebKey{Key: key, KeyID: sk.ID()}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(claims)
	jws, err := signer.Sign(b)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := jws.CompactSerialize()
	return out
}

// ssoEnv is a server with a secret key and a log to read.
func ssoEnv(t *testing.T) (*env, *bytes.Buffer) {
	t.Helper()
	e := newEnv(t)
	e.db.SecretKey = bytes.Repeat([]byte{7}, 32)
	var log bytes.Buffer
	base, _ := url.Parse("http://localhost:8080")
	srv, err := handlers.New(e.db, handlers.Config{BaseURL: base, Lang: "nb", Location: time.UTC, Log: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	return e, &log
}

func (e *env) addProvider(idp *testIdP, name, municipality string, domains ...string) int64 {
	e.t.Helper()
	p, err := e.db.AddProvider(context.Background(), models.System, models.Provider{Name: name, Issuer: idp.issuer, ClientID: idp.clientID,
		Municipality: municipality, Domains: domains, DefaultRole: models.RoleViewer}, idp.secret)
	if err != nil {
		e.t.Fatal(err)
	}
	return p.ID
}

// ssoLogin signs in through the provider like a browser: samla sends it to
// the provider, the provider's login form is filled in, and the provider's
// answer is brought back to samla's callback. It returns samla's answer to
// the callback and the callback's address.
func ssoLogin(t *testing.T, b *browser, providerID int64, username, password string) (response, string) {
	t.Helper()
	start := b.do("GET", fmt.Sprintf("/login/sso/%d", providerID), nil)
	if start.status != 303 {
		t.Fatalf("start: %d %.300s", start.status, start.body)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), testCallback) {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := client.Get(start.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	authReq := resp.Request.URL.Query().Get("authRequestID")
	if authReq == "" {
		t.Fatalf("no login form at the provider: %s", resp.Request.URL)
	}
	loginURL := resp.Request.URL.Scheme + "://" + resp.Request.URL.Host + "/login/username"
	resp, err = client.PostForm(loginURL, url.Values{"id": {authReq}, "username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if !strings.HasPrefix(back, testCallback) {
		t.Fatalf("the provider did not send us back: %d %s", resp.StatusCode, back)
	}
	u, _ := url.Parse(back)
	cb := u.RequestURI()
	return b.do("GET", cb, nil), cb
}

var idpUsers = func(domain string) map[string]*storage.User {
	return map[string]*storage.User{
		"u1": {ID: "u1", Username: "kari", Password: "verysecure", FirstName: "Kari", LastName: "Nordmann", Email: "kari@" + domain, EmailVerified: true},
		"u2": {ID: "u2", Username: "ola", Password: "verysecure", FirstName: "Ola", LastName: "Utenfor", Email: "ola@elsewhere.example", EmailVerified: true},
	}
}

// Two municipalities' providers at once: each signs its users into its own
// municipality with the default role; a second sign-in reuses the user.
func TestSSOTwoProviders(t *testing.T) {
	e, log := ssoEnv(t)
	rana := newIdP(t, "samla-rana", idpUsers("rana.kommune.example"))
	vefsn := newIdP(t, "samla-vefsn", idpUsers("vefsn.kommune.example"))
	ranaID := e.addProvider(rana, "Rana kommune", "1833", "rana.kommune.example")
	vefsnID := e.addProvider(vefsn, "Vefsn kommune", "1824", "vefsn.kommune.example")

	login := e.browser().do("GET", "/login", nil)
	expect(t, "login page", login, 200, "Logg inn med Rana kommune", "Logg inn med Vefsn kommune", fmt.Sprintf(`href="/login/sso/%d"`, ranaID))

	b := e.browser()
	start := b.do("GET", fmt.Sprintf("/login/sso/%d", ranaID), nil)
	loc, _ := url.Parse(start.header.Get("Location"))
	q := loc.Query()
	if start.status != 303 || !strings.HasPrefix(loc.String(), rana.issuer) || q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" ||
		q.Get("state") == "" || q.Get("nonce") == "" || q.Get("client_id") != "samla-rana" {
		t.Fatalf("redirect to the provider: %d %s", start.status, loc)
	}

	for _, c := range []struct {
		idp    *testIdP
		id     int64
		number string
		email  string
	}{{rana, ranaID, "1833", "kari@rana.kommune.example"}, {vefsn, vefsnID, "1824", "kari@vefsn.kommune.example"}} {
		b := e.browser()
		r, _ := ssoLogin(t, b, c.id, "kari", "verysecure")
		if r.status != 303 || b.cookies["samla_session"] == "" {
			t.Fatalf("%s: %d %.300s", c.email, r.status, r.body)
		}
		u, err := e.db.UserByEmail(context.Background(), c.email)
		if err != nil || u.Municipality != c.number || u.Role != models.RoleViewer || u.Name != "Kari Nordmann" {
			t.Fatalf("%s: %+v %v", c.email, u, err)
		}
		expect(t, "signed in", b.do("GET", "/", nil), 200, "Kari Nordmann")
		again := e.browser()
		if r, _ := ssoLogin(t, again, c.id, "kari", "verysecure"); r.status != 303 {
			t.Fatalf("second sign-in: %d", r.status)
		}
		if u2, _ := e.db.UserByEmail(context.Background(), c.email); u2.ID != u.ID {
			t.Errorf("a second sign-in made a new user: %d, %d", u.ID, u2.ID)
		}
	}
	// A user of another domain is refused by a provider with domains.
	b = e.browser()
	r, _ := ssoLogin(t, b, ranaID, "ola", "verysecure")
	expect(t, "wrong domain", r, 403, "hører ikke til Rana kommune")
	if b.cookies["samla_session"] != "" {
		t.Error("a session for a refused sign-in")
	}
	// The client secrets are nowhere to be read: not in the database file,
	// not in the log, not on the admin page.
	e.db.Close()
	for _, suffix := range []string{"", "-wal"} {
		raw, _ := os.ReadFile(e.db.Path + suffix)
		for _, idp := range []*testIdP{rana, vefsn} {
			if bytes.Contains(raw, []byte(idp.secret)) {
				t.Errorf("a client secret is in clear text in %s", filepath.Base(e.db.Path+suffix))
			}
		}
	}
	if strings.Contains(log.String(), rana.secret) {
		t.Error("a client secret is in the log")
	}
}

// Tokens that are not right are refused with a clear page and no session:
// a wrong signature, a wrong audience, a wrong nonce, an expired token, and
// a callback replayed.
func TestSSORefusesBadTokens(t *testing.T) {
	e, _ := ssoEnv(t)
	idp := newIdP(t, "samla-bad-"+randomHex(), idpUsers("rana.kommune.example"))
	id := e.addProvider(idp, "Rana kommune", "1833")
	for _, c := range []struct{ mode, text string }{
		{"signature", "kunne ikke godkjennes"}, {"audience", "kunne ikke godkjennes"}, {"nonce", "kunne ikke godkjennes"}, {"expired", "er utløpt"},
	} {
		idp.mode.Store(c.mode)
		b := e.browser()
		r, _ := ssoLogin(t, b, id, "kari", "verysecure")
		if r.status != 401 || !strings.Contains(r.body, c.text) || !strings.Contains(r.body, "Referanse:") || b.cookies["samla_session"] != "" {
			t.Errorf("%s: %d, session %q, %.200s", c.mode, r.status, b.cookies["samla_session"], r.body)
		}
	}
	idp.mode.Store("")
	b := e.browser()
	r, callback := ssoLogin(t, b, id, "kari", "verysecure")
	if r.status != 303 {
		t.Fatalf("a good sign-in: %d %.200s", r.status, r.body)
	}
	replay := e.browser()
	replay.cookies["samla_sso"] = b.cookies["samla_sso"]
	u, _ := url.Parse(callback)
	replay.cookies["samla_sso"] = u.Query().Get("state") // even with the state's cookie
	r2 := replay.do("GET", callback, nil)
	expect(t, "replayed", r2, 400, "utløpt eller allerede brukt")
	if strings.Contains(r2.body, "%!") {
		t.Errorf("a text with a formatting error: %.300s", r2.body)
	}
	if replay.cookies["samla_session"] != "" {
		t.Error("a replayed callback gave a session")
	}
	expect(t, "someone else's link", e.browser().do("GET", callback, nil), 400, "utløpt eller allerede brukt")
}

// An unreachable provider and a disabled user get a page that says so.
func TestSSOUnreachableAndDisabled(t *testing.T) {
	e, _ := ssoEnv(t)
	p, err := e.db.AddProvider(context.Background(), models.System, models.Provider{Name: "Nede kommune", Issuer: "http://127.0.0.1:1",
		ClientID: "x"}, "s")
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "unreachable", e.browser().do("GET", fmt.Sprintf("/login/sso/%d", p.ID), nil), 502, "svarer ikke nå")
	idp := newIdP(t, "samla-dis-"+randomHex(), idpUsers("rana.kommune.example"))
	id := e.addProvider(idp, "Rana kommune", "1833")
	ctx := context.Background()
	u, err := e.db.CreateUser(ctx, models.System, models.User{Email: "kari@rana.kommune.example", Name: "Kari", Role: models.RoleViewer, Disabled: true}, "et langt passord")
	if err != nil {
		t.Fatal(err)
	}
	_ = u
	r, _ := ssoLogin(t, e.browser(), id, "kari", "verysecure")
	expect(t, "disabled", r, 403, "deaktivert")
	expect(t, "not found", e.browser().do("GET", "/login/sso/99999", nil), 404)
	_ = data.LoginLifetime
}

// Logging out offers the provider's end-session endpoint; password login
// can be switched off for a provider's users; the admin page adds a
// provider without ever showing its secret again.
func TestSSOLogoutPasswordOffAndAdmin(t *testing.T) {
	e, _ := ssoEnv(t)
	idp := newIdP(t, "samla-off-"+randomHex(), idpUsers("rana.kommune.example"))
	p, err := e.db.AddProvider(context.Background(), models.System, models.Provider{Name: "Rana kommune", Issuer: idp.issuer, ClientID: idp.clientID,
		Municipality: "1833", Domains: []string{"rana.kommune.example"}, PasswordOff: true}, idp.secret)
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	if r, _ := ssoLogin(t, b, p.ID, "kari", "verysecure"); r.status != 303 {
		t.Fatalf("sign-in: %d", r.status)
	}
	out := b.post("/", "/logout", url.Values{})
	loc := out.header.Get("Location")
	if out.status != 303 || !strings.HasPrefix(loc, idp.issuer+"/end_session?") || !strings.Contains(loc, "id_token_hint=") {
		t.Fatalf("logout: %d %s", out.status, loc)
	}
	// When the provider cannot be asked, the login page offers the way.
	expect(t, "offer", b.do("GET", fmt.Sprintf("/login?saved=logout&provider=%d", p.ID), nil), 200, "Logg også ut hos Rana kommune", fmt.Sprintf("/login/sso/%d/logout", p.ID))
	end := b.do("GET", fmt.Sprintf("/login/sso/%d/logout", p.ID), nil)
	if end.status != 303 || !strings.HasPrefix(end.header.Get("Location"), idp.issuer) || !strings.Contains(end.header.Get("Location"), "post_logout_redirect_uri=") {
		t.Errorf("end session: %d %s", end.status, end.header.Get("Location"))
	}
	// The user now has a password hash nobody knows; a password login is
	// refused with a pointer to the provider, whatever is typed.
	r := e.browser().post("/login", "/login", url.Values{"email": {"kari@rana.kommune.example"}, "password": {"gjett-et-passord"}})
	expect(t, "password off", r, 401, "logger inn med kommunens konto")

	admin := e.sessionAs(models.RoleAdmin)
	bad := admin.post("/admin", "/admin/sso", url.Values{"sso_name": {""}, "sso_issuer": {"ftp://x"}, "sso_client_secret": {"s3cr3t-verdi"}})
	expect(t, "bad provider", bad, 422, `aria-invalid="true"`)
	if strings.Contains(bad.body, "s3cr3t-verdi") {
		t.Error("the secret typed comes back on the page")
	}
	ok := admin.post("/admin", "/admin/sso", url.Values{"sso_name": {"Vefsn kommune"}, "sso_issuer": {"https://login.microsoftonline.com/vefsn/v2.0"},
		"sso_client_id": {"abc"}, "sso_client_secret": {"s3cr3t-verdi"}, "sso_municipality": {"1824"}, "sso_domains": {"vefsn.kommune.example"},
		"sso_default_role": {"contact"}, "sso_group_roles": {"samla-redaktor=editor"}})
	if ok.status != 303 {
		t.Fatalf("add provider: %d %.300s", ok.status, ok.body)
	}
	page := admin.do("GET", "/admin", nil)
	expect(t, "listed", page, 200, "Vefsn kommune", "https://login.microsoftonline.com/vefsn/v2.0")
	if strings.Contains(page.body, "s3cr3t-verdi") {
		t.Error("the admin page shows a client secret")
	}
}
