package handlers_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"samla/models"
)

// TestChecklistDocument: an item is done with an uploaded document, kept
// in the archive as uploaded with its SHA-256, and downloadable.
func TestChecklistDocument(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/projects", editor, `{"title":"Dokumentprosjekt","service_area":"education","phase":"idea","lead_municipality":"1833"}`)
	p := decode[models.Project](t, r.body)
	items := decode[[]models.ChecklistItem](t, e.api("GET", fmt.Sprintf("/api/v1/projects/%d/checklist", p.ID), editor, "").body)
	item := items[1]
	b := e.sessionAs(models.RoleEditor)
	page := fmt.Sprintf("/projects/%d/checklist", p.ID)
	doc := []byte("PK\x03\x04 mandat for konseptfasen")
	send := func(status string, content []byte) response {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		w.WriteField("_csrf", b.csrf(page))
		w.WriteField("status", status)
		if content != nil {
			part, _ := w.CreateFormFile("document", "Mandat konseptfase.docx")
			part.Write(content)
		}
		w.Close()
		req := httptest.NewRequest("POST", fmt.Sprintf("%s/%d", page, item.ID), &body)
		req.Header.Set("Content-Type", w.FormDataContentType())
		for k, v := range b.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		return e.do(req)
	}
	expect(t, "done without a document", send("done", nil), 422, "Må fylles ut.")
	if r := send("done", doc); r.status != 303 {
		t.Fatalf("upload: %d %.300s", r.status, r.body)
	}
	sum := sha256.Sum256(doc)
	items = decode[[]models.ChecklistItem](t, e.api("GET", fmt.Sprintf("/api/v1/projects/%d/checklist", p.ID), editor, "").body)
	got := items[1]
	if got.Status != "done" || got.ArchiveID == 0 || got.Checksum != hex.EncodeToString(sum[:]) || got.Filename != "Mandat konseptfase.docx" || got.DoneBy != "programkontor@samla.example" {
		t.Fatalf("item after the upload: %+v", got)
	}
	expect(t, "page shows it", b.do("GET", page, nil), 200, "Mandat konseptfase.docx", got.Checksum)
	r = b.do("GET", fmt.Sprintf("%s/%d/document", page, item.ID), nil)
	if r.status != 200 || r.body != string(doc) || r.header.Get("Content-Disposition") == "" {
		t.Fatalf("download: %d %q %v", r.status, r.body, r.header)
	}
}

// A document just over the limit reaches the form, which says so at the
// field and keeps what was typed (it was refused with a 413 page before:
// the limit of a request was the limit of a file).
func TestChecklistDocumentTooLargeKeepsTheForm(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	p := decode[models.Project](t, e.api("POST", "/api/v1/projects", editor, `{"title":"Stort dokument","service_area":"education","phase":"idea","lead_municipality":"1833"}`).body)
	item := decode[[]models.ChecklistItem](t, e.api("GET", fmt.Sprintf("/api/v1/projects/%d/checklist", p.ID), editor, "").body)[1]
	b := e.sessionAs(models.RoleEditor)
	page := fmt.Sprintf("/projects/%d/checklist", p.ID)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", b.csrf(page))
	w.WriteField("status", "done")
	w.WriteField(fmt.Sprintf("url_%d", item.ID), "https://arkiv.example/mandat-utkast")
	part, _ := w.CreateFormFile("document", "Mandat.pdf")
	part.Write(bytes.Repeat([]byte("x"), 8<<20+1))
	w.Close()
	req := httptest.NewRequest("POST", fmt.Sprintf("%s/%d", page, item.ID), &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	expect(t, "a document of 8 MB and a byte", e.do(req), 422, "Filen er for stor (mer enn 8 MB).", "https://arkiv.example/mandat-utkast")
}

// A request over the limit is refused before it is read, with a page that
// says in Norwegian how large a file may be. Only the request's head is
// sent: the server answers from its length, and a client still sending
// the body would be cut off (connection reset) before reading the answer.
func TestTooLargeRequestPage(t *testing.T) {
	e := newEnv(t)
	base := e.serve()
	b := e.sessionAs(models.RoleEditor)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /projects/1/checklist/1 HTTP/1.1\r\nHost: samla\r\nCookie: samla_session=%s\r\n"+
		"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n", b.cookies["samla_session"], 11<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 413 {
		t.Fatalf("a request of 11 MB: %d %.300s", resp.StatusCode, page)
	}
	for _, want := range []string{"For mye på én gang", "større enn 10 MB", "høyst 8 MB"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %q: %.500s", want, page)
		}
	}
}
