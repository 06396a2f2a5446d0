package reports_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Reports are PDF/A-2b: identification and metadata in XMP, an sRGB output
// intent, every font embedded, the document language, a file identifier,
// and /Info pointing at the document information. veraPDF is not to be had
// here, so the test checks that structure with qpdf and poppler.
func TestReportsArePDFA2b(t *testing.T) {
	db := demoDB(t)
	b := builder(db)
	ctx := context.Background()
	meetings, err := db.Meetings(ctx, 0)
	if err != nil || len(meetings) == 0 {
		t.Fatal("no meeting in the demo", err)
	}
	minutes, err := b.Meeting(ctx, meetings[len(meetings)-1].ID)
	if err != nil {
		t.Fatal(err)
	}
	mun, err := b.Municipality(ctx, "1833")
	if err != nil {
		t.Fatal(err)
	}
	for name, pdf := range map[string][]byte{"minutes": minutes.PDF, "municipality": mun.PDF} {
		path := filepath.Join(t.TempDir(), name+".pdf")
		os.WriteFile(path, pdf, 0o600)
		if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
			t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
		}
		// fpdf writes pages plain and finishPDF deflates them: none is left plain.
		if plain := regexp.MustCompile(`(?m)^<</Length \d+>>\nstream\n`).FindAll(pdf, -1); len(plain) > 0 || !bytes.Contains(pdf, []byte("/Filter /FlateDecode")) {
			t.Errorf("%s: %d streams not compressed", name, len(plain))
		}
		qdf := filepath.Join(t.TempDir(), name+".qdf")
		if out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", path, qdf).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v %s", name, err, out)
		}
		plain, _ := os.ReadFile(qdf)
		for _, want := range []string{"/OutputIntents", "/S /GTS_PDFA1", "/DestOutputProfile", "/Lang (nb-NO)", "/Metadata", "/ID ["} {
			if !bytes.Contains(plain, []byte(want)) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
		xmp := regexp.MustCompile(`(?s)<x:xmpmeta.*</x:xmpmeta>`).Find(plain)
		var meta struct {
			Descriptions []struct {
				Part        string `xml:"part"`
				Conformance string `xml:"conformance"`
				Producer    string `xml:"Producer"`
			} `xml:"RDF>Description"`
		}
		if err := xml.Unmarshal(xmp, &meta); err != nil {
			t.Fatalf("%s: XMP does not parse: %v", name, err)
		}
		var part, conf, producer string
		for _, d := range meta.Descriptions {
			part, conf, producer = part+d.Part, conf+d.Conformance, producer+d.Producer
		}
		if part != "2" || conf != "B" || producer != "samla" {
			t.Errorf("%s: XMP says part %q conformance %q producer %q", name, part, conf, producer)
		}
		info, err := exec.Command("pdfinfo", path).Output()
		if err != nil || !bytes.Contains(info, []byte("Producer:        samla")) || !bytes.Contains(info, []byte("Metadata Stream: yes")) {
			t.Errorf("%s: pdfinfo: %v\n%s", name, err, info)
		}
		fonts, err := exec.Command("pdffonts", path).Output()
		lines := strings.Split(strings.TrimSpace(string(fonts)), "\n")
		if err != nil || len(lines) < 3 {
			t.Fatalf("%s: pdffonts: %v %s", name, err, fonts)
		}
		for _, l := range lines[2:] {
			if f := strings.Fields(l); len(f) < 5 || !strings.Contains(l, " yes ") {
				t.Errorf("%s: a font is not embedded: %s", name, l)
			}
		}
	}
}

// No two words of the municipality report's first page overlap: a long
// label in the header block wraps instead of running into its value.
func TestMunicipalityHeaderDoesNotOverlap(t *testing.T) {
	db := demoDB(t)
	r, err := builder(db).Municipality(context.Background(), "1833")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.pdf")
	os.WriteFile(path, r.PDF, 0o600)
	out, err := exec.Command("pdftotext", "-bbox", "-f", "1", "-l", "1", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	type box struct {
		x0, y0, x1, y1 float64
		w              string
	}
	var boxes []box
	for _, m := range word.FindAllStringSubmatch(string(out), -1) {
		f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v }
		boxes = append(boxes, box{f(1), f(2), f(3), f(4), m[5]})
	}
	if len(boxes) < 10 {
		t.Fatalf("too few words: %d", len(boxes))
	}
	for i, a := range boxes {
		for _, b := range boxes[i+1:] {
			// A small tolerance: glyph boxes of neighbouring words touch.
			if a.x0 < b.x1-0.5 && b.x0 < a.x1-0.5 && a.y0 < b.y1-0.5 && b.y0 < a.y1-0.5 {
				t.Errorf("%q and %q overlap", a.w, b.w)
			}
		}
	}
}

// fpdf's fonts are parsed once per process and shared by every document
// (third_party/fpdf/utf8cache.go): documents built at the same time, each
// with its own letters, are byte for byte the documents built one by one.
func TestDocumentsShareParsedFonts(t *testing.T) {
	db := demoDB(t)
	b := builder(db)
	ctx := context.Background()
	numbers := []string{"1833", "1826", "1812", "1835"} // Rana (Raane), Hattfjelldal (Aarborte), Sømna, Træna: each its own letters
	alone := map[string][]byte{}
	for _, nr := range numbers {
		r, err := b.Municipality(ctx, nr)
		if err != nil {
			t.Fatal(nr, err)
		}
		again, _ := b.Municipality(ctx, nr)
		if !bytes.Equal(r.PDF, again.PDF) {
			t.Fatalf("%s: two builds differ; the test needs a fixed clock", nr)
		}
		alone[nr] = r.PDF
	}
	errs := make(chan error, 4*len(numbers))
	for range 4 {
		for _, nr := range numbers {
			go func() {
				r, err := b.Municipality(ctx, nr)
				if err == nil && !bytes.Equal(r.PDF, alone[nr]) {
					err = fmt.Errorf("%s: built beside others, it differs from the one built alone", nr)
				}
				errs <- err
			}()
		}
	}
	for range 4 * len(numbers) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
