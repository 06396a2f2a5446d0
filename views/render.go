// Package views renders samla's HTML pages: templates, translations,
// Norwegian number and date formats, and the embedded static assets.
package views

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"samla/locale"
	"samla/models"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Static is the file system served under /static/.
func Static() fs.FS {
	sub, _ := fs.Sub(staticFiles, "static")
	return sub
}

// Renderer holds the templates: the layout and shared partials, and each
// page's set, parsed when the page is first shown (all are checked at start).
type Renderer struct {
	base     *template.Template // never executed: pages are clones of it
	partials *template.Template // a clone for rendering parts alone
	mu       sync.Mutex
	files    map[string]string // page name → template file
	pages    map[pageKey]*pageSet
}

// pageSet is a page's parsed templates, and its length when last
// rendered: the next one's buffer is made that large at once instead of
// doubling up to it.
type pageSet struct {
	t     *template.Template
	entry string
	size  atomic.Int64
}

// pageKey names a page's parsed set: its texts are folded in one language.
type pageKey struct{ name, lang string }

// NewRenderer parses every template; loc is the zone dates are shown in.
// A page's parsed set is kept from its first use on, so that a server at
// rest holds only the pages people have asked for.
func NewRenderer(loc *time.Location) (*Renderer, error) {
	funcs := template.FuncMap{
		"number":        locale.Number,
		"kroner":        locale.Kroner,
		"caseStatusKey": locale.CaseStatusKey,
		"balance":       locale.Balance,
		"decimal":       locale.Decimal,
		"date":          locale.Date,
		"datetime":      func(t time.Time) string { return locale.DateTime(t, loc) },
		"monthname":     locale.MonthName,
		"roleName":      func(lang string, r models.Role) string { return locale.T(lang, "role."+string(r)) },
		"asset":         Asset,
		"chosenAny": func(opts []Option) bool {
			for _, o := range opts {
				if o.Selected {
					return true
				}
			}
			return false
		},
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templateFiles, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("views: parse layout: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	r := &Renderer{base: base, files: map[string]string{}, pages: map[pageKey]*pageSet{}}
	if r.partials, err = base.Clone(); err != nil {
		return nil, err
	}
	for _, name := range names {
		file := path.Base(name)
		if strings.HasPrefix(file, "_") {
			continue
		}
		if _, err := r.parse(name); err != nil { // every page parses, or samla does not start
			return nil, err
		}
		r.files[strings.TrimSuffix(file, ".html")] = name
	}
	return r, nil
}

// parse parses a page's file beside the layout and partials.
func (r *Renderer) parse(file string) (*template.Template, error) {
	t, err := template.Must(r.base.Clone()).ParseFS(templateFiles, file)
	if err != nil {
		return nil, fmt.Errorf("views: parse %s: %w", path.Base(file), err)
	}
	return t, nil
}

// entry is the template a page is rendered from: the layout around its
// content, or a page of its own (the sign-in page, the public pages).
func entry(t *template.Template, name string) string {
	if t.Lookup("content") == nil {
		return name
	}
	return "layout"
}

// page returns a page's templates for a language, parsing them on first use.
func (r *Renderer) page(name, lang string) (*pageSet, error) {
	if lang != "en" {
		lang = "nb" // what locale.T gives for any language but English
	}
	key := pageKey{name, lang}
	r.mu.Lock()
	defer r.mu.Unlock()
	if ps, ok := r.pages[key]; ok {
		return ps, nil
	}
	file, ok := r.files[name]
	if !ok {
		return nil, fmt.Errorf("views: no page %q", name)
	}
	t, err := r.parse(file)
	if err != nil {
		return nil, err
	}
	ps := &pageSet{t: t, entry: entry(t, name)}
	fold(t, lang, ps.entry) // its fixed texts, in the language (fold.go)
	r.pages[key] = ps
	return ps, nil
}

// Render writes the page with the given name. It renders into a buffer
// first, so a template error never sends half a page.
func (r *Renderer) Render(name string, p *Page) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.RenderTo(&buf, name, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// RenderTo is Render into buf (a buffer the caller uses again); on an
// error buf holds part of the page, which must not be sent.
func (r *Renderer) RenderTo(buf *bytes.Buffer, name string, p *Page) error {
	ps, err := r.page(name, p.Lang)
	if err != nil {
		return err
	}
	if n := int(ps.size.Load()); n > buf.Cap()-buf.Len() {
		buf.Grow(n + n/8)
	}
	start := buf.Len()
	if err := ps.t.ExecuteTemplate(buf, ps.entry, p); err != nil {
		return fmt.Errorf("views: render %s: %w", name, err)
	}
	ps.size.Store(int64(buf.Len() - start))
	return nil
}

// Fragment renders one shared partial alone (a part of a page, for htmx).
func (r *Renderer) Fragment(name string, data any) ([]byte, error) {
	if r.partials.Lookup(name) == nil {
		return nil, fmt.Errorf("views: no template %q", name)
	}
	var buf bytes.Buffer
	if err := r.partials.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("views: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// assetVersions are the first hex digits of each embedded asset's SHA-256,
// by its URL path, worked out when an asset is first named (not at start).
var assetVersions sync.Map

func assetVersion(path string) string {
	if v, ok := assetVersions.Load(path); ok {
		return v.(string)
	}
	b, err := fs.ReadFile(Static(), strings.TrimPrefix(path, "/static/"))
	if err != nil || !strings.HasPrefix(path, "/static/") {
		return ""
	}
	sum := sha256.Sum256(b)
	v := hex.EncodeToString(sum[:6])
	assetVersions.Store(path, v)
	return v
}

// Asset is an embedded asset's URL with its content's fingerprint
// (/static/app.css?v=1a2b3c…), so that browsers may keep it for a year and
// still fetch a changed file at once.
func Asset(path string) string {
	if v := assetVersion(path); v != "" {
		return path + "?v=" + v
	}
	return path
}

// AssetVersion is the fingerprint of the asset at path ("" when unknown).
func AssetVersion(path string) string { return assetVersion(path) }
