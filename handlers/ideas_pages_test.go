package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"samla/locale"
	"samla/models"
)

// TestIdeaPages: an idea submitted on the form, joined with the button,
// scored on the form and put before the steering group.
func TestIdeaPages(t *testing.T) {
	e := newEnv(t)
	contact, viewer, editor := e.sessionAs(models.RoleContact), e.sessionAs(models.RoleViewer), e.sessionAs(models.RoleEditor)
	expect(t, "list", contact.do("GET", "/ideas", nil), 200, "Prioriteringsliste", `href="/ideas/new"`)
	r := contact.post("/ideas/new", "/ideas/new", url.Values{"title": {"Velferdsteknologi på natt"}, "need": {""}, "service_area": {"health_care"}, "municipality": {"1835"}, "estimated_cost_nok": {"tolv"}})
	expect(t, "form errors", r, 422, "Velferdsteknologi på natt", `aria-invalid="true"`)
	r = contact.post("/ideas/new", "/ideas/new", url.Values{"title": {"Velferdsteknologi på natt"}, "need": {"Færre nattevakter å få tak i."}, "service_area": {"health_care"},
		"municipality": {"1835"}, "estimated_cost_nok": {"1 200 000"}})
	if r.status != 303 {
		t.Fatalf("submit: %d %.300s", r.status, r.body)
	}
	page := strings.TrimSuffix(r.header.Get("Location"), "?saved=1")
	r = viewer.do("GET", page, nil)
	expect(t, "idea page", r, 200, "Vi vil også være med", locale.Kroner(1200000), `data-size="md" id="supporters">Kommuner som vil være med (1)`)
	r = viewer.post(page, page+"/support", url.Values{})
	if r.status != 303 {
		t.Fatalf("join: %d %.300s", r.status, r.body)
	}
	r = viewer.do("GET", page, nil)
	expect(t, "joined", r, 200, "Kari Kommunedirektør", "Kommuner som vil være med (2)")
	if strings.Contains(r.body, "Vi vil også være med</button>") {
		t.Error("the join button stays after joining")
	}
	expect(t, "viewer cannot score", viewer.post(page, page+"/scores", url.Values{}), 403)

	r = editor.do("GET", page, nil)
	expect(t, "editor sees the scores form", r, 200, "Lagre vurderingen", "Legg fram for styringsgruppen")
	form := url.Values{}
	crit, _ := e.db.IdeaCriteria(t.Context())
	for n, c := range crit {
		form.Set(fmt.Sprintf("score_%d", c.ID), fmt.Sprint(1+n%5))
	}
	form.Set(fmt.Sprintf("score_%d", crit[0].ID), "9")
	expect(t, "bad score", editor.post(page, page+"/scores", form), 422, `aria-invalid="true"`)
	form.Set(fmt.Sprintf("score_%d", crit[0].ID), "5")
	if r := editor.post(page, page+"/scores", form); r.status != 303 {
		t.Fatalf("scores: %d", r.status)
	}
	if r := editor.post(page, page+"/case", url.Values{}); r.status != 303 {
		t.Fatalf("case: %d", r.status)
	}
	expect(t, "in case", editor.do("GET", page, nil), 200, "Idéen ligger til behandling i styringsgruppen.", "Prioritert")
	r = viewer.do("GET", "/ideas?q=velferdsteknologi", nil)
	expect(t, "ranked on the list", r, 200, "Velferdsteknologi på natt")
	if prio := r.body[:strings.Index(r.body, `id="others"`)]; !strings.Contains(prio, "Velferdsteknologi på natt") {
		t.Error("the scored idea is not on the prioritisation list")
	}
	expect(t, "criteria page", editor.do("GET", "/admin/idea-criteria", nil), 200, "Nytte for innbyggerne")
	expect(t, "criteria for viewers", viewer.do("GET", "/admin/idea-criteria", nil), 403)
}

// A list form whose rows the store refuses comes back with what was typed
// and the error on the row it belongs to, not an error page: a criterion's
// description too long, a checklist step's title too long.
func TestListFormsKeepTheirRows(t *testing.T) {
	e := newEnv(t)
	editor := e.sessionAs(models.RoleEditor)
	long := strings.Repeat("lang ", 250)
	r := editor.post("/admin/idea-criteria", "/admin/idea-criteria", url.Values{
		"name_0": {"Nytte"}, "weight_0": {"3"}, "name_2": {"Kostnad"}, "weight_2": {"1"}, "description_2": {long}})
	expect(t, "criteria", r, 422, `id="f-description_2"`, `aria-invalid="true"`, "Kostnad")
	if strings.Contains(r.body, `id="f-name_0-error"`) {
		t.Error("the error stands on the first row, not the row with the long description")
	}
	r = editor.post("/admin/checklist-template", "/admin/checklist-template", url.Values{
		"phase_0": {"idea"}, "title_0": {"Idéskjema"}, "phase_1": {"concept"}, "title_1": {strings.Repeat("Lang tittel ", 20)}})
	expect(t, "template", r, 422, `id="f-title_1-error"`, "Lang tittel")
}
