package data

import (
	"sync"
	"sync/atomic"
	"time"

	"samla/models"
)

// sessionKeep is how long a session found is trusted without asking the
// database again. Within samla a write or an ended session drops it at
// once; a change made by another process (the samla CLI beside a running
// server) is seen within this time.
const sessionKeep = 5 * time.Second

// sessionTouch: a session last seen longer ago is extended.
const sessionTouch = 5 * time.Minute

// sessionCacheMax bounds the sessions kept; past it all are dropped.
const sessionCacheMax = 10_000

// sessionCache keeps recent session lookups by token hash.
type sessionCache struct {
	mu sync.Mutex
	m  map[string]sessionEntry
	// epoch counts the sessions ended outside a write transaction (logout):
	// an entry from before one is not used.
	epoch atomic.Uint64
}

type sessionEntry struct {
	user          models.User
	seen, expires time.Time
	gen, epoch    uint64
	at            time.Time
}

// get is the user of a kept session, if it is still good: nothing was
// written or ended since, it is young, the session has not expired and
// does not need extending.
func (c *sessionCache) get(hash string, gen uint64, now time.Time) (models.User, bool) {
	c.mu.Lock()
	e, ok := c.m[hash]
	c.mu.Unlock()
	if !ok || e.gen != gen || e.epoch != c.epoch.Load() || now.Sub(e.at) >= sessionKeep || !now.Before(e.expires) || now.Sub(e.seen) > sessionTouch {
		return models.User{}, false
	}
	return e.user, true
}

func (c *sessionCache) put(hash string, e sessionEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= sessionCacheMax {
		c.m = map[string]sessionEntry{}
	}
	c.m[hash] = e
}

// drop makes every kept session stale (a session was ended).
func (c *sessionCache) drop() { c.epoch.Add(1) }
