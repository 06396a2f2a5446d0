package handlers_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/handlers"
	"samla/models"
)

// The national demo (357 municipalities, 5 000 projects, 60 months of
// history) is built once per benchmark run.
var (
	nationalOnce sync.Once
	nationalPath string
	nationalErr  error
)

func nationalServer(b testing.TB) (*handlers.Server, *data.DB) {
	b.Helper()
	nationalOnce.Do(func() {
		dir, err := os.MkdirTemp("", "samla-bench")
		if err != nil {
			nationalErr = err
			return
		}
		nationalPath = filepath.Join(dir, "national.db")
		db, err := data.Open(nationalPath)
		if err != nil {
			nationalErr = err
			return
		}
		defer db.Close()
		if nationalErr = db.Migrate(context.Background()); nationalErr != nil {
			return
		}
		start := time.Now()
		_, nationalErr = db.LoadDemo(context.Background(), data.ScaleNational)
		fmt.Fprintf(os.Stderr, "national demo generated in %s\n", time.Since(start).Round(time.Millisecond))
	})
	if nationalErr != nil {
		b.Fatal(nationalErr)
	}
	db, err := data.Open(nationalPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	base, _ := url.Parse("http://localhost:8080")
	srv, err := handlers.New(db, handlers.Config{BaseURL: base, Lang: "nb", Log: testLogger()})
	if err != nil {
		b.Fatal(err)
	}
	return srv, db
}

// How a benchmark asks for its page over and over: the same address,
// which the page cache answers after the first time; a new address each
// time (a query parameter pages ignore), so that every answer is rendered
// afresh from the data samla keeps; or after a write each time, so that
// what samla keeps is stale too and every answer reads and works out its
// page from the database (what the first reader after a save waits for).
type benchMode int

const (
	kept benchMode = iota
	fresh
	afterWrite
)

func benchPage(b *testing.B, path string) { benchPageMode(b, path, kept) }

func benchPageMode(b *testing.B, path string, mode benchMode) {
	srv, db := nationalServer(b)
	u, err := db.UserByEmail(context.Background(), "kommunedirektor@samla.example")
	if err != nil {
		b.Fatal(err)
	}
	session, err := db.CreateSession(context.Background(), u.ID)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		target := path
		if mode != kept {
			n++
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			target = fmt.Sprintf("%s%sfresh=%d", path, sep, n)
		}
		if mode == afterWrite {
			if err := db.Update(context.Background(), models.Actor{Email: "bench"}, func(*data.Tx) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Cookie", "samla_session="+session)
		resp, err := srv.App.Test(req, fiber.TestConfig{Timeout: 0})
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%s: %d", path, resp.StatusCode)
		}
	}
}

func BenchmarkProjectsPage(b *testing.B) { benchPage(b, "/projects") }
func BenchmarkProjectsPageFiltered(b *testing.B) {
	benchPage(b, "/projects?status=red&sort=budget&desc=1&page=3")
}
func BenchmarkProjectsPageSearch(b *testing.B)   { benchPage(b, "/projects?q=tr%C3%A6na") }
func BenchmarkProjectsPageLastPage(b *testing.B) { benchPage(b, "/projects?page=100") }
func BenchmarkProjectPage(b *testing.B)          { benchPage(b, "/projects/2500") }
func BenchmarkProjectsAPIAll(b *testing.B)       { benchPage(b, "/api/v1/projects?limit=500") }

func BenchmarkHomePage(b *testing.B)  { benchPage(b, "/") }
func BenchmarkDashboard(b *testing.B) { benchPage(b, "/overview") }
func BenchmarkDashboardFiltered(b *testing.B) {
	benchPage(b, "/overview?area=health_care&phase=execution")
}
func BenchmarkMunicipalityPage(b *testing.B) { benchPage(b, "/municipalities/1833") }

// The same pages rendered afresh each time (what the page cache saves),
// and after a write each time (what the data samla keeps saves).
func BenchmarkDashboardFresh(b *testing.B)        { benchPageMode(b, "/overview", fresh) }
func BenchmarkProjectsPageFresh(b *testing.B)     { benchPageMode(b, "/projects", fresh) }
func BenchmarkProjectPageFresh(b *testing.B)      { benchPageMode(b, "/projects/2500", fresh) }
func BenchmarkMunicipalityPageFresh(b *testing.B) { benchPageMode(b, "/municipalities/1833", fresh) }

func BenchmarkDashboardAfterWrite(b *testing.B)    { benchPageMode(b, "/overview", afterWrite) }
func BenchmarkProjectsPageAfterWrite(b *testing.B) { benchPageMode(b, "/projects", afterWrite) }
func BenchmarkProjectPageAfterWrite(b *testing.B)  { benchPageMode(b, "/projects/2500", afterWrite) }
func BenchmarkMunicipalityPageAfterWrite(b *testing.B) {
	benchPageMode(b, "/municipalities/1833", afterWrite)
}

// Rollout at national scale: 357 municipalities × 15 solutions.
func BenchmarkAdoptionPage(b *testing.B)       { benchPage(b, "/adoption") }
func BenchmarkAdoptionPageCounty(b *testing.B) { benchPage(b, "/adoption?county=18") }
func BenchmarkAdoptionAPI(b *testing.B)        { benchPage(b, "/api/v1/adoption") }
func BenchmarkAdoptionAPIAsOf(b *testing.B) {
	benchPage(b, "/api/v1/adoption?as_of="+time.Now().AddDate(-1, 0, 0).Format("2006-01-02"))
}
func BenchmarkMunicipalityAdoptionAPI(b *testing.B) {
	benchPage(b, "/api/v1/municipalities/1833/adoption")
}
