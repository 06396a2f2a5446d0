package handlers_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

// nationalRound is the national demo's open maturity round.
func nationalRound(b testing.TB, db *data.DB) models.MaturityRound {
	rounds, err := db.MaturityRounds(context.Background())
	if err != nil || len(rounds) == 0 {
		b.Fatalf("no rounds in the national demo: %v", err)
	}
	return rounds[0]
}

// At national scale (357 municipalities) a round's page stays under
// 150 KB: beyond 40 municipalities it shows the counties, and a county's
// page its municipalities.
func TestNationalMaturityPagesAreLight(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds the national demo")
	}
	srv, db := nationalServer(t)
	r := nationalRound(t, db)
	u, _ := db.UserByEmail(context.Background(), "programkontor@samla.example")
	session, err := db.CreateSession(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fmt.Sprintf("/maturity/rounds/%d", r.ID), fmt.Sprintf("/maturity/rounds/%d?county=18", r.ID), "/maturity", "/competence",
		"/municipalities/1833"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Cookie", "samla_session="+session)
		resp, err := srv.App.Test(req, fiber.TestConfig{Timeout: 0})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		t.Logf("%s: %d KB", path, len(body)>>10)
		if len(body) > 150<<10 {
			t.Errorf("%s: %d KB", path, len(body)>>10)
		}
	}
}

func BenchmarkMaturityRoundPage(b *testing.B) {
	_, db := nationalServer(b)
	benchPageMode(b, fmt.Sprintf("/maturity/rounds/%d", nationalRound(b, db).ID), fresh)
}

func BenchmarkMaturityResultsAPI(b *testing.B) {
	_, db := nationalServer(b)
	benchPageMode(b, fmt.Sprintf("/api/v1/maturity/rounds/%d/results", nationalRound(b, db).ID), fresh)
}

// BenchmarkMaturityResultsComputed computes the results afresh each time:
// a write between the requests makes the store's read cache stale.
func BenchmarkMaturityResultsComputed(b *testing.B) {
	srv, db := nationalServer(b)
	r := nationalRound(b, db)
	u, _ := db.UserByEmail(context.Background(), "kommunedirektor@samla.example")
	session, err := db.CreateSession(context.Background(), u.ID)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := db.Update(context.Background(), models.System, func(*data.Tx) error { return nil }); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		req := httptest.NewRequest("GET", fmt.Sprintf("/api/v1/maturity/rounds/%d/results", r.ID), nil)
		req.Header.Set("Cookie", "samla_session="+session)
		resp, err := srv.App.Test(req, fiber.TestConfig{Timeout: 0})
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%d", resp.StatusCode)
		}
	}
}
