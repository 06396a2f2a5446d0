package data

import (
	"fmt"
	"math/rand/v2"
	"time"

	"samla/models"
)

var demoMembers = []string{"Kari Kommunedirektør (Rana)", "Sigrid Styringsgruppe (Alstahaug)", "Tore Hansen (Vefsn)",
	"Marit Olsen (Brønnøy)", "Jon Nilsen (Hemnes)", "Lise Johansen (Træna)"}

// loadDemoSteering adds two years of steering-group meetings, about six a
// year, with numbered cases, decisions and action items; the meetings
// before the last are approved, the last held, the next planned. Decision
// needs in the latest status reports wait as pending cases.
func (tx *Tx) loadDemoSteering() error {
	rng := rand.New(rand.NewPCG(6, 2026))
	now := tx.db.Now().In(tx.db.location())
	today := models.DateOf(now)
	var projects []struct {
		id           int64
		title, phase string
	}
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, title, phase FROM projects ORDER BY id LIMIT 60`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p struct {
			id           int64
			title, phase string
		}
		if err := rows.Scan(&p.id, &p.title, &p.phase); err != nil {
			rows.Close()
			return err
		}
		projects = append(projects, p)
	}
	rows.Close()
	var procurements []struct {
		id    int64
		title string
	}
	rows, err = tx.QueryContext(tx.ctx, `SELECT id, title FROM procurements ORDER BY id LIMIT 20`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p struct {
			id    int64
			title string
		}
		if err := rows.Scan(&p.id, &p.title); err != nil {
			rows.Close()
			return err
		}
		procurements = append(procurements, p)
	}
	rows.Close()
	if len(projects) == 0 {
		return nil
	}
	first := time.Date(now.Year(), now.Month(), 12, 0, 0, 0, 0, time.UTC).AddDate(0, -22, 0)
	var dates []models.Date
	for d := first; d.Before(now.AddDate(0, 3, 0)); d = d.AddDate(0, 2, 0) {
		dates = append(dates, models.DateOf(d))
	}
	perYear := map[int]int{}
	for i, date := range dates {
		past := date.Before(today)
		perYear[date.Year()]++
		m := models.Meeting{Title: fmt.Sprintf("Styringsgruppemøte %d/%d", perYear[date.Year()], date.Year()), Date: date, Time: "10:00",
			Place: []string{"Mosjøen", "Mo i Rana", "Sandnessjøen", "Brønnøysund", "Teams"}[i%5], Status: models.MeetingPlanned}
		for k, name := range demoMembers {
			m.Participants = append(m.Participants, models.Participation{Name: name, Role: "member", Present: !past || (k+i)%5 != 0})
		}
		m.Participants = append(m.Participants, models.Participation{Name: "Per Programkontor", Role: "guest", Present: true})
		if !past {
			if _, err := tx.SaveMeeting(m); err != nil {
				return fmt.Errorf("demo meeting: %w", err)
			}
			continue // the next meeting's agenda is for the programme office to set
		}
		p := projects[(i*3)%len(projects)]
		cases := []models.Case{
			{Kind: "information", Title: "Orientering: status i porteføljen", Background: "Programkontoret orienterer om prosjekter med rød og gul status.",
				Decision: "Orienteringen tas til etterretning."},
			{Kind: "decision", Title: "Beslutningspunkt for " + p.title, ProjectID: p.id,
				Proposal: "Styringsgruppen godkjenner at prosjektet går videre til neste fase.",
				Decision: "Godkjent. Prosjektet går videre, og Træna og Vega tas med i neste pilot."},
		}
		if len(procurements) > 0 && i%2 == 0 {
			pr := procurements[(i/2)%len(procurements)]
			cases = append(cases, models.Case{Kind: "decision", Title: "Anskaffelsesstrategi: " + pr.title, ProcurementID: pr.id,
				Proposal: "Kostnadene fordeles med 30 % likt og 70 % etter innbyggertall.", Decision: "Vedtatt som foreslått."})
		}
		if i%3 == 1 {
			cases = append(cases, models.Case{Kind: "discussion", Title: "Drøfting: gevinstrealisering i kommunene",
				Background: "Gevinsteierne i kommunene rapporterer ulikt.", Decision: "Programkontoret lager felles mal for gevinstrapportering."})
		}
		status := models.MeetingApproved
		if i == len(dates)-1 || !dates[i+1].Before(today) {
			status = models.MeetingHeld
		}
		m, caseIDs, err := tx.demoHeldMeeting(m, cases, status)
		if err != nil {
			return err
		}
		for k := 0; k < 1+rng.IntN(2); k++ {
			due := models.Date{Time: date.AddDate(0, 1+rng.IntN(3), 0)}
			a := models.ActionItem{MeetingID: m.ID, CaseID: caseIDs[k%len(caseIDs)], Owner: []string{"Programleder", "Per Programkontor", "Kari Kommunedirektør"}[k%3],
				Description: []string{"Utarbeide felles mal for gevinstrapportering", "Avklare finansiering av neste fase", "Informere kommunestyrene"}[(i+k)%3], DueDate: due}
			if due.Before(today) && rng.IntN(3) > 0 {
				a.DoneDate = due
			}
			if _, err := tx.SaveAction(a); err != nil {
				return fmt.Errorf("demo action: %w", err)
			}
		}
	}
	// Decision needs in the latest reports wait as pending cases.
	rows, err = tx.QueryContext(tx.ctx, `SELECT r.project_id, r.period, r.decision_needed FROM status_reports r JOIN projects p ON p.id = r.project_id
		WHERE r.decision_needed <> '' AND r.period = p.latest_period LIMIT 8`)
	if err != nil {
		return err
	}
	var needs []models.StatusReport
	for rows.Next() {
		var r models.StatusReport
		if err := rows.Scan(&r.ProjectID, &r.Period, &r.DecisionNeeded); err != nil {
			rows.Close()
			return err
		}
		needs = append(needs, r)
	}
	rows.Close()
	for _, r := range needs {
		if err := tx.caseFromReport(r); err != nil {
			return err
		}
	}
	return nil
}
