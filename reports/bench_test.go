package reports_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"samla/data"
	"samla/models"
	"samla/reports"
)

var (
	nationalOnce sync.Once
	nationalPath string
	nationalErr  error
)

// TestMain removes the benchmarks' national demo afterwards (45 MB).
func TestMain(m *testing.M) {
	code := m.Run()
	if nationalPath != "" {
		os.RemoveAll(filepath.Dir(nationalPath))
	}
	os.Exit(code)
}

// nationalDB opens the national demo (357 municipalities, 5 000 projects),
// built once per benchmark run.
func nationalDB(b *testing.B) *data.DB {
	nationalOnce.Do(func() {
		dir, err := os.MkdirTemp("", "samla-reports-bench")
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
		if nationalErr = db.Migrate(context.Background()); nationalErr == nil {
			_, nationalErr = db.LoadDemo(context.Background(), data.ScaleNational)
		}
	})
	if nationalErr != nil {
		b.Fatal(nationalErr)
	}
	db, err := data.Open(nationalPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func BenchmarkMunicipalityReportNational(b *testing.B) {
	bl := builder(nationalDB(b))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bl.Municipality(context.Background(), "1833"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPortfolioReportNational(b *testing.B) {
	bl := builder(nationalDB(b))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bl.Portfolio(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMonthlyRunNational is the monthly municipality run at national
// scale: 357 reports, archived, one e-mail each queued.
func BenchmarkMonthlyRunNational(b *testing.B) {
	db := nationalDB(b)
	ctx := context.Background()
	list, _ := db.Municipalities(ctx)
	for _, m := range list {
		if _, err := db.CreateUser(ctx, models.System, models.User{Email: "direktor-" + m.Number + "@kommune.example", Name: "Direktør " + m.Name,
			Role: models.RoleViewer, Municipality: m.Number}, "et langt passord"); err != nil && models.Fields(err)["email"] != "taken" {
			b.Fatal(err)
		}
	}
	svc := &reports.Service{DB: db, Loc: time.UTC, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sch, err := db.SaveSchedule(ctx, models.System, models.Schedule{Report: "municipality", Cron: "0 7 1 * *",
		Recipients: models.Recipients{Group: models.RecipientsDirectors}, Lang: "nb", Enabled: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		n, err := svc.RunSchedule(ctx, sch, fmt.Sprintf("bench-%d", i))
		if err != nil || n < 357 {
			b.Fatalf("queued %d: %v", n, err)
		}
	}
}
