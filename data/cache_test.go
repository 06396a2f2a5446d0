package data

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Requests that ask at once for a value nobody has yet wait for one read
// of it; a failed read is not passed on to those who waited.
func TestCachedReadOnce(t *testing.T) {
	db := &DB{}
	var reads atomic.Int32
	slow := func(context.Context) (int, error) {
		reads.Add(1)
		time.Sleep(50 * time.Millisecond)
		return 42, nil
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if v, err := cachedRead(context.Background(), db, "k", slow); v != 42 || err != nil {
				t.Errorf("got %d, %v", v, err)
			}
		})
	}
	wg.Wait()
	if n := reads.Load(); n != 1 {
		t.Errorf("%d reads for 16 requests at once, want 1", n)
	}
	db.generation.Add(1) // a write: read again
	if v, _ := cachedRead(context.Background(), db, "k", slow); v != 42 || reads.Load() != 2 {
		t.Errorf("after a write: %d reads", reads.Load())
	}

	gone := errors.New("the first request went away")
	first := true
	var mu sync.Mutex
	failing := func(context.Context) (int, error) {
		mu.Lock()
		f := first
		first = false
		mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		if f {
			return 0, gone
		}
		return 7, nil
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			v, err := cachedRead(context.Background(), db, "f", failing)
			if err == nil && v != 7 {
				err = errors.New("wrong value")
			}
			errs <- err
		}()
	}
	failed := 0
	for range 4 {
		if err := <-errs; errors.Is(err, gone) {
			failed++
		} else if err != nil {
			t.Error(err)
		}
	}
	if failed != 1 {
		t.Errorf("%d requests got another's error, want only its own reader", failed)
	}
}

// A full cache drops what is no longer good first, then a few others:
// never everything at once.
func TestCachedReadEvicts(t *testing.T) {
	db := &DB{}
	ctx := context.Background()
	put := func(key string) {
		if _, err := cachedRead(ctx, db, key, func(context.Context) (string, error) { return key, nil }); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 400 {
		put(fmt.Sprint("old", i))
	}
	db.generation.Add(1) // a write: those 400 are stale
	for i := range 600 {
		put(fmt.Sprint("new", i))
	}
	put("one more") // 1 000 kept: room is made
	db.readCache.mu.Lock()
	n, stale := len(db.readCache.m), 0
	for _, e := range db.readCache.m {
		if e.gen != db.generation.Load() {
			stale++
		}
	}
	db.readCache.mu.Unlock()
	if stale != 0 || n != 601 {
		t.Errorf("after making room: %d kept, %d of them stale; want the 601 good ones", n, stale)
	}
	for i := range 500 {
		put(fmt.Sprint("more", i))
	}
	db.readCache.mu.Lock()
	n = len(db.readCache.m)
	db.readCache.mu.Unlock()
	if n > readCacheMax || n < readCacheMax*8/10 {
		t.Errorf("%d kept after more good values than fit; want at most %d, and most of them", n, readCacheMax)
	}
}
