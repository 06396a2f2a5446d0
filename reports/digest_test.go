package reports_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"samla/data"
	"samla/models"
)

// TestWeeklyDigest sends the weekly digest to those who asked for it, in
// their language, once a week, with what changed and what waits for them.
func TestWeeklyDigest(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 23, 6, 30, 0, 0, time.UTC)} // a Monday
	db.Now = c.now
	box := startMailbox(t)
	svc := service(t, db, box)
	leader, _ := db.UserByEmail(ctx, "prosjektleder@samla.example")
	contact, _ := db.UserByEmail(ctx, "kommunekontakt@samla.example")
	steering, _ := db.UserByEmail(ctx, "styringsgruppe@samla.example")
	for _, u := range []models.User{leader, contact, steering} {
		if err := db.SetDigest(ctx, models.System, u.ID, "weekly"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetDigest(ctx, models.System, leader.ID, "monthly"); models.Fields(err)["digest"] != "choice" {
		t.Fatalf("a digest that is not weekly or off: %v", err)
	}
	steering.Lang = "en"
	if _, err := db.UpdateUser(ctx, models.System, steering, "", ""); err != nil {
		t.Fatal(err)
	}
	// This week the leader's project got a report.
	projects, _, _ := db.Projects(ctx, data.ProjectFilter{LeaderID: leader.ID, Limit: 10})
	if len(projects) == 0 {
		t.Fatal("the demo leader leads nothing")
	}
	if _, _, err := db.SaveStatusReport(ctx, models.Actor{UserID: leader.ID, Email: leader.Email}, models.StatusReport{ProjectID: projects[0].ID, Period: "2026-10",
		Overall: "yellow", Time: "yellow", Cost: "green", Quality: "green", Risk: "yellow", Benefits: "green", OverallComment: "Noe forsinket."}); err != nil {
		t.Fatal(err)
	}
	n, err := svc.Digests(ctx)
	if err != nil || n < 2 {
		t.Fatalf("digests queued %d: %v", n, err)
	}
	if again, _ := svc.Digests(ctx); again != 0 {
		t.Fatalf("a second digest the same week: %d", again)
	}
	ds, _ := db.Deliveries(ctx, "", 100)
	bodies := map[string]string{}
	subjects := map[string]string{}
	for _, d := range ds {
		if d.Kind == "digest" {
			bodies[d.Recipient], _ = db.DeliveryBody(ctx, d.ID)
			subjects[d.Recipient] = d.Subject
		}
	}
	lb := bodies[leader.Email]
	if !strings.Contains(lb, "Nye statusrapporter") || !strings.Contains(lb, projects[0].Title) || !strings.Contains(lb, "https://samla.helgeland.example/projects/") ||
		!strings.Contains(subjects[leader.Email], "uke 48") {
		t.Fatalf("the leader's digest (%s):\n%s", subjects[leader.Email], lb)
	}
	if sb := bodies[steering.Email]; !strings.Contains(subjects[steering.Email], "week 48") || !strings.Contains(sb, "Cases waiting in your bodies") {
		t.Fatalf("the English digest: %s\n%s", subjects[steering.Email], sb)
	}
	wanting, _ := db.DigestUsers(ctx)
	for who := range bodies {
		asked := false
		for _, u := range wanting {
			asked = asked || u.Email == who
		}
		if !asked {
			t.Fatalf("%s got a digest without asking", who)
		}
	}
	admin, _ := db.UserByEmail(ctx, "admin@samla.example")
	if _, ok := bodies[admin.Email]; ok {
		t.Fatal("the admin got a digest without asking")
	}
	if sent, _, err := svc.SendDue(ctx); err != nil || sent < n {
		t.Fatalf("sent %d of %d: %v", sent, n, err)
	}
	// Next Monday last week's report is no news: it is not told again.
	c.add(7 * 24 * time.Hour)
	if _, err := svc.Digests(ctx); err != nil {
		t.Fatal(err)
	}
	ds, _ = db.Deliveries(ctx, "", 100)
	for _, d := range ds {
		if d.Kind == "digest" && d.Recipient == leader.Email && strings.Contains(d.Subject, "uke 49") {
			if body, _ := db.DeliveryBody(ctx, d.ID); strings.Contains(body, projects[0].Title+" – Gul") {
				t.Fatalf("week 49 repeats week 48's report:\n%s", body)
			}
		}
	}
}
