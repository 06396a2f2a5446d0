package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"samla/models"
)

// The statement API lists a municipality's lines and a total; the totals of
// all municipalities add up to the year's charges.
func TestStatementAPI(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleViewer)
	year := e.db.Now().Year()
	r := e.api("GET", fmt.Sprintf("/api/v1/municipalities/1833/statement?year=%d", year), tok, "")
	st := decode[models.Statement](t, r.body)
	if r.status != 200 || st.Municipality != "1833" || len(st.Lines) < 3 || st.TotalNOK <= 0 {
		t.Fatalf("%d %+v", r.status, st)
	}
	var sum int64
	kinds := map[string]bool{}
	for _, l := range st.Lines {
		sum += l.AmountNOK
		kinds[l.Kind] = true
	}
	if sum != st.TotalNOK || !kinds["contribution"] || !kinds["procurement"] || !kinds["project"] {
		t.Errorf("lines add up to %d of %d; kinds %v", sum, st.TotalNOK, kinds)
	}
	expect(t, "bad year", e.api("GET", "/api/v1/municipalities/1833/statement?year=abc", tok, ""), 422, `"year"`)
	expect(t, "unknown municipality", e.api("GET", "/api/v1/municipalities/9999/statement", tok, ""), 404)
}

// Bad money input is a 422 naming the field, never a 500, and writes nothing.
func TestMoneyBadInput(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/grants", tok, `{"funder":"Statsforvalteren i Nordland","scheme":"lotto","title":"Søknad","applied_nok":-5,"report_due":"31.12.2026"}`)
	f := fieldErrors(t, r.body)
	if r.status != 422 || f["scheme"] != "choice" || f["applied_nok"] != "not_negative" || f["report_due"] != "date" {
		t.Errorf("grant: %d %v", r.status, f)
	}
	r = e.api("PUT", "/api/v1/contributions/2027", tok, `{"total_nok":-1,"cost_key":{"equal_pct":30,"basis":"weights","weights":{"9999":3}}}`)
	f = fieldErrors(t, r.body)
	if r.status != 422 || f["total_nok"] != "not_negative" || f["cost_key.weights"] != "not_participant" {
		t.Errorf("contribution: %d %v", r.status, f)
	}
	r = e.api("PUT", "/api/v1/projects/1/funding", tok, `[{"year":2026,"source":"municipalities","amount_nok":100000,"cost_key":{"equal_pct":0,"basis":"weights","weights":{"1835":1,"9999":2}}},{"year":2026,"source":"grant","amount_nok":5}]`)
	f = fieldErrors(t, r.body)
	if r.status != 422 || f["funding[0].cost_key.weights"] == "" || f["funding[1].grant_id"] != "required" {
		t.Errorf("funding: %d %v", r.status, f)
	}
	expect(t, "funding not a list", e.api("PUT", "/api/v1/projects/1/funding", tok, `{"year":2026}`), 400)
	expect(t, "viewer", e.api("POST", "/api/v1/grants", e.token(models.RoleViewer), `{}`), 403)
	expect(t, "contact", e.api("PUT", "/api/v1/contributions/2027", e.token(models.RoleContact), `{}`), 403)
	ok := e.api("PUT", "/api/v1/contributions/2027", tok, `{"total_nok":1500000,"cost_key":{"equal_pct":30,"basis":"population"}}`)
	expect(t, "contribution", ok, 200, `"year":2027`, `"total_nok":1500000`)
	list := e.api("GET", "/api/v1/contributions", tok, "")
	expect(t, "contributions", list, 200, `"year":2027`)
}

// A grant whose report is due within 30 days is on the dashboard and in the
// weekly digest; once reported it is not.
func TestGrantDeadlinesShow(t *testing.T) {
	e := newEnv(t)
	tok := e.token(models.RoleEditor)
	due := e.db.Now().AddDate(0, 0, 12).Format("2006-01-02")
	r := e.api("POST", "/api/v1/grants", tok, fmt.Sprintf(`{"funder":"KS DigiFin","scheme":"digifin","title":"Tilskudd til velferdsteknologi","status":"granted","granted_nok":300000,"report_due":%q}`, due))
	expect(t, "grant", r, 201)
	g := decode[models.Grant](t, r.body)
	dash := e.sessionAs(models.RoleViewer).do("GET", "/overview", nil).body
	if !strings.Contains(dash, `id="kf-grants"`) || !strings.Contains(e.sessionAs(models.RoleViewer).do("GET", "/budget", nil).body, "Tilskudd til velferdsteknologi") {
		t.Error("the grant's deadline is not on the dashboard or the budget page")
	}
	expect(t, "report", e.api("PATCH", fmt.Sprintf("/api/v1/grants/%d", g.ID), tok,
		fmt.Sprintf(`{"status":"reported","reported_date":%q}`, time.Now().Format("2006-01-02"))), 200, `"status":"reported"`)
	budget := e.sessionAs(models.RoleViewer).do("GET", "/budget", nil).body
	if i := strings.Index(budget, `id="outstanding"`); i < 0 || strings.Contains(budget[i:], "Tilskudd til velferdsteknologi") {
		t.Error("a reported grant is still outstanding")
	}
}

// The report sent to the funder is kept in the archive and marks the grant
// reported; a file that is not a PDF is refused with a clear error.
func TestGrantReportUpload(t *testing.T) {
	e := newEnv(t)
	grants := decode[[]models.Grant](t, e.api("GET", "/api/v1/grants?status=granted", e.token(models.RoleViewer), "").body)
	if len(grants) == 0 {
		t.Fatal("the demo has no granted grant")
	}
	g := grants[0]
	b := e.sessionAs(models.RoleEditor)
	page := fmt.Sprintf("/grants/%d", g.ID)
	send := func(name string, content []byte) response {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		w.WriteField("_csrf", b.csrf(page))
		part, _ := w.CreateFormFile("file", name)
		part.Write(content)
		w.Close()
		req := httptest.NewRequest("POST", page+"/report", &body)
		req.Header.Set("Content-Type", w.FormDataContentType())
		for k, v := range b.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		return e.do(req)
	}
	expect(t, "not a PDF", send("rapport.docx", []byte("PK\x03\x04 word")), 422, "Må være en PDF-fil")
	r := send("Rapport til Statsforvalteren.pdf", []byte("%PDF-1.7\n% rapport\n"))
	if r.status != 303 {
		t.Fatalf("upload: %d %.300s", r.status, r.body)
	}
	after := decode[models.Grant](t, e.api("GET", fmt.Sprintf("/api/v1/grants/%d", g.ID), e.token(models.RoleViewer), "").body)
	if after.ReportArchiveID == 0 || after.Status != "reported" || after.ReportedDate.IsZero() {
		t.Fatalf("after the upload: %+v", after)
	}
	file := b.do("GET", fmt.Sprintf("/reports/archive/%d.pdf", after.ReportArchiveID), nil)
	if file.status != 200 || !strings.HasPrefix(file.body, "%PDF-1.7") {
		t.Errorf("the archived report: %d %.40q", file.status, file.body)
	}
}

// Statistics Norway's table with several years keeps each year's
// population for that year's keys; the newest becomes the current figure.
func TestImportSSBSeveralYears(t *testing.T) {
	e := newEnv(t)
	y := e.db.Now().Year()
	ssb := fmt.Sprintf("\"region\";\"statistikkvariabel\";\"%d\";\"%d\"\n\"1835 Træna\";\"Personer\";430;441\n", y+1, y+2)
	expect(t, "ssb", upload(e, "/api/v1/import/municipalities", e.token(models.RoleAdmin), "07459.csv", []byte(ssb)), 200, `"rejected":0`)
	m, _ := e.db.Municipality(context.Background(), "1835")
	pops, _ := e.db.PopulationsIn(context.Background(), y+1)
	if m.Population != 441 || m.PopulationDate.Year() != y+2 || pops["1835"] != 430 {
		t.Errorf("Træna: %+v; population for %d: %d", m, y+1, pops["1835"])
	}
}

// A project's funding rows are added and removed on the project page; a
// bad row comes back with what was typed.
func TestFundingForm(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleEditor)
	page := "/projects/2"
	r := b.post(page, page+"/funding", url.Values{"funding_year": {"2026"}, "funding_source": {"municipalities"}, "funding_amount_nok": {"mye"},
		"funding_equal_pct": {"30"}, "funding_note": {"Fra kommunene"}})
	expect(t, "bad amount", r, 422, `value="mye"`, `aria-invalid="true"`)
	r = b.post(page, page+"/funding", url.Values{"funding_year": {"2026"}, "funding_source": {"other"}, "funding_amount_nok": {"125 000"}, "funding_note": {"Egeninnsats"}})
	if r.status != 303 {
		t.Fatalf("add: %d %.300s", r.status, r.body)
	}
	rows := decode[[]models.Funding](t, e.api("GET", "/api/v1/projects/2/funding", e.token(models.RoleViewer), "").body)
	if len(rows) == 0 || rows[len(rows)-1].AmountNOK != 125000 {
		t.Fatalf("rows: %+v", rows)
	}
	expect(t, "page", b.do("GET", page, nil), 200, "Egeninnsats", "125\u00a0000\u00a0kr")
	r = b.post(page, page+"/funding/remove", url.Values{"index": {fmt.Sprint(len(rows) - 1)}})
	if after := decode[[]models.Funding](t, e.api("GET", "/api/v1/projects/2/funding", e.token(models.RoleViewer), "").body); r.status != 303 || len(after) != len(rows)-1 {
		t.Errorf("remove: %d, %d rows", r.status, len(after))
	}
}
