package data

import (
	"fmt"
	"strings"

	"samla/models"
)

// demoIdea is an idea of the demo: its text, who wants it, its scores (one
// per default criterion, in order) and where it stands.
type demoIdea struct {
	models.Idea
	supporters []string
	scores     []int
	// project names an existing demo project the idea became (approved).
	project string
	// toCase puts the idea before the steering group (a pending case).
	toCase bool
}

var demoIdeas = []demoIdea{
	{Idea: models.Idea{Title: "Felles chatbot for innbyggerspørsmål", Need: "Servicetorgene får de samme spørsmålene om åpningstider, avfall og skjemaer hver dag.",
		Proposal: "En felles chatbot på alle kommunenes nettsider, trent på kommunenes egne svar.", ServiceArea: "administration", Municipality: "1833",
		ExpectedBenefits: "Færre telefoner til servicetorget\nSvar hele døgnet", EstimatedCostNOK: 650000, Status: models.IdeaPrioritised},
		supporters: []string{"1824", "1820", "1832", "1827"}, scores: []int{4, 4, 5, 4, 3, 3}, toCase: true},
	{Idea: models.Idea{Title: "Digital tilsynsrunde på natt i hjemmetjenesten", Need: "Nattevakter kjører langt for å se til brukere som sover.",
		Proposal: "Digitalt tilsyn med kamera eller sensor der bruker og pårørende samtykker.", ServiceArea: "health_care", Municipality: "1824",
		ExpectedBenefits: "Færre kjørte kilometer om natten\nBedre søvn for brukerne", EstimatedCostNOK: 1200000, Status: models.IdeaAssessing},
		supporters: []string{"1833", "1835", "1813"}, scores: []int{5, 4, 4, 5, 3, 2}},
	{Idea: models.Idea{Title: "Felles løsning for politiske møter", Need: "Hver kommune har sin egen møteportal med ulike lisenser.",
		Proposal: "Felles anskaffelse av møteportal med opptak og teksting.", ServiceArea: "administration", Municipality: "1820",
		ExpectedBenefits: "Lavere lisenskostnad", EstimatedCostNOK: 400000, Status: models.IdeaAssessing},
		supporters: []string{"1822"}, scores: []int{2, 4, 3, 2, 4, 4}},
	{Idea: models.Idea{Title: "Skoleskyss i appen", Need: "Foreldre ringer skolen for å høre om bussen er forsinket.",
		Proposal: "Sanntid for skoleskyss i en app sammen med fylkeskommunen.", ServiceArea: "education", Municipality: "1832",
		ExpectedBenefits: "Tryggere skolevei", EstimatedCostNOK: 250000, Status: models.IdeaSubmitted},
		supporters: []string{"1833"}},
	{Idea: models.Idea{Title: "Felles kurs i informasjonssikkerhet for ansatte", Need: "Mange ansatte har ikke tatt grunnkurs i informasjonssikkerhet.",
		Proposal: "Et felles e-læringskurs med oppfølging per kommune.", ServiceArea: "information_security", Municipality: "1835",
		ExpectedBenefits: "Færre sikkerhetsbrudd", EstimatedCostNOK: 150000, Status: models.IdeaSubmitted}},
	{Idea: models.Idea{Title: "Digital byggesøknad med veiledning", Need: "Halvparten av byggesøknadene er mangelfulle første gang.",
		Proposal: "Veiledning i søknaden som fanger opp manglene før den sendes.", ServiceArea: "planning_building", Municipality: "1833",
		ExpectedBenefits: "Færre mangelbrev\nKortere saksbehandlingstid", EstimatedCostNOK: 800000, Status: models.IdeaPrioritised},
		supporters: []string{"1824", "1820"}, scores: []int{4, 5, 3, 4, 4, 3}},
	{Idea: models.Idea{Title: "Felles vikarpool i barnehagene", Need: "Barnehagene bruker mye tid på å ringe rundt etter vikarer.",
		Proposal: "En felles vikarbank med SMS-utsending.", ServiceArea: "education", Municipality: "1813",
		ExpectedBenefits: "Mindre tid til å skaffe vikarer", EstimatedCostNOK: 300000, Status: models.IdeaRejected,
		StatusReason: "Avslått: løses bedre i hver kommunes eget personalsystem."},
		supporters: []string{"1822"}, scores: []int{2, 3, 2, 1, 3, 4}},
	{Idea: models.Idea{Title: "Droner til oppmåling", Need: "Oppmåling i utmark tar lang tid.",
		Proposal: "Felles droner og opplæring for oppmålingsingeniørene.", ServiceArea: "planning_building", Municipality: "1827",
		ExpectedBenefits: "Raskere oppmåling", EstimatedCostNOK: 500000, Status: models.IdeaParked,
		StatusReason: "Parkert til regelverket for droner i utmark er avklart."},
		scores: []int{2, 3, 1, 2, 2, 3}},
	{Idea: models.Idea{Title: "Selvbetjening for startlån", Need: "Søknader om startlån kommer på papir og mangler vedlegg.",
		Proposal: "Digital søknad med automatisk innhenting av inntekt.", ServiceArea: "social_services", Municipality: "1824",
		ExpectedBenefits: "Færre ufullstendige søknader", EstimatedCostNOK: 350000, Status: models.IdeaSubmitted},
		supporters: []string{"1835", "1820"}},
	{Idea: models.Idea{Title: "Felles journal for barnevernet", Need: "Barnevernet trenger et fagsystem som støtter ny lov.",
		Proposal: "Felles anskaffelse av fagsystem for barnevernet.", ServiceArea: "child_welfare", Municipality: "1820",
		ExpectedBenefits: "Ett fagsystem for alle", EstimatedCostNOK: 2500000, Status: models.IdeaAssessing},
		supporters: []string{"1824", "1833", "1832"}, scores: []int{4, 3, 4, 5, 2, 1}},
	{Idea: models.Idea{Title: "Felles mal for personvernkonsekvensvurdering", Need: "Hver kommune skriver sine egne DPIA-er for de samme systemene.",
		Proposal: "En felles mal og et bibliotek med ferdige vurderinger.", ServiceArea: "information_security", Municipality: "1813",
		ExpectedBenefits: "Mindre dobbeltarbeid", EstimatedCostNOK: 80000, Status: models.IdeaAssessing},
		supporters: []string{"1811", "1812"}, scores: []int{3, 4, 4, 3, 5, 5}},
}

// loadDemoIdeas gives the demo its ideas in every state (two of them
// approved into projects the demo has), checklists on every project in
// line with its phase, and the lessons the projects behind the solutions
// have shared.
func (tx *Tx) loadDemoIdeas() error {
	criteria, err := ideaCriteria(tx.ctx, tx)
	if err != nil {
		return err
	}
	today := models.DateOf(tx.db.Now().In(tx.db.location()))
	ideas := append([]demoIdea(nil), demoIdeas...)
	// The two approved ideas are projects the demo has in concept and planning.
	for _, phase := range []string{models.PhaseConcept, models.PhasePlanning} {
		var id int64
		var title, desc, area, lead string
		err := tx.QueryRowContext(tx.ctx, `SELECT id, title, description, service_area, lead_municipality FROM projects WHERE phase = ? AND archived = 0 ORDER BY id LIMIT 1`, phase).
			Scan(&id, &title, &desc, &area, &lead)
		if err != nil {
			continue // a scale without such a project
		}
		ideas = append(ideas, demoIdea{Idea: models.Idea{Title: title, Need: firstLine(desc, title), ServiceArea: area, Municipality: lead,
			Status: models.IdeaApproved, StatusReason: "Godkjent av styringsgruppen og startet som prosjekt."}, scores: []int{5, 4, 4, 4, 4, 3}, project: title})
	}
	for n, d := range ideas {
		i := d.Idea
		status := i.Status
		i.Status = models.IdeaSubmitted
		if _, err := getMunicipality(tx.ctx, tx, i.Municipality); err != nil {
			continue // a smaller scale without the municipality
		}
		i.SubmittedBy = "kommunekontakt@samla.example"
		created, err := tx.CreateIdea(i)
		if err != nil {
			return fmt.Errorf("demo idea %s: %w", i.Title, err)
		}
		for k, m := range d.supporters {
			if _, err := getMunicipality(tx.ctx, tx, m); err != nil {
				continue
			}
			date := models.Date{Time: today.AddDate(0, 0, -40+5*k-n)}
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO idea_supporters (idea_id, municipality, name, email, date) VALUES (?, ?, ?, ?, ?)`,
				created.ID, m, "Kommunedirektøren", "", date.String()); err != nil {
				return fmt.Errorf("demo idea supporters: %w", err)
			}
		}
		for k, sc := range d.scores {
			if k < len(criteria) {
				if _, err := tx.ExecContext(tx.ctx, `INSERT INTO idea_scores (idea_id, criterion_id, score) VALUES (?, ?, ?)`, created.ID, criteria[k].ID, sc); err != nil {
					return fmt.Errorf("demo idea scores: %w", err)
				}
			}
		}
		var projectID any
		if d.project != "" {
			p, err := tx.ProjectByTitle(d.project)
			if err != nil {
				return err
			}
			projectID = p.ID
			if _, err := tx.ExecContext(tx.ctx, `UPDATE projects SET idea_id = ? WHERE id = ?`, created.ID, p.ID); err != nil {
				return err
			}
		}
		created.CreatedAt = tx.db.Now().AddDate(0, 0, -60+3*n)
		if _, err := tx.ExecContext(tx.ctx, `UPDATE ideas SET status = ?, status_reason = ?, project_id = ?, created_at = ? WHERE id = ?`,
			status, i.StatusReason, projectID, created.CreatedAt.UTC().Format(timeLayout), created.ID); err != nil {
			return err
		}
		if d.toCase {
			full, err := tx.idea(created.ID)
			if err != nil {
				return err
			}
			c, err := tx.CreateCase(models.Case{Kind: "decision", Status: models.CasePending, IdeaID: full.ID, Title: "Idé: " + full.Title,
				Background: ideaBackground(full), Proposal: ideaProposal(full)}, fmt.Sprintf("idea:%d", full.ID))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(tx.ctx, `UPDATE ideas SET case_id = ? WHERE id = ?`, c.ID, full.ID); err != nil {
				return err
			}
		}
	}
	if err := tx.demoChecklists(); err != nil {
		return err
	}
	return tx.demoLessons(today)
}

func firstLine(s, fallback string) string {
	s = strings.TrimSpace(strings.SplitN(s, "\n", 2)[0])
	if s == "" {
		return fallback
	}
	return s
}

// phaseIndexSQL numbers a phase column in the order of the checklist phases.
func phaseIndexSQL(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for n, ph := range models.ChecklistPhases {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", ph, n)
	}
	fmt.Fprintf(&b, " WHEN 'done' THEN %d ELSE -1 END", len(models.ChecklistPhases))
	return b.String()
}

// demoChecklists gives every project its checklist: the phases behind it
// done (a document link, or not relevant for some optional items), and
// in the current phase about half of the items done.
func (tx *Tx) demoChecklists() error {
	item, proj := phaseIndexSQL("i.phase"), phaseIndexSQL("(SELECT phase FROM projects WHERE id = i.project_id)")
	for _, q := range []string{
		`INSERT INTO checklist_items (project_id, phase, title, mandatory, position) SELECT p.id, t.phase, t.title, t.mandatory, t.position
			FROM projects p, checklist_template t WHERE p.phase <> 'cancelled'`,
		`UPDATE checklist_items AS i SET status = 'done', url = 'https://dokumenter.samla.example/prosjekt/' || i.project_id || '/' || i.id,
			done_by = 'programkontor@samla.example', done_at = ? WHERE ` + item + ` < ` + proj + ` AND (i.mandatory = 1 OR i.id % 3 <> 0)`,
		`UPDATE checklist_items AS i SET status = 'not_relevant', reason = 'Ikke aktuelt for dette prosjektet', done_by = 'programkontor@samla.example', done_at = ?
			WHERE ` + item + ` < ` + proj + ` AND i.mandatory = 0 AND i.id % 3 = 0`,
		`UPDATE checklist_items AS i SET status = 'done', url = 'https://dokumenter.samla.example/prosjekt/' || i.project_id || '/' || i.id,
			done_by = 'prosjektleder@samla.example', done_at = ? WHERE ` + item + ` = ` + proj + ` AND (i.id + i.project_id) % 2 = 0`,
	} {
		args := []any{}
		if strings.Contains(q, "done_at = ?") {
			args = append(args, tx.now)
		}
		if _, err := tx.ExecContext(tx.ctx, q, args...); err != nil {
			return fmt.Errorf("demo checklists: %w", err)
		}
	}
	return nil
}

// demoLesson is a lesson a project behind a solution shared.
var demoLessonTexts = []struct{ title, description, consequence, recommendation string }{
	{"Opplæring før oppstart", "De ansatte trengte mer tid til å øve enn planlagt.", "Oppstarten ble utsatt to uker.", "Sett av øvingstid i turnusen før løsningen tas i bruk."},
	{"Avklar databehandleravtalen tidlig", "Databehandleravtalen med leverandøren tok tre måneder.", "Pilotkommunen måtte vente.", "Start arbeidet med databehandleravtalen samtidig med anskaffelsen."},
	{"En superbruker i hver kommune", "Kommunene med en utpekt superbruker kom raskest i gang.", "Færre henvendelser til leverandøren.", "Utpek en superbruker før innføringen starter."},
}

// demoLessons logs, for each solution a project rolled out, shared
// lessons on the project tied to the solution, and an unshared event.
func (tx *Tx) demoLessons(today models.Date) error {
	rows, err := tx.QueryContext(tx.ctx, `SELECT s.id, s.project_id FROM solutions s WHERE s.project_id IS NOT NULL ORDER BY s.id`)
	if err != nil {
		return fmt.Errorf("demo lessons: %w", err)
	}
	type pair struct{ solution, project int64 }
	var pairs []pair
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.solution, &p.project); err != nil {
			rows.Close()
			return err
		}
		pairs = append(pairs, p)
	}
	rows.Close()
	for n, p := range pairs {
		for k := 0; k < 2; k++ {
			l := demoLessonTexts[(n+k)%len(demoLessonTexts)]
			if _, err := tx.SaveLogEntry(models.LogEntry{ProjectID: p.project, Kind: "lesson", Title: l.title, Description: l.description,
				Consequence: l.consequence, Recommendation: l.recommendation, SolutionIDs: []int64{p.solution}, Shared: true,
				Author: "prosjektleder@samla.example", Date: models.Date{Time: today.AddDate(0, -3*k-n%4, 0)}}); err != nil {
				return fmt.Errorf("demo lesson: %w", err)
			}
		}
		if _, err := tx.SaveLogEntry(models.LogEntry{ProjectID: p.project, Kind: "event", Title: "Styringsgruppen godkjente faseovergang",
			SolutionIDs: []int64{}, Author: "programkontor@samla.example", Date: models.Date{Time: today.AddDate(0, -5, 0)}}); err != nil {
			return fmt.Errorf("demo log: %w", err)
		}
	}
	return nil
}
