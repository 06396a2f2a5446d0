package handlers_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"samla/models"
)

// A rollout row carries the municipality's signed intent agreement: the
// API sets its date (keeping it when a later PUT leaves it out), the form
// archives the signed document, and the solution's page lists who signed.
func TestIntentAgreements(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	sols := decode[[]models.Solution](t, e.api("GET", "/api/v1/solutions?limit=100", editor, "").body)
	var sol models.Solution
	for _, s := range sols {
		if s.Name == "Digisos" {
			sol = s
		}
	}
	if sol.ID == 0 {
		t.Fatal("no Digisos in the demo")
	}
	path := fmt.Sprintf("/api/v1/solutions/%d/rollouts/1811", sol.ID)
	expect(t, "agreement by API", e.api("PUT", path, editor, `{"status":"planned","agreement_date":"2026-01-15"}`), 200, `"agreement_date":"2026-01-15"`)
	expect(t, "kept when left out", e.api("PUT", path, editor, `{"status":"in_progress"}`), 200, `"agreement_date":"2026-01-15"`)
	expect(t, "a future date", e.api("PUT", path, editor, `{"agreement_date":"2999-01-01"}`), 422, `"agreement_date":"future"`)
	expect(t, "an unknown document", e.api("PUT", path, editor, `{"agreement_archive_id":999999}`), 422, `"agreement_archive_id":"unknown"`)
	// The form: a signed PDF for Sømna.
	b := e.sessionAs(models.RoleEditor)
	expect(t, "the form", b.do("GET", fmt.Sprintf("/solutions/%d/rollouts/1812", sol.ID), nil), 200, `enctype="multipart/form-data"`, `name="agreement_file"`, `name="agreement_date"`)
	token := b.csrf(fmt.Sprintf("/solutions/%d/rollouts/1812", sol.ID))
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range map[string]string{"_csrf": token, "status": "planned", "agreement_date": "2026-02-01"} {
		w.WriteField(k, v)
	}
	part, _ := w.CreateFormFile("agreement_file", "avtale sømna.pdf")
	part.Write([]byte("%PDF-1.4\n% signert\n"))
	w.Close()
	req := httptest.NewRequest("POST", fmt.Sprintf("/solutions/%d/rollouts/1812", sol.ID), &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Cookie", "samla_session="+b.cookies["samla_session"])
	r := e.do(req)
	if r.status != 303 {
		t.Fatalf("form: %d %.500s", r.status, r.body)
	}
	rows := decode[[]models.Rollout](t, e.api("GET", fmt.Sprintf("/api/v1/solutions/%d/rollouts?limit=100", sol.ID), editor, "").body)
	var somna models.Rollout
	for _, x := range rows {
		if x.Municipality == "1812" {
			somna = x
		}
	}
	if somna.AgreementArchiveID == 0 || somna.AgreementDate.String() != "2026-02-01" {
		t.Fatalf("Sømna's row: %+v", somna)
	}
	doc := b.do("GET", fmt.Sprintf("/reports/archive/%d.pdf", somna.AgreementArchiveID), nil)
	if doc.status != 200 || !strings.HasPrefix(doc.body, "%PDF") {
		t.Errorf("the archived agreement: %d", doc.status)
	}
	page := b.do("GET", fmt.Sprintf("/solutions/%d", sol.ID), nil)
	expect(t, "solution page", page, 200, "Signerte intensjonsavtaler", "Bindal", "Sømna", fmt.Sprintf("/reports/archive/%d.pdf", somna.AgreementArchiveID))
	// The welfare-technology solutions carry the demo's agreements.
	for _, s := range sols {
		if s.Name == "Digital hjemmeoppfølging" {
			expect(t, "demo agreements", b.do("GET", fmt.Sprintf("/solutions/%d", s.ID), nil), 200, "Avtalen (PDF)")
		}
	}
}
