package views

import (
	"html/template"
	"strings"
	"testing"

	"samla/locale"
	"samla/models"
)

// The fields and rows written in Go escape what people typed, tie hint and
// error to the control, and never send a password back.
func TestFieldHTML(t *testing.T) {
	for _, c := range []struct {
		f          Field
		want, nots []string
	}{
		{Field{Name: "title", Label: `Tittel <b>`, Type: "text", Value: `"><script>x</script>`, Error: "Må fylles ut", Hint: "Kort", Required: true},
			[]string{`<label class="ds-label" for="f-title">Tittel &lt;b&gt; <span class="app-required"`, `value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;" required aria-invalid="true" aria-describedby="f-title-hint f-title-error">`,
				`<p class="ds-paragraph app-hint" data-size="sm" id="f-title-hint">Kort</p>`, `id="f-title-error">Må fylles ut</p>`},
			[]string{"<script>", "<b>"}},
		{Field{Name: "password", Label: "Passord", Type: "password", Value: "hemmelig", Autocomplete: "current-password"},
			[]string{`type="password" id="f-password" name="password" value="" autocomplete="current-password">`}, []string{"hemmelig", "aria-"}},
		{Field{Name: "phase", Label: "Fase", Type: "select", Value: "b", Options: []Option{{Value: "a", Label: "A & B"}, {Value: "b", Label: "C", Selected: true}}},
			[]string{`<select class="ds-input" id="f-phase" name="phase">`, `<option value="a">A &amp; B</option><option value="b" selected>C</option></select>`}, nil},
		{Field{Name: "archived", Label: "Arkiverte", Type: "checkbox", Checked: true},
			[]string{`<input class="ds-input" type="checkbox" id="f-archived" name="archived" checked>`}, nil},
		{Field{Name: "summary", Label: "Oppsummering", Type: "textarea", Value: "</textarea>"},
			[]string{`rows="4">&lt;/textarea&gt;</textarea>`}, nil},
	} {
		got := string(c.f.HTML())
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: want %s in\n%s", c.f.Name, w, got)
			}
		}
		for _, n := range c.nots {
			if strings.Contains(got, n) {
				t.Errorf("%s: %s must not be in\n%s", c.f.Name, n, got)
			}
		}
	}
	p := &Page{Lang: "nb"}
	rows := string(p.ProjectRows([]models.Project{{ID: 7, Title: "<Nytt> EPJ", Phase: "execution", ServiceArea: "health_care", Status: "red", BudgetNOK: 1234567, ProgressPct: 40}}))
	for _, w := range []string{`<a class="ds-link" href="/projects/7">&lt;Nytt&gt; EPJ</a>`, `data-color="danger"`, locale.Kroner(1234567), "40&nbsp;%"} {
		if !strings.Contains(rows, w) {
			t.Errorf("project row: want %s in\n%s", w, rows)
		}
	}
}

// esc is html/template's escaper, with a quicker look for nothing to escape.
func TestEscMatchesHTMLTemplate(t *testing.T) {
	for _, s := range []string{"", "Rana (Raane)", `a"b`, "a'b", "a&b", "<script>", "x>y", "nul\x00", "æøå", "\xff\xfe", `"'&<>+` + "\x00", "a+b"} {
		var b strings.Builder
		if err := template.Must(template.New("").Parse(`{{.}}<a title="{{.}}">`)).Execute(&b, s); err != nil {
			t.Fatal(err)
		}
		if got, want := esc(s)+`<a title="`+esc(s)+`">`, b.String(); got != want {
			t.Errorf("esc(%q) = %q, html/template gives %q", s, got, want)
		}
	}
}
