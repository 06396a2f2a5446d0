package public

import (
	"sync/atomic"
	"testing"
	"time"
)

// A render waits for the signed-in users' requests under way, but never
// longer than YieldWait, and not at all when there are none.
func TestRenderYieldsToSignedInUsers(t *testing.T) {
	var asked atomic.Int32
	busy := atomic.Bool{}
	s := New(nil, nil, Config{YieldWait: 40 * time.Millisecond, SignedInBusy: func() bool { asked.Add(1); return busy.Load() }})

	s.yield()
	if asked.Load() != 1 {
		t.Errorf("with nobody signed in busy, yield asked %d times; it should ask once and go on", asked.Load())
	}

	busy.Store(true)
	start := time.Now()
	s.yield()
	if d := time.Since(start); d < 40*time.Millisecond || d > 5*time.Second {
		t.Errorf("always busy: yield waited %v, want YieldWait (40ms) and not much more", d)
	}

	// Busy for 5 ms, with a wait of a minute allowed: yield goes on when
	// the users are done, not when the wait is up.
	s.cfg.YieldWait = time.Minute
	go func() { time.Sleep(5 * time.Millisecond); busy.Store(false) }()
	start = time.Now()
	asked.Store(0)
	s.yield()
	if d := time.Since(start); d > 5*time.Second || asked.Load() < 2 {
		t.Errorf("busy for 5 ms: yield waited %v and asked %d times; it should ask until the users are done", d, asked.Load())
	}
}
