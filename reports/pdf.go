// Package reports builds samla's PDF reports (models and data in, bytes
// out), keeps the archive of generated reports, and delivers them on a
// schedule.
package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"samla/locale"
	"slices"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

//go:embed fonts/DejaVuSansCondensed.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSansCondensed-Bold.ttf
var fontBold []byte

// Page geometry (A4, millimetres).
const (
	pageW, pageH = 210.0, 297.0
	margin       = 15.0
	bottomMargin = 18.0
	contentW     = pageW - 2*margin
	lineH        = 5.0
	fontFamily   = "dejavu"
)

type rgb struct{ r, g, b int }

// Colours for status, matching the web pages; the status is always in
// words too.
var statusFill = map[string]rgb{
	"green": {204, 236, 209}, "yellow": {255, 237, 184}, "red": {246, 206, 206}, "missing": {230, 214, 240}, "none": {232, 236, 240},
}

var chartColors = map[string]rgb{
	"green": {6, 135, 24}, "yellow": {212, 154, 0}, "red": {192, 27, 27}, "missing": {107, 44, 145}, "none": {139, 154, 168},
	"blue": {0, 98, 186}, "lightblue": {30, 152, 245}, "grey": {139, 154, 168},
}

// doc is a report being written.
type doc struct {
	pdf       *fpdf.Fpdf
	landscape bool
	lang      string
	loc       *time.Location
	programme string
	title     string
	generated time.Time
}

// newDoc starts an A4 report with header, footer ("Side 3 av 12"), metadata
// and the embedded UTF-8 font, so that æøå and Sami letters print.
func newDoc(programme, title, subject, lang string, generated time.Time, loc *time.Location) *doc {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(false) // finishPDF compresses, faster
	p.SetCatalogSort(true)  // fonts and images in a fixed order: the same data give the same bytes
	d := &doc{pdf: p, lang: lang, loc: loc, programme: programme, title: title, generated: generated}
	p.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	p.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	p.SetTitle(title, true)
	p.SetAuthor(programme, true)
	p.SetSubject(subject, true)
	p.SetCreator("samla", true)
	docLang := "nb-NO"
	if lang == "en" {
		docLang = "en-GB"
	}
	p.SetLang(docLang)
	generated = generated.In(loc)
	p.SetCreationDate(generated)
	p.SetModificationDate(generated)
	makePDFA(p, title, programme, subject, docLang, generated)
	p.AliasNbPages("{nb}")
	p.SetMargins(margin, 20, margin)
	p.SetAutoPageBreak(true, bottomMargin)
	p.SetHeaderFunc(func() {
		w := d.width()
		p.SetFont(fontFamily, "", 8)
		p.SetTextColor(90, 100, 110)
		p.SetXY(margin, 8)
		p.CellFormat(w/2, 5, programme, "", 0, "L", false, 0, "")
		p.CellFormat(w/2, 5, title, "", 0, "R", false, 0, "")
		p.SetDrawColor(200, 205, 210)
		p.Line(margin, 14, margin+w, 14)
		p.SetXY(margin, 20)
		p.SetTextColor(20, 30, 40)
	})
	p.SetFooterFunc(func() {
		w := d.width()
		p.SetY(-12)
		p.SetFont(fontFamily, "", 8)
		p.SetTextColor(90, 100, 110)
		p.CellFormat(w/2, 5, d.t("pdf.generated", locale.DateTime(generated, loc)), "", 0, "L", false, 0, "")
		p.CellFormat(w/2, 5, d.t("pdf.page", p.PageNo()), "", 0, "R", false, 0, "")
	})
	return d
}

// width is the text width of the current page; bottom is where text ends.
func (d *doc) width() float64 {
	w, _ := d.pdf.GetPageSize()
	return w - 2*margin
}

func (d *doc) bottom() float64 {
	_, h := d.pdf.GetPageSize()
	return h - bottomMargin
}

// newPage starts a page in the orientation of the current section.
func (d *doc) newPage() {
	if d.landscape {
		d.pdf.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})
	} else {
		d.pdf.AddPageFormat("P", fpdf.SizeType{Wd: pageW, Ht: pageH})
	}
}

// section starts a new page, landscape for wide tables.
func (d *doc) section(landscape bool) {
	d.landscape = landscape
	d.newPage()
}

func (d *doc) t(key string, args ...any) string { return locale.T(d.lang, key, args...) }

// bytes finishes the document.
func (d *doc) bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("reports: write PDF: %w", err)
	}
	return finishPDF(buf.Bytes())
}

// cover is the first page: programme, title, subtitle and date.
func (d *doc) cover(subtitle string) {
	p := d.pdf
	d.newPage()
	p.SetY(70)
	p.SetFont(fontFamily, "", 14)
	p.SetTextColor(0, 98, 186)
	p.MultiCell(contentW, 8, d.programme, "", "L", false)
	p.Ln(4)
	p.SetFont(fontFamily, "B", 26)
	p.SetTextColor(20, 30, 40)
	p.MultiCell(contentW, 12, d.title, "", "L", false)
	if subtitle != "" {
		p.Ln(2)
		p.SetFont(fontFamily, "", 13)
		p.MultiCell(contentW, 7, subtitle, "", "L", false)
	}
	p.Ln(8)
	p.SetFont(fontFamily, "", 11)
	p.CellFormat(contentW, 6, locale.Date(d.generated.In(d.loc)), "", 1, "L", false, 0, "")
}

// ensure starts a new page unless h millimetres fit on this one.
func (d *doc) ensure(h float64) {
	if d.pdf.GetY()+h > d.bottom() {
		d.newPage()
	}
}

func (d *doc) h1(s string) {
	d.ensure(20)
	d.pdf.Ln(2)
	d.pdf.SetFont(fontFamily, "B", 16)
	d.pdf.MultiCell(d.width(), 8, s, "", "L", false)
	d.pdf.Ln(2)
}

func (d *doc) h2(s string) {
	d.ensure(16)
	d.pdf.Ln(3)
	d.pdf.SetFont(fontFamily, "B", 12)
	d.pdf.MultiCell(d.width(), 6, s, "", "L", false)
	d.pdf.Ln(1)
}

func (d *doc) h3(s string) {
	d.ensure(14)
	d.pdf.Ln(1)
	d.pdf.SetFont(fontFamily, "B", 10)
	d.pdf.MultiCell(d.width(), 5, s, "", "L", false)
	d.pdf.Ln(1)
}

// para writes wrapped text; long texts break across pages, never overflow.
func (d *doc) para(s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	d.pdf.SetFont(fontFamily, "", 10)
	d.pdf.MultiCell(d.width(), lineH, s, "", "L", false)
	d.pdf.Ln(1)
}

// facts writes label–value pairs.
// factLabelW is the width of a fact's label (mm).
const factLabelW = 55

func (d *doc) facts(pairs [][2]string) {
	p := d.pdf
	for _, kv := range pairs {
		if kv[1] == "" {
			continue
		}
		// A label longer than its column wraps, and the row is as high as
		// the taller of label and value, so neither runs into the other.
		p.SetFont(fontFamily, "B", 10)
		labelLines := p.SplitText(kv[0], factLabelW-2)
		p.SetFont(fontFamily, "", 10)
		valueLines := p.SplitText(kv[1], contentW-factLabelW)
		h := float64(max(len(labelLines), len(valueLines))) * lineH
		d.ensure(h)
		y := p.GetY()
		p.SetFont(fontFamily, "B", 10)
		p.MultiCell(factLabelW-2, lineH, kv[0], "", "L", false)
		p.SetFont(fontFamily, "", 10)
		p.SetXY(margin+factLabelW, y)
		p.MultiCell(contentW-factLabelW, lineH, kv[1], "", "L", false)
		p.SetXY(margin, y+h)
	}
	p.Ln(1)
}

// column of a table: its heading, width (mm) and alignment (L, R, C).
type column struct {
	title string
	w     float64
	align string
}

// cell of a table: text, and optionally a fill colour (status).
type cell struct {
	text string
	fill *rgb
	// under is a second text on lines of its own below the first.
	under string
}

func txt(s string) cell { return cell{text: s} }

// status is a cell with a status in colour and in words.
func (d *doc) status(s string) cell {
	if s == "" {
		s = "none"
	}
	f := statusFill[s]
	return cell{text: d.t("status." + s), fill: &f}
}

// A table's font size and the padding inside its cells (millimetres).
const tableFont, tablePad = 8.5, 1.2

// fit is the width of a column whose values each stand on one line and
// whose heading wraps only between words.
func (d *doc) fit(heading string, values ...string) float64 {
	p := d.pdf
	w := 0.0
	p.SetFont(fontFamily, "B", tableFont)
	for _, word := range strings.Fields(heading) {
		w = math.Max(w, p.GetStringWidth(word))
	}
	p.SetFont(fontFamily, "", tableFont)
	for _, v := range values {
		w = math.Max(w, p.GetStringWidth(v))
	}
	// fpdf's own cell margin comes off the width too when it wraps (SplitText, MultiCell).
	return w + 2*tablePad + 2*p.GetCellMargin() + 0.3
}

// table writes rows under a header that repeats on every page; cells wrap.
func (d *doc) table(cols []column, rows [][]cell) {
	p := d.pdf
	const fontSize, pad = tableFont, tablePad
	headerH := 0.0 // measured once, the same on every page
	header := func() {
		p.SetFont(fontFamily, "B", fontSize)
		p.SetFillColor(235, 240, 245)
		if headerH == 0 {
			for _, c := range cols {
				headerH = math.Max(headerH, float64(len(p.SplitText(c.title, c.w-2*pad)))*4.2)
			}
			headerH += 2 * pad
		}
		x, y := margin, p.GetY()
		for _, c := range cols {
			p.Rect(x, y, c.w, headerH, "FD")
			p.SetXY(x+pad, y+pad)
			p.MultiCell(c.w-2*pad, 4.2, c.title, "", c.align, false)
			x += c.w
		}
		p.SetXY(margin, y+headerH)
	}
	p.SetDrawColor(200, 205, 210)
	d.ensure(20)
	header()
	// Most cells repeat (a status, a phase): each text is measured once a column.
	type split struct {
		col  int
		text string
	}
	measured := map[split][]string{}
	for _, row := range rows {
		p.SetFont(fontFamily, "", fontSize)
		h := 0.0
		lines := make([][]string, len(cols))
		for i, c := range cols {
			if i < len(row) {
				measure := func(text string) []string {
					k := split{i, text}
					l, ok := measured[k]
					if !ok {
						l = p.SplitText(text, c.w-2*pad)
						measured[k] = l
					}
					return l
				}
				lines[i] = measure(row[i].text)
				if row[i].under != "" {
					lines[i] = append(slices.Clip(lines[i]), measure(row[i].under)...)
				}
			}
			h = math.Max(h, float64(max(len(lines[i]), 1))*4.2)
		}
		h += 2 * pad
		if p.GetY()+h > d.bottom() {
			d.newPage()
			header()
			p.SetFont(fontFamily, "", fontSize)
		}
		x, y := margin, p.GetY()
		for i, c := range cols {
			style := "D"
			if i < len(row) && row[i].fill != nil {
				f := row[i].fill
				p.SetFillColor(f.r, f.g, f.b)
				style = "FD"
			}
			p.Rect(x, y, c.w, h, style)
			for k, l := range lines[i] {
				p.SetXY(x+pad, y+pad+float64(k)*4.2)
				p.CellFormat(c.w-2*pad, 4.2, l, "", 0, c.align, false, 0, "")
			}
			x += c.w
		}
		p.SetXY(margin, y+h)
	}
	p.Ln(3)
}

// series of a chart: name, colour and one value per category.
type series struct {
	name   string
	color  rgb
	values []float64
}

// barChart draws bars as vector graphics: grouped, or stacked when asked.
func (d *doc) barChart(title string, categories []string, ss []series, stacked bool, format func(float64) string) {
	p := d.pdf
	const h = 60.0
	d.ensure(h + 30)
	d.h2(title)
	top := p.GetY()
	left, width := margin+22, contentW-24
	maxV := 0.0
	for i := range categories {
		sum := 0.0
		for _, s := range ss {
			if stacked {
				sum += s.values[i]
			} else {
				maxV = math.Max(maxV, s.values[i])
			}
		}
		maxV = math.Max(maxV, sum)
	}
	if maxV == 0 {
		maxV = 1
	}
	// Axis with three grid lines.
	p.SetFont(fontFamily, "", 7)
	p.SetDrawColor(210, 215, 220)
	for k := 0; k <= 3; k++ {
		v := maxV * float64(k) / 3
		y := top + h - h*float64(k)/3
		p.Line(left, y, left+width, y)
		p.SetXY(margin, y-2)
		p.CellFormat(21, 4, format(v), "", 0, "R", false, 0, "")
	}
	slot := width / float64(max(len(categories), 1))
	barW := slot * 0.7
	if !stacked && len(ss) > 0 {
		barW = slot * 0.8 / float64(len(ss))
	}
	for i, cat := range categories {
		x := left + float64(i)*slot + slot*0.1
		base := top + h
		for j, s := range ss {
			bh := h * s.values[i] / maxV
			p.SetFillColor(s.color.r, s.color.g, s.color.b)
			if stacked {
				base -= bh
				p.Rect(x+slot*0.05, base, barW, bh, "F")
			} else {
				p.Rect(x+float64(j)*barW, top+h-bh, barW, bh, "F")
			}
		}
		p.SetXY(left+float64(i)*slot, top+h+1)
		p.SetFont(fontFamily, "", 6.5)
		p.MultiCell(slot, 3, cat, "", "C", false)
	}
	d.legend(ss, top+h+10)
}

// lineChart draws lines as vector graphics.
func (d *doc) lineChart(title string, labels []string, ss []series, format func(float64) string) {
	p := d.pdf
	const h = 55.0
	d.ensure(h + 30)
	d.h2(title)
	top := p.GetY()
	left, width := margin+26, contentW-28
	maxV := 0.0
	for _, s := range ss {
		for _, v := range s.values {
			maxV = math.Max(maxV, v)
		}
	}
	if maxV == 0 {
		maxV = 1
	}
	p.SetFont(fontFamily, "", 7)
	p.SetDrawColor(210, 215, 220)
	for k := 0; k <= 3; k++ {
		y := top + h - h*float64(k)/3
		p.Line(left, y, left+width, y)
		p.SetXY(margin, y-2)
		p.CellFormat(25, 4, format(maxV*float64(k)/3), "", 0, "R", false, 0, "")
	}
	n := len(labels)
	step := width / float64(max(n-1, 1))
	for _, s := range ss {
		p.SetDrawColor(s.color.r, s.color.g, s.color.b)
		p.SetLineWidth(0.6)
		for i := 1; i < len(s.values); i++ {
			p.Line(left+float64(i-1)*step, top+h-h*s.values[i-1]/maxV, left+float64(i)*step, top+h-h*s.values[i]/maxV)
		}
	}
	p.SetLineWidth(0.2)
	p.SetFont(fontFamily, "", 6.5)
	for i := 0; i < n; i += max(1, n/6) {
		p.SetXY(left+float64(i)*step-12, top+h+1)
		p.CellFormat(24, 3, labels[i], "", 0, "C", false, 0, "")
	}
	d.legend(ss, top+h+6)
}

func (d *doc) legend(ss []series, y float64) {
	p := d.pdf
	x := margin + 22
	p.SetFont(fontFamily, "", 7.5)
	for _, s := range ss {
		p.SetFillColor(s.color.r, s.color.g, s.color.b)
		p.Rect(x, y+1, 3, 3, "F")
		p.SetXY(x+4, y)
		w := p.GetStringWidth(s.name) + 8
		p.CellFormat(w, 5, s.name, "", 0, "L", false, 0, "")
		x += w + 4
	}
	p.SetXY(margin, y+8)
}

func kr(v float64) string    { return locale.Kroner(int64(math.Round(v))) }
func count(v float64) string { return locale.Number(int64(math.Round(v))) }
