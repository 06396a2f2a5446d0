package data

import (
	"context"
	"sync"
	"time"
)

// readCache keeps values derived from the data that many requests ask for
// and few writes change, such as a filter's options. A value is valid for the
// write generation it was computed in, and at most readCacheTTL (for writes
// by other processes, such as the command line). Values are shared: callers
// must not change them.
type readCache struct {
	mu sync.Mutex
	m  map[string]readEntry
}

type readEntry struct {
	v   any
	gen uint64
	at  time.Time
}

const readCacheTTL = time.Minute

// cachedRead returns the value under key, computing it with read when the
// cached one is stale.
func cachedRead[T any](ctx context.Context, db *DB, key string, read func(context.Context) (T, error)) (T, error) {
	gen, now := db.generation.Load(), time.Now()
	c := &db.readCache
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && e.gen == gen && now.Sub(e.at) < readCacheTTL {
		return e.v.(T), nil
	}
	v, err := read(ctx)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) > 1000 { // keys with dates in them come and go
		c.m = map[string]readEntry{}
	}
	// A write during the read leaves the value under the older generation,
	// so the next request reads again.
	c.m[key] = readEntry{v, gen, now}
	c.mu.Unlock()
	return v, nil
}

// Generation is the number of committed write transactions so far: a
// cache of anything read is good while it stays the same.
func (db *DB) Generation() uint64 { return db.generation.Load() }
