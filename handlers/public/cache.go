package public

import (
	"container/list"
	"sync"
	"time"
)

// pageCache keeps public answers as rendered, for the write generation they
// were made in and at most cacheTTL (for what depends on the day). Public
// pages are the same for everybody, so one copy serves every reader. Its
// size is bounded; the oldest page goes first.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]*list.Element
	order   *list.List
	bytes   int
}

type cachedPage struct {
	key, etag, contentType, disposition string
	gen                                 uint64
	at                                  time.Time
	body                                []byte
}

const (
	cacheTTL   = 5 * time.Minute
	cacheBytes = 32 << 20
	cacheMax   = 2048
)

func newPageCache() *pageCache {
	return &pageCache{entries: map[string]*list.Element{}, order: list.New()}
}

func (pc *pageCache) get(key string, gen uint64) (*cachedPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el, ok := pc.entries[key]
	if !ok {
		return nil, false
	}
	p := el.Value.(*cachedPage)
	if p.gen != gen || time.Since(p.at) > cacheTTL {
		pc.remove(el)
		return nil, false
	}
	pc.order.MoveToFront(el)
	return p, true
}

func (pc *pageCache) put(p *cachedPage) {
	if len(p.body) > cacheBytes/8 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.entries[p.key]; ok {
		pc.remove(el)
	}
	pc.entries[p.key] = pc.order.PushFront(p)
	pc.bytes += len(p.body)
	for pc.bytes > cacheBytes || pc.order.Len() > cacheMax {
		pc.remove(pc.order.Back())
	}
}

func (pc *pageCache) remove(el *list.Element) {
	p := el.Value.(*cachedPage)
	pc.order.Remove(el)
	delete(pc.entries, p.key)
	pc.bytes -= len(p.body)
}
