package data

import (
	"fmt"
	"strings"
	"time"

	"samla/models"
)

// demoHeldMeeting records a meeting that took place: its cases numbered on
// the agenda and decided as given, then the meeting marked with status.
// It returns the meeting and its cases' ids in order.
func (tx *Tx) demoHeldMeeting(m models.Meeting, cases []models.Case, status string) (models.Meeting, []int64, error) {
	m.Status = models.MeetingPlanned
	m, err := tx.SaveMeeting(m)
	if err != nil {
		return m, nil, fmt.Errorf("demo meeting: %w", err)
	}
	var ids []int64
	for _, cs := range cases {
		cs.MeetingID, cs.BodyID, cs.Status = m.ID, m.BodyID, models.CaseOnAgenda
		decision := cs.Decision
		cs.Decision = ""
		created, err := tx.CreateCase(cs, "")
		if err != nil {
			return m, nil, fmt.Errorf("demo case: %w", err)
		}
		created.Decision = decision
		if _, err := tx.ExecContext(tx.ctx, `UPDATE cases SET status = 'decided', decision = ?, decided_at = ?, search = ? WHERE id = ?`,
			decision, m.Date.Time.Add(12*time.Hour).Format(timeLayout), caseSearch(&created), created.ID); err != nil {
			return m, nil, err
		}
		ids = append(ids, created.ID)
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE meetings SET status = ? WHERE id = ?`, status, m.ID); err != nil {
		return m, nil, err
	}
	return m, ids, nil
}

// demoGroup is a professional group of the demo: its members come from
// some of the municipalities, so the municipality pages show where one has
// nobody.
type demoGroup struct {
	name, mandate string
	muns          []string
	topics        []string
}

var demoGroups = []demoGroup{
	{"Faggruppe helse", "Samordner innføringen av nasjonale e-helseløsninger (kjernejournal, e-resept, pasientens legemiddelliste, helsenettet) og velferdsteknologi i kommunene, og gir styringsgruppen råd om prioriteringer.",
		[]string{"1833", "1824", "1820", "1813", "1832", "1818", "1825", "1828"}, []string{"Pasientens legemiddelliste", "Digitalt tilsyn og trygghetsskapende teknologi", "Meldingsutveksling med fastleger"}},
	{"Faggruppe oppvekst", "Samarbeider om digitale løsninger i skole og barnehage: læringsplattform, personvern i skolen og digital kompetanse for lærere.",
		[]string{"1833", "1824", "1820", "1812", "1811", "1827"}, []string{"Felles læringsplattform", "Personvern i skolen", "Skjermbruk og digital dømmekraft"}},
	{"Faggruppe plan og bygg", "Samordner digital byggesak, planregister og matrikkelføring, og følger nasjonale krav fra Kartverket og DiBK.",
		[]string{"1833", "1824", "1820", "1813", "1822", "1815"}, []string{"Digital byggesøknad", "Felles planregister", "Matrikkel og adressering"}},
	{"Faggruppe informasjonssikkerhet", "Følger opp felles styringssystem for informasjonssikkerhet, risikovurderinger og avvik, og øver på hendelser sammen.",
		[]string{"1833", "1824", "1820", "1813", "1832", "1826", "1835", "1816"}, []string{"Felles risikovurdering av skytjenester", "Beredskapsøvelse mot løsepengevirus", "Avviksrapportering"}},
}

var demoFirstNames = []string{"Anne", "Bjørn", "Camilla", "Dag", "Eva", "Frode", "Guro", "Håkon", "Ingrid", "Jens", "Kristin", "Lars", "Mona", "Nils", "Oda", "Pål"}

// loadDemoBodies adds Helgeland's bodies besides the steering group: the
// representative council with a member from every municipality, four
// professional groups, members in the steering group, the year plan, two
// years of meetings, a membership decision, and a recommendation from the
// health group that went to the steering group.
func (tx *Tx) loadDemoBodies() error {
	now := tx.db.Now().In(tx.db.location())
	today := models.DateOf(now)
	founded := models.MustDate("2020-01-01")
	names := map[string]string{}
	rows, err := tx.QueryContext(tx.ctx, `SELECT number, name FROM municipalities ORDER BY number`)
	if err != nil {
		return err
	}
	var muns []string
	for rows.Next() {
		var nr, name string
		if err := rows.Scan(&nr, &name); err != nil {
			rows.Close()
			return err
		}
		muns = append(muns, nr)
		names[nr] = strings.SplitN(name, " (", 2)[0]
	}
	rows.Close()
	if len(muns) > 40 {
		return nil // the bodies are Helgeland's; the larger scales are for speed
	}
	slug := func(nr string) string { return asciiName(names[nr]) }

	// The steering group: directors from six municipalities, the programme office as secretary.
	steeringID, err := steeringBody(tx.ctx, tx)
	if err != nil {
		return err
	}
	steering, err := tx.body(steeringID)
	if err != nil {
		return err
	}
	steering.Members = []models.BodyMember{
		{UserEmail: "kommunedirektor@samla.example", Role: "chair", From: founded},
		{UserEmail: "styringsgruppe@samla.example", Role: "member", From: founded},
		{Name: "Tore Hansen", Email: "tore.hansen@vefsn.kommune.no", Municipality: "1824", Role: "member", From: founded},
		{Name: "Marit Olsen", Email: "marit.olsen@bronnoy.kommune.no", Municipality: "1813", Role: "member", From: founded},
		{Name: "Jon Nilsen", Email: "jon.nilsen@hemnes.kommune.no", Municipality: "1832", Role: "member", From: founded},
		{Name: "Lise Johansen", Email: "lise.johansen@trena.kommune.no", Municipality: "1835", Role: "member", From: models.MustDate("2022-04-01")},
		{Name: "Arne Berg", Email: "arne.berg@alstahaug.kommune.no", Municipality: "1820", Role: "member", From: founded, To: models.MustDate("2023-12-31")},
		{UserEmail: "programkontor@samla.example", Role: "secretary", From: founded},
	}
	if _, err := tx.SaveBody(steering, true); err != nil {
		return fmt.Errorf("demo steering members: %w", err)
	}

	// The council: the mayor of every municipality; Træna joined in 2022.
	council := models.Body{Name: "Representantskapet", Kind: "council",
		Mandate: "Samarbeidets øverste organ etter kommuneloven § 18-1. Vedtar årsbudsjett, årsregnskap og årsmelding, tar opp nye medlemmer og velger styringsgruppe."}
	for _, nr := range muns {
		role, from := "member", founded
		if nr == "1835" {
			from = models.MustDate("2022-04-01")
		}
		if nr == "1833" {
			role = "chair"
		}
		council.Members = append(council.Members, models.BodyMember{Name: "Ordfører i " + names[nr], Email: "ordforer@" + slug(nr) + ".kommune.no",
			Municipality: nr, Role: role, From: from})
	}
	council.Members = append(council.Members, models.BodyMember{UserEmail: "programkontor@samla.example", Role: "secretary", From: founded})
	council, err = tx.SaveBody(council, true)
	if err != nil {
		return fmt.Errorf("demo council: %w", err)
	}
	// Two years of council meetings: accounts in March, budget in December.
	var membership int64
	for year := now.Year() - 2; year <= now.Year(); year++ {
		for _, mm := range []struct {
			month time.Month
			title string
			cases []models.Case
		}{
			{time.March, "Representantskapets vårmøte", []models.Case{
				{Kind: "decision", Title: fmt.Sprintf("Årsregnskap og årsmelding %d", year-1), Proposal: "Representantskapet godkjenner årsregnskap og årsmelding.", Decision: "Godkjent som fremlagt."},
				{Kind: "information", Title: "Status i porteføljen", Decision: "Orienteringen tas til etterretning."}}},
			{time.December, "Representantskapets budsjettmøte", []models.Case{
				{Kind: "decision", Title: fmt.Sprintf("Budsjett og handlingsplan %d", year+1), Proposal: "Budsjettet vedtas med kostnadsfordeling 30 % likt og 70 % etter innbyggertall.", Decision: "Vedtatt som foreslått."}}},
		} {
			date := models.DateOf(time.Date(year, mm.month, 15, 0, 0, 0, 0, time.UTC))
			if !date.Before(today) {
				if _, err := tx.SaveMeeting(models.Meeting{BodyID: council.ID, Title: mm.title, Date: date, Time: "12:00", Place: "Mosjøen"}); err != nil {
					return err
				}
				continue
			}
			if year == now.Year()-2 && mm.month == time.March {
				mm.cases = append(mm.cases, models.Case{Kind: "decision", Title: "Opptak av Træna kommune som medlem",
					Proposal: "Træna kommune tas opp som medlem fra 1. april.", Decision: "Træna kommune er tatt opp som medlem fra 1. april."})
			}
			var present []models.Participation
			for i, m := range council.Members {
				present = append(present, models.Participation{Name: m.Name, Role: "member", Present: (i+year)%6 != 0})
			}
			_, ids, err := tx.demoHeldMeeting(models.Meeting{BodyID: council.ID, Title: mm.title, Date: date, Time: "12:00", Place: "Mosjøen", Participants: present}, mm.cases, models.MeetingApproved)
			if err != nil {
				return err
			}
			if len(ids) == 3 {
				membership = ids[2]
			}
		}
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE municipalities SET member_from = ? WHERE member = 1`, founded.String()); err != nil {
		return err
	}
	if membership != 0 {
		if _, err := tx.ExecContext(tx.ctx, `UPDATE municipalities SET member_from = '2022-04-01', member_case_id = ? WHERE number = '1835'`, membership); err != nil {
			return err
		}
	}

	// Four professional groups, meeting every quarter.
	var healthCase int64
	for g, dg := range demoGroups {
		b := models.Body{Name: dg.name, Kind: "working_group", Mandate: dg.mandate}
		for i, nr := range dg.muns {
			role := "member"
			if i == 0 {
				role = "chair"
			}
			first := demoFirstNames[(g*5+i)%len(demoFirstNames)]
			b.Members = append(b.Members, models.BodyMember{Name: first + " " + names[nr], Email: asciiName(first) + "@" + slug(nr) + ".kommune.no",
				Municipality: nr, Role: role, From: models.MustDate("2021-01-01")})
		}
		b.Members = append(b.Members, models.BodyMember{UserEmail: "programkontor@samla.example", Role: "secretary", From: models.MustDate("2021-01-01")})
		b, err := tx.SaveBody(b, true)
		if err != nil {
			return fmt.Errorf("demo group: %w", err)
		}
		start := time.Date(now.Year()-2, time.February, 5+g*3, 0, 0, 0, 0, time.UTC)
		for k := 0; ; k++ {
			date := models.DateOf(start.AddDate(0, 3*k, 0))
			title := fmt.Sprintf("Møte i %s", strings.ToLower(dg.name[:1])+dg.name[1:])
			if !date.Before(today) {
				if _, err := tx.SaveMeeting(models.Meeting{BodyID: b.ID, Title: title, Date: date, Time: "09:00", Place: "Teams"}); err != nil {
					return err
				}
				break
			}
			topic := dg.topics[k%len(dg.topics)]
			var present []models.Participation
			for i, m := range b.Members {
				present = append(present, models.Participation{Name: m.Name, Role: "member", Present: (i+k)%4 != 0})
			}
			_, ids, err := tx.demoHeldMeeting(models.Meeting{BodyID: b.ID, Title: title, Date: date, Time: "09:00", Place: "Teams", Participants: present}, []models.Case{
				{Kind: "discussion", Title: topic, Background: "Erfaringer fra kommunene.", Decision: "Faggruppen følger opp i neste møte."},
				{Kind: "information", Title: "Nytt fra nasjonale myndigheter", Decision: "Tatt til orientering."},
			}, models.MeetingApproved)
			if err != nil {
				return err
			}
			if g == 0 {
				healthCase = ids[0]
			}
		}
	}
	// The health group's latest recommendation waits for the steering group.
	if healthCase != 0 {
		if _, err := tx.ExecContext(tx.ctx, `UPDATE cases SET kind = 'decision', title = 'Anbefaling: felles plattform for digitalt tilsyn',
			decision = 'Faggruppen anbefaler at kommunene anskaffer én felles plattform for digitalt tilsyn, med oppstart i Rana og Vefsn.' WHERE id = ?`, healthCase); err != nil {
			return err
		}
		from, err := getCase(tx.ctx, tx, healthCase)
		if err != nil {
			return err
		}
		if _, err := tx.CreateCase(models.Case{BodyID: steeringID, ReferredFromID: from.ID, Kind: "decision", Status: models.CasePending, Title: from.Title,
			Background: fmt.Sprintf("Innstilling fra %s i sak %s.", from.BodyName, from.Number), Proposal: from.Decision}, ""); err != nil {
			return err
		}
	}
	// The year plan.
	for _, it := range []models.YearPlanItem{
		{Month: 1, BodyID: steeringID, Title: "Rullering av porteføljen", Kind: "decision"},
		{Month: 3, BodyID: council.ID, Title: "Årsregnskap og årsmelding", Kind: "decision"},
		{Month: 6, BodyID: steeringID, Title: "Porteføljegjennomgang og gevinstrapport", Kind: "decision"},
		{Month: 9, BodyID: steeringID, Title: "Status for innføringen i kommunene", Kind: "information"},
		{Month: 10, BodyID: steeringID, Title: "Søknader om skjønnsmidler", Kind: "decision"},
		{Month: 12, BodyID: council.ID, Title: "Budsjett og handlingsplan", Kind: "decision"},
		{Month: 2, BodyID: tx.bodyIDByName("Faggruppe informasjonssikkerhet"), Title: "Gjennomgang av risikovurderinger", Kind: "discussion"},
	} {
		if _, err := tx.SaveYearPlanItem(it); err != nil {
			return fmt.Errorf("demo year plan: %w", err)
		}
	}
	return nil
}

// asciiName is a name as the local part or domain of a municipal
// address: lower case, æ/ø/å spelt out, no spaces.
func asciiName(s string) string {
	return strings.NewReplacer("ø", "o", "æ", "ae", "å", "a", " ", "").Replace(strings.ToLower(s))
}

// bodyIDByName returns the id of a demo body by name (0 if it is not there).
func (tx *Tx) bodyIDByName(name string) int64 {
	var id int64
	tx.QueryRowContext(tx.ctx, `SELECT id FROM bodies WHERE name = ?`, name).Scan(&id)
	return id
}
