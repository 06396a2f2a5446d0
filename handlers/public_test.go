package handlers_test

import (
	"net/http/httptest"
	"strings"
	"testing"

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
	expect(t, "off", e.api("PATCH", "/api/v1/settings", admin, `{"public_site":false}`), 200)
	for _, path := range append(publicRoutes, "/public/meetings/1/minutes.pdf", "/public/nothing") {
		if r := e.anon(path); r.status != 404 {
			t.Errorf("off: %s answered %d", path, r.status)
		}
	}
}
