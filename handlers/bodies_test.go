package handlers_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"samla/models"
)

func TestBodiesAPI(t *testing.T) {
	e := newEnv(t)
	editor, viewer := e.token(models.RoleEditor), e.token(models.RoleViewer)

	list := decode[[]models.Body](t, e.api("GET", "/api/v1/bodies", viewer, "").body)
	if len(list) < 6 {
		t.Fatalf("demo bodies = %d", len(list))
	}
	expect(t, "viewer creates", e.api("POST", "/api/v1/bodies", viewer, `{"name":"X","kind":"other"}`), 403)
	r := e.api("POST", "/api/v1/bodies", editor, `{"name":"","kind":"club","members":[
		{"user_email":"nobody@example.no","role":"member","from":"2026-01-01"},
		{"name":"Ola","role":"boss","from":"01.01.2026"}]}`)
	expect(t, "bad body", r, 422)
	f := fieldErrors(t, r.body)
	for _, k := range []string{"name", "kind", "members[1].role", "members[1].from"} {
		if f[k] == "" {
			t.Errorf("no field error for %s: %v", k, f)
		}
	}
	r = e.api("POST", "/api/v1/bodies", editor, `{"name":"Faggruppe økonomi","kind":"working_group","mandate":"Felles økonomisystem.","members":[
		{"user_email":"styringsgruppe@samla.example","role":"chair","from":"2026-01-01"},
		{"name":"Ola Vefsn","email":"ola@vefsn.kommune.no","municipality":"1824","role":"member","from":"2026-01-01","to":""}]}`)
	expect(t, "create body", r, 201, `"name":"Sigrid Styringsgruppe"`, `"municipality":"1820"`, `"user_email":"styringsgruppe@samla.example"`)
	body := decode[models.Body](t, r.body)
	expect(t, "duplicate name", e.api("POST", "/api/v1/bodies", editor, `{"name":"faggruppe økonomi","kind":"other"}`), 422, `"name":"taken"`)

	// PATCH without members keeps them; with members replaces them.
	r = e.api("PATCH", fmt.Sprintf("/api/v1/bodies/%d", body.ID), editor, `{"mandate":"Nytt mandat."}`)
	expect(t, "patch mandate", r, 200, "Nytt mandat.", "Ola Vefsn")
	r = e.api("PATCH", fmt.Sprintf("/api/v1/bodies/%d", body.ID), editor, `{"members":[{"name":"Kari Rana","municipality":"1833","role":"chair","from":"2026-02-01"}]}`)
	expect(t, "patch members", r, 200, "Kari Rana")
	if strings.Contains(r.body, "Ola Vefsn") {
		t.Fatal("members were not replaced")
	}

	// Meetings and cases of the new body number on their own.
	r = e.api("POST", "/api/v1/meetings", editor, fmt.Sprintf(`{"body_id":%d,"title":"Oppstart","date":"2026-12-01"}`, body.ID))
	expect(t, "meeting of body", r, 201, `"body_name":"Faggruppe økonomi"`)
	meeting := decode[models.Meeting](t, r.body)
	r = e.api("POST", fmt.Sprintf("/api/v1/meetings/%d/cases", meeting.ID), editor, `{"title":"Felles kontoplan"}`)
	expect(t, "first case", r, 201, `"number":"1/2026"`)
	first := decode[models.Case](t, r.body)
	meetings := decode[[]models.Meeting](t, e.api("GET", fmt.Sprintf("/api/v1/meetings?body=%d", body.ID), viewer, "").body)
	if len(meetings) != 1 || meetings[0].ID != meeting.ID {
		t.Fatalf("meetings of the body = %+v", meetings)
	}
	expect(t, "bad body filter", e.api("GET", "/api/v1/meetings?body=abc", viewer, ""), 422, `"body":"number"`)

	// A decided case goes to the steering group and shows both numbers.
	expect(t, "decide", e.api("PATCH", fmt.Sprintf("/api/v1/cases/%d", first.ID), editor, `{"status":"decided","decision":"Anbefaler felles kontoplan."}`), 200)
	steering := list[0].ID
	for _, b := range list {
		if b.Kind == "steering_group" {
			steering = b.ID
		}
	}
	r = e.api("POST", "/api/v1/cases", editor, fmt.Sprintf(`{"body_id":%d,"referred_from_case_id":%d,"title":"Felles kontoplan","proposal":"Anbefaler felles kontoplan."}`, steering, first.ID))
	expect(t, "refer", r, 201, `"referred_from_number":"1/2026"`, `"referred_from_body":"Faggruppe økonomi"`, `"status":"pending"`)
	expect(t, "refer to the same body", e.api("POST", "/api/v1/cases", editor, fmt.Sprintf(`{"body_id":%d,"referred_from_case_id":%d,"title":"X"}`, body.ID, first.ID)), 422, `"referred_from_case_id":"same_body"`)
	expect(t, "case on another body's meeting", e.api("POST", "/api/v1/cases", editor, fmt.Sprintf(`{"body_id":%d,"meeting_id":%d,"title":"X"}`, steering, meeting.ID)), 422, `"meeting_id":"other_body"`)
	expect(t, "first shows where it went", e.api("GET", fmt.Sprintf("/api/v1/cases/%d", first.ID), viewer, ""), 200, `"referred_to_body":"Styringsgruppen"`)

	// The decision log filters by body.
	decisions := decode[[]models.Case](t, e.api("GET", fmt.Sprintf("/api/v1/decisions?body=%d", body.ID), viewer, "").body)
	if len(decisions) != 1 || decisions[0].ID != first.ID {
		t.Fatalf("decisions of the body = %d", len(decisions))
	}
	for _, c := range decode[[]models.Case](t, e.api("GET", fmt.Sprintf("/api/v1/decisions?body=%d&limit=1000", steering), viewer, "").body) {
		if c.BodyID != steering {
			t.Fatalf("case %d of body %d in the steering group's log", c.ID, c.BodyID)
		}
	}
}

func TestYearPlanAndMailingsAPI(t *testing.T) {
	e := newEnv(t)
	editor, viewer := e.token(models.RoleEditor), e.token(models.RoleViewer)
	plan := decode[[]models.YearPlanItem](t, e.api("GET", "/api/v1/year-plan", viewer, "").body)
	if len(plan) == 0 {
		t.Fatal("the demo has no year plan")
	}
	expect(t, "viewer adds", e.api("POST", "/api/v1/year-plan", viewer, `{"month":3,"body_id":1,"title":"X"}`), 403)
	r := e.api("POST", "/api/v1/year-plan", editor, `{"month":13,"body_id":9999,"title":"","kind":"vote"}`)
	expect(t, "bad item", r, 422)
	if f := fieldErrors(t, r.body); f["month"] == "" || f["title"] == "" || f["kind"] == "" {
		t.Fatalf("fields = %v", f)
	}
	r = e.api("POST", "/api/v1/year-plan", editor, `{"month":4,"body_id":1,"title":"Internrevisjon","kind":"information"}`)
	expect(t, "add item", r, 201, `"body_name":"Styringsgruppen"`, `"month":4`)
	item := decode[models.YearPlanItem](t, r.body)
	expect(t, "delete item", e.api("DELETE", fmt.Sprintf("/api/v1/year-plan/%d", item.ID), editor, ""), 204)

	expect(t, "viewer mails", e.api("POST", "/api/v1/mailings", viewer, `{"subject":"X","body":"Y","audience":{"kind":"contacts"}}`), 403)
	r = e.api("POST", "/api/v1/mailings", editor, `{"subject":"a\nb","body":"","audience":{"kind":"everyone"}}`)
	expect(t, "bad mailing", r, 422)
	if f := fieldErrors(t, r.body); f["subject"] == "" || f["body"] == "" || f["audience.kind"] == "" {
		t.Fatalf("fields = %v", f)
	}
	expect(t, "unknown body", e.api("POST", "/api/v1/mailings", editor, `{"subject":"X","body":"Y","audience":{"kind":"body","id":"9999"}}`), 422, `"audience.id":"unknown"`)
	r = e.api("POST", "/api/v1/mailings", editor, `{"subject":"Innkalling","body":"Velkommen.","audience":{"kind":"body","id":1}}`)
	expect(t, "mailing", r, 202, `"recipients":`)
	m := decode[models.Mailing](t, r.body)
	if m.Recipients < 5 || m.ArchiveID == 0 {
		t.Fatalf("mailing = %+v", m)
	}
	ds, _ := e.db.Deliveries(t.Context(), "", 100)
	n := 0
	for _, d := range ds {
		if d.Subject == "Innkalling" {
			n++
		}
	}
	if n != m.Recipients {
		t.Fatalf("%d deliveries for %d recipients", n, m.Recipients)
	}
	expect(t, "list", e.api("GET", "/api/v1/mailings", editor, ""), 200, "Innkalling")
}

func TestBodyPagesAndForms(t *testing.T) {
	e := newEnv(t)
	editor := e.sessionAs(models.RoleEditor)
	viewer := e.sessionAs(models.RoleViewer)
	expect(t, "bodies", viewer.do("GET", "/bodies", nil), 200, "Representantskapet", "Faggruppe helse")
	expect(t, "viewer new", viewer.do("GET", "/bodies/new", nil), 403)

	r := editor.post("/bodies/new", "/bodies/new", url.Values{"name": {""}, "kind": {"working_group"}, "mandate": {"Skal ikke bli borte."}})
	expect(t, "bad body form", r, 422, "Skal ikke bli borte.", `aria-invalid="true"`)
	r = editor.post("/bodies/new", "/bodies/new", url.Values{"name": {"Faggruppe arkiv"}, "kind": {"working_group"}, "mandate": {"Felles sak- og arkiv."}})
	expect(t, "new body", r, 303)
	page := r.header.Get("Location")
	id := regexp.MustCompile(`/bodies/(\d+)`).FindStringSubmatch(page)[1]
	r = editor.post("/bodies/"+id, "/bodies/"+id+"/members", url.Values{"name": {"Berit Bindal"}, "email": {"berit@"}, "municipality": {"1811"}, "role": {"member"}, "from": {"2026-11-01"}})
	expect(t, "bad member", r, 422, "Berit Bindal", "berit@")
	r = editor.post("/bodies/"+id, "/bodies/"+id+"/members", url.Values{"name": {"Berit Bindal"}, "email": {"berit@bindal.kommune.no"}, "municipality": {"1811"}, "role": {"chair"}, "from": {"2026-11-01"}})
	expect(t, "add member", r, 303)
	expect(t, "body page", viewer.do("GET", "/bodies/"+id, nil), 200, "Berit Bindal", "Leder", "Felles sak- og arkiv.")
	expect(t, "Bindal represented", viewer.do("GET", "/municipalities/1811", nil), 200, "Representert i organene", "Berit Bindal (Leder)", "Ingen representant")

	// The steering page shows one body at a time.
	r = viewer.do("GET", "/steering?body="+id, nil)
	expect(t, "steering page of the body", r, 200, "Faggruppe arkiv", "Ingen møter er planlagt.")
	expect(t, "the health group", viewer.do("GET", "/steering?body=3", nil), 200, "Møte i faggruppe helse")
	expect(t, "decisions of the council", viewer.do("GET", "/steering/decisions?body=2", nil), 200, "Årsregnskap og årsmelding")

	// Year plan: twelve months, a bad item keeps what was typed.
	expect(t, "year plan", viewer.do("GET", "/year-plan", nil), 200, "januar", "desember", "Årsregnskap og årsmelding")
	r = editor.post("/year-plan", "/year-plan", url.Values{"title": {""}, "month": {"5"}, "body_id": {"1"}, "kind": {"decision"}})
	expect(t, "bad item", r, 422, `aria-invalid="true"`)
	expect(t, "add item", editor.post("/year-plan", "/year-plan", url.Values{"title": {"Eierskapsmelding"}, "month": {"5"}, "body_id": {"2"}, "kind": {"decision"}}), 303)
	expect(t, "item shown", viewer.do("GET", "/year-plan", nil), 200, "Eierskapsmelding")

	// Mailings: the editor's page; a mailing to a body without members is refused and keeps the text.
	expect(t, "viewer mailings", viewer.do("GET", "/mailings", nil), 403)
	r = editor.post("/mailings", "/mailings", url.Values{"subject": {"Hei"}, "body": {"Teksten blir stående."}, "audience_kind": {"body"}, "body_id": {""}})
	expect(t, "no body chosen", r, 422, "Teksten blir stående.")
	expect(t, "send", editor.post("/mailings", "/mailings", url.Values{"subject": {"Hei faggruppen"}, "body": {"Velkommen."}, "audience_kind": {"body"}, "body_id": {id}}), 303)
	expect(t, "sent list", editor.do("GET", "/mailings", nil), 200, "Hei faggruppen", "Medlemmene i Faggruppe arkiv")
}

func TestNewsletterOptOut(t *testing.T) {
	e := newEnv(t)
	e.db.SecretKey = bytes.Repeat([]byte{5}, 32)
	viewer := e.sessionAs(models.RoleViewer)
	expect(t, "account", viewer.do("GET", "/account", nil), 200, `name="newsletter" checked`)
	expect(t, "turn off", viewer.post("/account", "/account/newsletter", url.Values{}), 303)
	expect(t, "account off", viewer.do("GET", "/account", nil), 200, `id="newsletter-on" name="newsletter">`)
	if out, _ := e.db.NewsletterOptedOut(t.Context(), "kommunedirektor@samla.example"); !out {
		t.Fatal("not opted out")
	}
	expect(t, "turn on", viewer.post("/account", "/account/newsletter", url.Values{"newsletter": {"on"}}), 303)

	// The link in a newsletter works without a login.
	token := e.db.UnsubscribeToken("kontakt@vega.kommune.no")
	anon := e.browser()
	expect(t, "bad token", anon.do("GET", "/unsubscribe/"+token+"x", nil), 404)
	expect(t, "ask", anon.do("GET", "/unsubscribe/"+token, nil), 200, "kontakt@vega.kommune.no")
	expect(t, "confirm", anon.post("/unsubscribe/"+token, "/unsubscribe/"+token, url.Values{}), 200, "får ikke flere nyhetsbrev")
	if out, _ := e.db.NewsletterOptedOut(t.Context(), "kontakt@vega.kommune.no"); !out {
		t.Fatal("the link did not opt out")
	}

}

// A body's mandate as adopted is uploaded as a PDF and kept in the archive;
// anything else is refused and the text typed stays.
func TestBodyMandateDocument(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleEditor)
	page := "/bodies/2/edit"
	send := func(name string, content []byte) response {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		w.WriteField("_csrf", b.csrf(page))
		w.WriteField("name", "Representantskapet")
		w.WriteField("kind", "council")
		w.WriteField("mandate", "Samarbeidets øverste organ.")
		part, _ := w.CreateFormFile("mandate_file", name)
		part.Write(content)
		w.Close()
		req := httptest.NewRequest("POST", page, &body)
		req.Header.Set("Content-Type", w.FormDataContentType())
		for k, v := range b.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		return e.do(req)
	}
	expect(t, "not a PDF", send("mandat.docx", []byte("PK\x03\x04")), 422, "Samarbeidets øverste organ.")
	if r := send("Mandat representantskapet.pdf", []byte("%PDF-1.7\n% mandat\n")); r.status != 303 {
		t.Fatalf("upload: %d %.300s", r.status, r.body)
	}
	body := decode[models.Body](t, e.api("GET", "/api/v1/bodies/2", e.token(models.RoleViewer), "").body)
	if body.MandateArchiveID == 0 || body.Mandate != "Samarbeidets øverste organ." {
		t.Fatalf("body after the upload: %+v", body)
	}
	file := b.do("GET", fmt.Sprintf("/reports/archive/%d.pdf", body.MandateArchiveID), nil)
	if file.status != 200 || !strings.HasPrefix(file.body, "%PDF-1.7") {
		t.Fatalf("the archived mandate: %d %.40q", file.status, file.body)
	}
	expect(t, "the body page links it", b.do("GET", "/bodies/2", nil), 200, fmt.Sprintf("/reports/archive/%d.pdf", body.MandateArchiveID))
}
