package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"samla/models"
)

// TestChecklistBlocksPhaseChange: a forward phase change with a mandatory
// item open is refused with the item named, unless it carries a reason,
// which the phase change then shows; through PATCH and a decided case.
func TestChecklistBlocksPhaseChange(t *testing.T) {
	e := newEnv(t)
	editor, viewer := e.token(models.RoleEditor), e.token(models.RoleViewer)
	r := e.api("POST", "/api/v1/projects", editor, `{"title":"Sjekklisteprosjekt","service_area":"education","phase":"idea","lead_municipality":"1833"}`)
	expect(t, "project", r, 201)
	p := decode[models.Project](t, r.body)
	api := fmt.Sprintf("/api/v1/projects/%d", p.ID)

	items := decode[[]models.ChecklistItem](t, e.api("GET", api+"/checklist", viewer, "").body)
	var mandat models.ChecklistItem
	for _, i := range items {
		if i.Title == "Mandat for konseptfasen" {
			mandat = i
		}
		if i.Status != models.ItemOpen {
			t.Errorf("a new project's item is %s: %+v", i.Status, i)
		}
	}
	if mandat.ID == 0 || !mandat.Mandatory || mandat.Phase != "idea" {
		t.Fatalf("no mandate item: %+v", items)
	}

	r = e.api("PATCH", api, editor, `{"phase":"concept"}`)
	expect(t, "refused", r, 422, `"code":"checklist_open"`, `"title":"Mandat for konseptfasen"`, `"title":"Idéen er beskrevet og behovet begrunnet"`)
	if got := decode[models.Project](t, e.api("GET", api, viewer, "").body); got.Phase != "idea" {
		t.Fatalf("moved anyway: %s", got.Phase)
	}
	// Back or to cancelled is never refused; neither is a move with a reason.
	r = e.api("PATCH", api, editor, `{"phase":"concept","phase_reason":"BP1","checklist_override_reason":"Mandatet vedtas i neste møte"}`)
	expect(t, "with a reason", r, 200, `"phase":"concept"`)
	changes := e.api("GET", api+"/phase-changes", viewer, "")
	expect(t, "reason recorded", changes, 200, `"checklist_override_reason":"Mandatet vedtas i neste møte"`)

	// Items are done with a link, or not relevant with a reason; who and when are kept.
	item := func(title string) models.ChecklistItem {
		for _, i := range decode[[]models.ChecklistItem](t, e.api("GET", api+"/checklist", viewer, "").body) {
			if i.Title == title {
				return i
			}
		}
		t.Fatalf("no item %q", title)
		return models.ChecklistItem{}
	}
	begr, forslag := item("Prosjektbegrunnelse"), item("Prosjektforslag")
	expect(t, "done without a document", e.api("PATCH", fmt.Sprintf("%s/checklist/%d", api, begr.ID), editor, `{"status":"done"}`), 422, `"url":"required"`)
	expect(t, "not relevant without a reason", e.api("PATCH", fmt.Sprintf("%s/checklist/%d", api, begr.ID), editor, `{"status":"not_relevant"}`), 422, `"reason":"required"`)
	expect(t, "by a viewer", e.api("PATCH", fmt.Sprintf("%s/checklist/%d", api, begr.ID), viewer, `{"status":"done","url":"https://docs.example/a"}`), 403)
	expect(t, "done", e.api("PATCH", fmt.Sprintf("%s/checklist/%d", api, begr.ID), editor, `{"status":"done","url":"https://docs.example/begrunnelse"}`), 200,
		`"status":"done"`, `"done_by":"programkontor@samla.example"`)
	r = e.api("PATCH", api, editor, `{"phase":"planning"}`)
	expect(t, "one left", r, 422, `"code":"checklist_open"`, `"title":"Prosjektforslag"`)
	if strings.Contains(r.body, "Prosjektbegrunnelse") || strings.Contains(r.body, "Alternative løsninger") {
		t.Errorf("names items that do not block: %s", r.body)
	}
	expect(t, "not relevant", e.api("PATCH", fmt.Sprintf("%s/checklist/%d", api, forslag.ID), editor, `{"status":"not_relevant","reason":"Samlet i begrunnelsen"}`), 200)
	expect(t, "moves on", e.api("PATCH", api, editor, `{"phase":"planning"}`), 200, `"phase":"planning"`)

	// Skipping a phase checks the skipped one's items too; a decided case
	// about the phase change is refused the same way.
	r = e.api("POST", "/api/v1/meetings", editor, `{"title":"Møte","date":"2026-12-10"}`)
	m := decode[models.Meeting](t, r.body)
	r = e.api("POST", fmt.Sprintf("/api/v1/meetings/%d/cases", m.ID), editor, fmt.Sprintf(`{"title":"BP4","project_id":%d,"phase_to":"closing"}`, p.ID))
	expect(t, "case", r, 201)
	cs := decode[models.Case](t, r.body)
	// The steering group sees the checklist on the case, and the decision form refuses without a reason.
	b := e.sessionAs(models.RoleSteering)
	mpage := fmt.Sprintf("/steering/meetings/%d", m.ID)
	expect(t, "checklist on the case", b.do("GET", mpage, nil), 200, "Sjekkliste for fasen prosjektet forlater", "Styringsdokument", "Avslutningsanbefaling")
	r = b.post(mpage, fmt.Sprintf("/steering/cases/%d/decide", cs.ID), url.Values{"decision": {"Går til avslutning."}, "status": {"decided"}})
	expect(t, "form refused", r, 422, "Obligatoriske punkter i sjekklisten er åpne", "Styringsdokument")
	r = e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", cs.ID), editor, `{"status":"decided","decision":"Prosjektet går til avslutning."}`)
	expect(t, "decided case refused", r, 422, `"code":"checklist_open"`, `"title":"Styringsdokument"`, `"title":"Avslutningsanbefaling"`)
	r = e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", cs.ID), editor, `{"status":"decided","decision":"Prosjektet går til avslutning.","checklist_override_reason":"Styringsgruppen godtar mangler"}`)
	expect(t, "decided with a reason", r, 200)
	expect(t, "case moved it", e.api("GET", api, viewer, ""), 200, `"phase":"closing"`)
	expect(t, "case reason recorded", e.api("GET", api+"/phase-changes", viewer, ""), 200, `"checklist_override_reason":"Styringsgruppen godtar mangler"`, fmt.Sprintf(`"case_id":%d`, cs.ID))
	expect(t, "back is free", e.api("PATCH", api, editor, `{"phase":"execution"}`), 200)

	// The template is editable; projects with a checklist keep theirs.
	r = e.api("PUT", "/api/v1/checklist-template", editor, `[{"phase":"idea","title":"Idéskjema","mandatory":true},{"phase":"space","title":""}]`)
	expect(t, "bad template", r, 422, `"template[1].phase":"choice"`)
	expect(t, "template", e.api("PUT", "/api/v1/checklist-template", editor, `[{"phase":"idea","title":"Idéskjema","mandatory":true}]`), 200, "Idéskjema")
	r = e.api("POST", "/api/v1/projects", editor, `{"title":"Nytt etter malen","service_area":"education","phase":"idea","lead_municipality":"1833"}`)
	q := decode[models.Project](t, r.body)
	expect(t, "new template applies", e.api("PATCH", fmt.Sprintf("/api/v1/projects/%d", q.ID), editor, `{"phase":"concept"}`), 422, `"title":"Idéskjema"`)
	if strings.Contains(e.api("GET", api+"/checklist", viewer, "").body, "Idéskjema") {
		t.Error("an existing checklist took the new template")
	}
}
