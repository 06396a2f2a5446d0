// Package public serves the public pages (offentleglova): no login, the
// site's look, cached and cheap. It reaches the store only through Store,
// whose methods return the public types of models/public.go, so that an
// internal field cannot reach a public page: it is not in the type.
//
// A client of the public pages cannot slow the signed-in users: pages are
// kept as rendered per write generation, a page not kept waits for one of
// a few render slots (MaxRenders) and gives up with 503 when none frees
// soon, requests beyond MaxInFlight are answered 503 at once, queries are
// short and paging stops at MaxPage. Unknown query parameters are ignored,
// also by the cache, so that they cannot make every request a new page.
package public

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v3"

	"samla/handlers/keep"
	"samla/models"
	"samla/views"
)

// Store is all the public pages may ask of the store.
type Store interface {
	PublicSite(ctx context.Context) (models.PublicSite, error)
	PublicProjects(ctx context.Context, q models.PublicQuery) ([]models.PublicProject, int, error)
	PublicProject(ctx context.Context, id int64) (models.PublicProjectPage, error)
	PublicMeetings(ctx context.Context) ([]models.PublicMeeting, error)
	PublicMeeting(ctx context.Context, id int64) (models.PublicMeetingPage, error)
	PublicDecisions(ctx context.Context, q string, limit, offset int) ([]models.PublicCase, int, error)
	PublicMunicipality(ctx context.Context, number string) (models.PublicMunicipality, error)
	PublicFeed(ctx context.Context, n int) ([]models.PublicFeedEntry, error)
	PublicNames(ctx context.Context) (map[string]string, error)
	Generation() uint64
}

// Config is what the public pages need from the server.
type Config struct {
	BaseURL  *url.URL
	Lang     string
	Location *time.Location
	Log      *slog.Logger
	// MaxRenders is how many pages not kept may be rendered at once (1: the
	// other core stays for the signed-in users);
	// MaxInFlight how many public requests may be under way (256); RenderWait
	// how long a request waits for a render slot (2 s).
	MaxRenders  int
	MaxInFlight int64
	RenderWait  time.Duration
	// SignedInBusy tells whether signed-in users' requests are under way:
	// a render not kept waits for them first, at most YieldWait (50 ms), so
	// a flood of public searches takes the time signed-in users leave.
	SignedInBusy func() bool
	YieldWait    time.Duration
}

// Limits of what a public request may ask.
const (
	MaxQuery    = 100 // runes of a search
	MaxRawQuery = 512 // bytes of the whole query string
	MaxPage     = 200 // pages of a list
	PerPage     = 25
	maxAge      = 60 // seconds a browser or proxy may keep a page
)

// Site serves the public pages.
type Site struct {
	store   Store
	views   *views.Renderer
	cfg     Config
	cache   *keep.Cache[*cachedPage]
	renders chan struct{}
	// rendering counts the renders under way, apart from the slots, so
	// that a test sees it if the limit ever fails.
	rendering atomic.Int32
	inFlight  atomic.Int64
	state     atomic.Pointer[siteState]
}

type siteState struct {
	gen  uint64
	at   time.Time
	site models.PublicSite
}

// New makes the public site.
func New(store Store, r *views.Renderer, cfg Config) *Site {
	if cfg.MaxRenders <= 0 {
		cfg.MaxRenders = 1
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = 256
	}
	if cfg.RenderWait <= 0 {
		cfg.RenderWait = 2 * time.Second
	}
	if cfg.SignedInBusy == nil {
		cfg.SignedInBusy = func() bool { return false }
	}
	if cfg.YieldWait <= 0 {
		cfg.YieldWait = 50 * time.Millisecond
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	return &Site{store: store, views: r, cfg: cfg, cache: newPageCache(), renders: make(chan struct{}, cfg.MaxRenders)}
}

// Route is one public route.
type Route struct {
	Path    string
	Handler fiber.Handler
}

// Routes lists the public routes, each behind the switch, the limits and the cache.
func (s *Site) Routes() []Route {
	return []Route{
		{"/public", s.serve(s.home)},
		{"/public/projects/:id", s.serve(s.project)},
		{"/public/meetings", s.serve(s.meetings)},
		{"/public/meetings/:id", s.serve(s.meeting)},
		{"/public/meetings/:id/minutes.pdf", s.serve(s.minutesPDF)},
		{"/public/decisions", s.serve(s.decisions)},
		{"/public/municipalities/:number", s.serve(s.municipality)},
		{"/public/feed.atom", s.serve(s.feed)},
		{"/public/catalogue.json", s.serve(s.catalogue)},
	}
}

// answer is a rendered public response.
type answer struct {
	contentType string
	body        []byte
	disposition string
}

type renderFunc func(c fiber.Ctx, r *request) (answer, error)

// request is what a public page may read of a request: its language, the
// known query parameters, and the path's parameter.
type request struct {
	ctx   context.Context
	lang  string
	q     string
	page  int
	param string
	site  models.PublicSite
	gen   uint64
}

var (
	errNotFound  = &models.Error{Code: models.ENOTFOUND, Message: "not found"}
	errBusy      = fiber.NewError(fiber.StatusServiceUnavailable, "the public pages are busy; try again in a moment")
	errTooLong   = fiber.NewError(fiber.StatusBadRequest, "the query is too long")
	errBadPaging = &models.Error{Code: models.ENOTFOUND, Message: "no such page"}
)

// siteState reads whether the site is open once per write generation (and
// at most a minute, for writes by the command line).
func (s *Site) siteState(ctx context.Context) (models.PublicSite, uint64, error) {
	gen := s.store.Generation()
	if st := s.state.Load(); st != nil && st.gen == gen && time.Since(st.at) < time.Minute {
		return st.site, gen, nil
	}
	site, err := s.store.PublicSite(ctx)
	if err != nil {
		return site, gen, err
	}
	s.state.Store(&siteState{gen: gen, at: time.Now(), site: site})
	return site, gen, nil
}

func (s *Site) serve(render renderFunc) fiber.Handler {
	return func(c fiber.Ctx) error {
		if n := s.inFlight.Add(1); n > s.cfg.MaxInFlight {
			s.inFlight.Add(-1)
			c.Set("Retry-After", "5")
			return errBusy
		}
		defer s.inFlight.Add(-1)
		site, gen, err := s.siteState(c.Context())
		if err != nil {
			return err
		}
		if !site.On {
			return errNotFound
		}
		r, err := s.parse(c)
		if err != nil {
			return err
		}
		r.site, r.gen = site, gen
		key := c.Path() + "|" + r.lang + "|" + r.q + "|" + strconv.Itoa(r.page)
		p, ok := s.cache.Get(key, gen)
		if !ok {
			if p, err = s.render(c, r, key, render); err != nil {
				return err
			}
		}
		c.Set("Cache-Control", "public, max-age="+strconv.Itoa(maxAge))
		c.Set("ETag", p.etag)
		c.Set("Last-Modified", p.at.UTC().Format(http.TimeFormat))
		if p.disposition != "" {
			c.Set("Content-Disposition", p.disposition)
		}
		if inm := c.Get("If-None-Match"); inm != "" && etagMatch(inm, p.etag) {
			return c.SendStatus(fiber.StatusNotModified)
		}
		c.Set("Content-Type", p.contentType)
		return c.Send(p.body)
	}
}

// render makes a page not kept, in one of the few render slots.
func (s *Site) render(c fiber.Ctx, r *request, key string, render renderFunc) (*cachedPage, error) {
	t := time.NewTimer(s.cfg.RenderWait)
	defer t.Stop()
	select {
	case s.renders <- struct{}{}:
	case <-t.C:
		c.Set("Retry-After", "5")
		return nil, errBusy
	}
	defer func() { <-s.renders }()
	s.yield()
	s.rendering.Add(1)
	defer s.rendering.Add(-1)
	a, err := render(c, r)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(a.body)
	p := &cachedPage{at: time.Now(), contentType: a.contentType, body: a.body, disposition: a.disposition,
		etag: `W/"` + hex.EncodeToString(sum[:12]) + `"`}
	s.cache.Put(key, r.gen, p, len(p.body))
	return p, nil
}

// yield waits, holding the render slot, while signed-in users' requests
// are under way, at most YieldWait: public pages are not kept from them
// for long, and cannot starve them.
func (s *Site) yield() {
	for end := time.Now().Add(s.cfg.YieldWait); s.cfg.SignedInBusy() && time.Now().Before(end); {
		time.Sleep(time.Millisecond)
	}
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

// parse reads the known query parameters within their limits.
func (s *Site) parse(c fiber.Ctx) (*request, error) {
	if len(c.Request().URI().QueryString()) > MaxRawQuery {
		return nil, errTooLong
	}
	r := &request{ctx: c.Context(), lang: s.cfg.Lang, page: 1}
	if l := c.Query("lang"); models.ValidLang(l) {
		r.lang = l
	}
	r.q = strings.TrimSpace(c.Query("q"))
	if utf8.RuneCountInString(r.q) > MaxQuery {
		return nil, errTooLong
	}
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPage {
			return nil, errBadPaging
		}
		r.page = n
	}
	r.param = c.Params("id")
	if r.param == "" {
		r.param = c.Params("number")
	}
	return r, nil
}

// notFound maps the store's not-found to the public 404.
func notFound(err error) error {
	if errors.Is(err, models.ErrNotFound) {
		return errNotFound
	}
	return err
}

// InFlight is how many public requests are under way (for tests and metrics).
func (s *Site) InFlight() int64 { return s.inFlight.Load() }

// Rendering is how many public pages are being rendered now.
func (s *Site) Rendering() int { return int(s.rendering.Load()) }
