package handlers_test

import (
	"fmt"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"samla/handlers"
	"samla/models"
)

// A server behind a reverse proxy at addr (the test connections' address).
func proxiedEnv(t *testing.T, trusted string) *env {
	t.Helper()
	e := newEnv(t)
	proxies, err := handlers.ParseTrustedProxies(trusted)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://localhost:8080")
	srv, err := handlers.New(e.db, handlers.Config{BaseURL: base, Lang: "nb", Location: time.UTC, Log: testLogger(), TrustedProxies: proxies})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	return e
}

func loginFrom(e *env, email, password string, headers map[string]string) response {
	b := e.browser()
	token := b.csrf("/login")
	req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"_csrf": {token}, "email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	for k, v := range b.cookies {
		req.Header.Add("Cookie", k+"="+v)
	}
	return e.do(req)
}

// Behind a trusted proxy, failed logins are counted per client, not per
// proxy: twenty failures from one user lock out that address, not another
// user. A forged X-Forwarded-For from anyone else changes nothing.
func TestLoginThrottleBehindProxy(t *testing.T) {
	testConn := "0.0.0.0/32" // where app.Test's connections come from
	e := proxiedEnv(t, testConn)
	for i := 0; i < 20; i++ {
		loginFrom(e, fmt.Sprintf("nobody%d@example.com", i), "feil passord 123", map[string]string{"X-Forwarded-For": "198.51.100.7"})
	}
	blocked := loginFrom(e, "admin@samla.example", "demo-admin-passord", map[string]string{"X-Forwarded-For": "198.51.100.7"})
	if blocked.status != 429 {
		t.Errorf("the failing client is not throttled: %d", blocked.status)
	}
	other := loginFrom(e, "admin@samla.example", "demo-admin-passord", map[string]string{"X-Forwarded-For": "203.0.113.9, 198.51.100.8"})
	if other.status != 303 {
		t.Errorf("another client behind the same proxy is locked out: %d", other.status)
	}
	audit := e.api("GET", "/api/v1/audit?entity=user&limit=5", e.token(models.RoleAdmin), "")
	if !strings.Contains(audit.body, `\"ip\":\"198.51.100.8\"`) {
		t.Errorf("the audit trail does not have the client's address: %.400s", audit.body)
	}
	// The client's own claim stands left of what the proxy adds: it does
	// not help the throttled client.
	spoof := loginFrom(e, "admin@samla.example", "demo-admin-passord", map[string]string{"X-Forwarded-For": "192.0.2.1, 198.51.100.7"})
	if spoof.status != 429 {
		t.Errorf("a forged address left of the proxy's dodged the throttle: %d", spoof.status)
	}

	direct := proxiedEnv(t, "") // no trusted proxy: the header means nothing
	for i := 0; i < 20; i++ {
		loginFrom(direct, fmt.Sprintf("nobody%d@example.com", i), "feil passord 123", map[string]string{"X-Forwarded-For": fmt.Sprintf("198.51.100.%d", i)})
	}
	if r := loginFrom(direct, "admin@samla.example", "demo-admin-passord", map[string]string{"X-Forwarded-For": "203.0.113.50"}); r.status != 429 {
		t.Errorf("a forged X-Forwarded-For from an untrusted peer escaped the throttle: %d", r.status)
	}
}

// Cookies are Secure when a trusted proxy says the request came by HTTPS.
func TestSecureCookieBehindProxy(t *testing.T) {
	for _, c := range []struct {
		trusted string
		secure  bool
	}{{"0.0.0.0/32", true}, {"", false}} {
		e := proxiedEnv(t, c.trusted)
		r := loginFrom(e, "admin@samla.example", "demo-admin-passord", map[string]string{"X-Forwarded-Proto": "https"})
		cookie := strings.Join(r.header.Values("Set-Cookie"), "\n")
		if r.status != 303 || strings.Contains(strings.ToLower(cookie), "secure") != c.secure {
			t.Errorf("trusted %q: %d, cookie %q", c.trusted, r.status, cookie)
		}
	}
}

func TestParseTrustedProxies(t *testing.T) {
	p, err := handlers.ParseTrustedProxies(" 10.0.0.0/8, 192.168.1.10 ,::1")
	if err != nil || len(p) != 3 || !p[1].Contains(netip.MustParseAddr("192.168.1.10")) {
		t.Errorf("%v %v", p, err)
	}
	if _, err := handlers.ParseTrustedProxies("10.0.0.0/8, proxy.kommune.no, 300.1.1.1"); err == nil ||
		!strings.Contains(err.Error(), `"proxy.kommune.no"`) || !strings.Contains(err.Error(), `"300.1.1.1"`) {
		t.Errorf("bad entries are not named: %v", err)
	}
}
