package data

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"

	"samla/models"
)

// loadDemoMaturity writes two maturity rounds a year apart (the second is
// open now, and a few municipalities have not answered it yet), a leader
// programme with participants from most municipalities, and signed intent
// agreements for the welfare-technology solutions.
func (tx *Tx) loadDemoMaturity(muns []models.Municipality) error {
	rng := rand.New(rand.NewPCG(29, uint64(len(muns))))
	today := models.DateOf(tx.db.Now().In(tx.db.location()))
	day := func(offset int) models.Date { return models.Date{Time: today.AddDate(0, 0, offset)} }
	last, err := tx.SaveMaturityRound(models.MaturityRound{Name: fmt.Sprintf("Modenhetsmåling %d", today.Year()-1), Year: today.Year() - 1,
		Opens: day(-385), Closes: day(-355)})
	if err != nil {
		return err
	}
	now, err := tx.SaveMaturityRound(models.MaturityRound{Name: fmt.Sprintf("Modenhetsmåling %d", today.Year()), Year: today.Year(),
		Opens: day(-20), Closes: day(6)})
	if err != nil {
		return err
	}
	areas := models.DefaultMaturityAreas()
	// Some areas are harder than others everywhere.
	areaShift := map[string]float64{"information_security": -0.4, "planning_building": -0.3, "user_centred": 0.2, "health_welfare": 0.3}
	for _, m := range muns {
		ready, ok := demoReadiness[m.Number]
		if !ok {
			ready = 0.3 + 0.5*rng.Float64()
		}
		before := models.MaturityAnswer{RoundID: last.ID, Municipality: m.Number, Scores: map[string]int{}, Comments: map[string]string{}}
		after := models.MaturityAnswer{RoundID: now.ID, Municipality: m.Number, Scores: map[string]int{}, Comments: map[string]string{}}
		for _, a := range areas {
			v := 1.2 + ready*3.0 + areaShift[a.ID] + rng.NormFloat64()*0.7
			s := min(max(int(v+0.5), 1), 5)
			before.Scores[a.ID] = s
			// A year on most hold or gain a level; a few slip back.
			change := 0
			switch r := rng.Float64(); {
			case r < 0.35+0.3*ready:
				change = 1
			case r > 0.95:
				change = -1
			}
			after.Scores[a.ID] = min(max(s+change, 1), 5)
		}
		after.Comments["digital_competence"] = "Ledere deltar i lederprogrammet for digital transformasjon."
		if _, err := tx.SetMaturityAnswer(before); err != nil {
			return fmt.Errorf("demo maturity %s: %w", m.Number, err)
		}
		// Træna (the demo contact's) and a few others have yet to answer.
		if m.Number == "1835" || m.Number == "1826" || rng.IntN(10) == 0 {
			continue
		}
		if _, err := tx.SetMaturityAnswer(after); err != nil {
			return fmt.Errorf("demo maturity %s: %w", m.Number, err)
		}
	}
	if err := tx.loadDemoCourses(rng, muns, today); err != nil {
		return err
	}
	return tx.loadDemoAgreements(rng, muns, today)
}

var (
	courseFirstNames = []string{"Kari", "Ola", "Ingrid", "Per", "Sigrid", "Lars", "Marit", "Jon", "Anne", "Erik", "Hilde", "Nils", "Tone", "Bjørn", "Randi", "Øystein", "Åse", "Mathias"}
	courseLastNames  = []string{"Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Berg", "Haugen", "Solberg"}
)

func (tx *Tx) loadDemoCourses(rng *rand.Rand, muns []models.Municipality, today models.Date) error {
	programme, err := tx.SaveCourse(models.Course{Title: "Lederprogram i digital transformasjon", Provider: "KS og Nord universitet", Kind: "programme",
		Start: models.Date{Time: today.AddDate(0, -10, 0)}, End: models.Date{Time: today.AddDate(0, 2, 0)}})
	if err != nil {
		return err
	}
	course, err := tx.SaveCourse(models.Course{Title: "Informasjonssikkerhet for ansatte", Provider: "Digitale Helgeland", Kind: "course",
		Start: models.Date{Time: today.AddDate(0, -3, 0)}, End: models.Date{Time: today.AddDate(0, -3, 1)}})
	if err != nil {
		return err
	}
	var leaders, staff []models.CourseParticipant
	seen := map[string]bool{}
	person := func(m models.Municipality, role string, done bool) models.CourseParticipant {
		for {
			name := courseFirstNames[rng.IntN(len(courseFirstNames))] + " " + courseLastNames[rng.IntN(len(courseLastNames))]
			email := strings.NewReplacer(" ", ".", "ø", "o", "å", "a", "æ", "ae", "Ø", "o", "Å", "a").Replace(strings.ToLower(name)) + "@k" + m.Number + ".example"
			if !seen[email] {
				seen[email] = true
				return models.CourseParticipant{Name: name, Email: email, Municipality: m.Number, Role: role, Completed: done}
			}
		}
	}
	for i, m := range muns {
		if i%7 == 3 {
			continue // most municipalities, not all
		}
		for range 1 + rng.IntN(3) {
			leaders = append(leaders, person(m, models.ParticipantLeader, rng.Float64() < 0.7))
		}
		if rng.IntN(3) == 0 {
			leaders = append(leaders, person(m, models.ParticipantEmployee, rng.Float64() < 0.5))
		}
		if i%2 == 0 {
			for range 2 + rng.IntN(4) {
				staff = append(staff, person(m, models.ParticipantEmployee, rng.Float64() < 0.85))
			}
		}
	}
	if err := tx.SetParticipants(programme.ID, leaders); err != nil {
		return err
	}
	return tx.SetParticipants(course.ID, staff)
}

// demoWelfareTechnology are the demo's welfare-technology solutions, rolled
// out under intent agreements.
var demoWelfareTechnology = []string{"Digital hjemmeoppfølging", "DigiHelse"}

func (tx *Tx) loadDemoAgreements(rng *rand.Rand, muns []models.Municipality, today models.Date) error {
	for _, name := range demoWelfareTechnology {
		sol, err := tx.SolutionByName(name)
		if err != nil {
			return err
		}
		for _, m := range muns {
			r, err := tx.Rollout(sol.ID, m.Number)
			if err != nil {
				return err
			}
			if r.Status == models.RolloutNotStarted || r.Status == models.RolloutNotRelevant {
				continue
			}
			signed := models.Date{Time: today.AddDate(0, 0, -60-rng.IntN(400))}
			id, err := tx.ArchiveReport(ArchivedReport{Kind: "agreement", Key: fmt.Sprintf("%d/%s", sol.ID, m.Number),
				Title: fmt.Sprintf("Intensjonsavtale %s – %s", sol.Name, m.Name), Filename: fmt.Sprintf("intensjonsavtale-%s.pdf", m.Number)},
				demoAgreementPDF(sol.Name, m.Name, signed))
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(tx.ctx, `UPDATE rollouts SET agreement_date = ?, agreement_archive_id = ? WHERE solution_id = ? AND municipality = ?`,
				signed.String(), id, sol.ID, m.Number); err != nil {
				return fmt.Errorf("data: demo agreement: %w", err)
			}
		}
	}
	return nil
}

// demoAgreementPDF is a one-page PDF standing in for a signed agreement.
func demoAgreementPDF(solution, municipality string, signed models.Date) []byte {
	ascii := strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "AE", "Ø", "O", "Å", "A", "–", "-", "(", "", ")", "")
	text := ascii.Replace(fmt.Sprintf("Intensjonsavtale: %s - %s, signert %s", solution, municipality, signed))
	stream := fmt.Sprintf("BT /F1 12 Tf 60 780 Td (%s) Tj ET", text)
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}
