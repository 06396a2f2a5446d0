package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"samla/models"
)

// TestSharedLessonOnSolution: a shared lesson on a solution is found on
// /lessons (æ/ø/å folded) and on the solution's page beside the
// municipalities that have it in use and their contact person.
func TestSharedLessonOnSolution(t *testing.T) {
	e := newEnv(t)
	editor, leader, viewer := e.token(models.RoleEditor), e.token(models.RoleLeader), e.token(models.RoleViewer)
	sols := decode[[]models.Solution](t, e.api("GET", "/api/v1/solutions", viewer, "").body)
	if len(sols) == 0 {
		t.Fatal("no demo solutions")
	}
	sol := sols[0]
	// Two municipalities get it in use, one with a named contact.
	expect(t, "in use", e.api("PUT", fmt.Sprintf("/api/v1/solutions/%d/rollouts/1824", sol.ID), editor, `{"status":"in_use","in_use_date":"2025-03-01","contact_email":"prosjektleder@samla.example"}`), 200)
	expect(t, "in use 2", e.api("PUT", fmt.Sprintf("/api/v1/solutions/%d/rollouts/1835", sol.ID), editor, `{"status":"in_use","in_use_date":"2026-01-15"}`), 200)
	r := e.api("GET", fmt.Sprintf("/api/v1/solutions/%d/ask", sol.ID), viewer, "")
	expect(t, "ask", r, 200, `"municipality":"1824"`, `"name":"Liv Prosjektleder"`, `"in_use_date":"2025-03-01"`, `"municipality":"1835"`, `"email":"kommunekontakt@samla.example"`)
	askers := decode[[]models.Asker](t, r.body)
	seen := map[string]bool{}
	for _, a := range askers {
		seen[a.Municipality] = true
	}
	if !seen["1824"] || !seen["1835"] {
		t.Fatalf("askers: %+v", askers)
	}

	// The leader logs a shared lesson on a project they lead.
	projects := decode[[]models.Project](t, e.api("GET", "/api/v1/projects?leader=prosjektleder@samla.example", viewer, "").body)
	if len(projects) == 0 {
		t.Fatal("the demo leader leads no project")
	}
	p := projects[0]
	body := fmt.Sprintf(`{"kind":"lesson","title":"Øvelse på kveldstid før oppstart","description":"Ansatte på sykehjemmet trengte mer tid.","consequence":"Oppstarten ble utsatt to uker.",
		"recommendation":"Sett av KVELDSØVELSE i turnusen.","solution_ids":[%d],"shared":true,"date":"2026-11-20"}`, sol.ID)
	expect(t, "viewer cannot log", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/log", p.ID), viewer, body), 403)
	expect(t, "bad entry", e.api("POST", fmt.Sprintf("/api/v1/projects/%d/log", p.ID), leader, `{"kind":"gossip","title":"","solution_ids":[999999]}`), 422, `"kind":"choice"`, `"title":"required"`, `"solution_ids[0]":"unknown"`)
	r = e.api("POST", fmt.Sprintf("/api/v1/projects/%d/log", p.ID), leader, body)
	expect(t, "log", r, 201, `"shared":true`, `"author":"prosjektleder@samla.example"`)
	entry := decode[models.LogEntry](t, r.body)
	private := e.api("POST", fmt.Sprintf("/api/v1/projects/%d/log", p.ID), leader, fmt.Sprintf(`{"title":"Intern kveldsøvelse-notat","solution_ids":[%d]}`, sol.ID))
	expect(t, "private", private, 201, `"shared":false`)

	// Found on /lessons by a folded search, by solution and service area; the private one is not.
	lessons := decode[[]models.LogEntry](t, e.api("GET", "/api/v1/lessons?q=kvelds%C3%B8velse", viewer, "").body)
	if len(lessons) != 1 || lessons[0].ID != entry.ID {
		t.Fatalf("lessons by kveldsøvelse: %+v", lessons)
	}
	has := func(list []models.LogEntry) bool {
		for _, l := range list {
			if l.ID == entry.ID {
				return true
			}
		}
		return false
	}
	if l := decode[[]models.LogEntry](t, e.api("GET", fmt.Sprintf("/api/v1/lessons?solution=%d&service_area=%s", sol.ID, p.ServiceArea), viewer, "").body); !has(l) {
		t.Fatalf("lessons by solution: %+v", l)
	}
	other := "education"
	if p.ServiceArea == other {
		other = "administration"
	}
	if l := decode[[]models.LogEntry](t, e.api("GET", fmt.Sprintf("/api/v1/lessons?solution=%d&service_area=%s", sol.ID, other), viewer, "").body); has(l) {
		t.Fatalf("the service area filter keeps it: %+v", l)
	}
	b := e.sessionAs(models.RoleViewer)
	expect(t, "lessons page", b.do("GET", "/lessons?q=KVELDS%C3%98VELSE", nil), 200, "Øvelse på kveldstid før oppstart", "Sett av KVELDSØVELSE i turnusen.", p.Title)
	if strings.Contains(b.do("GET", "/lessons", nil).body, "Intern kveldsøvelse-notat") {
		t.Error("an unshared entry is on /lessons")
	}
	r = b.do("GET", fmt.Sprintf("/solutions/%d", sol.ID), nil)
	expect(t, "solution page", r, 200, "Spør en kommune som har den i bruk", "Øvelse på kveldstid før oppstart", "Liv Prosjektleder", "01.03.2025", "kommunekontakt@samla.example")
	ask := r.body[strings.Index(r.body, `id="ask"`):]
	if !strings.Contains(ask, `data-asker="1824"`) || !strings.Contains(ask, `data-asker="1835"`) {
		t.Errorf("the municipalities in use are not beside the lesson")
	}

	// The leader changes and deletes their entry.
	expect(t, "patch", e.api("PATCH", fmt.Sprintf("/api/v1/log/%d", entry.ID), leader, `{"consequence":"Oppstarten ble utsatt tre uker."}`), 200, "tre uker")
	expect(t, "delete by viewer", e.api("DELETE", fmt.Sprintf("/api/v1/log/%d", entry.ID), viewer, ""), 403)
	expect(t, "delete", e.api("DELETE", fmt.Sprintf("/api/v1/log/%d", entry.ID), leader, ""), 204)
	expect(t, "gone", e.api("GET", "/api/v1/lessons?q=kvelds%C3%B8velse", viewer, ""), 200, "[]")
}
