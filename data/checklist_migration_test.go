package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"samla/data"
	"samla/models"
)

// TestChecklistsOfExistingProjects runs migration 017's statement for the
// projects that existed before it over the demo's projects: the phases
// they have been through and the one they are in are "Fra før
// sjekklistene", so they move on unblocked; the next phase is enforced.
func TestChecklistsOfExistingProjects(t *testing.T) {
	sqlText, err := os.ReadFile("migrations/017_ideas.sql")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(sqlText), "INSERT INTO checklist_items")
	end := strings.Index(string(sqlText)[start:], ";")
	if start < 0 || end < 0 {
		t.Fatal("the migration has no statement for existing projects")
	}
	stmt := string(sqlText)[start : start+end]

	db, err := data.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadDemo(ctx, data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, models.System, func(tx *data.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM checklist_items`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, stmt)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	projects, _, err := db.Projects(ctx, data.ProjectFilter{Phase: models.PhaseExecution})
	if err != nil || len(projects) == 0 {
		t.Fatalf("no project in execution: %v", err)
	}
	p := projects[0]
	items, err := db.Checklist(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range items {
		before := models.PhaseIndex(i.Phase) <= models.PhaseIndex(models.PhaseExecution)
		if before && (i.Status != models.ItemNotRelevant || i.Reason != models.PreChecklistReason) || !before && i.Status != models.ItemOpen {
			t.Errorf("item %s/%s: %s %q", i.Phase, i.Title, i.Status, i.Reason)
		}
	}
	p.Phase = models.PhaseClosing
	moved, err := db.UpdateProject(ctx, models.System, p, "BP4")
	if err != nil {
		t.Fatalf("an existing project is blocked: %v", err)
	}
	moved.Phase = models.PhaseRealisation
	var open *models.ChecklistOpenError
	if _, err := db.UpdateProject(ctx, models.System, moved, "BP5"); !errors.As(err, &open) {
		t.Fatalf("the phase entered after the checklists came is not enforced: %v", err)
	} else if !strings.Contains(err.Error(), "Sluttrapport") {
		t.Fatalf("refusal does not name the open item: %v", err)
	}
}
