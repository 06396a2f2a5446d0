package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"samla/data"
	"samla/models"
)

func TestCaseNumbersDecisionsAndFinality(t *testing.T) {
	ctx := context.Background()
	db, leader := projectDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC) }
	p, _ := db.CreateProject(ctx, models.System, validProject())
	actor := models.Actor{Email: "styre@example.no"}
	m1, err := db.SaveMeeting(ctx, actor, models.Meeting{Title: "Styringsgruppemøte 1", Date: models.MustDate("2026-02-10"), Time: "10:00",
		Participants: []models.Participation{{Name: "Kari", Role: "member", Present: true}, {Name: "Ola", Role: "member"}, {Name: "Gjest", Role: "guest", Present: true}}})
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := db.SaveMeeting(ctx, actor, models.Meeting{Title: "Styringsgruppemøte 2", Date: models.MustDate("2026-04-10")})
	m3, _ := db.SaveMeeting(ctx, actor, models.Meeting{Title: "Første møte 2027", Date: models.MustDate("2027-01-20")})

	// A status report with a decision need raises a pending case.
	report := models.StatusReport{ProjectID: p.ID, Period: "2026-10", Overall: "red", Time: "red", Cost: "red", Quality: "green", Risk: "red", Benefits: "green",
		DecisionNeeded: "Styringsgruppen må godkjenne utvidet budsjett for Træna."}
	if _, _, err := db.SaveStatusReport(ctx, models.Actor{UserID: leader.ID, Email: leader.Email}, report); err != nil {
		t.Fatal(err)
	}
	pending, _ := db.Cases(ctx, data.CaseFilter{Status: models.CasePending})
	if len(pending) != 1 || pending[0].ProjectID != p.ID || pending[0].Number != "" {
		t.Fatalf("pending: %+v", pending)
	}
	// Numbers run 1/2026, 2/2026 in the order cases reach an agenda.
	c1 := pending[0]
	c1.MeetingID = m1.ID
	c1.PhaseTo = models.PhaseClosing
	c1, err = db.UpdateCase(ctx, actor, c1)
	if err != nil || c1.Number != "1/2026" || c1.Status != models.CaseOnAgenda {
		t.Fatalf("on agenda: %+v %v", c1, err)
	}
	c2, err := db.CreateCase(ctx, actor, models.Case{Kind: "information", Title: "Orientering om anskaffelser", MeetingID: m1.ID})
	if err != nil || c2.Number != "2/2026" {
		t.Fatalf("second: %+v %v", c2, err)
	}
	c3, _ := db.CreateCase(ctx, actor, models.Case{Kind: "decision", Title: "Ny rammeavtale", MeetingID: m3.ID})
	if c3.Number != "1/2027" {
		t.Fatalf("a new year: %s", c3.Number)
	}
	// A case cannot be on two agendas.
	c1.MeetingID = m2.ID
	if _, err := db.UpdateCase(ctx, actor, c1); models.Fields(err)["meeting_id"] != "already_on_agenda" {
		t.Fatalf("two agendas: %v", err)
	}
	// Deciding without a decision text is refused; then decided, the project moves on.
	c1.MeetingID, c1.Status = m1.ID, models.CaseDecided
	if _, err := db.UpdateCase(ctx, actor, c1); models.Fields(err)["decision"] == "" {
		t.Fatalf("empty decision: %v", err)
	}
	c1.Decision = "Budsjettet for Træna økes med 200 000 kr. Prosjektet går over i avslutningsfasen."
	c1.ChecklistOverride = "Sjekklisten føres etterpå" // the execution phase's mandatory items are open
	if c1, err = db.UpdateCase(ctx, actor, c1); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Project(ctx, p.ID); got.Phase != models.PhaseClosing {
		t.Fatalf("phase after decision: %s", got.Phase)
	}
	changes, _ := db.PhaseChanges(ctx, p.ID)
	if len(changes) != 1 || changes[0].Reason != "Vedtak i sak 1/2026" {
		t.Fatalf("phase change: %+v", changes)
	}
	// The decision log finds "Træna" whatever its case.
	for _, q := range []string{"træna", "TRÆNA"} {
		if log, _ := db.Cases(ctx, data.CaseFilter{Status: models.CaseDecided, Query: q}); len(log) != 1 {
			t.Errorf("search %q: %d", q, len(log))
		}
	}
	// The minutes cannot be approved while a case is still on the agenda.
	m1.Status = models.MeetingHeld
	if m1, err = db.SaveMeeting(ctx, actor, m1); err != nil {
		t.Fatal(err)
	}
	m1.Status = models.MeetingApproved
	if _, err := db.SaveMeeting(ctx, actor, m1); models.Fields(err)["status"] != "cases_open" {
		t.Fatalf("approve with open case: %v", err)
	}
	c2.Status = models.CaseDeferred
	if c2, err = db.UpdateCase(ctx, actor, c2); err != nil {
		t.Fatal(err)
	}
	if m1, err = db.SaveMeeting(ctx, actor, m1); err != nil {
		t.Fatal(err)
	}
	// Approved: the decision is final; a correction is a new case.
	c1.Decision = "Endret i ettertid"
	if _, err := db.UpdateCase(ctx, actor, c1); !errors.Is(err, data.ErrFinal) || models.ErrorCode(err) != models.ECONFLICT {
		t.Fatalf("edit after approval: %v", err)
	}
	if _, err := db.CreateCase(ctx, actor, models.Case{Title: "Rettelse av sak 1/2026", CorrectsID: c1.ID, MeetingID: m2.ID}); err != nil {
		t.Fatal(err)
	}
	// The deferred case moves on to the next meeting, keeping its number.
	c2.MeetingID = m2.ID
	if c2, err = db.UpdateCase(ctx, actor, c2); err != nil || c2.Number != "2/2026" || c2.Status != models.CaseOnAgenda {
		t.Fatalf("deferred onwards: %+v %v", c2, err)
	}

	// Action items need an owner and a due date not before the meeting.
	if _, err := db.SaveAction(ctx, actor, models.ActionItem{MeetingID: m2.ID, Description: "Lag plan", DueDate: models.MustDate("2026-03-01")}); len(models.Fields(err)) != 2 {
		t.Fatalf("bad action: %v", err)
	}
	a, err := db.SaveAction(ctx, actor, models.ActionItem{MeetingID: m2.ID, CaseID: c2.ID, Description: "Lag plan", Owner: "Programleder", DueDate: models.MustDate("2026-05-01")})
	if err != nil || a.CaseNumber != "" {
		t.Fatal(err)
	}
	open, _ := db.Actions(ctx, 0, true)
	if len(open) != 1 || !open[0].Overdue(models.MustDate("2026-06-01")) || open[0].CaseNumber != "2/2026" {
		t.Fatalf("open actions: %+v", open)
	}
}
