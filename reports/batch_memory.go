package reports

import (
	"math"
	"runtime/debug"
	"sync"
)

// batchMemoryLimit is the soft memory limit while a report run builds
// PDFs, or a portfolio report its hundreds of pages. samla at rest keeps a low soft limit (128 MiB, see main.go) so that a
// shared server gets memory back; a run builds a PDF on every core, each
// allocating tens of megabytes, and under the low limit the collector runs
// all the time: the national run took 2.6 times the CPU.
const batchMemoryLimit = 512 << 20

// batchGCPercent lets the heap grow to five times what is live before the
// collector runs (GOGC=400) while a run lasts: the PDFs' garbage is short
// lived, and the national run spent about a tenth of its CPU collecting
// it at the default 100. The memory limit above still bounds the heap.
const batchGCPercent = 400

var batchMemory struct {
	sync.Mutex
	runs    int
	saved   int64
	savedGC int
}

// liftMemoryLimit raises the soft memory limit and the collector's target
// for a run, unless they are higher already or off, and returns the
// function that puts them back when the last run ends.
func liftMemoryLimit() (restore func()) {
	batchMemory.Lock()
	defer batchMemory.Unlock()
	if batchMemory.runs == 0 {
		batchMemory.saved = debug.SetMemoryLimit(-1)
		if batchMemory.saved < batchMemoryLimit && batchMemory.saved != math.MaxInt64 {
			debug.SetMemoryLimit(batchMemoryLimit)
		}
		batchMemory.savedGC = debug.SetGCPercent(batchGCPercent)
		if batchMemory.savedGC < 0 || batchMemory.savedGC > batchGCPercent { // off, or higher: keep it
			debug.SetGCPercent(batchMemory.savedGC)
		}
	}
	batchMemory.runs++
	return func() {
		batchMemory.Lock()
		defer batchMemory.Unlock()
		batchMemory.runs--
		if batchMemory.runs == 0 {
			debug.SetMemoryLimit(batchMemory.saved)
			debug.SetGCPercent(batchMemory.savedGC)
		}
	}
}
