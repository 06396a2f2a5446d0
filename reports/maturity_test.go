package reports_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"samla/locale"
	"samla/models"
)

// Contacts of municipalities that have not answered are reminded a week
// before the round closes, once per round and contact; a municipality that
// answered is not, and the e-mail reaches the mail server.
func TestMaturityReminders(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	db.Now = c.now
	if _, err := db.CreateUser(ctx, models.System, models.User{Email: "kontakt@rana.example", Name: "Rune Rana", Role: models.RoleContact, Municipality: "1833"}, "et langt passord"); err != nil {
		t.Fatal(err)
	}
	round, err := db.SaveMaturityRound(ctx, models.System, models.MaturityRound{Name: "Vintermåling", Year: 2026, Opens: models.MustDate("2026-11-20"), Closes: models.MustDate("2026-12-10")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetMaturityAnswer(ctx, models.System, models.MaturityAnswer{RoundID: round.ID, Municipality: "1833", Scores: map[string]int{"user_centred": 4}}); err != nil {
		t.Fatal(err)
	}
	box := startMailbox(t)
	svc := service(t, db, box)
	ours := func() map[string]int {
		ds, _ := db.Deliveries(ctx, "", 500)
		out := map[string]int{}
		for _, d := range ds {
			if strings.Contains(d.Subject, "Vintermåling") {
				out[d.Recipient]++
			}
		}
		return out
	}
	if _, err := svc.MaturityReminders(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ours(); len(got) != 0 {
		t.Fatalf("reminded 17 days before the close: %v", got)
	}
	c.add(10 * 24 * time.Hour) // 3 December: a week before
	if _, err := svc.MaturityReminders(ctx); err != nil {
		t.Fatal(err)
	}
	if again, _ := svc.MaturityReminders(ctx); again != 0 {
		t.Errorf("reminded twice: %d", again)
	}
	got := ours()
	if got["kommunekontakt@samla.example"] != 1 || got["kontakt@rana.example"] != 0 || len(got) != 1 {
		t.Errorf("reminders: %v; want Træna's contact once and not Rana's, which answered", got)
	}
	if sent, _, err := svc.SendDue(ctx); err != nil || sent == 0 {
		t.Fatalf("sent %d, %v", sent, err)
	}
	found := false
	for _, m := range box.all() {
		if strings.Contains(string(m.data), "/maturity/rounds/") && len(m.to) == 1 && m.to[0] == "kommunekontakt@samla.example" {
			found = true
		}
	}
	if !found {
		t.Error("the reminder did not reach the mail server with its link")
	}
	c.add(8 * 24 * time.Hour) // after the close: nothing more
	ds0 := len(ours())
	svc.MaturityReminders(ctx)
	if len(ours()) != ds0 {
		t.Error("reminded after the close")
	}
}

// The municipality PDF carries the målkort: its levels beside the median
// and its size band's, the marked areas, and the competence figures.
func TestMunicipalityReportScorecard(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	round, res, areas, ok, err := db.LatestMaturity(ctx, models.DateOf(db.Now()))
	if err != nil || !ok {
		t.Fatalf("no demo round: %v", err)
	}
	sc, _ := res.ScorecardOf("1833")
	r, err := builder(db).Municipality(ctx, "1833")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, r.PDF)
	for _, want := range []string{"Digital modenhet (målkort)", round.Name, "over 20 000 innbyggere", "Gruppens", "Kompetanseprogram:", "Digital kompetanse og deltakelse"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	for i, a := range areas {
		if i > 3 {
			break // the first areas' names fit on one line
		}
		line := ""
		for _, l := range strings.Split(text, "\n") {
			if strings.Contains(l, a.Name) && strings.Contains(l, ". ") {
				line = l
			}
		}
		if !strings.Contains(line, locale.Decimal(res.Median[a.ID], 1)) || !strings.Contains(line, " "+string(rune('0'+sc.Scores[a.ID]))+" ") {
			t.Errorf("%s: %q lacks level %d and median %v", a.Name, line, sc.Scores[a.ID], res.Median[a.ID])
		}
		marked := strings.Contains(line, "Under")
		below := false
		for _, id := range sc.BelowMedian {
			below = below || id == a.ID
		}
		if marked != below {
			t.Errorf("%s: marked %v, below %v: %q", a.Name, marked, below, line)
		}
	}
}

func (m *mailbox) all() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.messages...)
}
