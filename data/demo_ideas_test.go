package data_test

import (
	"context"
	"testing"

	"samla/data"
	"samla/models"
)

// TestDemoIdeasChecklistsLessons: the demo has ideas in every state, some
// joined by several municipalities and two approved into its projects;
// every project has a checklist in line with its phase; the solutions'
// projects have shared lessons.
func TestDemoIdeasChecklistsLessons(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.LoadDemo(ctx, data.ScaleHelgeland); err != nil {
		t.Fatal(err)
	}
	ideas, err := db.Ideas(ctx, data.IdeaFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states, joined, approved := map[string]int{}, 0, 0
	for _, i := range ideas {
		states[i.Status]++
		if len(i.Supporters) >= 2 {
			joined++
		}
		if i.Status == models.IdeaApproved {
			p, err := db.Project(ctx, i.ProjectID)
			if err != nil || p.IdeaID != i.ID {
				t.Errorf("approved idea %d: project %+v %v", i.ID, p.IdeaID, err)
			}
			approved++
		}
	}
	if len(ideas) < 12 || len(states) != len(models.IdeaStatuses) || joined < 3 || approved != 2 {
		t.Fatalf("%d ideas, states %v, %d joined by several, %d approved", len(ideas), states, joined, approved)
	}
	projects, _, err := db.Projects(ctx, data.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range projects {
		items, err := db.Checklist(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Phase == models.PhaseCancelled {
			continue
		}
		passed := models.PhasesPassed(models.PhaseIdea, p.Phase)
		if open := models.OpenMandatory(items, passed); len(open) > 0 {
			t.Errorf("project %d in %s has open items of past phases: %+v", p.ID, p.Phase, open)
		}
	}
	lessons, err := db.LogEntries(ctx, data.LogFilter{Shared: true})
	if err != nil || len(lessons) == 0 {
		t.Fatalf("no shared lessons: %v", err)
	}
	for _, l := range lessons {
		if len(l.SolutionIDs) == 0 {
			t.Errorf("a demo lesson without its solution: %+v", l)
		}
	}
}
