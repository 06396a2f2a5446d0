package data_test

import (
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"samla/data"
	"samla/models"
)

// oldDemo copies the Helgeland demo database as samla wrote it before the
// bodies (migration 011; made by `samla demo` at commit 2d3b7c5).
func oldDemo(t *testing.T) string {
	t.Helper()
	f, err := os.Open("testdata/demo-011.db.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "samla.db")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// steeringRows reads the steering group's record as plain rows, the same
// before and after the migration: meetings with participants, cases with
// their numbers and decisions, action items.
func steeringRows(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	for _, q := range []string{
		`SELECT 'meeting', id, date, time, title, place, status FROM meetings`,
		`SELECT 'participant', meeting_id, name, role, present, '', '' FROM meeting_participants`,
		`SELECT 'case', id, coalesce(seq || '/' || year, ''), title, status, coalesce(meeting_id, ''), decision FROM cases`,
		`SELECT 'case_links', id, coalesce(project_id, ''), coalesce(procurement_id, ''), coalesce(decided_at, ''), background, proposal FROM cases`,
		`SELECT 'action', id, meeting_id, coalesce(case_id, ''), description, owner, due_date || '/' || coalesce(done_date, '') FROM action_items`,
		`SELECT 'phase', id, project_id, to_phase, coalesce(case_id, ''), reason, '' FROM phase_changes`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			v := make([]any, 7)
			ptr := make([]any, 7)
			for i := range v {
				ptr[i] = &v[i]
			}
			if err := rows.Scan(ptr...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(v...))
		}
		rows.Close()
	}
	slices.Sort(out)
	return out
}

func TestMigrationMovesSteeringGroupIntoBody(t *testing.T) {
	ctx := context.Background()
	path := oldDemo(t)
	before := steeringRows(t, path)
	if len(before) < 50 {
		t.Fatalf("the old demo has too little steering data: %d rows", len(before))
	}
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if after := steeringRows(t, path); !slices.Equal(before, after) {
		for i := range min(len(before), len(after)) {
			if before[i] != after[i] {
				t.Fatalf("row %d changed:\n before %s\n after  %s", i, before[i], after[i])
			}
		}
		t.Fatalf("rows: %d before, %d after", len(before), len(after))
	}
	bodies, err := db.Bodies(ctx)
	if err != nil || len(bodies) != 1 || bodies[0].Kind != "steering_group" {
		t.Fatalf("bodies after migration = %+v, %v", bodies, err)
	}
	steering := bodies[0].ID
	all, _ := db.Meetings(ctx, 0)
	own, _ := db.Meetings(ctx, steering)
	if len(all) == 0 || len(all) != len(own) || own[0].BodyName != bodies[0].Name {
		t.Fatalf("meetings: %d in all, %d of the steering group", len(all), len(own))
	}
	decided, _ := db.Cases(ctx, data.CaseFilter{Status: models.CaseDecided, BodyID: steering})
	allDecided, _ := db.Cases(ctx, data.CaseFilter{Status: models.CaseDecided})
	if len(decided) == 0 || len(decided) != len(allDecided) || decided[0].BodyID != steering {
		t.Fatalf("decision log: %d of the body, %d in all", len(decided), len(allDecided))
	}
	// The numbering goes on where it was: the next case of the year is the
	// one after the last.
	last := 0
	year := own[0].Date.Year()
	for _, c := range allDecided {
		if c.Year == year && c.Seq > last {
			last = c.Seq
		}
	}
	m, err := db.SaveMeeting(ctx, models.System, models.Meeting{BodyID: steering, Title: "Nytt møte", Date: own[0].Date})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.CreateCase(ctx, models.System, models.Case{MeetingID: m.ID, Title: "Ny sak"})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d/%d", last+1, year); c.Number != want {
		t.Fatalf("next number = %s, want %s", c.Number, want)
	}
}

func newBody(t *testing.T, db *data.DB, name, kind string) models.Body {
	t.Helper()
	b, err := db.SaveBody(context.Background(), models.System, models.Body{Name: name, Kind: kind}, true)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCaseNumbersPerBodyAndReferral(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	steeringID, err := db.SteeringBodyID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	health := newBody(t, db, "Faggruppe helse", "working_group")
	day := models.DateOf(time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))
	meet := func(body int64) models.Meeting {
		m, err := db.SaveMeeting(ctx, models.System, models.Meeting{BodyID: body, Title: "Møte", Date: day})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	hm, sm := meet(health.ID), meet(steeringID)
	var healthCase models.Case
	for i := range 2 {
		c, err := db.CreateCase(ctx, models.System, models.Case{MeetingID: hm.ID, Title: fmt.Sprintf("Helsesak %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		healthCase = c
	}
	first, err := db.CreateCase(ctx, models.System, models.Case{MeetingID: sm.ID, Title: "Styringssak"})
	if err != nil {
		t.Fatal(err)
	}
	if healthCase.Number != "2/2026" || first.Number != "1/2026" || healthCase.BodyID != health.ID || first.BodyID != steeringID {
		t.Fatalf("numbers: health %s (body %d), steering %s (body %d)", healthCase.Number, healthCase.BodyID, first.Number, first.BodyID)
	}
	// A case goes on its own body's agenda only.
	if _, err := db.CreateCase(ctx, models.System, models.Case{BodyID: steeringID, MeetingID: hm.ID, Title: "Feil organ"}); models.Fields(err)["meeting_id"] != "other_body" {
		t.Fatalf("case on another body's meeting: %v", err)
	}
	// Only a decided case is referred.
	if _, err := db.ReferCase(ctx, models.System, healthCase.ID, steeringID); models.Fields(err)["referred_from_case_id"] != "not_decided" {
		t.Fatalf("refer undecided: %v", err)
	}
	healthCase.Status, healthCase.Decision = models.CaseDecided, "Faggruppen anbefaler felles velferdsteknologiplattform."
	if _, err := db.UpdateCase(ctx, models.System, healthCase); err != nil {
		t.Fatal(err)
	}
	referred, err := db.ReferCase(ctx, models.System, healthCase.ID, steeringID)
	if err != nil {
		t.Fatal(err)
	}
	if referred.Status != models.CasePending || referred.BodyID != steeringID || referred.ReferredFromNumber != "2/2026" ||
		referred.ReferredFromBody != "Faggruppe helse" || referred.Proposal != healthCase.Decision {
		t.Fatalf("referred case = %+v", referred)
	}
	referred.MeetingID, referred.Status = sm.ID, models.CaseOnAgenda
	onAgenda, err := db.UpdateCase(ctx, models.System, referred)
	if err != nil {
		t.Fatal(err)
	}
	if onAgenda.Number != "2/2026" || onAgenda.ReferredFromNumber != "2/2026" || onAgenda.BodyID != steeringID {
		t.Fatalf("referred on agenda = %s from %s", onAgenda.Number, onAgenda.ReferredFromNumber)
	}
	back, _ := db.Case(ctx, healthCase.ID)
	if back.ReferredToID != onAgenda.ID || back.ReferredToNumber != "2/2026" || back.ReferredToBody != "Styringsgruppen" {
		t.Fatalf("the first case does not show where it went: %+v", back)
	}
	// The decision log filters by body.
	log, _ := db.Cases(ctx, data.CaseFilter{Status: models.CaseDecided, BodyID: steeringID})
	if len(log) != 0 {
		t.Fatalf("steering decision log = %d cases", len(log))
	}
	log, _ = db.Cases(ctx, data.CaseFilter{Status: models.CaseDecided, BodyID: health.ID})
	if len(log) != 1 {
		t.Fatalf("health decision log = %d cases", len(log))
	}
}

func TestBodyMembersAndRepresentation(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	for _, m := range []models.Municipality{{Number: "1824", Name: "Vefsn", Population: 13000, Member: true}, {Number: "1833", Name: "Rana", Population: 26000, Member: true}} {
		if err := db.CreateMunicipality(ctx, models.System, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateUser(ctx, models.System, models.User{Name: "Kari Nordmann", Email: "kari@rana.kommune.no", Role: models.RoleSteering, Municipality: "1833"}, "et langt passord 123")
	if err != nil {
		t.Fatal(err)
	}
	from := models.DateOf(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	_, err = db.SaveBody(ctx, models.System, models.Body{Name: "Representantskapet", Kind: "council", Members: []models.BodyMember{
		{UserEmail: "nobody@example.no", Role: "chair", From: from},
		{Name: "", Role: "boss", From: from},
	}}, true)
	f := models.Fields(err)
	if f["members[0].user_email"] != "unknown" && f["members[1].name"] != "required" {
		t.Fatalf("bad members: %v", err)
	}
	if bodies, _ := db.Bodies(ctx); len(bodies) != 1 {
		t.Fatalf("a rejected body was saved: %d bodies", len(bodies))
	}
	b, err := db.SaveBody(ctx, models.System, models.Body{Name: "Representantskapet", Kind: "council", Members: []models.BodyMember{
		{UserEmail: u.Email, Role: "chair", From: from},
		{Name: "Ola Vefsn", Email: "ola@vefsn.kommune.no", Municipality: "1824", Role: "member", From: from, To: models.DateOf(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC))},
	}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Members) != 2 || b.Members[0].Name != "Kari Nordmann" || b.Members[0].Municipality != "1833" {
		t.Fatalf("members = %+v", b.Members)
	}
	today := models.DateOf(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	rana, _ := db.RepresentationOf(ctx, "1833", today)
	vefsn, _ := db.RepresentationOf(ctx, "1824", today)
	var ranaIn, vefsnIn int
	for _, r := range rana {
		ranaIn += len(r.Members)
	}
	for _, r := range vefsn {
		vefsnIn += len(r.Members)
	}
	if len(rana) != 2 || ranaIn != 1 || vefsnIn != 0 {
		t.Fatalf("representation: Rana %d bodies %d seats, Vefsn %d seats (its member left)", len(rana), ranaIn, vefsnIn)
	}
	// The same name twice is refused.
	if _, err := db.SaveBody(ctx, models.System, models.Body{Name: "representantskapet", Kind: "board"}, true); models.Fields(err)["name"] != "taken" {
		t.Fatalf("duplicate name: %v", err)
	}
}

func TestYearPlanMakesCasesOnce(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	steeringID, _ := db.SteeringBodyID(ctx)
	item, err := db.SaveYearPlanItem(ctx, models.System, models.YearPlanItem{Month: 3, BodyID: steeringID, Title: "Årsregnskap og årsmelding", Kind: "decision"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveYearPlanItem(ctx, models.System, models.YearPlanItem{Month: 13, BodyID: 999, Title: ""}); len(models.Fields(err)) < 3 {
		t.Fatalf("bad item: %v", err)
	}
	march, err := db.SaveMeeting(ctx, models.System, models.Meeting{BodyID: steeringID, Title: "Marsmøtet", Date: models.DateOf(time.Date(2027, 3, 18, 0, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	var reminded []data.YearPlanDue
	remind := func(tx *data.Tx, due []data.YearPlanDue) error { reminded = append(reminded, due...); return nil }
	// In January nothing is due yet for March: the case goes to the March
	// meeting already planned; no reminder before February.
	jan := models.DateOf(time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC))
	for range 2 {
		n, err := db.RunYearPlan(ctx, jan, remind)
		if err != nil {
			t.Fatal(err)
		}
		if n > 1 {
			t.Fatalf("made %d cases", n)
		}
	}
	cases, _ := db.Cases(ctx, data.CaseFilter{MeetingID: march.ID})
	if len(cases) != 1 || cases[0].Status != models.CasePending || cases[0].Title != "Årsregnskap og årsmelding 2027" || len(reminded) != 0 {
		t.Fatalf("cases of the March meeting = %+v, reminded %d", cases, len(reminded))
	}
	feb := models.DateOf(time.Date(2027, 2, 15, 0, 0, 0, 0, time.UTC))
	for range 2 {
		if n, err := db.RunYearPlan(ctx, feb, remind); err != nil || n != 0 {
			t.Fatalf("second run made %d, %v", n, err)
		}
	}
	if len(reminded) != 1 || reminded[0].Item.ID != item.ID || reminded[0].Year != 2027 {
		t.Fatalf("reminders = %+v", reminded)
	}
	all, _ := db.Cases(ctx, data.CaseFilter{BodyID: steeringID})
	if len(all) != 1 {
		t.Fatalf("cases in all = %d", len(all))
	}
	// Put on the agenda, it gets its number.
	c := cases[0]
	c.Status = models.CaseOnAgenda
	if c, err = db.UpdateCase(ctx, models.System, c); err != nil || c.Number != "1/2027" {
		t.Fatalf("on agenda: %s, %v", c.Number, err)
	}
}
