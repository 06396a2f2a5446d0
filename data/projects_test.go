package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"samla/data"
	"samla/models"
)

// projectDB is a database with three municipalities and a leader.
func projectDB(t *testing.T) (*data.DB, models.User) {
	t.Helper()
	ctx := context.Background()
	db := openTest(t)
	for _, m := range []models.Municipality{{Number: "1833", Name: "Rana", Population: 26500}, {Number: "1824", Name: "Vefsn", Population: 13300}, {Number: "1835", Name: "Træna", Population: 450}} {
		if err := db.CreateMunicipality(ctx, models.System, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateUser(ctx, models.System, models.User{Email: "leder@example.no", Name: "Liv", Role: models.RoleLeader}, "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	return db, u
}

func validProject() models.Project {
	return models.Project{Title: "Digital hjemmeoppfølging i Træna", ServiceArea: "health_care", Phase: models.PhaseExecution,
		LeadMunicipality: "1833", Municipalities: []string{"1835"}, LeaderEmail: "LEDER@example.no", BudgetNOK: 1_200_000,
		StartDate: models.MustDate("2025-01-01"), EndDate: models.MustDate("2026-12-31")}
}

func TestProjectCreateValidateSearch(t *testing.T) {
	ctx := context.Background()
	db, leader := projectDB(t)
	db.Now = func() time.Time { return time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC) }
	p, err := db.CreateProject(ctx, models.System, validProject())
	if err != nil {
		t.Fatal(err)
	}
	if p.LeaderID != leader.ID || len(p.Municipalities) != 2 || p.Status != models.StatusNone {
		t.Fatalf("created: %+v", p)
	}
	bad := models.Project{Title: " ", ServiceArea: "space", Phase: "dreaming", LeadMunicipality: "9999", Municipalities: []string{"1833", "0000"},
		LeaderEmail: "nobody@example.no", BudgetNOK: -1, StartDate: models.MustDate("2026-01-01"), EndDate: models.MustDate("2025-01-01"), DocumentsURL: "javascript:alert(1)"}
	_, err = db.CreateProject(ctx, models.System, bad)
	f := models.Fields(err)
	for _, k := range []string{"title", "service_area", "phase", "lead_municipality", "municipalities", "leader_email", "budget_nok", "end_date", "documents_url"} {
		if f[k] == "" {
			t.Errorf("invalid project: %s not named (%v)", k, f)
		}
	}
	for _, q := range []string{"TRÆNA", "træna", "Træna", "hjemmeoppfølging"} {
		list, n, err := db.Projects(ctx, data.ProjectFilter{Query: q})
		if err != nil || n != 1 || len(list) != 1 {
			t.Errorf("search %q: %d, %v", q, n, err)
		}
	}
	if _, n, _ := db.Projects(ctx, data.ProjectFilter{Query: "100%"}); n != 0 {
		t.Error("LIKE wildcards are not escaped")
	}
	if _, n, _ := db.Projects(ctx, data.ProjectFilter{Municipality: "1824"}); n != 0 {
		t.Error("municipality filter")
	}
	if _, n, _ := db.Projects(ctx, data.ProjectFilter{Municipality: "1835", Phase: models.PhaseExecution, ServiceArea: "health_care"}); n != 1 {
		t.Error("combined filter")
	}
}

func TestStatusReportsAndMissing(t *testing.T) {
	ctx := context.Background()
	db, leader := projectDB(t)
	now := time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC) // before the deadline (10th)
	db.Now = func() time.Time { return now }
	p, err := db.CreateProject(ctx, models.System, validProject())
	if err != nil {
		t.Fatal(err)
	}
	actor := models.Actor{UserID: leader.ID, Email: leader.Email}
	report := models.StatusReport{ProjectID: p.ID, Period: "2026-09", Overall: "yellow", Time: "green", Cost: "yellow", Quality: "green", Risk: "green", Benefits: "green", ProgressPct: 40, SpentNOK: 400_000, ForecastNOK: 1_250_000}
	if _, replaced, err := db.SaveStatusReport(ctx, actor, report); err != nil || replaced {
		t.Fatalf("save: %v %v", replaced, err)
	}
	got, _ := db.Project(ctx, p.ID)
	if got.Status != "yellow" || got.ProgressPct != 40 {
		t.Fatalf("before deadline: %+v", got)
	}
	// After the deadline without a report for October: missing.
	now = time.Date(2026, 11, 11, 8, 0, 0, 0, time.UTC)
	got, _ = db.Project(ctx, p.ID)
	if got.Status != models.StatusMissing {
		t.Fatalf("after deadline: %s", got.Status)
	}
	if list, n, _ := db.Projects(ctx, data.ProjectFilter{Status: models.StatusMissing}); n != 1 || list[0].ID != p.ID {
		t.Fatalf("missing filter: %d", n)
	}
	report.Period, report.Overall = "2026-10", "red"
	if _, _, err := db.SaveStatusReport(ctx, actor, report); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Project(ctx, p.ID)
	if got.Status != "red" {
		t.Fatalf("after October report: %s", got.Status)
	}
	// A second report for the month replaces the first; the audit keeps it.
	report.Overall, report.OverallComment = "green", "Leverandøren leverte likevel"
	saved, replaced, err := db.SaveStatusReport(ctx, actor, report)
	if err != nil || !replaced || saved.Overall != "green" || saved.ReportedBy != "Liv" {
		t.Fatalf("replace: %+v %v %v", saved, replaced, err)
	}
	reports, _ := db.StatusReports(ctx, p.ID, 0)
	if len(reports) != 2 || reports[0].Period != "2026-10" {
		t.Fatalf("reports: %d", len(reports))
	}
	audit, _, _ := db.Audit(ctx, data.AuditFilter{Entity: "status_report"})
	if len(audit) != 3 || audit[0].Action != "replace" || !contains(audit[0].Before, `"overall":"red"`) {
		t.Fatalf("audit: %+v", audit)
	}
	// An older month does not change the latest status.
	report.Period, report.Overall = "2026-08", "red"
	if _, _, err := db.SaveStatusReport(ctx, actor, report); err != nil {
		t.Fatal(err)
	}
	if got, _ = db.Project(ctx, p.ID); got.Status != "green" {
		t.Fatalf("older report changed the status: %s", got.Status)
	}
	// Idea-phase projects are not expected to report.
	idea := validProject()
	idea.Phase = models.PhaseIdea
	ip, _ := db.CreateProject(ctx, models.System, idea)
	if ip.Status != models.StatusNone {
		t.Fatalf("idea project: %s", ip.Status)
	}
	bad := models.StatusReport{ProjectID: p.ID, Period: "2026-13", Overall: "blue", ProgressPct: 120, SpentNOK: -1}
	_, _, err = db.SaveStatusReport(ctx, actor, bad)
	f := models.Fields(err)
	for _, k := range []string{"period", "overall", "time", "progress_pct", "spent_nok"} {
		if f[k] == "" {
			t.Errorf("bad report: %s not named (%v)", k, f)
		}
	}
	report.ProjectID = 99999
	if _, _, err := db.SaveStatusReport(ctx, actor, report); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("unknown project: %v", err)
	}
}

func TestPhaseChangesArchiveMilestonesRisks(t *testing.T) {
	ctx := context.Background()
	db, _ := projectDB(t)
	p, _ := db.CreateProject(ctx, models.System, validProject())
	p.Phase = models.PhaseClosing
	// The execution phase's mandatory checklist items are open: the move
	// needs a reason to go on (checklist_test.go tests the refusal).
	p.ChecklistOverride = "Sjekklisten føres etterpå"
	if _, err := db.UpdateProject(ctx, models.Actor{Email: "editor@example.no"}, p, "BP4 vedtatt i styringsgruppen"); err != nil {
		t.Fatal(err)
	}
	changes, _ := db.PhaseChanges(ctx, p.ID)
	if len(changes) != 1 || changes[0].From != "execution" || changes[0].To != "closing" || changes[0].Reason != "BP4 vedtatt i styringsgruppen" || changes[0].By != "editor@example.no" {
		t.Fatalf("phase changes: %+v", changes)
	}
	if _, err := db.SetProjectArchived(ctx, models.System, p.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := db.Projects(ctx, data.ProjectFilter{}); n != 0 {
		t.Fatal("archived project listed")
	}
	if _, n, _ := db.Projects(ctx, data.ProjectFilter{Archived: true}); n != 1 {
		t.Fatal("archived project lost")
	}
	m, err := db.SaveMilestone(ctx, models.System, models.Milestone{ProjectID: p.ID, Title: "Pilot i Rana", DueDate: models.MustDate("2026-03-01")})
	if err != nil {
		t.Fatal(err)
	}
	m.DoneDate = models.MustDate("2026-03-04")
	if _, err := db.SaveMilestone(ctx, models.System, m); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveMilestone(ctx, models.System, models.Milestone{ProjectID: p.ID}); models.Fields(err)["due_date"] == "" {
		t.Fatalf("milestone without date: %v", err)
	}
	r, err := db.SaveRisk(ctx, models.System, models.Risk{ProjectID: p.ID, Title: "Leverandør forsinker", Probability: 3, Consequence: 4, Open: true})
	if err != nil || r.Score() != 12 {
		t.Fatal(err)
	}
	if _, err := db.SaveRisk(ctx, models.System, models.Risk{ProjectID: p.ID, Title: "X", Probability: 6, Consequence: 0}); len(models.Fields(err)) != 2 {
		t.Fatalf("risk out of range: %v", err)
	}
	if err := db.DeleteRisk(ctx, models.System, p.ID+1, r.ID); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("delete another project's risk: %v", err)
	}
	if err := db.DeleteMilestone(ctx, models.System, p.ID, m.ID); err != nil {
		t.Fatal(err)
	}
}

// The leader filter's options are cached, but a write shows at once.
func TestActiveLeadersFollowWrites(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.LoadDemo(ctx, data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	leaders, err := db.ActiveLeaders(ctx)
	if err != nil || len(leaders) == 0 {
		t.Fatalf("leaders %v, %v", leaders, err)
	}
	u, err := db.UserByEmail(ctx, leaders[0].Email)
	if err != nil {
		t.Fatal(err)
	}
	u.Name = "Omdøpt Leder"
	if _, err := db.UpdateUser(ctx, models.System, u, "", ""); err != nil {
		t.Fatal(err)
	}
	again, _ := db.ActiveLeaders(ctx)
	found := false
	for _, l := range again {
		found = found || l.Name == "Omdøpt Leder"
	}
	if !found {
		t.Errorf("the renamed leader is missing from %v", again)
	}
}
