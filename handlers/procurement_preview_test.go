package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"samla/data"
	"samla/models"
)

// The procurement form shows each municipality's share before anything is
// saved: with htmx as the key changes, and with "Vis fordeling" without.
func TestProcurementPreview(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleEditor)
	page := b.do("GET", "/procurements/new", nil)
	expect(t, "new form", page, 200, `<option value="" selected>Velg ansvarlig kommune</option>`, `<label class="ds-sr-only" for="w-1833">Vekt for Rana`,
		`hx-post="/procurements/preview"`, `name="preview" value="1"`, "Skriv inn årlig kostnad")
	before, _ := e.db.Procurements(t.Context(), data.ProcurementFilter{})

	form := url.Values{"title": {"Felles møteromsløsning"}, "procedure": {"open"}, "stage": {"needs"},
		"municipalities": {"1833", "1824", "1835"}, "annual_cost_nok": {"1 000 000"}, "equal_pct": {"30"}, "basis": {"population"}}
	form.Set("_csrf", b.csrf("/procurements/new"))
	r := b.htmx("POST", "/procurements/preview", form)
	expect(t, "htmx preview", r, 200, "560\u00a0870\u00a0kr", "331\u00a0304\u00a0kr", "107\u00a0826\u00a0kr", `id="preview-total">1`+"\u00a0000\u00a0000\u00a0kr")
	if strings.Contains(r.body, "<html") {
		t.Fatal("the preview is a whole page")
	}
	// Weights: the split follows the boxes.
	form.Set("basis", "weights")
	form.Set("equal_pct", "0")
	form.Set("weight_1833", "3")
	form.Set("weight_1824", "1")
	form.Set("weight_1835", "0")
	expect(t, "weights", b.htmx("POST", "/procurements/preview", form), 200, "750\u00a0000\u00a0kr", "250\u00a0000\u00a0kr")
	// Typed as people type numbers, read as saving reads them.
	form.Set("weight_1833", "3 000")
	form.Set("weight_1824", "1\u00a0000")
	expect(t, "weights with spaces", b.htmx("POST", "/procurements/preview", form), 200, "750\u00a0000\u00a0kr", "250\u00a0000\u00a0kr")
	form.Set("weight_1833", "0")
	form.Set("weight_1824", "0")
	expect(t, "nothing to split by", b.htmx("POST", "/procurements/preview", form), 200, "ingenting å fordele etter")

	// Without script the button shows the form again with the shares; nothing is saved.
	form.Set("basis", "population")
	form.Set("equal_pct", "30")
	form.Set("preview", "1")
	r = b.post("/procurements/new", "/procurements/new", form)
	expect(t, "no-script preview", r, 200, "560\u00a0870\u00a0kr", `value="Felles møteromsløsning"`)
	after, _ := e.db.Procurements(t.Context(), data.ProcurementFilter{})
	if len(after) != len(before) {
		t.Fatal("the preview saved a procurement")
	}
	// The lead municipality must be chosen.
	form.Del("preview")
	r = b.post("/procurements/new", "/procurements/new", form)
	if r.status != 422 {
		t.Fatalf("no lead municipality: %d", r.status)
	}
	if r := e.sessionAs(models.RoleViewer).htmx("POST", "/procurements/preview", form); r.status != 403 {
		t.Fatalf("viewer preview: %d", r.status)
	}
}
