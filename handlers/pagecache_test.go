package handlers_test

import (
	"regexp"
	"strings"
	"testing"

	"samla/models"
)

var csrfMeta = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)

// A kept page is the user's own, carries the CSRF token of the session
// asking, and is made again after any write.
func TestPageCache(t *testing.T) {
	e := newEnv(t)
	a, b := e.sessionAs(models.RoleViewer), e.sessionAs(models.RoleViewer) // one user, two sessions
	tokenOf := func(r response) string {
		m := csrfMeta.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("no CSRF token: %.300s", r.body)
		}
		return m[1]
	}
	first := a.do("GET", "/projects/1", nil)
	again := a.do("GET", "/projects/1", nil)
	other := b.do("GET", "/projects/1", nil)
	expect(t, "first", first, 200)
	if tokenOf(first) != tokenOf(again) || tokenOf(other) == tokenOf(first) || strings.Contains(other.body, tokenOf(first)) {
		t.Fatalf("tokens: first %s, again %s, other session %s", tokenOf(first), tokenOf(again), tokenOf(other))
	}
	if strings.Contains(first.body, "\x00") || strings.Contains(other.body, "\x00") {
		t.Fatal("a placeholder reached the page")
	}
	// Another user gets their own page (the leader may edit the project).
	leader := e.sessionAs(models.RoleLeader)
	who := regexp.MustCompile(`<span class="app-user">([^<]+)</span>`)
	lp := leader.do("GET", "/projects/1", nil)
	if m := who.FindStringSubmatch(lp.body); m == nil || !strings.Contains(m[1], "Liv Prosjektleder") {
		t.Fatalf("the leader's page is someone else's: %v", m)
	}
	if m := who.FindStringSubmatch(first.body); m == nil || !strings.Contains(m[1], "Kari Kommunedirektør") {
		t.Fatalf("the viewer's page: %v", m)
	}
	// A write is seen at once.
	editor := e.token(models.RoleEditor)
	r := e.api("PATCH", "/api/v1/projects/1", editor, `{"title":"Nytt navn fra testen"}`)
	expect(t, "rename", r, 200)
	expect(t, "after the write", a.do("GET", "/projects/1", nil), 200, "Nytt navn fra testen")
	expect(t, "list after the write", a.do("GET", "/projects?q=nytt+navn", nil), 200, "Nytt navn fra testen")
	// A form posted with the token of a kept page works.
	page := a.do("GET", "/projects", nil)
	if tok := tokenOf(page); tok != tokenOf(a.do("GET", "/account", nil)) {
		t.Fatalf("the kept list carries token %s, the account page %s", tok, tokenOf(a.do("GET", "/account", nil)))
	}

}
