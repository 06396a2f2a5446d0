package views

import (
	"html/template"
	"strings"
	"testing"
)

// A page whose fixed texts are folded gives the same bytes as one that
// calls T on each request, in every context html/template knows, and the
// folded page no longer calls T for a fixed text.
func TestFoldedTextsRenderTheSame(t *testing.T) {
	const src = `{{define "page"}}<h1 title="{{.T "nav.projects"}}">{{.T "nav.projects"}} &amp; {{$.T "toc.show" (.T "mun.projects")}}</h1>
<p>{{.T "mun.per" .Title}} {{.T "no.such.key"}} {{with .User}}{{$.T "mun.yes"}}{{end}}{{range .Nav}}<i>{{$.T "mun.no"}}</i>{{end}}</p>
<a href="/x?q={{.T "mun.yes"}}" onclick="f({{.T "mun.no"}})">{{.T "error.413.text" "a" "b"}}</a>
<textarea>{{.T "mun.number"}}</textarea><p title="{{.T "sso.f.issuer.hint"}}">{{.T "mat.areas.lead"}} {{.T "err.bidi"}} {{.T "sso.f.issuer.hint"}}</p><script>var s = {{.T "mun.member"}};</script>{{template "part" .}}{{end}}
{{define "part"}}<b aria-label="{{.T "toc.label"}}">{{.T "toc.figures"}}</b>{{end}}`
	for _, lang := range []string{"nb", "en"} {
		p := &Page{Lang: lang, Title: `<"Rana">`, Nav: []NavItem{{}, {}}}
		want := run(t, parseFolded(t, src, "", "page"), p)
		folded := parseFolded(t, src, lang, "page")
		if got := run(t, folded, p); got != want {
			t.Errorf("%s: folded page differs:\n got %s\nwant %s", lang, got, want)
		}
		if !strings.Contains(want, "&lt;tenant&gt;") || !strings.Contains(want, "U&#43;202A") {
			t.Errorf("%s: the texts to escape are not in the page: %s", lang, want)
		}
		if strings.Contains(want, "Prosjekter") == (lang == "en") {
			t.Errorf("%s: page is in the wrong language: %s", lang, want)
		}
		tree := folded.Lookup("page").Tree.Root.String() + folded.Lookup("part").Tree.Root.String()
		for _, call := range []string{`.T "nav.projects"`, `.T "toc.show"`, `.T "mun.projects"`, `$.T "mun.yes"`, `.T "toc.figures"`, `.T "toc.label"`, `.T "err.bidi"`} {
			if strings.Contains(tree, call) {
				t.Errorf("%s: %s is still called on each request: %s", lang, call, tree)
			}
		}
		if !strings.Contains(tree, `.T "mun.per" .Title`) {
			t.Errorf("%s: a text with a changing argument was folded: %s", lang, tree)
		}
	}
}

// parseFolded parses src as a page is, folded for lang (unless lang is "").
func parseFolded(t *testing.T, src, lang, entryName string) *template.Template {
	t.Helper()
	tmpl := template.Must(template.New("").Parse(src))
	if lang != "" {
		fold(tmpl, lang, entryName)
	}
	return tmpl
}

func run(t *testing.T, tmpl *template.Template, p *Page) string {
	t.Helper()
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, "page", p); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
