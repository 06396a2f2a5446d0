package data

import (
	"fmt"
	"math/rand/v2"

	"samla/models"
)

// demoSolutions are real national and regional solutions that Norwegian
// municipalities take into use; spread is how far the rollout has come
// across the country (0 … 1), project the demo project that rolls it out.
var demoSolutions = []struct {
	models.Solution
	spread  float64
	project string
}{
	{models.Solution{Name: "KS Fiks SvarUt og SvarInn", Kind: "national", Owner: "KS", ServiceArea: "administration", URL: "https://www.ks.no/fagomrader/digitalisering/felleslosninger/",
		Description: "Sending og mottak av digital post mellom forvaltning og innbyggere."}, 0.95, "Innføring av KS Fiks-plattformen"},
	{models.Solution{Name: "Digipost og e-Boks", Kind: "national", Owner: "Digdir", ServiceArea: "administration", URL: "https://www.digdir.no/",
		Description: "Digital postkasse til innbyggere."}, 0.9, "Digital post til innbyggere"},
	{models.Solution{Name: "Helsenorge", Kind: "national", Owner: "Norsk helsenett", ServiceArea: "health_care", URL: "https://www.helsenorge.no/",
		Description: "Dialog med fastlege og kommunale helse- og omsorgstjenester."}, 0.8, "Digital triage i legevakt"},
	{models.Solution{Name: "Kjernejournal", Kind: "national", Owner: "Norsk helsenett", ServiceArea: "health_care", URL: "https://www.nhn.no/",
		Description: "Lesetilgang til kjernejournal i sykehjem og hjemmetjeneste."}, 0.75, "Kjernejournal i kommunene"},
	{models.Solution{Name: "E-resept i sykehjem", Kind: "national", Owner: "Norsk helsenett", ServiceArea: "health_care",
		Description: "Elektronisk forskrivning og ekspedering for pasienter i kommunale tjenester."}, 0.6, "E-resept i sykehjem og hjemmetjeneste"},
	{models.Solution{Name: "DigiHelse", Kind: "national", Owner: "KS", ServiceArea: "health_care",
		Description: "Innbyggerdialog i helse og omsorg gjennom Helsenorge."}, 0.55, ""},
	{models.Solution{Name: "Digital hjemmeoppfølging", Kind: "regional", Owner: "Digitale Helgeland", ServiceArea: "health_care",
		Description: "Oppfølging av kronisk syke hjemme med nettbrett og målinger."}, 0.35, "Digital hjemmeoppfølging"},
	{models.Solution{Name: "Digisos", Kind: "national", Owner: "NAV og KS", ServiceArea: "social_services",
		Description: "Digital søknad om økonomisk sosialhjelp."}, 0.85, "Digital søknad om sosialhjelp"},
	{models.Solution{Name: "DigiBarnevern", Kind: "national", Owner: "KS", ServiceArea: "child_welfare",
		Description: "Nytt fagsystem og digitale tjenester i barnevernet."}, 0.4, "DigiBarnevern"},
	{models.Solution{Name: "eByggesak", Kind: "national", Owner: "DiBK", ServiceArea: "planning_building",
		Description: "Digital byggesøknad med automatisk kontroll."}, 0.45, "Digital byggesøknad"},
	{models.Solution{Name: "Digitalt planregister", Kind: "national", Owner: "Kartverket", ServiceArea: "planning_building",
		Description: "Planer søkbare og maskinlesbare etter nasjonal produktspesifikasjon."}, 0.5, "Digitalt planregister og kartforvaltning"},
	{models.Solution{Name: "Visma Flyt Skole", Kind: "local", Owner: "Visma", ServiceArea: "education",
		Description: "Skoleadministrativt system: elevadministrasjon, fravær og vurdering."}, 0.5, "Skoleadministrativt system"},
	{models.Solution{Name: "Feide", Kind: "national", Owner: "Sikt", ServiceArea: "education", URL: "https://www.feide.no/",
		Description: "Pålogging for elever og lærere."}, 0.9, "Felles læringsplattform for grunnskolen"},
	{models.Solution{Name: "Felles krisevarsling", Kind: "regional", Owner: "Digitale Helgeland", ServiceArea: "other",
		Description: "Varsling på SMS og e-post ved kriser og driftsavbrudd."}, 0.65, "Krisevarsling til innbyggere"},
	{models.Solution{Name: "Felles ISMS", Kind: "regional", Owner: "Digitale Helgeland", ServiceArea: "information_security",
		Description: "Felles styringssystem for informasjonssikkerhet."}, 0.55, "Felles styringssystem for informasjonssikkerhet"},
}

// demoReadiness is how far ahead a Helgeland municipality is: Rana and
// Vefsn lead, Træna and Hattfjelldal are clearly behind.
var demoReadiness = map[string]float64{"1833": 0.9, "1824": 0.85, "1820": 0.75, "1813": 0.7, "1832": 0.65, "1826": 0.3, "1835": 0.25}

// loadDemoRollout writes the solutions and two years of rollout history for
// every member municipality: each row moves not started → planned (in a
// wave) → in progress → in use on backdated days, so the matrix can be seen
// as of any day, and some planned dates have passed without an update.
func (tx *Tx) loadDemoRollout(muns []models.Municipality) error {
	rng := rand.New(rand.NewPCG(13, uint64(len(muns))))
	today := models.DateOf(tx.db.Now().In(tx.db.location()))
	day := func(daysAgo int) models.Date { return models.Date{Time: today.AddDate(0, 0, -daysAgo)} }
	readiness := map[string]float64{}
	for _, m := range muns {
		r, ok := demoReadiness[m.Number]
		if !ok {
			r = 0.4 + 0.35*rng.Float64()
			if rng.IntN(12) == 0 {
				r = 0.2 // a few more fall behind at larger scales
			}
		}
		readiness[m.Number] = r
	}
	for _, d := range demoSolutions {
		s := d.Solution
		if d.project != "" {
			if p, err := tx.ProjectByTitle(d.project); err == nil {
				s.ProjectID = p.ID
			}
		}
		saved, err := tx.SaveSolution(s)
		if err != nil {
			return fmt.Errorf("demo solution %s: %w", s.Name, err)
		}
		for _, m := range muns {
			if err := tx.demoRolloutRow(rng, saved.ID, m.Number, d.spread, readiness[m.Number], day); err != nil {
				return fmt.Errorf("demo rollout %s/%s: %w", s.Name, m.Number, err)
			}
		}
	}
	return nil
}

func (tx *Tx) demoRolloutRow(rng *rand.Rand, solution int64, mun string, spread, ready float64, day func(int) models.Date) error {
	p := 0.7*spread + 0.55*ready - 0.3 + 0.2*(rng.Float64()-0.5)
	set := func(status, wave string, planned models.Date, daysAgo int) error {
		r := models.Rollout{SolutionID: solution, Municipality: mun, Status: status, Wave: wave, PlannedDate: planned}
		if status == models.RolloutInUse {
			r.InUseDate = day(daysAgo)
		}
		_, err := tx.setRolloutFrom(r, day(daysAgo))
		return err
	}
	switch {
	case rng.IntN(25) == 0:
		return set(models.RolloutNotRelevant, "", models.Date{}, 500+rng.IntN(200))
	case p > 0.5: // in use, the readier the earlier
		inUse := 30 + int((p-0.5)*1200) + rng.IntN(60)
		inUse = min(inUse, 700)
		wave := "Pilot"
		if inUse < 400 {
			wave = "Pulje 1"
		}
		if err := set(models.RolloutPlanned, wave, day(inUse-20), inUse+150); err != nil {
			return err
		}
		if err := set(models.RolloutInProgress, wave, day(inUse-20), inUse+60); err != nil {
			return err
		}
		return set(models.RolloutInUse, wave, day(inUse-20), inUse)
	case p > 0.3: // in progress; some planned dates have passed
		planned := day(-30 - rng.IntN(200))
		if rng.IntN(4) == 0 {
			planned = day(20 + rng.IntN(60))
		}
		if err := set(models.RolloutPlanned, "Pulje 2", planned, 200+rng.IntN(200)); err != nil {
			return err
		}
		return set(models.RolloutInProgress, "Pulje 2", planned, 100+rng.IntN(90))
	case p > 0.15:
		return set(models.RolloutPlanned, "Pulje 3", day(-90-rng.IntN(300)), 60+rng.IntN(300))
	}
	return nil // not started: no row
}
