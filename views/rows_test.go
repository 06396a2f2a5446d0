package views

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"samla/locale"
	"samla/models"
)

// The rows written in Go give the bytes the templates they replaced gave
// (kept here as they were), also for names that must be escaped.
func TestRowsMatchTheirTemplates(t *testing.T) {
	funcs := template.FuncMap{"number": locale.Number, "kroner": locale.Kroner, "decimal": locale.Decimal, "date": locale.Date}
	day := models.DateOf(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	name := `Rana & "Hemnes" <'+'>`
	data := struct {
		Figures     []StatusFigure
		Deadlines   []models.Deadline
		Shares      []models.ProcurementShare
		Represented []models.Representation
	}{
		Figures:   []StatusFigure{{Status: "red", Label: "dash.kf.red", Link: "/projects?status=red&phase=active", N: 1234}, {Status: "missing", Label: "dash.kf.missing", Link: "/projects?status=missing", N: 0}},
		Deadlines: []models.Deadline{{ProcurementID: 7, Title: name, Kind: "contract_end", Date: day}, {ProcurementID: 8, Title: "B", Kind: "option", Date: day}},
		Shares: []models.ProcurementShare{{Procurement: models.Procurement{ID: 3, Title: name, AnnualCostNOK: 1234567},
			Share: models.CostShare{SharePct: 12.345, AmountNOK: 152407}}},
		Represented: []models.Representation{
			{Body: models.Body{ID: 1, Name: name}, Members: []models.BodyMember{{Name: "Kari <Nordmann>", Role: "member"}, {Name: "Ola", Role: "chair"}}},
			{Body: models.Body{ID: 2, Name: "Styringsgruppen"}},
		},
	}
	for _, c := range []struct {
		name, tmpl string
		got        func(p *Page) template.HTML
	}{
		{"status figures", `{{range .Data.Figures}}<li class="ds-card"><span class="app-figure" data-figure="{{.Status}}">{{number .N}}</span> {{.Page.Tag .Status | tagHTML}} <a class="ds-link" href="{{.Link}}">{{$.T .Label}}</a> <small class="app-figure-def">{{$.T (print "fig.def." .Status)}}</small></li>{{end}}`,
			func(p *Page) template.HTML { return p.StatusFigureItems(data.Figures) }},
		{"deadlines", `{{range .Data.Deadlines}}<tr><td>{{date .Date.Time}}</td><td>{{$.T (print "proc.deadline." .Kind)}}</td><td><a class="ds-link" href="/procurements/{{.ProcurementID}}">{{.Title}}</a></td></tr>{{end}}`,
			func(p *Page) template.HTML { return p.DeadlineRows(data.Deadlines) }},
		{"shares", `{{range .Data.Shares}}<tr><td><a class="ds-link" href="/procurements/{{.Procurement.ID}}">{{.Procurement.Title}}</a></td><td class="app-num">{{kroner .Procurement.AnnualCostNOK}}</td><td class="app-num">{{decimal .Share.SharePct 2}}&nbsp;%</td><td class="app-num">{{kroner .Share.AmountNOK}}</td></tr>{{end}}`,
			func(p *Page) template.HTML { return p.ShareRows(data.Shares) }},
		{"represented", `{{range .Data.Represented}}<li><a class="ds-link" href="/bodies/{{.Body.ID}}">{{.Body.Name}}</a>:
  {{if .Members}}{{range $i, $m := .Members}}{{if $i}}, {{end}}{{$m.Name}} ({{$.T (print "body.role." $m.Role)}}){{end}}
  {{else}}<span class="ds-tag" data-color="warning" data-size="sm">{{$.T "mun.represented.none"}}</span>{{end}}</li>{{end}}`,
			func(p *Page) template.HTML { return p.RepresentedItems(data.Represented) }},
	} {
		for _, lang := range []string{"nb", "en"} {
			p := &Page{Lang: lang, Data: data}
			// The status badge was the "tag" template ({{.HTML}}) of $.Tag.
			src := strings.ReplaceAll(c.tmpl, "{{.Page.Tag .Status | tagHTML}}", "{{($.Tag .Status).HTML}}")
			var want strings.Builder
			if err := template.Must(template.New("").Funcs(funcs).Parse(src)).Execute(&want, p); err != nil {
				t.Fatal(err)
			}
			if got := string(c.got(p)); got != want.String() {
				t.Errorf("%s (%s):\n got %s\nwant %s", c.name, lang, got, want.String())
			}
		}
	}
}

// A select marks the option the form has, whatever the options' own
// flags say, and leaves the shared options as they were.
func TestSelectMarksTheFormValue(t *testing.T) {
	opts := []Option{{Value: "", Label: "Alle"}, {Value: "1833", Label: "Rana", Selected: true}, {Value: "1832", Label: "Hemnes"}}
	p := &Page{Lang: "nb", Form: map[string]string{"municipality": "1832"}}
	got := string(p.Select("municipality", "admin.user.mun", opts).HTML())
	if !strings.Contains(got, `<option value="1832" selected>Hemnes</option>`) || strings.Count(got, "selected") != 1 {
		t.Errorf("select: %s", got)
	}
	if !opts[1].Selected || opts[2].Selected {
		t.Errorf("the shared options changed: %+v", opts)
	}
}

// The kept status badges are the badges.
func TestStatusTagsAreTags(t *testing.T) {
	for _, lang := range []string{"nb", "en", ""} {
		p := &Page{Lang: lang}
		for _, st := range []string{"", "green", "yellow", "red", "missing", "none", "unknown"} {
			if got, want := p.statusTag(st), string(p.Tag(st).HTML()); got != want {
				t.Errorf("%s %q: %s, want %s", lang, st, got, want)
			}
		}
		for _, proj := range []models.Project{{Status: "red", Phase: "execution"}, {Status: "none", Phase: "done"}} {
			if got, want := p.projectTag(&proj), string(p.ProjectTag(proj).HTML()); got != want {
				t.Errorf("%s %+v: %s, want %s", lang, proj, got, want)
			}
		}
	}
}
