package data

import (
	"fmt"
	"math/rand/v2"

	"samla/models"
)

// loadDemoMoney writes populations for 2024–2026 (each municipality's
// changes a little each year), the members' contribution for each of those
// years (30 % equally, the rest by population), grants — skjønnsmidler from
// Statsforvalteren every year, one from DigiFin, one rejected, one applied
// for — and co-funding of a few projects.
func (tx *Tx) loadDemoMoney(muns []models.Municipality) error {
	rng := rand.New(rand.NewPCG(14, uint64(len(muns))))
	today := models.DateOf(tx.db.Now().In(tx.db.location()))
	year := today.Year()
	// This year's populations are the register's; earlier years differ a little.
	for _, m := range muns {
		m.Member, m.PopulationDate = true, models.MustDate(fmt.Sprintf("%d-01-01", year))
		if err := tx.UpdateMunicipality(m); err != nil {
			return fmt.Errorf("demo population %s: %w", m.Number, err)
		}
		pop := m.Population
		for y := year - 1; y >= year-2; y-- {
			pop -= pop * int64(rng.IntN(41)-22) / 1000 // −2.2 % … +1.8 % a year
			if err := tx.setPopulation(m.Number, y, pop); err != nil {
				return err
			}
		}
	}
	key := models.CostKey{EqualPct: 30, Basis: models.BasisPopulation}
	for y, total := range map[int]int64{year - 2: 1_200_000, year - 1: 1_300_000, year: 1_400_000} {
		if _, err := tx.SetContribution(models.Contribution{Year: y, TotalNOK: total * int64(max(1, len(muns)/16)), CostKey: key}); err != nil {
			return fmt.Errorf("demo contribution %d: %w", y, err)
		}
	}
	date := func(days int) models.Date { return models.Date{Time: today.AddDate(0, 0, days)} }
	project := func(title string) []int64 {
		if p, err := tx.ProjectByTitle(title); err == nil {
			return []int64{p.ID}
		}
		return []int64{}
	}
	grants := []models.Grant{
		{Funder: "Statsforvalteren i Nordland", Scheme: "skjonnsmidler", Title: fmt.Sprintf("Skjønnsmidler %d: Digitale Helgeland", year-2),
			AppliedNOK: 4_500_000, GrantedNOK: 4_000_000, AppliedDate: date(-780), DecisionDate: date(-700), Status: "closed",
			Conditions: "Rapport med regnskap innen 1. mars året etter.", ReportDue: date(-270), ReportedDate: date(-280),
			ProjectIDs: project("Digital hjemmeoppfølging")},
		{Funder: "Statsforvalteren i Nordland", Scheme: "skjonnsmidler", Title: fmt.Sprintf("Skjønnsmidler %d: Digitale Helgeland", year-1),
			AppliedNOK: 4_500_000, GrantedNOK: 4_000_000, AppliedDate: date(-420), DecisionDate: date(-340), Status: "granted",
			Conditions: "Rapport med regnskap og gevinstrealisering.", ReportDue: date(20), ProjectIDs: project("Digitalt tilsyn i sykehjem")},
		{Funder: "Statsforvalteren i Nordland", Scheme: "skjonnsmidler", Title: fmt.Sprintf("Skjønnsmidler %d: Digitale Helgeland", year),
			AppliedNOK: 5_000_000, GrantedNOK: 4_000_000, AppliedDate: date(-60), DecisionDate: date(-20), Status: "granted",
			ReportDue: date(400), ProjectIDs: project("Innføring av KS Fiks-plattformen")},
		{Funder: "KS DigiFin", Scheme: "digifin", Title: "DigiFin: felles barnevernsløsning", AppliedNOK: 1_500_000, GrantedNOK: 1_200_000,
			AppliedDate: date(-400), DecisionDate: date(-330), Status: "granted", ReportDue: date(120), ProjectIDs: project("DigiBarnevern")},
		{Funder: "Helsedirektoratet", Scheme: "helseteknologi", Title: "Helseteknologiordningen: digital hjemmeoppfølging", AppliedNOK: 900_000,
			AppliedDate: date(-200), DecisionDate: date(-120), Status: "rejected", ProjectIDs: project("Digital hjemmeoppfølging")},
		{Funder: "Statsforvalteren i Nordland", Scheme: "skjonnsmidler", Title: fmt.Sprintf("Skjønnsmidler %d: søknad", year+1),
			AppliedNOK: 5_000_000, AppliedDate: date(-25), Status: "applied", ProjectIDs: project("Felles sak- og arkivsystem")},
	}
	ids := map[string]int64{}
	for _, g := range grants {
		saved, err := tx.SaveGrant(g)
		if err != nil {
			return fmt.Errorf("demo grant %s: %w", g.Title, err)
		}
		ids[g.Scheme+fmt.Sprint(g.DecisionDate.Year())] = saved.ID
	}
	funding := map[string][]models.Funding{
		"Digitalt tilsyn i sykehjem": {
			{Year: year - 1, Source: "grant", AmountNOK: 1_500_000, GrantID: ids[fmt.Sprintf("skjonnsmidler%d", date(-340).Year())]},
			{Year: year - 1, Source: "municipalities", AmountNOK: 600_000, CostKey: key},
			{Year: year, Source: "municipalities", AmountNOK: 450_000, CostKey: key},
		},
		"Innføring av KS Fiks-plattformen": {
			{Year: year, Source: "grant", AmountNOK: 1_000_000, GrantID: ids[fmt.Sprintf("skjonnsmidler%d", date(-20).Year())]},
			{Year: year, Source: "municipalities", AmountNOK: 300_000, CostKey: models.CostKey{EqualPct: 100, Basis: models.BasisPopulation}},
		},
		"DigiBarnevern": {
			{Year: year, Source: "grant", AmountNOK: 1_200_000, GrantID: ids[fmt.Sprintf("digifin%d", date(-330).Year())]},
			{Year: year, Source: "municipalities", AmountNOK: 800_000, CostKey: key},
			{Year: year, Source: "other", AmountNOK: 250_000, Note: "Egeninnsats fra Vefsn kommune"},
		},
	}
	for title, rows := range funding {
		p, err := tx.ProjectByTitle(title)
		if err != nil {
			continue // not at this scale
		}
		if err := tx.SetProjectFunding(p.ID, rows); err != nil {
			return fmt.Errorf("demo funding %s: %w", title, err)
		}
	}
	return nil
}
