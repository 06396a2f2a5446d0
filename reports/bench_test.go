package reports_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"samla/data"
)

var (
	nationalOnce sync.Once
	nationalPath string
	nationalErr  error
)

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
