package reports

import (
	"bytes"
	"crypto/md5"
	_ "embed"
	"encoding/hex"
	"fmt"
	"html"
	"regexp"
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

// infoObj finds the document information dictionary: the object that
// holds /CreationDate.
var infoObj = regexp.MustCompile(`(?m)^(\d+) 0 obj\n<<\n(?:/[^\n]*\n)*?/CreationDate`)

// fixTrailer adds the file identifier that PDF/A requires (fpdf writes one
// only for encrypted files), and points /Info at the information
// dictionary: fpdf assumes it is the second-last object, which the output
// intent's profile is once there is one. The trailer follows the
// cross-reference table, so no offset moves.
func fixTrailer(pdf []byte) ([]byte, error) {
	at := bytes.LastIndex(pdf, []byte("trailer\n<<\n"))
	m := infoObj.FindSubmatch(pdf)
	if at < 0 || m == nil {
		return nil, fmt.Errorf("reports: the PDF has no trailer or no document information")
	}
	sum := md5.Sum(pdf)
	id := hex.EncodeToString(sum[:])
	trailer := regexp.MustCompile(`/Info \d+ 0 R`).ReplaceAll(pdf[at:], []byte("/Info "+string(m[1])+" 0 R"))
	trailer = bytes.Replace(trailer, []byte("trailer\n<<\n"), []byte(fmt.Sprintf("trailer\n<<\n/ID [<%s><%s>]\n", id, id)), 1)
	return append(pdf[:at:at], trailer...), nil
}
