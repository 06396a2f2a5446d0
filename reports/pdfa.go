package reports

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Every report samla writes is PDF/A-2b, as Norwegian public archives
// (Noark 5) expect of documents they keep: XMP metadata that identifies
// the PDF/A part and repeats the document information, an sRGB output
// intent, embedded fonts (the DejaVu fonts, always), the document language,
// and a file identifier in the trailer.

// The sRGB profile from the International Color Consortium, as shipped with
// fpdf; icc/LICENSE.color.org permits copying it unchanged.
//
//go:embed icc/sRGB2014.icc
var srgbProfile []byte

// pdfaDate is how the document information dictionary writes dates (no
// zone); the XMP dates must say the same.
const pdfaDate = "2006-01-02T15:04:05"

// makePDFA adds PDF/A-2b's identification, metadata and output intent.
func makePDFA(p *fpdf.Fpdf, title, author, subject, lang string, created time.Time) {
	p.SetProducer("samla", true)
	p.AddOutputIntent(fpdf.OutputIntentType{
		SubtypeIdent:              fpdf.OutputIntent_GTS_PDFA1,
		OutputConditionIdentifier: "sRGB IEC61966-2.1",
		Info:                      "sRGB IEC61966-2.1",
		ICCProfile:                srgbProfile,
	})
	esc := html.EscapeString
	date := created.Format(pdfaDate)
	xmp := `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(title) + `</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>` + esc(author) + `</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + esc(subject) + `</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>` + esc(lang) + `</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>samla</xmp:CreatorTool>
   <xmp:CreateDate>` + date + `</xmp:CreateDate>
   <xmp:ModifyDate>` + date + `</xmp:ModifyDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>samla</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`
	p.SetXmpMetadata([]byte(xmp))
}

// finishPDF compresses the page contents and finishes the trailer.
//
// fpdf writes the pages uncompressed (newDoc turns its compression off:
// it makes a new zlib writer, half a megabyte, for every page, which was
// most of a long report's time); here every plain stream (pages and the
// fonts' character maps) is deflated with a writer that is reused, the
// cross-reference table is written anew for the moved objects, and the
// trailer gets what PDF/A requires and fpdf leaves out: a file identifier
// (fpdf writes one only for encrypted files) and /Info pointing at the
// information dictionary (fpdf assumes it is the second-last object, which
// the output intent's profile is once there is one).
func finishPDF(raw []byte) ([]byte, error) {
	objects, xref, err := pdfObjects(raw)
	if err != nil {
		return nil, err
	}
	out := bytes.NewBuffer(make([]byte, 0, len(raw)/2))
	out.Write(raw[:objects[0].at])
	offsets := make([]int, len(objects)+1)
	info := 0
	bodies := make([][]byte, len(objects))
	for i, o := range objects {
		end := xref
		if i+1 < len(objects) {
			end = objects[i+1].at
		}
		bodies[i] = raw[o.at:end]
	}
	packed, err := deflateStreams(bodies)
	if err != nil {
		return nil, err
	}
	for i, o := range objects {
		body := bodies[i]
		offsets[o.num] = out.Len()
		head := fmt.Sprintf("%d 0 obj\n", o.num)
		rest := body[len(head):]
		if packed[i] != nil {
			fmt.Fprintf(out, "%s<</Filter /FlateDecode /Length %d>>\nstream\n", head, len(packed[i]))
			out.Write(packed[i])
			out.WriteString("\nendstream\nendobj\n")
			continue
		}
		if bytes.HasPrefix(rest, []byte("<<\n")) && bytes.Contains(rest, []byte("\n/CreationDate ")) {
			info = o.num
		}
		out.Write(body)
	}
	tail := raw[xref:]
	at := bytes.Index(tail, []byte("trailer\n<<\n"))
	stop := bytes.LastIndex(tail, []byte("startxref\n"))
	if info == 0 || at < 0 || stop < at {
		return nil, fmt.Errorf("reports: the PDF has no trailer or no document information")
	}
	sum := md5.Sum(out.Bytes())
	id := hex.EncodeToString(sum[:])
	start := out.Len()
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		fmt.Fprintf(out, "%010d 00000 n \n", off)
	}
	trailer := infoRef.ReplaceAll(tail[at:stop], []byte(fmt.Sprintf("/Info %d 0 R", info)))
	out.Write(bytes.Replace(trailer, []byte("trailer\n<<\n"), []byte(fmt.Sprintf("trailer\n<<\n/ID [<%s><%s>]\n", id, id)), 1))
	fmt.Fprintf(out, "startxref\n%d\n%%%%EOF\n", start)
	return out.Bytes(), nil
}

// deflateStreams deflates the plain streams among the objects (nil for
// the others), on every core: a long report has hundreds of pages.
func deflateStreams(bodies [][]byte) ([][]byte, error) {
	packed := make([][]byte, len(bodies))
	var next atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(bodies)/16+1) {
		wg.Go(func() {
			zw := deflaters.Get().(*zlib.Writer)
			defer deflaters.Put(zw)
			for i := int(next.Add(1) - 1); i < len(bodies); i = int(next.Add(1) - 1) {
				body := bodies[i]
				data, ok := plainStream(body[bytes.IndexByte(body, '\n')+1:])
				if !ok {
					continue
				}
				var buf bytes.Buffer
				zw.Reset(&buf)
				_, err := zw.Write(data)
				if err == nil {
					err = zw.Close()
				}
				if err != nil {
					failed.Store(&err)
					return
				}
				packed[i] = buf.Bytes()
			}
		})
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		return nil, *err
	}
	return packed, nil
}

var (
	infoRef   = regexp.MustCompile(`/Info \d+ 0 R`)
	deflaters = sync.Pool{New: func() any {
		zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
		return zw
	}}
)

// pdfObject is where object num starts in fpdf's output.
type pdfObject struct{ num, at int }

// pdfObjects reads fpdf's cross-reference table: its objects in the order
// they stand in the file, and where the table starts.
func pdfObjects(raw []byte) ([]pdfObject, int, error) {
	bad := fmt.Errorf("reports: fpdf wrote a PDF without a cross-reference table")
	i := bytes.LastIndex(raw, []byte("startxref\n"))
	if i < 0 {
		return nil, 0, bad
	}
	var xref int
	if _, err := fmt.Sscanf(string(raw[i+len("startxref\n"):]), "%d", &xref); err != nil || xref <= 0 || xref >= i {
		return nil, 0, bad
	}
	var n int
	table := raw[xref:]
	if _, err := fmt.Sscanf(string(table[:min(len(table), 40)]), "xref\n0 %d\n", &n); err != nil || n < 2 {
		return nil, 0, bad
	}
	first := bytes.Index(table, []byte(" 65535 f \n"))
	if first < 0 {
		return nil, 0, bad
	}
	entries := table[first+len(" 65535 f \n"):]
	const entry = len("0000000000 00000 n \n")
	if len(entries) < (n-1)*entry {
		return nil, 0, bad
	}
	objects := make([]pdfObject, 0, n-1)
	for k := 1; k < n; k++ {
		at, err := strconv.Atoi(string(entries[(k-1)*entry : (k-1)*entry+10]))
		if err != nil || at <= 0 || at >= xref || !bytes.HasPrefix(raw[at:], []byte(strconv.Itoa(k)+" 0 obj\n")) {
			return nil, 0, bad
		}
		objects = append(objects, pdfObject{k, at})
	}
	sort.Slice(objects, func(a, b int) bool { return objects[a].at < objects[b].at })
	return objects, xref, nil
}

// plainStream is the data of an uncompressed stream object as fpdf writes
// it ("<</Length n>>", nothing else in the dictionary), after "N 0 obj".
func plainStream(obj []byte) ([]byte, bool) {
	if !bytes.HasPrefix(obj, []byte("<</Length ")) {
		return nil, false
	}
	end := bytes.Index(obj, []byte(">>\nstream\n"))
	if end < 0 {
		return nil, false
	}
	n, err := strconv.Atoi(string(obj[len("<</Length "):end]))
	data := obj[end+len(">>\nstream\n"):]
	if err != nil || n > len(data) || !bytes.Equal(data[n:], []byte("\nendstream\nendobj\n")) {
		return nil, false
	}
	return data[:n], true
}
