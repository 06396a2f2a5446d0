package handlers_test

import (
	"net/url"
	"testing"

	"samla/models"
)

// The settings API reads and writes every programme setting by name; only
// admins may; the whole is validated; the admin form has the public switch.
func TestSettingsAPI(t *testing.T) {
	e := newEnv(t)
	admin := e.token(models.RoleAdmin)
	r := e.api("GET", "/api/v1/settings", admin, "")
	expect(t, "get", r, 200, `"public_site":true`, `"programme_name":"Digitale Helgeland"`, `"hours_per_fte":1695`)
	expect(t, "editor", e.api("GET", "/api/v1/settings", e.token(models.RoleEditor), ""), 403)
	expect(t, "editor patch", e.api("PATCH", "/api/v1/settings", e.token(models.RoleEditor), `{"public_site":false}`), 403)
	expect(t, "off", e.api("PATCH", "/api/v1/settings", admin, `{"public_site":false,"hours_per_fte":1700}`), 200, `"public_site":false`, `"hours_per_fte":1700`)
	set, err := e.db.Settings(t.Context())
	if err != nil || set.PublicSite || set.HoursPerFTE != 1700 || set.ProgrammeName != "Digitale Helgeland" {
		t.Fatalf("stored %+v, %v", set, err)
	}
	r = e.api("PATCH", "/api/v1/settings", admin, `{"hours_per_fte":0,"report_deadline_day":"x","nonsense":1}`)
	expect(t, "invalid", r, 422)
	f := fieldErrors(t, r.body)
	if f["report_deadline_day"] != "type" || f["nonsense"] != "unknown_field" {
		t.Errorf("fields %v", f)
	}
	expect(t, "validated", e.api("PATCH", "/api/v1/settings", admin, `{"hours_per_fte":0}`), 422, "hours_per_fte")
	expect(t, "malformed", e.api("PATCH", "/api/v1/settings", admin, `{`), 400)

	// The admin form shows the switch and turns it on.
	b := e.sessionAs(models.RoleAdmin)
	page := b.do("GET", "/admin", nil)
	expect(t, "admin page", page, 200, `name="public_site"`, "Offentlige sider (innsyn) er åpne")
	form := url.Values{"_csrf": {b.csrf("/admin")}}
	for k, v := range set.Map() {
		form.Set(k, v)
	}
	form.Set("public_site", "on")
	r = b.do("POST", "/admin/settings", form)
	expect(t, "save", r, 303)
	if set, _ := e.db.Settings(t.Context()); !set.PublicSite || set.HoursPerFTE != 1700 {
		t.Errorf("after the form: %+v", set)
	}
	form.Del("public_site")
	b.do("POST", "/admin/settings", form)
	if set, _ := e.db.Settings(t.Context()); set.PublicSite {
		t.Errorf("unticked, still on")
	}
}
