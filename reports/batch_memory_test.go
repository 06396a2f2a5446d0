package reports

import (
	"runtime/debug"
	"testing"
)

// A run lifts a low soft memory limit and the collector's target and puts
// them back when the last run ends; a higher limit stays as it is.
func TestLiftMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(60 << 20)
	defer debug.SetMemoryLimit(before)
	gc := debug.SetGCPercent(100)
	defer debug.SetGCPercent(gc)
	first := liftMemoryLimit()
	second := liftMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got != batchMemoryLimit {
		t.Fatalf("during a run: %d", got)
	}
	if got := debug.SetGCPercent(batchGCPercent); got != batchGCPercent {
		t.Fatalf("GOGC during a run: %d", got)
	}
	first()
	if got := debug.SetMemoryLimit(-1); got != batchMemoryLimit {
		t.Fatalf("with a run still going: %d", got)
	}
	second()
	if got := debug.SetMemoryLimit(-1); got != 60<<20 {
		t.Fatalf("after the runs: %d", got)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GOGC after the runs: %d", got)
	}
	debug.SetMemoryLimit(1 << 30)
	liftMemoryLimit()()
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Fatalf("a higher limit was changed: %d", got)
	}
}
