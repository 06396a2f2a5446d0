package reports

import (
	"time"

	"samla/locale"
	"samla/models"
)

// PublicMinutes is the public copy of a meeting's approved minutes, built
// from the public types only: the meeting, and each case as the public may
// see it (an exempt case by its number, public title and legal basis). The
// names of those present are not in it.
func PublicMinutes(programme, lang string, loc *time.Location, generated time.Time, m models.PublicMeetingPage) ([]byte, error) {
	title := locale.T(lang, "pdf.minutes.title", m.Meeting.Title)
	d := newDoc(programme, title, locale.T(lang, "pub.minutes.subject"), lang, generated, loc)
	d.newPage()
	d.h1(title)
	d.facts([][2]string{
		{d.t("body.one"), m.Meeting.BodyName},
		{d.t("st.f.date"), locale.Date(m.Meeting.Date.Time) + " " + m.Meeting.Time},
		{d.t("st.f.place"), m.Meeting.Place},
		{d.t("proj.status"), d.t("mstatus." + m.Meeting.Status)},
	})
	for _, c := range m.Cases {
		if c.Exempt {
			t := c.Title
			if t == "" {
				t = d.t("pub.exempt")
			}
			d.h2(d.t("st.case", c.Number) + ": " + t)
			d.facts([][2]string{{d.t("pub.exempt.basis"), c.ExemptBasis}})
			continue
		}
		d.h2(d.t("st.case", c.Number) + ": " + c.Title)
		d.facts([][2]string{
			{d.t("st.f.kind"), d.t("ckind." + c.Kind)},
			{d.t("proj.status"), d.t(locale.CaseStatusKey(c.Kind, c.Status))},
			{d.t("st.f.proposal"), c.Proposal},
			{d.t("st.f.decision"), c.Decision},
		})
	}
	if len(m.Cases) == 0 {
		d.para(d.t("st.agenda.none"))
	}
	return d.bytes()
}
