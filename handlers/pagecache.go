package handlers

import (
	"bytes"
	"container/list"
	"fmt"
	"sync"
	"time"

	"github.com/gofiber/fiber/v3"
)

// pageCache keeps the most read pages (dashboard, projects list, project
// and municipality pages) as rendered, per user and address, for the write
// generation they were made in and at most pageTTL (for what depends on the
// day). The user's CSRF token is cut out when a page is kept and put back
// when it is served. Its size is bounded; the oldest page goes first.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]*list.Element
	order   *list.List // front: newest
	bytes   int
}

type cachedPage struct {
	key    string
	gen    uint64
	at     time.Time
	status int
	body   []byte
}

const (
	pageTTL        = time.Minute
	pageCacheBytes = 8 << 20
	pageCacheMax   = 512
	// csrfHole stands for the user's CSRF token in a kept page.
	csrfHole = "\x00csrf\x00"
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
	if p.gen != gen || time.Since(p.at) > pageTTL {
		pc.remove(el)
		return nil, false
	}
	pc.order.MoveToFront(el)
	return p, true
}

func (pc *pageCache) put(p *cachedPage) {
	if len(p.body) > pageCacheBytes/8 {
		return // a page this big is not worth keeping
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.entries[p.key]; ok {
		pc.remove(el)
	}
	pc.entries[p.key] = pc.order.PushFront(p)
	pc.bytes += len(p.body)
	for pc.bytes > pageCacheBytes || pc.order.Len() > pageCacheMax {
		pc.remove(pc.order.Back())
	}
}

func (pc *pageCache) remove(el *list.Element) {
	p := el.Value.(*cachedPage)
	pc.order.Remove(el)
	delete(pc.entries, p.key)
	pc.bytes -= len(p.body)
}

// cachedPage serves a page from the cache when the data has not changed
// since it was rendered for this user and address, and keeps what the
// handler renders otherwise. Only successful HTML answers are kept.
func (s *Server) cachedPage(h fiber.Handler) fiber.Handler {
	return func(c fiber.Ctx) error {
		u := currentUser(c)
		if u == nil || c.Method() != fiber.MethodGet {
			return h(c)
		}
		key := fmt.Sprintf("%d|%s|%s|%s", u.ID, s.lang(c), c.Get("HX-Request"), c.OriginalURL())
		gen := s.DB.Generation()
		token := s.csrfToken(c)
		if p, ok := s.pages.get(key, gen); ok {
			c.Status(p.status).Type("html", "utf-8")
			return c.Send(bytes.ReplaceAll(p.body, []byte(csrfHole), []byte(token)))
		}
		if err := h(c); err != nil {
			return err
		}
		if c.Response().StatusCode() != fiber.StatusOK || !bytes.HasPrefix(c.Response().Header.ContentType(), []byte("text/html")) {
			return nil
		}
		body := bytes.ReplaceAll(c.Response().Body(), []byte(token), []byte(csrfHole))
		s.pages.put(&cachedPage{key: key, gen: gen, at: time.Now(), status: fiber.StatusOK, body: body})
		return nil
	}
}
