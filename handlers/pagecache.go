package handlers

import (
	"bytes"
	"fmt"
	"samla/handlers/keep"
	"time"

	"github.com/gofiber/fiber/v3"
)

// The most read pages (dashboard, projects list, project and municipality
// pages) are kept as rendered (package keep), per user and address. The
// user's CSRF token is cut out when a page is kept and put back when it is
// served.
const (
	pageTTL        = time.Minute
	pageCacheBytes = 8 << 20
	pageCacheMax   = 512
	// csrfHole stands for the user's CSRF token in a kept page.
	csrfHole = "\x00csrf\x00"
)

func newPageCache() *keep.Cache[[]byte] {
	return keep.New[[]byte](pageTTL, pageCacheBytes, pageCacheMax)
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
		if body, ok := s.pages.Get(key, gen); ok {
			c.Status(fiber.StatusOK).Type("html", "utf-8")
			// Into the server's own buffer, the token where the hole is: no
			// page-sized copy is made for each answer.
			resp := c.Response()
			resp.ResetBody()
			for {
				i := bytes.Index(body, []byte(csrfHole))
				if i < 0 {
					resp.AppendBody(body)
					return nil
				}
				resp.AppendBody(body[:i])
				resp.AppendBodyString(token)
				body = body[i+len(csrfHole):]
			}
		}
		if err := s.renderInSlot(c, h); err != nil {
			return err
		}
		if c.Response().StatusCode() != fiber.StatusOK || !bytes.HasPrefix(c.Response().Header.ContentType(), []byte("text/html")) {
			return nil
		}
		body := bytes.ReplaceAll(c.Response().Body(), []byte(token), []byte(csrfHole))
		s.pages.Put(key, gen, body, len(body))
		return nil
	}
}

// renderInSlot renders a page not kept in one of the render slots, one per
// core: when more pages are asked for at once than there are cores, they
// wait in the order they came instead of all being rendered a little at a
// time, so each is answered in about the time its own render takes and the
// slowest answers are not many times the median (docs/speed.md). A page
// waits for a slot at most slotWait: a slot's page may be slow (the first
// overview after a write works out its figures for half a second at
// national scale), and the pages behind it must not wait that long.
func (s *Server) renderInSlot(c fiber.Ctx, h fiber.Handler) error {
	select {
	case s.renders <- struct{}{}:
	default:
		t := time.NewTimer(slotWait)
		select {
		case s.renders <- struct{}{}:
			t.Stop()
		case <-t.C:
			s.unslotted.Add(1)
			return h(c)
		}
	}
	defer func() { <-s.renders }()
	s.rendering.Add(1)
	defer s.rendering.Add(-1)
	return h(c)
}

// slotWait is how long a page waits for a render slot before it is
// rendered beside the others.
const slotWait = 50 * time.Millisecond

// PagesRendering is how many pages not kept are being rendered in the
// slots now, and PagesUnslotted how many did not get one in time (for the
// metrics and tests).
func (s *Server) PagesRendering() int   { return int(s.rendering.Load()) }
func (s *Server) PagesUnslotted() int64 { return s.unslotted.Load() }
