package handlers_test

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

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

// Pages not kept are rendered at most one per core at once: 24 asked for
// together are all answered, in turn.
func TestPagesRenderedOnePerCore(t *testing.T) {
	e := newEnv(t)
	base := e.serve()
	session := e.sessionAs(models.RoleViewer).cookies["samla_session"]
	client := &http.Client{Timeout: 30 * time.Second}
	stop := make(chan struct{})
	rendering := most(stop, e.srv.PagesRendering)
	var wg sync.WaitGroup
	errs := make(chan error, 24)
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := []string{"/projects", "/projects/1", "/municipalities/1833", "/overview"}[i%4]
			req, _ := http.NewRequest("GET", fmt.Sprintf("%s%s?fresh=%d", base, path, i), nil)
			req.AddCookie(&http.Cookie{Name: "samla_session", Value: session})
			resp, err := client.Do(req)
			if err != nil {
				errs <- err
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				errs <- fmt.Errorf("%s: %d", path, resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	close(stop)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := rendering.Load(); n < 1 || n > int64(runtime.GOMAXPROCS(0)) {
		t.Errorf("at most %d pages were rendered at once; there are %d cores", n, runtime.GOMAXPROCS(0))
	}
	if e.srv.PagesRendering() != 0 {
		t.Errorf("%d renders left under way", e.srv.PagesRendering())
	}
}

// A page waits for a render slot at most 50 ms: when every slot is taken
// (by slow pages), it is rendered beside them.
func TestPageWaitsForASlotAWhileOnly(t *testing.T) {
	e := newEnv(t)
	viewer := e.sessionAs(models.RoleViewer)
	release := e.srv.HoldRenderSlots()
	defer func() { release() }()
	before := e.srv.PagesUnslotted()
	start := time.Now()
	expect(t, "with every slot taken", viewer.do("GET", "/projects?fresh=1", nil), 200)
	if d := time.Since(start); d < 50*time.Millisecond || d > 5*time.Second {
		t.Errorf("answered after %v without a free slot; it should wait 50 ms for one, then go on", d)
	}
	if got := e.srv.PagesUnslotted() - before; got != 1 {
		t.Errorf("%d pages counted as rendered without a slot, want 1", got)
	}
	release()
	release = func() {}
	expect(t, "with the slots free", viewer.do("GET", "/projects?fresh=2", nil), 200)
	if got := e.srv.PagesUnslotted() - before; got != 1 {
		t.Errorf("a page rendered without a slot while one was free (%d)", got)
	}
}
