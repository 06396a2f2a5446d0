package data

import (
	"time"

	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"

	"samla/models"
)

// demoProject is the seed of a demo project; the generator adds dates,
// participants, history, milestones and risks.
type demoProject struct {
	title, description, area, phase, lead, national string
	budget                                          int64
}

// helgelandProjects are realistic projects of a regional programme.
var helgelandProjects = []demoProject{
	{"Digital hjemmeoppfølging", "Innbyggere med kroniske sykdommer følges opp hjemme med nettbrett og målinger. Pilot i Rana og Vefsn, deretter alle kommuner.", "health_care", models.PhaseExecution, "1833", "Digihelse", 4_800_000},
	{"Digitalt tilsyn i sykehjem", "Sensorer og kamera med samtykke erstatter fysiske nattrunder der det er forsvarlig.", "health_care", models.PhaseRealisation, "1824", "", 3_200_000},
	{"Innføring av KS Fiks-plattformen", "SvarUt, SvarInn og Fiks protokoll tas i bruk i alle fagsystemer som støtter det.", "administration", models.PhaseExecution, "1820", "KS Fiks", 1_500_000},
	{"Felles sak- og arkivsystem", "Felles løsning for sak og arkiv med Noark 5-kjerne og avlevering til IKA.", "administration", models.PhasePlanning, "1833", "", 9_500_000},
	{"Felles styringssystem for informasjonssikkerhet", "Felles ISMS, risikovurderinger og opplæring etter NSMs grunnprinsipper.", "information_security", models.PhaseExecution, "1813", "", 2_100_000},
	{"Skatteetatens datadelingstjeneste i sosialtjenesten", "NAV-kontorene henter inntekts- og skatteopplysninger digitalt ved søknad om økonomisk sosialhjelp.", "social_services", models.PhaseExecution, "1832", "Skatteetatens datadelingstjeneste", 850_000},
	{"Felles læringsplattform for grunnskolen", "Én læringsplattform for alle skolene, med innlogging gjennom Feide.", "education", models.PhaseExecution, "1824", "Feide", 5_400_000},
	{"Chatbot for innbyggerdialog", "Digital assistent som svarer på vanlige spørsmål på kommunenes nettsider døgnet rundt.", "administration", models.PhaseConcept, "1820", "", 600_000},
	{"Elektronisk pasientjournal i pleie og omsorg", "Ny felles journalløsning for helse og omsorg med integrasjon mot kjernejournal.", "health_care", models.PhasePlanning, "1833", "Kjernejournal", 12_000_000},
	{"DigiBarnevern", "Nytt fagsystem for barnevernet gjennom KS' nasjonale samarbeid.", "child_welfare", models.PhaseExecution, "1824", "DigiBarnevern", 2_700_000},
	{"Digital byggesøknad", "Innbyggere og næringsliv søker byggetillatelse digitalt, med automatisk kontroll av søknaden.", "planning_building", models.PhaseExecution, "1813", "Fellestjenester BYGG", 1_900_000},
	{"Digital post til innbyggere", "Utgående brev sendes til digital postkasse; papir bare til dem som har reservert seg.", "administration", models.PhaseDone, "1820", "Digipost", 400_000},
	{"Felles identitets- og tilgangsstyring", "Felles katalog, tofaktor og automatisk tildeling og fjerning av tilganger.", "information_security", models.PhasePlanning, "1833", "ID-porten", 3_600_000},
	{"Skoleadministrativt system", "Felles system for elevadministrasjon, fravær og vurdering.", "education", models.PhaseConcept, "1832", "", 2_400_000},
	{"Digital søknad om barnehageplass", "Søknad, tilbud og svar på barnehageplass skjer digitalt.", "education", models.PhaseRealisation, "1824", "ID-porten", 350_000},
	{"Robotisert fakturabehandling", "Programvareroboter kontrollerer og konterer inngående faktura.", "administration", models.PhaseRealisation, "1833", "", 900_000},
	{"Felles økonomisystem (ERP)", "Utrede felles økonomi- og lønnssystem for alle kommunene i Helgeland.", "administration", models.PhaseIdea, "1824", "", 0},
	{"Digital triage i legevakt", "Innbyggere beskriver symptomer digitalt før de ringer legevakten.", "health_care", models.PhaseIdea, "1813", "Helsenorge", 0},
	{"Kjernejournal i kommunene", "Sykehjem og hjemmetjenester får lesetilgang til kjernejournal.", "health_care", models.PhaseClosing, "1820", "Kjernejournal", 700_000},
	{"E-resept i sykehjem og hjemmetjeneste", "Legemidler forskrives og ekspederes elektronisk også for pasienter i kommunale tjenester.", "health_care", models.PhaseExecution, "1833", "e-resept", 1_300_000},
	{"Digitalt planregister og kartforvaltning", "Planer og kart gjøres søkbare og maskinlesbare etter nasjonal produktspesifikasjon.", "planning_building", models.PhasePlanning, "1820", "Geonorge", 1_100_000},
	{"Digital søknad om sosialhjelp", "Søknad om økonomisk sosialhjelp sendes digitalt gjennom Digisos.", "social_services", models.PhaseDone, "1832", "Digisos", 300_000},
	{"Digital kompetanse for ledere", "Lederprogram om tjenesteinnovasjon, gevinstrealisering og informasjonssikkerhet.", "other", models.PhaseExecution, "1815", "", 800_000},
	{"Felles personvernombud og internkontroll", "Ett personvernombud og felles internkontroll for personopplysninger.", "information_security", models.PhaseRealisation, "1811", "", 500_000},
	{"Innbyggerportal Min side", "Felles innbyggerportal; stoppet etter at nasjonale løsninger dekket behovet.", "administration", models.PhaseCancelled, "1833", "", 1_200_000},
	{"Krisevarsling til innbyggere", "Varsling på SMS og e-post ved kriser og driftsavbrudd, med oppslag i Kontakt- og reservasjonsregisteret.", "other", models.PhaseClosing, "1835", "Kontakt- og reservasjonsregisteret", 250_000},
}

var demoMilestones = []string{"Behov og mål avklart", "Anskaffelse gjennomført", "Pilot startet", "Pilot evaluert", "Opplæring gjennomført", "Alle kommuner i drift", "Sluttrapport levert"}

var demoRisks = []struct{ title, mitigation string }{
	{"Leverandøren leverer for sent", "Dagbøter i kontrakten og ukentlige statusmøter."},
	{"Lav bruk blant ansatte", "Superbrukere i hver kommune og opplæring før oppstart."},
	{"Integrasjon mot fagsystem fungerer ikke", "Test integrasjonen i pilot før utrulling."},
	{"Mangelfull risikovurdering av personvern", "DPIA før pilot; personvernombudet involveres."},
	{"Kommunene prioriterer ikke ressurser", "Forankring i styringsgruppen og rådmannsmøtet."},
	{"Kostnadene øker", "Månedlig kostnadsoppfølging og endringslogg."},
}

var demoComments = map[string][]string{
	"green":  {"Går etter plan.", "Ingen avvik.", "Leveransene er i rute."},
	"yellow": {"Noe forsinket, tiltak er satt inn.", "Avhengig av leverandøren; følges tett.", "Litt over budsjett hittil."},
	"red":    {"Vesentlig forsinket. Ny plan legges fram.", "Kostnadene er over rammen.", "Kritisk avhengighet er ikke løst."},
}

// demoLeaders are project leaders besides the demo leader account; they all
// share one demo password.
var demoLeaderNames = []string{"Tor Tjenesteutvikler", "Ingrid Innovasjon", "Ola Omsorg", "Siri Skole", "Knut Kart", "Mona Markussen", "Erik Eriksen", "Hanne Hansen"}

// demoScale says how big the portfolio is at each scale.
type demoScale struct {
	projects, months int
}

var demoScales = map[string]demoScale{
	ScaleHelgeland: {len(helgelandProjects), 24},
	ScaleNordland:  {70, 36},
	ScaleNational:  {5000, 60},
}

// loadDemoProjects writes the demo portfolio with prepared statements: fast
// enough for the national scale (5 000 projects, 60 months of history).
func (tx *Tx) loadDemoProjects(scale string, muns []models.Municipality, leaderHash string) error {
	sc := demoScales[scale]
	rng := rand.New(rand.NewPCG(2020, uint64(len(muns))))
	now := tx.db.Now().In(tx.db.location())
	due := models.LastClosedPeriod(now)

	leaderIDs, err := tx.demoLeaders(scale, leaderHash, max(len(demoLeaderNames), sc.projects/8))
	if err != nil {
		return err
	}
	insProject, err := tx.PrepareContext(tx.ctx, `INSERT INTO projects (title, description, service_area, phase, lead_municipality, leader_id,
		budget_nok, start_date, end_date, national_solution, search, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insProject.Close()
	insPart, err := tx.PrepareContext(tx.ctx, `INSERT INTO project_municipalities (project_id, municipality) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer insPart.Close()
	insReport, err := tx.PrepareContext(tx.ctx, `INSERT INTO status_reports (project_id, period, overall, time, cost, quality, risk, benefits,
		overall_comment, time_comment, cost_comment, progress_pct, spent_nok, forecast_nok, summary, next_steps, decision_needed, reported_by, reported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insReport.Close()
	insMilestone, err := tx.PrepareContext(tx.ctx, `INSERT INTO milestones (project_id, title, due_date, done_date) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insMilestone.Close()
	insRisk, err := tx.PrepareContext(tx.ctx, `INSERT INTO risks (project_id, title, probability, consequence, mitigation, owner, open) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insRisk.Close()

	for i := 0; i < sc.projects; i++ {
		seed := helgelandProjects[i%len(helgelandProjects)]
		lead := seed.lead
		title := seed.title
		if i >= len(helgelandProjects) {
			lead = muns[rng.IntN(len(muns))].Number
			title = fmt.Sprintf("%s – %s %d", seed.title, nameOf(muns, lead), i/len(helgelandProjects)+1)
		}
		// History length: projects further along have reported longer.
		months := 6 + rng.IntN(sc.months-5)
		switch seed.phase {
		case models.PhaseIdea:
			months = 0
		case models.PhaseConcept:
			months = min(months, 4)
		}
		start := due.Add(-months).Start()
		if months == 0 {
			start = now.AddDate(0, 2, 0)
		}
		end := start.AddDate(1+rng.IntN(3), rng.IntN(12), 0)
		if seed.phase == models.PhaseDone || seed.phase == models.PhaseCancelled || seed.phase == models.PhaseRealisation {
			end = due.Add(-1-rng.IntN(3)).Start().AddDate(0, 1, -1)
		}
		leader := leaderIDs[i%len(leaderIDs)]
		budget := seed.budget
		if i >= len(helgelandProjects) {
			budget = seed.budget/2 + int64(rng.IntN(40))*50_000
		}
		res, err := insProject.ExecContext(tx.ctx, title, seed.description, seed.area, seed.phase, lead, leader, budget,
			start.Format("2006-01-02"), end.Format("2006-01-02"), seed.national,
			models.Fold(title+"\n"+seed.description+"\n"+seed.national), tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("demo project %q: %w", title, err)
		}
		id, _ := res.LastInsertId()
		for _, m := range demoParticipants(rng, muns, lead) {
			if _, err := insPart.ExecContext(tx.ctx, id, m); err != nil {
				return err
			}
		}
		total := max(months, int(end.Sub(start).Hours()/24/30))
		if err := tx.demoHistory(rng, insReport, id, leader, due, months, total, budget, seed.phase); err != nil {
			return err
		}
		for k, t := range demoMilestones[:3+rng.IntN(3)] {
			dueDate := start.AddDate(0, (k+1)*max(months, 6)/5, 0)
			var done any
			if dueDate.Before(now) && rng.IntN(5) > 0 {
				done = dueDate.AddDate(0, 0, rng.IntN(20)-5).Format("2006-01-02")
			}
			if _, err := insMilestone.ExecContext(tx.ctx, id, t, dueDate.Format("2006-01-02"), done); err != nil {
				return err
			}
		}
		for k := 0; k < 1+rng.IntN(3); k++ {
			r := demoRisks[(i+k)%len(demoRisks)]
			if _, err := insRisk.ExecContext(tx.ctx, id, r.title, 1+rng.IntN(5), 1+rng.IntN(5), r.mitigation, "Prosjektleder", boolInt(rng.IntN(4) > 0)); err != nil {
				return err
			}
		}
		if err := tx.refreshLatest(id); err != nil {
			return err
		}
	}
	return tx.Audit("demo", scale, "load", nil, map[string]int{"projects": sc.projects})
}

func nameOf(muns []models.Municipality, number string) string {
	for _, m := range muns {
		if m.Number == number {
			return m.Name
		}
	}
	return number
}

// demoParticipants picks the lead and a few (sometimes all) municipalities.
func demoParticipants(rng *rand.Rand, muns []models.Municipality, lead string) []string {
	out := []string{lead}
	if len(muns) <= 16 && rng.IntN(3) == 0 {
		for _, m := range muns {
			if m.Number != lead {
				out = append(out, m.Number)
			}
		}
		return out
	}
	for _, k := range rng.Perm(len(muns))[:min(len(muns), 2+rng.IntN(8))] {
		if muns[k].Number != lead {
			out = append(out, muns[k].Number)
		}
	}
	return out
}

// demoHistory writes monthly reports up to the due month; about one in
// eight projects in a reporting phase leaves the last month out, so that
// some show as missing once the deadline has passed.
func (tx *Tx) demoHistory(rng *rand.Rand, ins *sql.Stmt, id, leader int64, due models.Period, months, total int, budget int64, phase string) error {
	if months == 0 {
		return nil
	}
	last := due
	if rng.IntN(8) == 0 && oneOfPhase(phase, models.ReportingPhases) {
		last = due.Add(-1)
	}
	if !oneOfPhase(phase, models.ReportingPhases) {
		last = due.Add(-rng.IntN(3))
	}
	level := rng.IntN(3) // 0 green, 1 yellow, 2 red: a random walk, mostly green
	forecast := budget + budget*int64(rng.IntN(30)-10)/100
	for k := months - 1; k >= 0; k-- {
		period := last.Add(-k)
		switch r := rng.IntN(10); {
		case r < 2 && level > 0:
			level--
		case r == 9 && level < 2:
			level++
		case r < 5 && level > 0:
			level--
		}
		overall := models.RAG[level]
		dim := func() string { return models.RAG[max(0, min(2, level+rng.IntN(3)-1))] }
		progress := min(100, (months-k)*100/total)
		spent := budget * int64(progress) / 100 * int64(90+rng.IntN(25)) / 100
		comments := demoComments[overall]
		decision := ""
		if overall == models.StatusRed && k == 0 {
			decision = "Styringsgruppen bes ta stilling til revidert plan og budsjett."
		}
		// A month's report arrives between the 1st and the deadline day of
		// the next month, and never after the moment the demo is made: a
		// report not in yet is not there.
		arrived := tx.demoArrival(period, rng)
		if arrived.After(tx.db.Now()) {
			continue
		}
		reportedAt := arrived.UTC().Format(timeLayout)
		if _, err := ins.ExecContext(tx.ctx, id, string(period), overall, dim(), dim(), dim(), dim(), dim(),
			comments[rng.IntN(len(comments))], "", "", progress, spent, forecast,
			"Arbeidet i måneden: møter med leverandør, opplæring og testing.", "Fortsette etter planen.", decision,
			leader, reportedAt); err != nil {
			return fmt.Errorf("demo report: %w", err)
		}
	}
	return nil
}

func oneOfPhase(p string, list []string) bool {
	for _, x := range list {
		if p == x {
			return true
		}
	}
	return false
}

// demoLeaders makes n project leaders: the demo leader account first, then
// others sharing one password hash (made once: hashing is slow by design).
func (tx *Tx) demoLeaders(scale, hash string, n int) ([]int64, error) {
	var first int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT id FROM users WHERE email = 'prosjektleder@samla.example'`).Scan(&first); err != nil {
		return nil, fmt.Errorf("demo leader: %w", err)
	}
	ids := []int64{first}
	for i := 0; len(ids) < n; i++ {
		name := demoLeaderNames[i%len(demoLeaderNames)]
		if i >= len(demoLeaderNames) {
			name = fmt.Sprintf("%s %d", name, i/len(demoLeaderNames)+1)
		}
		email := strings.ToLower(strings.NewReplacer(" ", ".", "ø", "o", "å", "a", "æ", "ae").Replace(name)) + "@samla.example"
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO users (email, name, role, lang, password_hash, created_at, updated_at)
			VALUES (?, ?, 'leader', 'nb', ?, ?, ?)`, email, name, hash, tx.now, tx.now)
		if err != nil {
			return nil, fmt.Errorf("demo leader %s: %w", email, err)
		}
		id, _ := res.LastInsertId()
		ids = append(ids, id)
	}
	return ids, nil
}

// demoArrival is when a month's report came in: on one of the days from the
// 1st to the deadline day of the next month, in working hours, in the
// programme's time zone.
func (tx *Tx) demoArrival(period models.Period, rng *rand.Rand) time.Time {
	next := period.Add(1).Start()
	day := rng.IntN(models.DefaultSettings().ReportDeadlineDay)
	return time.Date(next.Year(), next.Month(), 1+day, 8+rng.IntN(8), rng.IntN(60), 0, 0, tx.db.location())
}
