package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"samla/models"
)

// TestIdeaBecomesProject is the path from idea to project through the API:
// proposed by one municipality, joined by two others, scored, put before
// the steering group and approved, it becomes a project in the concept
// phase with all three municipalities, the idea's fields and links both ways.
func TestIdeaBecomesProject(t *testing.T) {
	e := newEnv(t)
	editor, contact, viewer := e.token(models.RoleEditor), e.token(models.RoleContact), e.token(models.RoleViewer)

	// Hand-made criteria, so the totals below are worked out by hand.
	r := e.api("PUT", "/api/v1/idea-criteria", editor, `[{"name":"Nytte for innbyggerne","weight":3},{"name":"Kostnad","weight":1,"description":"Lav kostnad gir høy poengsum"}]`)
	expect(t, "criteria", r, 200, "Nytte for innbyggerne")
	crit := decode[[]models.Criterion](t, r.body)
	if len(crit) != 2 {
		t.Fatalf("criteria: %+v", crit)
	}
	a, b := crit[0].ID, crit[1].ID
	expect(t, "criteria by a contact", e.api("PUT", "/api/v1/idea-criteria", contact, `[]`), 403)
	expect(t, "bad criteria", e.api("PUT", "/api/v1/idea-criteria", editor, `[{"name":"","weight":0}]`), 422, `"criteria[0].name"`, `"criteria[0].weight"`)

	// The contact of Træna (1835) proposes; the municipality is theirs.
	r = e.api("POST", "/api/v1/ideas", contact, `{"title":"Veiviserbot for innbyggerspørsmål","need":"Mange like spørsmål på telefon.","proposal":"En chatbot på alle kommunenes nettsider.",
		"service_area":"administration","expected_benefits":"Færre telefoner til servicetorget\n- Svar hele døgnet","estimated_cost_nok":450000}`)
	expect(t, "submit", r, 201, `"municipality":"1835"`, `"status":"submitted"`)
	idea := decode[models.Idea](t, r.body)
	expect(t, "bad idea", e.api("POST", "/api/v1/ideas", contact, `{"title":"","service_area":"space","status":"approved"}`), 422, `"need":"required"`, `"service_area":"choice"`, `"status":"read_only"`)

	// The director of Rana (1833) joins for their own municipality; an
	// editor adds Vefsn (1824) for a named person; the proposer cannot join.
	support := fmt.Sprintf("/api/v1/ideas/%d/support", idea.ID)
	expect(t, "join", e.api("POST", support, viewer, ``), 200, `"municipality":"1833"`, `"name":"Kari Kommunedirektør"`)
	expect(t, "join twice", e.api("POST", support, viewer, ``), 200)
	expect(t, "join for another", e.api("POST", support, viewer, `{"municipality":"1824"}`), 403)
	expect(t, "proposer joins", e.api("POST", support, contact, `{}`), 422, `"municipality":"proposer"`)
	r = e.api("POST", support, editor, `{"municipality":"1824","name":"Ola Vefsn","email":"ola@vefsn.kommune.no"}`)
	expect(t, "editor names one", r, 200, `"name":"Ola Vefsn"`)
	if got := decode[models.Idea](t, r.body); len(got.Supporters) != 2 {
		t.Fatalf("supporters: %+v", got.Supporters)
	}

	// Two more ideas to rank against.
	other := func(title string) models.Idea {
		r := e.api("POST", "/api/v1/ideas", editor, fmt.Sprintf(`{"title":%q,"need":"Behov","service_area":"education","municipality":"1820"}`, title))
		expect(t, "other idea", r, 201)
		return decode[models.Idea](t, r.body)
	}
	second, third := other("Digital skoleskyss"), other("Felles læringsplattform")

	// Scores: 100 × Σ w(s−1) ÷ Σ 4w with weights 3 and 1.
	score := func(id int64, sa, sb int) models.Idea {
		r := e.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scores", id), editor, fmt.Sprintf(`[{"criterion_id":%d,"score":%d},{"criterion_id":%d,"score":%d}]`, a, sa, b, sb))
		expect(t, "score", r, 200)
		return decode[models.Idea](t, r.body)
	}
	if got := score(idea.ID, 4, 2); got.TotalScore != 62.5 || got.Status != models.IdeaAssessing { // 100×(9+1)/16
		t.Fatalf("total of the first: %v %s", got.TotalScore, got.Status)
	}
	score(second.ID, 5, 1)                                    // 100×12/16 = 75
	if got := score(third.ID, 2, 4); got.TotalScore != 37.5 { // 100×(3+3)/16
		t.Fatalf("total of the third: %v", got.TotalScore)
	}
	expect(t, "score out of range", e.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scores", idea.ID), editor, fmt.Sprintf(`[{"criterion_id":%d,"score":6},{"criterion_id":99999,"score":3}]`, a)), 422,
		`"scores[0].score":"one_to_five"`, `"scores[1].criterion_id":"unknown"`)
	expect(t, "score by a contact", e.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scores", idea.ID), contact, `[]`), 403)

	// The prioritisation list follows the totals exactly.
	list := decode[[]models.Idea](t, e.api("GET", "/api/v1/ideas", viewer, "").body)
	var ranked []string
	for _, i := range list {
		if i.Rank > 0 {
			ranked = append(ranked, fmt.Sprintf("%d:%s:%.1f", i.Rank, i.Title, i.TotalScore))
		}
	}
	want := []string{"1:Digital skoleskyss:75.0", "2:Veiviserbot for innbyggerspørsmål:62.5", "3:Felles læringsplattform:37.5"}
	if strings.Join(ranked, "|") != strings.Join(want, "|") {
		t.Fatalf("ranking:\n%v\nwant\n%v", ranked, want)
	}
	filtered := decode[[]models.Idea](t, e.api("GET", "/api/v1/ideas?municipality=1824&q=VEIVISERBOT", viewer, "").body)
	if len(filtered) != 1 || filtered[0].Rank != 2 {
		t.Fatalf("filtered: %+v", filtered)
	}

	// Before the steering group: a pending case carrying the idea.
	r = e.api("POST", fmt.Sprintf("/api/v1/ideas/%d/case", idea.ID), editor, "")
	expect(t, "to the steering group", r, 201, `"status":"pending"`, fmt.Sprintf(`"idea_id":%d`, idea.ID), "2 andre kommuner vil være med")
	cs := decode[models.Case](t, r.body)
	if !strings.Contains(cs.Background, "62,5") {
		t.Errorf("background lacks the score: %s", cs.Background)
	}
	expect(t, "twice", e.api("POST", fmt.Sprintf("/api/v1/ideas/%d/case", idea.ID), editor, ""), 409)
	expect(t, "idea prioritised", e.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea.ID), viewer, ""), 200, `"status":"prioritised"`, fmt.Sprintf(`"case_id":%d`, cs.ID))

	r = e.api("POST", "/api/v1/meetings", editor, `{"title":"Styringsgruppemøte","date":"2026-12-10"}`)
	expect(t, "meeting", r, 201)
	m := decode[models.Meeting](t, r.body)
	expect(t, "on the agenda", e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", cs.ID), editor, fmt.Sprintf(`{"meeting_id":%d}`, m.ID)), 200, `"status":"on_agenda"`)
	expect(t, "bad outcome", e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", cs.ID), editor, `{"status":"decided","decision":"Godkjent.","idea_outcome":"maybe"}`), 422, `"idea_outcome"`)
	r = e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", cs.ID), editor, `{"status":"decided","decision":"Idéen godkjennes som prosjekt.","idea_outcome":"approved"}`)
	expect(t, "approved", r, 200, `"idea_outcome":"approved"`, `"status":"decided"`)

	got := decode[models.Idea](t, e.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea.ID), viewer, "").body)
	if got.Status != models.IdeaApproved || got.ProjectID == 0 || !strings.Contains(got.StatusReason, "Idéen godkjennes som prosjekt.") {
		t.Fatalf("idea after the decision: %+v", got)
	}
	r = e.api("GET", fmt.Sprintf("/api/v1/projects/%d", got.ProjectID), viewer, "")
	expect(t, "project", r, 200, `"phase":"concept"`, `"title":"Veiviserbot for innbyggerspørsmål"`, `"service_area":"administration"`,
		`"lead_municipality":"1835"`, `"budget_nok":450000`, fmt.Sprintf(`"idea_id":%d`, idea.ID), "Mange like spørsmål på telefon.", "En chatbot på alle kommunenes nettsider.")
	p := decode[models.Project](t, r.body)
	if strings.Join(p.Municipalities, ",") != "1824,1833,1835" {
		t.Fatalf("municipalities: %v", p.Municipalities)
	}
	benefits := decode[[]models.Benefit](t, e.api("GET", fmt.Sprintf("/api/v1/benefits?project=%d", p.ID), viewer, "").body)
	if len(benefits) != 2 || benefits[0].Title != "Færre telefoner til servicetorget" && benefits[1].Title != "Færre telefoner til servicetorget" {
		t.Fatalf("draft benefits: %+v", benefits)
	}
	expect(t, "approved idea is final", e.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", idea.ID), editor, `{"title":"Ny tittel"}`), 409)

	// Rejected and parked keep their reason.
	r = e.api("POST", fmt.Sprintf("/api/v1/ideas/%d/case", third.ID), editor, "")
	expect(t, "third to the group", r, 201)
	c3 := decode[models.Case](t, r.body)
	expect(t, "parked", e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", c3.ID), editor, fmt.Sprintf(`{"meeting_id":%d,"status":"decided","decision":"Utsettes til regional plattform er valgt.","idea_outcome":"parked"}`, m.ID)), 200)
	expect(t, "third parked", e.api("GET", fmt.Sprintf("/api/v1/ideas/%d", third.ID), viewer, ""), 200, `"status":"parked"`, "Utsettes til regional plattform er valgt.", `"rank":0`)
}
