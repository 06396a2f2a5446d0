package handlers

import (
	"sync"
	"time"
)

// Login throttling: after too many failures within the window, a key (an
// account or an address) is refused until the window has passed.
const (
	throttleWindow     = 15 * time.Minute
	throttlePerAccount = 5
	throttlePerAddress = 20
)

// Throttle counts failed logins per key in memory.
type Throttle struct {
	mu       sync.Mutex
	now      func() time.Time
	failures map[string][]time.Time
}

// NewThrottle returns a throttle that reads the time from now.
func NewThrottle(now func() time.Time) *Throttle {
	return &Throttle{now: now, failures: map[string][]time.Time{}}
}

// recent drops failures older than the window and returns the rest.
func (t *Throttle) recent(key string) []time.Time {
	cut := t.now().Add(-throttleWindow)
	fs := t.failures[key]
	i := 0
	for i < len(fs) && fs[i].Before(cut) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.failures, key)
		return nil
	}
	t.failures[key] = fs
	return fs
}

// Blocked reports whether key has reached limit, and for how long it stays blocked.
func (t *Throttle) Blocked(key string, limit int) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fs := t.recent(key)
	if len(fs) < limit {
		return false, 0
	}
	return true, fs[len(fs)-limit].Add(throttleWindow).Sub(t.now())
}

// Fail records a failed attempt for each key.
func (t *Throttle) Fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.failures[k] = append(t.recent(k), t.now())
	}
	// Keep memory bounded under a flood of distinct keys.
	if len(t.failures) > 50_000 {
		for k := range t.failures {
			t.recent(k)
		}
	}
}

// Reset forgets the failures of key (after a successful login).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, key)
}
