package handlers_test

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"samla/models"
)

func TestChannelsAPI(t *testing.T) {
	e := newEnv(t)
	e.db.SecretKey = bytes.Repeat([]byte{3}, 32)
	admin, editor := e.token(models.RoleAdmin), e.token(models.RoleEditor)
	expect(t, "editor", e.api("GET", "/api/v1/channels", editor, ""), 403)
	for name, c := range map[string]struct{ body, field string }{
		"plain http":       {`{"name":"A","kind":"teams","url":"http://hooks.example/x","events":["project_red"]}`, "url"},
		"not a url":        {`{"name":"A","kind":"teams","url":"hooks","events":["project_red"]}`, "url"},
		"unknown event":    {`{"name":"A","kind":"json","url":"https://hooks.example/x","events":["project_blue"]}`, "events"},
		"no event":         {`{"name":"A","kind":"json","url":"https://hooks.example/x","events":[]}`, "events"},
		"unknown kind":     {`{"name":"A","kind":"discord","url":"https://hooks.example/x","events":["project_red"]}`, "kind"},
		"contact, no kom.": {`{"name":"A","kind":"json","url":"https://hooks.example/x","role":"contact","events":["project_red"]}`, "municipality"},
		"admin role":       {`{"name":"A","kind":"json","url":"https://hooks.example/x","role":"admin","events":["project_red"]}`, "role"},
	} {
		r := e.api("POST", "/api/v1/channels", admin, c.body)
		if r.status != 422 || fieldErrors(t, r.body)[c.field] == "" {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	if list := e.api("GET", "/api/v1/channels", admin, ""); list.body != "[]" {
		t.Fatalf("a refused channel was saved: %s", list.body)
	}
	r := e.api("POST", "/api/v1/channels", admin, `{"name":"Programkontoret i Teams","kind":"teams","url":"https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual?sig=TOPSECRET","role":"viewer","events":["project_red","decision_recorded"]}`)
	expect(t, "create", r, 201, `"secret":"`, "sig=TOPSECRET")
	ch := decode[models.Channel](t, r.body)
	r = e.api("GET", "/api/v1/channels", admin, "")
	expect(t, "list", r, 200, `"url":"https://prod-12.westeurope.logic.azure.com/…"`)
	if strings.Contains(r.body, "TOPSECRET") || strings.Contains(r.body, ch.Secret) {
		t.Fatal("the list shows the address or the secret")
	}
	audit := e.api("GET", "/api/v1/audit?entity=channel", admin, "")
	if strings.Contains(audit.body, "TOPSECRET") || strings.Contains(audit.body, ch.Secret) || !strings.Contains(audit.body, "Programkontoret i Teams") {
		t.Fatalf("audit: %.400s", audit.body)
	}
	expect(t, "delete", e.api("DELETE", fmt.Sprintf("/api/v1/channels/%d", ch.ID), admin, ""), 204)
	expect(t, "delete again", e.api("DELETE", fmt.Sprintf("/api/v1/channels/%d", ch.ID), admin, ""), 404)

	// The admin page: a bad form keeps what was typed; a good one shows the secret once.
	b := e.sessionAs(models.RoleAdmin)
	r = b.post("/admin/channels", "/admin/channels", url.Values{"name": {"Slack"}, "kind": {"slack"}, "url": {"http://hooks.example/x"}, "role": {"viewer"}, "events": {"project_red"}})
	expect(t, "bad form", r, 422, "http://hooks.example/x", `id="event-project_red" name="events" value="project_red" checked`)
	r = b.post("/admin/channels", "/admin/channels", url.Values{"name": {"Slack"}, "kind": {"slack"}, "url": {"https://hooks.slack.example/T0/B0/xyz"}, "role": {"viewer"}, "events": {"project_red", "status_missing"}})
	expect(t, "made", r, 201, "https://hooks.slack.example/T0/B0/xyz", "Hemmelighet for signaturen")
	expect(t, "page", b.do("GET", "/admin/channels", nil), 200, "https://hooks.slack.example/…", "En statusrapport mangler etter fristen")
}
