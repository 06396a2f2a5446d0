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
	"time"

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

// Renderer holds the parsed templates: one set per page, each with the
// layout and the shared partials.
type Renderer struct {
	pages map[string]*template.Template
}

// NewRenderer parses every template; loc is the zone dates are shown in.
func NewRenderer(loc *time.Location) (*Renderer, error) {
	funcs := template.FuncMap{
		"number":    Number,
		"kroner":    Kroner,
		"balance":   Balance,
		"decimal":   Decimal,
		"date":      Date,
		"datetime":  func(t time.Time) string { return DateTime(t, loc) },
		"monthname": MonthName,
		"roleName":  func(lang string, r models.Role) string { return T(lang, "role."+string(r)) },
		"asset":     Asset,
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
	r := &Renderer{pages: map[string]*template.Template{}}
	for _, name := range names {
		file := path.Base(name)
		if strings.HasPrefix(file, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, name)
		if err != nil {
			return nil, fmt.Errorf("views: parse %s: %w", file, err)
		}
		r.pages[strings.TrimSuffix(file, ".html")] = t
	}
	return r, nil
}

// Render writes the page with the given name. It renders into a buffer
// first, so a template error never sends half a page.
func (r *Renderer) Render(name string, p *Page) ([]byte, error) {
	t, ok := r.pages[name]
	if !ok {
		return nil, fmt.Errorf("views: no page %q", name)
	}
	var buf bytes.Buffer
	entry := "layout"
	if t.Lookup("content") == nil {
		entry = name
	}
	if err := t.ExecuteTemplate(&buf, entry, p); err != nil {
		return nil, fmt.Errorf("views: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// Fragment renders one named template (a part of a page, for htmx).
func (r *Renderer) Fragment(name string, data any) ([]byte, error) {
	for _, t := range r.pages {
		if t.Lookup(name) == nil {
			continue
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, name, data); err != nil {
			return nil, fmt.Errorf("views: render %s: %w", name, err)
		}
		return buf.Bytes(), nil
	}
	return nil, fmt.Errorf("views: no template %q", name)
}

// assetVersions are the first hex digits of each embedded asset's SHA-256,
// by its URL path.
var assetVersions = func() map[string]string {
	out := map[string]string{}
	fs.WalkDir(Static(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Static(), p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out["/static/"+p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return out
}()

// Asset is an embedded asset's URL with its content's fingerprint
// (/static/app.css?v=1a2b3c…), so that browsers may keep it for a year and
// still fetch a changed file at once.
func Asset(path string) string {
	if v, ok := assetVersions[path]; ok {
		return path + "?v=" + v
	}
	return path
}

// AssetVersion is the fingerprint of the asset at path ("" when unknown).
func AssetVersion(path string) string { return assetVersions[path] }
