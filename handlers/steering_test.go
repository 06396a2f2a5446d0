package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"samla/models"
)

func TestDecisionFlowAPI(t *testing.T) {
	e := newEnv(t)
	p := livsProject(t, e)
	leader, steering := e.token(models.RoleLeader), e.token(models.RoleSteering)
	r := e.api("POST", fmt.Sprintf("/api/v1/projects/%d/status-reports", p.ID), leader, `{"period":"2026-10","overall":"red","time":"red","cost":"red",
		"quality":"green","risk":"yellow","benefits":"green","progress_pct":40,"decision_needed":"Utvidelse til Træna krever 300 000 kr ekstra."}`)
	if r.status != 201 && r.status != 200 {
		t.Fatalf("report: %d %s", r.status, r.body)
	}
	r = e.api("GET", "/api/v1/cases?status=pending", steering, "")
	var pending models.Case
	for _, c := range decode[[]models.Case](t, r.body) {
		if c.ProjectID == p.ID && strings.Contains(c.Background, "Træna") {
			pending = c
		}
	}
	if pending.ID == 0 {
		t.Fatalf("no pending case from the decision need: %s", r.body)
	}
	// Meetings in a new year: numbering starts at 1 for it.
	r = e.api("POST", "/api/v1/meetings", steering, `{"title":"Første møte 2031","date":"2031-02-01","time":"09:00","participants":[{"name":"Kari","role":"member","present":true}]}`)
	expect(t, "meeting", r, 201)
	m := decode[models.Meeting](t, r.body)
	r = e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", pending.ID), steering, fmt.Sprintf(`{"meeting_id":%d}`, m.ID))
	expect(t, "on agenda", r, 200, `"number":"1/2031"`, `"status":"on_agenda"`)
	expect(t, "second", e.api("POST", fmt.Sprintf("/api/v1/meetings/%d/cases", m.ID), steering, `{"title":"Orientering","kind":"information"}`), 201, `"number":"2/2031"`)
	r = e.api("POST", "/api/v1/meetings", steering, `{"title":"Annet møte","date":"2031-03-01"}`)
	other := decode[models.Meeting](t, r.body)
	expect(t, "two agendas", e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", pending.ID), steering, fmt.Sprintf(`{"meeting_id":%d}`, other.ID)), 422, `"meeting_id":"already_on_agenda"`)
	r = e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", pending.ID), steering, `{"status":"decided","decision":"Styringsgruppen bevilger 300 000 kr til utvidelse i Træna."}`)
	expect(t, "decided", r, 200, `"status":"decided"`)
	// The decision log finds it, whatever the case of the letters.
	expect(t, "log", e.api("GET", "/api/v1/decisions?q=TR%C3%86NA", e.token(models.RoleViewer), ""), 200, "bevilger 300 000 kr")
	expect(t, "project page", e.sessionAs(models.RoleViewer).do("GET", fmt.Sprintf("/projects/%d", p.ID), nil), 200, "bevilger 300 000 kr", "Sak 1/2031")

	// After the minutes are approved, the decision cannot be edited.
	expect(t, "approve too early", e.api("PATCH", fmt.Sprintf("/api/v1/meetings/%d", m.ID), steering, `{"status":"approved"}`), 422, `"status":"order"`)
	expect(t, "held", e.api("PATCH", fmt.Sprintf("/api/v1/meetings/%d", m.ID), steering, `{"status":"held"}`), 200)
	expect(t, "open case", e.api("PATCH", fmt.Sprintf("/api/v1/meetings/%d", m.ID), steering, `{"status":"approved"}`), 422, `"status":"cases_open"`)
	r = e.api("GET", fmt.Sprintf("/api/v1/meetings/%d", m.ID), steering, "")
	for _, c := range decode[struct {
		Cases []models.Case `json:"cases"`
	}](t, r.body).Cases {
		if c.Status == models.CaseOnAgenda {
			e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", c.ID), steering, `{"status":"decided","decision":"Tatt til orientering."}`)
		}
	}
	expect(t, "approved", e.api("PATCH", fmt.Sprintf("/api/v1/meetings/%d", m.ID), steering, `{"status":"approved"}`), 200)
	r = e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", pending.ID), steering, `{"decision":"Endret i ettertid"}`)
	expect(t, "edit after approval", r, 409, `"code":"conflict"`, "new case")

	// Action items: owner required, due date not before the meeting.
	r = e.api("POST", fmt.Sprintf("/api/v1/meetings/%d/actions", other.ID), steering, `{"description":"Følge opp","due_date":"2031-01-01"}`)
	expect(t, "bad action", r, 422, `"owner":"required"`, `"due_date":"before_meeting"`)
	expect(t, "action", e.api("POST", fmt.Sprintf("/api/v1/meetings/%d/actions", other.ID), steering, `{"description":"Følge opp","owner":"Programleder","due_date":"2031-04-01"}`), 201)
	expect(t, "viewer writes", e.api("POST", "/api/v1/meetings", e.token(models.RoleViewer), `{}`), 403)
	expect(t, "leader writes", e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", pending.ID), leader, `{}`), 403)
}

func TestSteeringPages(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleSteering)
	r := b.do("GET", "/steering", nil)
	expect(t, "overview", r, 200, "Neste møte", "Saker som venter på behandling", "Siste vedtak", "Styringsgruppemøte")
	expect(t, "log", b.do("GET", "/steering/decisions?q=tr%C3%A6na", nil), 200, "Træna")
	expect(t, "log empty", b.do("GET", "/steering/decisions?q=finnesikke", nil), 200, "Ingen vedtak passer søket.")
	e.db.Now = func() time.Time { return time.Now() }
	meetings, _ := e.db.Meetings(t.Context(), 0)
	expect(t, "meeting", b.do("GET", fmt.Sprintf("/steering/meetings/%d", meetings[len(meetings)-1].ID), nil), 200, "Saksliste", "Sak 1/", "Protokollen er godkjent")
}
