package handlers_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// deflateSegment compresses b as a self-contained run of non-final deflate
// blocks (a fresh compressor, flushed): such runs can be concatenated, so a
// huge repetitive part is built from one compressed chunk.
func deflateSegment(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	w, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	w.Flush()
	return out.Bytes()
}

// bombWorkbook is a valid XLSX whose one sheet inflates to about size
// bytes of rows like row (the sheet as the import's own sheet name).
func bombWorkbook(t *testing.T, sheet, row string, size int) []byte {
	t.Helper()
	return bombWrapped(t, sheet, "", row, "", size)
}

// bombWrapped is bombWorkbook with the repeated part between open and
// close (one row of very many cells).
func bombWrapped(t *testing.T, sheet, open, row, close string, size int) []byte {
	t.Helper()
	head := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + open)
	foot := []byte(close + `</sheetData></worksheet>`)
	chunk := []byte(strings.Repeat(row, (1<<20)/len(row)))
	n := size / len(chunk)
	crc := crc32.Update(0, crc32.IEEETable, head)
	for i := 0; i < n; i++ {
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	crc = crc32.Update(crc, crc32.IEEETable, foot)
	var body bytes.Buffer
	body.Write(deflateSegment(t, head))
	seg := deflateSegment(t, chunk)
	for i := 0; i < n; i++ {
		body.Write(seg)
	}
	body.Write(deflateSegment(t, foot))
	body.Write([]byte{0x03, 0x00}) // the final, empty block

	var out bytes.Buffer
	z := zip.NewWriter(&out)
	add := func(name, content string) {
		w, _ := z.Create(name)
		w.Write([]byte(content))
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="`+sheet+`" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := z.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(body.Len()), UncompressedSize64: uint64(len(head) + n*len(chunk) + len(foot))})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body.Bytes())
	z.Close()
	return out.Bytes()
}

// peakHeap samples the heap in use while f runs.
func peakHeap(f func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peak.Load()
}

func vmRSS() string {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") || strings.HasPrefix(line, "VmHWM:") {
			return strings.Join(strings.Fields(line), " ")
		}
	}
	return "?"
}

// TestImportBombs posts hostile workbooks to every import: a sheet that
// inflates to 1 GiB from about 1 MB on the wire, and a sheet of 64 MB
// one-cell rows under the inflation limit. Each answers 4xx naming the
// limit in under 5 s, the heap stays far under 300 MB, and the server
// still answers.
func TestImportBombs(t *testing.T) {
	e, token := emptyEnv(t)
	kinds := map[string]string{"projects": "Prosjekter", "municipalities": "Kommuner", "measurements": "Gevinster", "solutions": "Løsninger", "rollouts": "Innføring"}
	gib := bombWorkbook(t, "Ark1", `<row><c t="inlineStr"><is><t>`+strings.Repeat("A", 4000)+`</t></is></c></row>`, 1<<30)
	t.Logf("1 GiB bomb: %d bytes on the wire", len(gib))
	if len(gib) > 4<<20 {
		t.Fatalf("the bomb is %d bytes: more than an upload takes", len(gib))
	}
	for kind, sheet := range kinds {
		for name, book := range map[string][]byte{
			"1 GiB sheet":   gib,
			"one-cell rows": bombWorkbook(t, sheet, `<row><c><v>1</v></c></row>`, 60<<20),
			"row far down":  bombWorkbook(t, sheet, `<row r="1048576"><c r="A1048576"><v>1</v></c></row>`, 1<<20),
			// one row of 4 million cells (excelize alone takes minutes over it)
			"one wide row": bombWrapped(t, sheet, `<row r="1">`, `<c><v>1</v></c>`, `</row>`, 60<<20),
			// rows wider than Excel's 16 384 columns
			"wide rows": bombWorkbook(t, sheet, `<row>`+strings.Repeat(`<x:c><x:v>1</x:v></x:c>`, 20_000)+`</row>`, 10<<20),
		} {
			var r response
			start := time.Now()
			peak := peakHeap(func() { r = upload(e, "/api/v1/import/"+kind, token, "bombe.xlsx", book) })
			took := time.Since(start)
			t.Logf("%s %s: %d in %v, peak heap %d MB, %s", kind, name, r.status, took.Round(time.Millisecond), peak>>20, vmRSS())
			if r.status < 400 || r.status >= 500 || !strings.Contains(r.body, "limit") {
				t.Errorf("%s %s: %d %.300s", kind, name, r.status, r.body)
			}
			if took > 5*time.Second {
				t.Errorf("%s %s: took %v", kind, name, took)
			}
			if peak > 300<<20 {
				t.Errorf("%s %s: heap in use reached %d MB", kind, name, peak>>20)
			}
		}
	}
	expect(t, "still answering", e.api("GET", "/healthz", token, ""), 200, "ok")
}

// TestImportCSVLimits: a CSV of more rows than the limit is refused,
// naming the limit.
func TestImportCSVLimits(t *testing.T) {
	e, token := emptyEnv(t)
	var b strings.Builder
	b.WriteString("number;name;population\n")
	for i := 0; i < 60_000; i++ {
		fmt.Fprintf(&b, "%04d;K;1\n", i%10000)
	}
	r := upload(e, "/api/v1/import/municipalities", token, "kommuner.csv", []byte(b.String()))
	expect(t, "rows", r, 422, "50000 rows", `"file":"limit_rows"`)
	wide := "number;name;population" + strings.Repeat(";x", 40_000) + "\n"
	r = upload(e, "/api/v1/import/municipalities", token, "kommuner.csv", []byte(strings.Repeat(wide, 30)))
	expect(t, "cells", r, 422, "cells", `"file":"limit_cells"`)
}
