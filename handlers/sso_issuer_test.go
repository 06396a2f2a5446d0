package handlers_test

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"samla/models"
)

// jwtClaims reads a JWT's payload (the signature is the provider's business
// here: samla passes the token on as it got it).
func jwtClaims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	json.Unmarshal(b, &claims)
	return claims
}

// An issuer published with a trailing slash (ORY Hydra, Auth0) is kept as
// it is: sign-in works, and logout goes to the provider's end-session
// endpoint with the session's ID token and samla's login page to return
// to. The ID token is kept sealed with the session and leaves with it.
func TestSSOIssuerWithSlash(t *testing.T) {
	e, _ := ssoEnv(t)
	idp := newIdPAs(t, "samla-slash-"+randomHex(), idpUsers("rana.kommune.example"), "/")
	if !strings.HasSuffix(idp.issuer, "/") {
		t.Fatal(idp.issuer)
	}
	var disc struct {
		Issuer     string `json:"issuer"`
		EndSession string `json:"end_session_endpoint"`
	}
	resp, err := http.Get(idp.issuer + ".well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&disc)
	resp.Body.Close()
	if disc.Issuer != idp.issuer {
		t.Fatalf("the provider publishes %q, want %q", disc.Issuer, idp.issuer)
	}
	id := e.addProvider(idp, "Rana kommune", "1833", "rana.kommune.example")
	p, _, err := e.db.Provider(context.Background(), id)
	if err != nil || p.Issuer != idp.issuer {
		t.Fatalf("stored issuer %q, want %q (%v)", p.Issuer, idp.issuer, err)
	}
	b := e.browser()
	r, _ := ssoLogin(t, b, id, "kari", "verysecure")
	if r.status != 303 || r.header.Get("Location") != "/" {
		t.Fatalf("sign-in with an issuer ending in a slash: %d %s %.300s", r.status, r.header.Get("Location"), r.body)
	}
	expect(t, "signed in", b.do("GET", "/", nil), 200, "Kari")

	raw, err := sql.Open("sqlite3", "file:"+e.db.Path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var sealed []byte
	if err := raw.QueryRow(`SELECT id_token_enc FROM sessions WHERE sso_provider_id = ?`, id).Scan(&sealed); err != nil || len(sealed) == 0 {
		t.Fatalf("no ID token kept with the session: %v", err)
	}
	if strings.Contains(string(sealed), "eyJ") {
		t.Fatal("the ID token is stored in the clear")
	}

	out := b.post("/", "/logout", url.Values{})
	loc, err := url.Parse(out.header.Get("Location"))
	if out.status != 303 || err != nil || !strings.HasPrefix(loc.String(), disc.EndSession+"?") {
		t.Fatalf("logout: %d %s (end session at %s)", out.status, out.header.Get("Location"), disc.EndSession)
	}
	q := loc.Query()
	if q.Get("post_logout_redirect_uri") != "http://localhost:8080/login" || q.Get("client_id") != idp.clientID {
		t.Errorf("logout parameters: %v", q)
	}
	claims := jwtClaims(t, q.Get("id_token_hint"))
	if claims["iss"] != idp.issuer || claims["sub"] != "u1" {
		t.Errorf("id_token_hint is not the session's ID token: %v", claims)
	}
	var left int
	raw.QueryRow(`SELECT count(*) FROM sessions WHERE id_token_enc IS NOT NULL`).Scan(&left)
	if left != 0 {
		t.Errorf("%d ID tokens left after logout", left)
	}
	expect(t, "logged out", b.do("GET", "/", nil), 303)
}

// A provider saved without the slash its discovery has (as samla stored
// issuers before) still signs in: the provider's spelling is used. A
// provider whose discovery names another issuer is reported as a
// configuration that does not match, not as unreachable.
func TestSSOIssuerMismatch(t *testing.T) {
	e, log := ssoEnv(t)
	idp := newIdPAs(t, "samla-mis-"+randomHex(), idpUsers("rana.kommune.example"), "/")
	old, err := e.db.AddProvider(context.Background(), models.System, models.Provider{Name: "Rana kommune", Issuer: strings.TrimSuffix(idp.issuer, "/"),
		ClientID: idp.clientID, Municipality: "1833", DefaultRole: models.RoleViewer}, idp.secret)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := ssoLogin(t, e.browser(), old.ID, "kari", "verysecure"); r.status != 303 {
		t.Fatalf("sign-in, issuer saved without its slash: %d %.300s", r.status, r.body)
	}
	other, err := e.db.AddProvider(context.Background(), models.System, models.Provider{Name: "Vefsn kommune",
		Issuer: strings.Replace(idp.issuer, "127.0.0.1", "localhost", 1), ClientID: idp.clientID, DefaultRole: models.RoleViewer}, idp.secret)
	if err != nil {
		t.Fatal(err)
	}
	r := e.browser().do("GET", "/login/sso/"+itoa(other.ID), nil)
	expect(t, "mismatch", r, 502, "oppsettet dens stemmer ikke med oppsettet i samla")
	if strings.Contains(r.body, "svarer ikke") {
		t.Error("a mismatch is reported as unreachable")
	}
	if !strings.Contains(log.String(), "did not match") {
		t.Errorf("the log does not say what differs: %.500s", log.String())
	}
}
