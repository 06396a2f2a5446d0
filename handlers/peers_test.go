package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"samla/data"
	"samla/models"
)

// Two samla sites on loopback: B adds A as a peer, lists A's public
// projects on /network, suggests A's project on B's project about the same
// solution, and keeps its last copy when A goes down. Addresses that are
// not allowed and answers that are not a catalogue are refused with 422.
func TestPeersAcrossTwoSites(t *testing.T) {
	t.Setenv("SAMLA_OUTBOUND_ALLOW", "127.0.0.1/32")
	ctx := context.Background()
	a, b := newEnv(t), newEnv(t)
	exec := func(e *env, q string, args ...any) {
		t.Helper()
		if err := e.db.Update(ctx, models.System, func(tx *data.Tx) error { _, err := tx.Exec(q, args...); return err }); err != nil {
			t.Fatal(err)
		}
	}
	// A's public project about a solution, one internal project; B's project on the same solution.
	exec(a, `UPDATE projects SET title = 'Kvitteringstjeneste for byggesøknader', national_solution = 'Fellestjenester BYGG', public = 1 WHERE id = 3`)
	exec(a, `UPDATE projects SET title = 'Intern sak som ikke er offentlig', public = 0 WHERE id = 4`)
	exec(b, `UPDATE projects SET national_solution = 'Fellestjenester bygg' WHERE id = 5`)
	aURL := a.serve()
	admin := b.token(models.RoleAdmin)

	r := b.api("POST", "/api/v1/peers", admin, fmt.Sprintf(`{"base_url":%q}`, aURL+"/"))
	expect(t, "add A", r, 201, `"name":"Digitale Helgeland"`, `"last_error":""`)
	peer := decode[models.Peer](t, r.body)
	aPublic, _, err := a.db.PublicProjects(ctx, models.PublicQuery{})
	if err != nil || peer.Projects != len(aPublic) || peer.Projects == 0 || peer.LastRead == nil || peer.BaseURL != aURL {
		t.Fatalf("peer %+v; A has %d public projects (%v)", peer, len(aPublic), err)
	}
	expect(t, "twice", b.api("POST", "/api/v1/peers", admin, fmt.Sprintf(`{"base_url":%q}`, aURL)), 422, `"base_url":"taken"`)
	expect(t, "not admin", b.api("POST", "/api/v1/peers", b.token(models.RoleEditor), fmt.Sprintf(`{"base_url":%q}`, aURL)), 403)

	viewer := b.sessionAs(models.RoleViewer)
	expect(t, "network page", viewer.do("GET", "/network?q=kvittering", nil), 200, "Kvitteringstjeneste for byggesøknader", "Digitale Helgeland")
	if page := viewer.do("GET", "/network", nil); strings.Contains(page.body, "Intern sak som ikke er offentlig") {
		t.Error("B shows A's internal project")
	}
	r = b.api("GET", "/api/v1/network/projects?q=KVITTERINGSTJENESTE", b.token(models.RoleViewer), "")
	expect(t, "network API", r, 200, fmt.Sprintf(`"peer_id":%d`, peer.ID), "Kvitteringstjeneste for byggesøknader")
	expect(t, "similar on B's project", viewer.do("GET", "/projects/5", nil), 200, "Liknende prosjekter i andre nettverk", "Kvitteringstjeneste for byggesøknader", aURL+"/public/projects/3")
	if page := viewer.do("GET", "/projects/6", nil); strings.Contains(page.body, "Kvitteringstjeneste for byggesøknader") {
		t.Error("a project on another solution is offered A's project")
	}
	// B's idea about the same solution is offered A's project too; one about
	// something else is not.
	editor := b.token(models.RoleEditor)
	r = b.api("POST", "/api/v1/ideas", editor, `{"title":"Digital byggesøknad","need":"Søknadene kommer på papir.","proposal":"Ta i bruk Fellestjenester bygg i alle kommunene.","service_area":"planning_building","municipality":"1820"}`)
	expect(t, "idea", r, 201)
	idea := decode[models.Idea](t, r.body)
	expect(t, "similar on B's idea", viewer.do("GET", fmt.Sprintf("/ideas/%d", idea.ID), nil), 200, "Liknende prosjekter i andre nettverk", aURL+"/public/projects/3")
	r = b.api("POST", "/api/v1/ideas", editor, `{"title":"Felles skoleskyss","need":"Ruteplanlegging for skolebarn.","service_area":"education","municipality":"1820"}`)
	expect(t, "other idea", r, 201)
	other := decode[models.Idea](t, r.body)
	if page := viewer.do("GET", fmt.Sprintf("/ideas/%d", other.ID), nil); strings.Contains(page.body, "Kvitteringstjeneste for byggesøknader") {
		t.Error("an idea about something else is offered A's project")
	}

	// Unchanged: a conditional read (304) keeps the copy.
	r = b.api("POST", fmt.Sprintf("/api/v1/peers/%d/refresh", peer.ID), admin, "")
	expect(t, "refresh", r, 200, `"last_error":""`, fmt.Sprintf(`"projects":%d`, peer.Projects))

	// A goes down: B keeps its last copy and says so.
	a.srv.App.Shutdown()
	r = b.api("POST", fmt.Sprintf("/api/v1/peers/%d/refresh", peer.ID), admin, "")
	expect(t, "A down", r, 200, fmt.Sprintf(`"projects":%d`, peer.Projects))
	if got := decode[models.Peer](t, r.body); got.LastError == "" {
		t.Errorf("no error recorded: %+v", got)
	}
	expect(t, "network page after", viewer.do("GET", "/network", nil), 200, "Siste lesing feilet", "Kvitteringstjeneste for byggesøknader")
	expect(t, "similar after", viewer.do("GET", "/projects/5", nil), 200, "Kvitteringstjeneste for byggesøknader")

	// Garbage, wrong answers and addresses not allowed.
	junk := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/html/public/catalogue.json":
			w.Write([]byte("<html>no</html>"))
		case "/bad/public/catalogue.json":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"programme":"","projects":[{"id":-1}]}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer junk.Close()
	for _, c := range []struct{ url, code string }{
		{junk.URL + "/html", "unreadable"}, {junk.URL + "/bad", "unreadable"}, {junk.URL + "/missing", "unreadable"},
		{"http://10.1.2.3", "address_not_allowed"}, {"https://169.254.169.254", "address_not_allowed"}, {"https://192.168.1.10", "address_not_allowed"},
		{"ftp://example.org", "url"}, {"not an address", "url"},
	} {
		r := b.api("POST", "/api/v1/peers", admin, fmt.Sprintf(`{"base_url":%q}`, c.url))
		expect(t, c.url, r, 422, fmt.Sprintf(`"base_url":%q`, c.code))
	}
	peers, _ := b.db.Peers(ctx)
	if len(peers) != 1 {
		t.Errorf("%d peers after the refused ones", len(peers))
	}

	// A peer that starts answering garbage keeps its last good copy.
	var garbage atomic.Bool
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if garbage.Load() {
			w.Write([]byte(`{"programme":"Flaky","projects":[{"id":1,"title":`))
			return
		}
		w.Write([]byte(`{"programme":"Flaky","base_url":"","updated":"2026-01-01T00:00:00Z","projects":[{"id":7,"title":"Felles arkivløsning","solutions":["Noark"]}]}`))
	}))
	defer flaky.Close()
	r = b.api("POST", "/api/v1/peers", admin, fmt.Sprintf(`{"base_url":%q}`, flaky.URL))
	expect(t, "flaky", r, 201, `"name":"Flaky"`, `"projects":1`)
	fp := decode[models.Peer](t, r.body)
	garbage.Store(true)
	r = b.api("POST", fmt.Sprintf("/api/v1/peers/%d/refresh", fp.ID), admin, "")
	expect(t, "garbage", r, 200, `"projects":1`, "not a samla catalogue")
	expect(t, "garbage page", viewer.do("GET", "/network?q=arkiv", nil), 200, "Felles arkivløsning", "Siste lesing feilet")
	expect(t, "delete", b.api("DELETE", fmt.Sprintf("/api/v1/peers/%d", peer.ID), admin, ""), 204)
	if list, _, _ := b.db.NetworkProjects(ctx, "", 0, 0); len(list) != 1 || list[0].PeerID != fp.ID {
		t.Errorf("after deleting A: %+v", list)
	}
}
