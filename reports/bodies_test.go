package reports_test

import (
	"bytes"
	"context"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"samla/models"
)

// TestMailingToABodyReachesEachMemberOnce sends a mailing to a body over a
// real SMTP exchange: each current member gets it once, however often the
// outbox runs; a former member does not; a newsletter skips those who
// opted out, and its link opts out.
func TestMailingToABodyReachesEachMemberOnce(t *testing.T) {
	db := demoDB(t)
	db.SecretKey = bytes.Repeat([]byte{9}, 32)
	ctx := context.Background()
	box := startMailbox(t)
	svc := service(t, db, box)
	from := models.MustDate("2025-01-01")
	b, err := db.SaveBody(ctx, models.System, models.Body{Name: "Faggruppe velferdsteknologi", Kind: "working_group", Members: []models.BodyMember{
		{UserEmail: "styringsgruppe@samla.example", Role: "chair", From: from},
		{Name: "Ola Vefsn", Email: "ola@vefsn.kommune.no", Municipality: "1824", Role: "member", From: from},
		{Name: "Ola Vefsn (vara)", Email: "OLA@vefsn.kommune.no", Municipality: "1824", Role: "deputy", From: from},
		{Name: "Siri Hemnes", Email: "siri@hemnes.kommune.no", Municipality: "1832", Role: "member", From: from},
		{Name: "Gammel Leder", Email: "gammel@rana.kommune.no", Municipality: "1833", Role: "member", From: from, To: models.MustDate("2025-12-31")},
	}}, true)
	if err != nil {
		t.Fatal(err)
	}
	audience := models.Audience{Kind: "body", ID: "999999"}
	if _, err := svc.SendMailing(ctx, models.System, models.Mailing{Subject: "Hei", Body: "Tekst", Audience: audience}); models.Fields(err)["audience.id"] != "unknown" {
		t.Fatalf("unknown body: %v", err)
	}
	audience.ID = strconv.FormatInt(b.ID, 10)
	m, err := svc.SendMailing(ctx, models.System, models.Mailing{Subject: "Innkalling til oppstartsmøte", Body: "Velkommen til første møte.\n\nAgenda kommer.", Audience: audience})
	if err != nil {
		t.Fatal(err)
	}
	if m.Recipients != 3 || m.ArchiveID == 0 {
		t.Fatalf("mailing = %+v", m)
	}
	for range 3 {
		if _, _, err := svc.SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]int{}
	box.mu.Lock()
	msgs := slices.Clone(box.messages)
	box.mu.Unlock()
	for _, msg := range msgs {
		parsed, err := mail.ReadMessage(bytes.NewReader(msg.data))
		if err != nil {
			t.Fatal(err)
		}
		if parsed.Header.Get("Subject") != "Innkalling til oppstartsmøte" && !strings.Contains(parsed.Header.Get("Subject"), "=?") {
			t.Fatalf("subject %q", parsed.Header.Get("Subject"))
		}
		for _, to := range msg.to {
			got[to]++
		}
	}
	want := []string{"ola@vefsn.kommune.no", "siri@hemnes.kommune.no", "styringsgruppe@samla.example"}
	var keys []string
	for k, n := range got {
		keys = append(keys, k)
		if n != 1 {
			t.Fatalf("%s got the mailing %d times", k, n)
		}
	}
	slices.Sort(keys)
	if !slices.Equal(keys, want) {
		t.Fatalf("recipients = %v, want %v", keys, want)
	}
	// The archive keeps the mailing as a PDF.
	if _, pdf, err := db.ArchivedPDF(ctx, m.ArchiveID); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("archived mailing: %v", err)
	}

	// A newsletter skips who opted out, and its link opts out the next.
	if err := db.SetNewsletterOptOut(ctx, models.System, "Siri@hemnes.kommune.no", true); err != nil {
		t.Fatal(err)
	}
	before := box.count()
	n, err := svc.SendMailing(ctx, models.System, models.Mailing{Subject: "Nyhetsbrev desember", Body: "Nytt fra samarbeidet.", Audience: audience, Newsletter: true})
	if err != nil || n.Recipients != 2 || n.OptedOut != 1 {
		t.Fatalf("newsletter = %+v, %v", n, err)
	}
	if _, _, err := svc.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	if box.count()-before != 2 {
		t.Fatalf("newsletter reached %d", box.count()-before)
	}
	ds, _ := db.Deliveries(ctx, "", 10)
	link := regexp.MustCompile(`/unsubscribe/([A-Za-z0-9_\-.]+)`).FindStringSubmatch(deliveryBody(t, db, ds[0].ID))
	if link == nil {
		t.Fatal("the newsletter has no opt-out link")
	}
	email, ok := db.UnsubscribeEmail(link[1])
	if !ok || email != ds[0].Recipient {
		t.Fatalf("token names %q (%v), sent to %q", email, ok, ds[0].Recipient)
	}
	if _, ok := db.UnsubscribeEmail(link[1] + "x"); ok {
		t.Fatal("a changed token is accepted")
	}
}

func deliveryBody(t *testing.T, db interface {
	DeliveryBody(context.Context, int64) (string, error)
}, id int64) string {
	t.Helper()
	body, err := db.DeliveryBody(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// TestYearPlanRemindsTheOfficeOnce runs the year-plan job a month before an
// item's month: the programme office gets one reminder, however often it runs.
func TestYearPlanRemindsTheOfficeOnce(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	c := &clock{t: time.Date(2027, 2, 10, 6, 15, 0, 0, time.UTC)}
	db.Now = c.now
	svc := service(t, db, startMailbox(t))
	steering, _ := db.SteeringBodyID(ctx)
	if _, err := db.SaveYearPlanItem(ctx, models.System, models.YearPlanItem{Month: 3, BodyID: steering, Title: "Gevinstrapport til eierne", Kind: "information"}); err != nil {
		t.Fatal(err)
	}
	office, _ := db.EmailsWithRole(ctx, models.RoleEditor)
	_, reminded, err := svc.YearPlan(ctx)
	if err != nil || reminded < len(office) || len(office) == 0 {
		t.Fatalf("reminders %d for %d editors: %v", reminded, len(office), err)
	}
	if _, again, _ := svc.YearPlan(ctx); again != 0 {
		t.Fatalf("reminded twice: %d", again)
	}
	ds, _ := db.Deliveries(ctx, "", 50)
	found := false
	for _, d := range ds {
		found = found || strings.Contains(d.Subject, "Gevinstrapport til eierne") && strings.Contains(d.Subject, "mars")
	}
	if !found {
		t.Fatal("no reminder about the March item")
	}
}
