package data

import (
	"context"
	"errors"
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
	// reading are the reads under way: who asks for the same key while one
	// is under way waits for it instead of reading too. At national scale
	// the overview's aggregates take a quarter of a second; when they went
	// stale, every request of the moment computed them at once.
	reading map[string]*readCall
}

// readCall is a read under way; done is closed when v and err are set.
type readCall struct {
	gen  uint64
	done chan struct{}
	v    any
	err  error
}

type readEntry struct {
	v   any
	gen uint64
	at  time.Time
}

const readCacheTTL = time.Minute

// readCacheMax bounds the keys kept (keys with dates or filters in them
// come and go).
const readCacheMax = 1000

// evict makes room: the values no longer good go first, then, if most are
// still good, a tenth of the others (any: a map's order is random), so
// that a full cache does not drop everything at once.
func (c *readCache) evict(gen uint64, now time.Time) {
	for k, e := range c.m {
		if e.gen != gen || now.Sub(e.at) >= readCacheTTL {
			delete(c.m, k)
		}
	}
	for k := range c.m {
		if len(c.m) < readCacheMax*9/10 {
			break
		}
		delete(c.m, k)
	}
}

// cachedRead returns the value under key, computing it with read when the
// cached one is stale.
func cachedRead[T any](ctx context.Context, db *DB, key string, read func(context.Context) (T, error)) (T, error) {
	gen, now := db.generation.Load(), time.Now()
	c := &db.readCache
	c.mu.Lock()
	if e, ok := c.m[key]; ok && e.gen == gen && now.Sub(e.at) < readCacheTTL {
		c.mu.Unlock()
		return e.v.(T), nil
	}
	if call := c.reading[key]; call != nil && call.gen == gen {
		c.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		if call.err == nil {
			return call.v.(T), nil
		}
		return read(ctx) // its reader's error (its request may have gone) is not this one's
	}
	call := &readCall{gen: gen, done: make(chan struct{})}
	if c.reading == nil {
		c.reading = map[string]*readCall{}
	}
	c.reading[key] = call
	c.mu.Unlock()
	call.err = errReadFailed
	defer func() { // also when read panics: nobody waits for ever
		c.mu.Lock()
		if c.reading[key] == call {
			delete(c.reading, key)
		}
		if call.err == nil {
			if c.m == nil {
				c.m = map[string]readEntry{}
			}
			if len(c.m) >= readCacheMax {
				c.evict(db.generation.Load(), now)
			}
			// A write during the read leaves the value under the older
			// generation, so the next request reads again.
			c.m[key] = readEntry{call.v, gen, now}
		}
		c.mu.Unlock()
		close(call.done)
	}()
	v, err := read(ctx)
	call.v, call.err = v, err
	return v, err
}

var errReadFailed = errors.New("data: the read failed")

// Generation is the number of committed write transactions so far: a
// cache of anything read is good while it stays the same.
func (db *DB) Generation() uint64 { return db.generation.Load() }
