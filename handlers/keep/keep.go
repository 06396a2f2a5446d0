// Package keep holds rendered answers until the data they were made from
// changes: each is kept for the write generation it was made in (any
// committed write makes it stale) and at most a time to live, for what
// depends on the day. The cache is bounded in bytes and in entries; the
// one used longest ago goes first. The signed-in pages (handlers) and the
// public pages (handlers/public) each keep one.
package keep

import (
	"container/list"
	"sync"
	"time"
)

// Cache keeps values of type V by key.
type Cache[V any] struct {
	ttl                  time.Duration
	maxBytes, maxEntries int

	mu      sync.Mutex
	entries map[string]*list.Element
	order   *list.List // front: used last
	bytes   int
}

type entry[V any] struct {
	key  string
	gen  uint64
	at   time.Time
	size int
	v    V
}

// New is a cache of at most maxBytes (as Put counts them) and maxEntries,
// each good for ttl.
func New[V any](ttl time.Duration, maxBytes, maxEntries int) *Cache[V] {
	return &Cache[V]{ttl: ttl, maxBytes: maxBytes, maxEntries: maxEntries, entries: map[string]*list.Element{}, order: list.New()}
}

// Get is the value kept under key, if it was made in generation gen and
// is not older than the time to live.
func (c *Cache[V]) Get(key string, gen uint64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		var zero V
		return zero, false
	}
	e := el.Value.(*entry[V])
	if e.gen != gen || time.Since(e.at) > c.ttl {
		c.remove(el)
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return e.v, true
}

// Put keeps v, of size bytes, made in generation gen. A value over an
// eighth of the cache is not worth keeping.
func (c *Cache[V]) Put(key string, gen uint64, v V, size int) {
	if size > c.maxBytes/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
	c.entries[key] = c.order.PushFront(&entry[V]{key: key, gen: gen, at: time.Now(), size: size, v: v})
	c.bytes += size
	for c.bytes > c.maxBytes || c.order.Len() > c.maxEntries {
		c.remove(c.order.Back())
	}
}

func (c *Cache[V]) remove(el *list.Element) {
	e := el.Value.(*entry[V])
	c.order.Remove(el)
	delete(c.entries, e.key)
	c.bytes -= e.size
}
