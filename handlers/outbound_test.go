package handlers_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"samla/data"
	"samla/handlers"
	"samla/models"
	"samla/outbound"
)

// TestChannelAddressGuard: every address form the issue lists is refused at
// save time (API 422 with a url field error, the form 422 keeping what was
// typed); SAMLA_OUTBOUND_ALLOW admits a chosen range.
func TestChannelAddressGuard(t *testing.T) {
	e := newEnv(t)
	e.db.SecretKey = bytes.Repeat([]byte{3}, 32)
	admin := e.token(models.RoleAdmin)
	for _, addr := range []string{
		"https://169.254.169.254/latest/meta-data/",
		"https://metadata.google.internal/computeMetadata/v1/",
		"https://10.0.0.1/",
		"https://192.168.1.20/hook",
		"https://172.16.0.1/hook",
		"https://[fd00::1]/",
		"https://0.0.0.0/",
		"https://[::]/",
		"https://[::ffff:169.254.169.254]/",
		"https://2852039166/",
		"https://0xA9FEA9FE/",
		"https://127.0.0.1:8443/hook",
		"http://127.0.0.1:8080/hook",
		"https://localhost/hook",
		"http://localhost:9000/hook",
		"https://[::1]/",
		"https://100.64.1.1/",
		"https://[fe80::1]/",
	} {
		body := `{"name":"A","kind":"json","url":"` + addr + `","events":["project_red"]}`
		r := e.api("POST", "/api/v1/channels", admin, body)
		if r.status != 422 || fieldErrors(t, r.body)["url"] == "" {
			t.Errorf("%s: %d %s", addr, r.status, r.body)
		}
	}
	if list := e.api("GET", "/api/v1/channels", admin, ""); list.body != "[]" {
		t.Fatalf("a refused channel was saved: %s", list.body)
	}
	b := e.sessionAs(models.RoleAdmin)
	r := b.post("/admin/channels", "/admin/channels", url.Values{"name": {"Metadata"}, "kind": {"json"}, "url": {"https://169.254.169.254/latest/meta-data/"}, "role": {"viewer"}, "events": {"project_red"}})
	expect(t, "form", r, 422, "https://169.254.169.254/latest/meta-data/", "Adressen peker inn i et lukket nett")
	r = b.post("/admin/channels", "/admin/channels", url.Values{"name": {"Tall"}, "kind": {"json"}, "url": {"https://2852039166/"}, "role": {"viewer"}, "events": {"project_red"}})
	expect(t, "numeric form", r, 422, "fire tall med punktum")
}

func TestChannelAddressAllow(t *testing.T) {
	e := newEnvWith(t, func(_ *data.DB, cfg *handlers.Config) {
		g, err := outbound.Parse("127.0.0.0/8, 10.20.0.0/16")
		if err != nil {
			t.Fatal(err)
		}
		cfg.Outbound = g
	})
	e.db.SecretKey = bytes.Repeat([]byte{3}, 32)
	admin := e.token(models.RoleAdmin)
	for addr, want := range map[string]int{
		"http://127.0.0.1:8080/hook": 201, // a test relay
		"https://10.20.3.4/teams":    201, // the municipality's own relay
		"http://10.20.3.4/teams":     422, // but over TLS
		"https://10.21.0.1/teams":    422,
		"https://169.254.169.254/":   422,
	} {
		body := `{"name":"A","kind":"json","url":"` + addr + `","events":["project_red"]}`
		r := e.api("POST", "/api/v1/channels", admin, body)
		if r.status != want || (want == 422 && fieldErrors(t, r.body)["url"] == "") {
			t.Errorf("%s: %d %s", addr, r.status, r.body)
		}
		if want == 201 && !strings.Contains(r.body, addr) {
			t.Errorf("%s: %s", addr, r.body)
		}
	}
}

// A title or name with a bidirectional control is refused by the API (422,
// the field named) and by the forms (the Norwegian text beside the field).
func TestBidiTitlesRefused(t *testing.T) {
	e := newEnv(t)
	e.db.SecretKey = bytes.Repeat([]byte{3}, 32)
	editor := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/projects", editor, `{"title":"Kontrakt \u202efdp.exe","service_area":"helse","phase":"idea","lead_municipality":"1833"}`)
	if r.status != 422 || fieldErrors(t, r.body)["title"] != "bidi" {
		t.Errorf("project: %d %s", r.status, r.body)
	}
	r = e.api("POST", "/api/v1/solutions", editor, `{"name":"Løsning \u2067x\u2069","kind":"local","service_area":"helse"}`)
	if r.status != 422 || fieldErrors(t, r.body)["name"] != "bidi" {
		t.Errorf("solution: %d %s", r.status, r.body)
	}
	b := e.sessionAs(models.RoleAdmin)
	f := b.post("/admin/channels", "/admin/channels", url.Values{"name": {"Teams \u202eskaeT"}, "kind": {"teams"}, "url": {"https://hooks.example.com/x"}, "role": {"viewer"}, "events": {"project_red"}})
	expect(t, "form", f, 422, "usynlige retningstegn")
}
