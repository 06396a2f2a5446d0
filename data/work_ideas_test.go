package data_test

import (
	"context"
	"testing"

	"samla/data"
	"samla/models"
)

// TestIdeaAndChecklistWork: the programme office gets the ideas to score
// and the projects with mandatory checklist items open; a municipality's
// user the open ideas it has not joined; a project leader their projects.
func TestIdeaAndChecklistWork(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.LoadDemo(ctx, data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	editor, _ := db.UserByEmail(ctx, "programkontor@samla.example")
	viewer, _ := db.UserByEmail(ctx, "kommunedirektor@samla.example") // Rana, 1833
	leader, _ := db.UserByEmail(ctx, "prosjektleder@samla.example")

	ideas, _ := db.Ideas(ctx, data.IdeaFilter{})
	unscored, notJoined := 0, 0
	for _, i := range ideas {
		open := i.Status == models.IdeaSubmitted || i.Status == models.IdeaAssessing || i.Status == models.IdeaPrioritised
		if open && !i.Scored {
			unscored++
		}
		if open && !i.Wants("1833") {
			notJoined++
		}
	}
	work, err := db.IdeaWork(ctx, editor)
	if err != nil {
		t.Fatal(err)
	}
	scoring := 0
	for _, w := range work {
		if w.Kind != models.WorkIdea || w.URL == "" || w.RefID == 0 {
			t.Errorf("work item %+v", w)
		}
		if len(w.URL) > 7 && w.URL[len(w.URL)-7:] == "#scores" {
			scoring++
		}
	}
	if unscored == 0 || scoring != unscored {
		t.Errorf("editor: %d items to score, %d unscored ideas", scoring, unscored)
	}
	work, _ = db.IdeaWork(ctx, viewer)
	if len(work) != notJoined || notJoined == 0 {
		t.Errorf("Rana: %d items, %d ideas it has not joined", len(work), notJoined)
	}

	all, err := db.ChecklistWork(ctx, editor)
	if err != nil || len(all) == 0 {
		t.Fatalf("editor checklist work: %v %v", all, err)
	}
	mine, _ := db.ChecklistWork(ctx, leader)
	if len(mine) == 0 || len(mine) >= len(all) {
		t.Errorf("leader: %d of %d", len(mine), len(all))
	}
	for _, w := range mine {
		p, _ := db.Project(ctx, w.RefID)
		if p.LeaderID != leader.ID || w.Kind != models.WorkChecklist {
			t.Errorf("leader gets %+v (project led by %d)", w, p.LeaderID)
		}
		items, _ := db.Checklist(ctx, p.ID)
		if len(models.OpenMandatory(items, []string{p.Phase})) == 0 {
			t.Errorf("project %d has no open mandatory item", p.ID)
		}
	}
	if w, _ := db.ChecklistWork(ctx, viewer); len(w) != 0 {
		t.Errorf("a viewer gets checklist work: %v", w)
	}
}
