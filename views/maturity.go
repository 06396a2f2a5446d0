package views

import (
	"html/template"
	"strconv"
	"strings"

	"samla/locale"
	"samla/models"
)

// MaturityCard is a municipality's målkort for the municipality page and
// its PDF: the latest round's scores beside the medians, and what its
// people took part in.
type MaturityCard struct {
	Round      models.MaturityRound
	HasRound   bool
	Card       models.Scorecard
	Rows       []MaturityCardRow
	Competence models.Competence
	Lang       string
}

// MaturityCardRow is one area of the målkort, with where its bar and
// median marks go in the chart.
type MaturityCardRow struct {
	Area               models.MaturityArea
	Score              int
	Median, BandMedian float64
	Change             int
	HasChange, Below   bool
	Competence         bool // the area of digital competence: the course figures go beside it
	ScoreW, MedianX    float64
	BandX, Y2          float64
}

// Placed is the row as the i-th of the chart: where its bar and marks go.
func (r MaturityCardRow) Placed(i int) MaturityCardRow {
	y := float64(i) * cardRowH
	r.ScoreW, r.MedianX, r.BandX, r.Y2 = float64(r.Score)*cardLevelW, cardBarX+r.Median*cardLevelW, cardBarX+r.BandMedian*cardLevelW, y+16
	return r
}

// T translates for the målkort's partial.
func (m MaturityCard) T(key string, args ...any) string { return locale.T(m.Lang, key, args...) }

// Chart geometry: a bar of 52 units per level from x 330, a row of 22.
const (
	cardBarX, cardLevelW, cardRowH = 330.0, 52.0, 22.0
)

// ChartHeight is the height of the chart.
func (m MaturityCard) ChartHeight() float64 { return float64(len(m.Rows)) * cardRowH }

// ChartRows are the chart's bars and median marks, a group of four
// shapes for each area.
func (m MaturityCard) ChartRows() template.HTML {
	var b strings.Builder
	for i := range m.Rows {
		r := &m.Rows[i]
		y := num(float64(i) * cardRowH)
		put(&b, "\n  <text x=\"0\" y=\"", y, "\" dy=\"11\" font-size=\"10\">", esc(r.Area.Name), "</text>\n  <rect x=\"330\" y=\"", y, "\" width=\"", num(r.ScoreW), "\" height=\"14\" fill=\"#1e6fb8\"")
		if r.Below {
			b.WriteString(" stroke=\"#b3261e\" stroke-width=\"2\"")
		}
		put(&b, "></rect>\n  <line x1=\"", num(r.MedianX), "\" x2=\"", num(r.MedianX), "\" y1=\"", y, "\" y2=\"", num(r.Y2), "\" stroke=\"#222\" stroke-width=\"3\"></line>\n", "  <line x1=\"", num(r.BandX), "\" x2=\"", num(r.BandX), "\" y1=\"", y, "\" y2=\"", num(r.Y2), "\" stroke=\"#c47a00\" stroke-width=\"3\" stroke-dasharray=\"3 2\"></line>\n  ")
	}
	return template.HTML(b.String())
}

// TableRows are the målkort's areas as table rows: level, medians, change.
func (m MaturityCard) TableRows() template.HTML {
	return rows(m.Rows, 200, func(b *strings.Builder, r *MaturityCardRow) {
		if r.Below {
			b.WriteString("<tr class=\"app-below\">")
		} else {
			b.WriteString("<tr>")
		}
		put(b, "<td>", esc(r.Area.Name))
		if r.Competence {
			c := m.Competence
			put(b, "<br><span class=\"app-hint\">", esc(m.T("comp.card.beside", c.Participants, c.Leaders, c.Completed)), "</span>")
		}
		change := strconv.Itoa(r.Change)
		if r.Change > 0 {
			change = "+" + change
		}
		below := ""
		if r.Below {
			below = esc(m.T("mat.below"))
		}
		put(b, "</td><td class=\"app-num\">", orDash(r.Score != 0, strconv.Itoa(r.Score)), "</td><td class=\"app-num\">", esc(locale.Decimal(r.Median, 1)), "</td><td class=\"app-num\">", orDash(r.BandMedian != 0, esc(locale.Decimal(r.BandMedian, 1))), "</td><td class=\"app-num\">", orDash(r.HasChange, change), "</td><td>", below, "</td></tr>")
	})
}

// num is a number as a template prints it (%v).
func num(v float64) string { return esc(strconv.FormatFloat(v, 'g', -1, 64)) }
