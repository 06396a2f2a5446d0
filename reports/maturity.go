package reports

import (
	"context"
	"fmt"
	"strconv"

	"samla/data"
	"samla/locale"
	"samla/models"
)

// maturitySection is a municipality's målkort in its PDF: a chart and a
// table of its levels in the latest round beside the programme's median and
// its size band's, the change since the round before and the marked areas,
// and what its people took part in beside digital competence.
func (b *Builder) maturitySection(ctx context.Context, d *doc, number string) error {
	comp, err := b.DB.MunicipalityCompetence(ctx, number)
	if err != nil {
		return err
	}
	today := models.DateOf(b.DB.Now().In(d.loc))
	round, res, areas, ok, err := b.DB.LatestMaturity(ctx, today)
	if err != nil {
		return err
	}
	d.h2(d.t("pdf.maturity.title"))
	competence := d.t("comp.card.figures", comp.Participants, comp.Completed, comp.Leaders, comp.LeadersCompleted, comp.Employees)
	sc, found := res.ScorecardOf(number)
	if !ok || !found {
		d.para(d.t("mat.card.none"))
		d.h3(d.t("comp.card.title"))
		d.para(competence)
		return nil
	}
	lead := d.t("mat.card.lead", round.Name, d.t("mat.size."+sc.Band))
	if sc.Answered {
		lead += " " + d.t("mat.card.average", locale.Decimal(sc.Average, 1))
	} else {
		lead += " " + d.t("mat.card.not_answered")
	}
	d.para(lead)
	below := map[string]bool{}
	for _, id := range sc.BelowMedian {
		below[id] = true
	}
	var cats []string
	self := series{name: d.t("pdf.maturity.self"), color: chartColors["blue"]}
	median := series{name: d.t("pdf.maturity.median"), color: chartColors["grey"]}
	band := series{name: d.t("pdf.maturity.band") + " (" + d.t("mat.size."+sc.Band) + ")", color: chartColors["yellow"]}
	var rows [][]cell
	for i, a := range areas {
		cats = append(cats, strconv.Itoa(i+1))
		self.values = append(self.values, float64(sc.Scores[a.ID]))
		median.values = append(median.values, res.Median[a.ID])
		band.values = append(band.values, res.Bands[sc.Band][a.ID])
		level, change, marked := "–", "–", ""
		if s := sc.Scores[a.ID]; s != 0 {
			level = strconv.Itoa(s)
		}
		if c, has := sc.Change[a.ID]; has {
			change = fmt.Sprintf("%+d", c)
			if c == 0 {
				change = "0"
			}
		}
		mark := txt("")
		if below[a.ID] {
			marked = d.t("mat.below")
			f := statusFill["red"]
			mark = cell{text: marked, fill: &f}
		}
		name := fmt.Sprintf("%d. %s", i+1, a.Name)
		if a.ID == "digital_competence" {
			name += "\n" + d.t("comp.card.beside", comp.Participants, comp.Leaders, comp.Completed)
		}
		rows = append(rows, []cell{txt(name), txt(level), txt(locale.Decimal(res.Median[a.ID], 1)), txt(locale.Decimal(res.Bands[sc.Band][a.ID], 1)), txt(change), mark})
	}
	if sc.Answered {
		d.barChart(d.t("pdf.maturity.chart"), cats, []series{self, median, band}, false, func(v float64) string { return locale.Decimal(v, 1) })
	}
	d.table([]column{{d.t("mat.area"), 66, "L"}, {d.t("mat.level"), 14, "R"}, {d.t("mat.median"), 18, "R"}, {d.t("mat.band.short"), 28, "R"},
		{d.t("mat.change"), 18, "R"}, {d.t("mat.marked"), contentW - 144, "L"}}, rows)
	d.h3(d.t("comp.card.title"))
	d.para(competence)
	return nil
}

// MaturityReminders reminds the contacts of municipalities that have not
// answered an open round, a week before it closes: once per round and
// contact, however often the job runs (the outbox key says so).
func (s *Service) MaturityReminders(ctx context.Context) (int, error) {
	today := models.DateOf(s.DB.Now().In(s.Loc))
	due, err := s.DB.UnansweredContacts(ctx, today)
	if err != nil {
		return 0, err
	}
	var mails []data.OutgoingMail
	for _, d := range due {
		link := fmt.Sprintf("%s/maturity/rounds/%d/municipalities/%s", s.BaseURL, d.Round.ID, d.Municipality.Number)
		closes := locale.Date(d.Round.Closes.Time)
		mails = append(mails, data.OutgoingMail{Idem: fmt.Sprintf("maturity/%d/%s", d.Round.ID, d.Email), Kind: "reminder", Recipient: d.Email,
			Subject: locale.T("nb", "mail.maturity.subject", d.Round.Name, closes),
			Body:    locale.T("nb", "mail.maturity.body", d.Municipality.Name, d.Round.Name, closes, link)})
	}
	return s.enqueue(ctx, mails)
}
