package handlers_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"samla/models"
)

// Every page asks for /favicon.ico; it is the embedded icon, not a 404.
func TestFavicon(t *testing.T) {
	e := newEnv(t)
	r := e.do(httptest.NewRequest("GET", "/favicon.ico", nil))
	if r.status != 200 || r.header.Get("Content-Type") != "image/x-icon" {
		t.Fatalf("favicon: %d %q", r.status, r.header.Get("Content-Type"))
	}
	// An ICO file: reserved 0, type 1, at least one image.
	if b := []byte(r.body); len(b) < 22 || b[0] != 0 || b[1] != 0 || b[2] != 1 || b[3] != 0 || b[4] == 0 {
		t.Fatalf("not an ICO file: % x", []byte(r.body)[:min(len(r.body), 8)])
	}
}

// Årsverk come out of the API with two decimals, like hours.
func TestFTETwoDecimalsInAPI(t *testing.T) {
	e := newEnv(t)
	p := livsProject(t, e)
	editor := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/benefits", editor, fmt.Sprintf(`{"project_id":%d,"title":"Frigjort tid","type":"time","unit":"timer",
		"owner":"Enhetsleder","baseline":0,"target":2000,"baseline_date":"2026-01-01","target_date":"2027-12-31",
		"plan":[{"period":"2026-02","value":250}]}`, p.ID))
	expect(t, "create", r, 201)
	b := decode[models.Benefit](t, r.body)
	// 1 006.2 hours ÷ 1 695 = 0.593628… årsverk.
	expect(t, "measure", e.api("POST", fmt.Sprintf("/api/v1/benefits/%d/measurements", b.ID), e.token(models.RoleLeader), `{"period":"2026-02","value":1006.2}`), 201)
	r = e.api("GET", fmt.Sprintf("/api/v1/benefits/%d", b.ID), e.token(models.RoleViewer), "")
	expect(t, "benefit", r, 200, `"fte":0.59,`)
	r = e.api("GET", "/api/v1/benefits/totals?by=project", e.token(models.RoleViewer), "")
	expect(t, "totals", r, 200)
	if strings.Contains(r.body, `"fte":0.5936`) {
		t.Fatalf("totals with more than two decimals: %.300s", r.body)
	}
}

// A body member sent without "from" is a member from today.
func TestBodyMemberFromToday(t *testing.T) {
	e := newEnv(t)
	e.db.Now = func() time.Time { return time.Date(2026, 3, 14, 23, 30, 0, 0, time.UTC) } // 15 March in Oslo
	r := e.api("POST", "/api/v1/bodies", e.token(models.RoleEditor), `{"name":"Faggruppe arkiv","kind":"working_group","members":[
		{"name":"Ola Vefsn","email":"ola@vefsn.kommune.no","municipality":"1824","role":"member"}]}`)
	expect(t, "create body", r, 201, `"from":"2026-03-15"`)
	r = e.api("POST", "/api/v1/bodies", e.token(models.RoleEditor), `{"name":"Faggruppe arkiv 2","kind":"working_group","members":[
		{"name":"Ola Vefsn","role":"member","from":"15.03.2026"}]}`)
	expect(t, "a wrong date is still a field error", r, 422, `"members[0].from"`)
}
