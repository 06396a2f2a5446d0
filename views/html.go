package views

import (
	"html/template"
	"samla/locale"
	"samla/models"
	"strconv"
	"strings"
)

// Markup that repeats many times on a page is written here, not in a
// template: the form field and the status badge (nearly every page, dozens
// of times on some) and the projects list's rows. Here each costs a few
// microseconds; the same markup as a template, with its conditions and
// escaping done by reflection, cost fifty. The templates "field" and "tag"
// call these; everything is escaped with html/template's own escaper.

// esc escapes s as html/template escapes a string in text or in a quoted
// attribute; most texts have nothing to escape, and a look at each byte is
// quicker than building a new string.
func esc(s string) string {
	for i := 0; i < len(s); i++ {
		if escapes[s[i]] != "" {
			return escapeFrom(s, i)
		}
	}
	return s
}

// escapes are html/template's replacements (the special characters are
// all ASCII, so a byte that is one is never part of a longer character).
var escapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

func escapeFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	last := 0
	for ; i < len(s); i++ {
		if r := escapes[s[i]]; r != "" {
			b.WriteString(s[last:i])
			b.WriteString(r)
			last = i + 1
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// HTML is the field: label, hint, control and error message, with the ids
// that tie them together (aria-describedby) and aria-invalid when wrong.
func (f Field) HTML() template.HTML {
	var b strings.Builder
	b.Grow(512 + len(f.Options)*64)
	id := esc(f.DOMID())
	b.WriteString(`<div class="ds-field app-field">`)
	if f.Type == "checkbox" {
		put(&b, `<div class="app-check"><input class="ds-input" type="checkbox" id="`, id, `" name="`, esc(f.Name), `"`)
		if f.Checked {
			b.WriteString(" checked")
		}
		if f.Error != "" {
			put(&b, ` aria-invalid="true" aria-describedby="`, id, `-error"`)
		}
		put(&b, `><label class="ds-label" data-weight="regular" for="`, id, `">`, esc(f.Label), `</label></div>`)
	} else {
		put(&b, `<label class="ds-label" for="`, id, `">`, esc(f.Label))
		if f.Required {
			b.WriteString(` <span class="app-required" aria-hidden="true">*</span>`)
		}
		b.WriteString(`</label>`)
		if f.Hint != "" {
			put(&b, `<p class="ds-paragraph app-hint" data-size="sm" id="`, id, `-hint">`, esc(f.Hint), `</p>`)
		}
		// The attributes every control shares.
		common := func() {
			if f.Required {
				b.WriteString(" required")
			}
			if f.Autocomplete != "" {
				put(&b, ` autocomplete="`, esc(f.Autocomplete), `"`)
			}
			if f.Error != "" {
				b.WriteString(` aria-invalid="true"`)
			}
			if f.Error != "" || f.Hint != "" {
				b.WriteString(` aria-describedby="`)
				if f.Hint != "" {
					put(&b, id, "-hint ")
				}
				if f.Error != "" {
					put(&b, id, "-error")
				}
				b.WriteString(`"`)
			}
		}
		switch f.Type {
		case "select":
			put(&b, `<select class="ds-input" id="`, id, `" name="`, esc(f.Name), `"`)
			common()
			b.WriteString(">")
			f.writeOptions(&b)
			b.WriteString("</select>")
		case "textarea":
			put(&b, `<textarea class="ds-input" id="`, id, `" name="`, esc(f.Name), `" rows="4"`)
			common()
			put(&b, ">", esc(f.Value), "</textarea>")
		default:
			value := f.Value
			if f.Type == "password" {
				value = "" // never sent back
			}
			put(&b, `<input class="ds-input" type="`, esc(f.Type), `" id="`, id, `" name="`, esc(f.Name), `" value="`, esc(value), `"`)
			common()
			b.WriteString(">")
		}
	}
	if f.Error != "" {
		put(&b, `<p class="ds-validation-message" data-color="danger" id="`, id, `-error">`, esc(f.Error), `</p>`)
	}
	b.WriteString("</div>")
	return template.HTML(b.String())
}

// OptionsHTML renders a select's options.
func (f Field) OptionsHTML() template.HTML {
	var b strings.Builder
	b.Grow(len(f.Options) * 64)
	f.writeOptions(&b)
	return template.HTML(b.String())
}

func (f Field) writeOptions(b *strings.Builder) {
	for _, o := range f.Options { // a thousand on some filters: no string is built per option
		b.WriteString(`<option value="`)
		b.WriteString(esc(o.Value))
		if f.byValue && o.Value == f.Value || !f.byValue && o.Selected {
			b.WriteString(`" selected>`)
		} else {
			b.WriteString(`">`)
		}
		b.WriteString(esc(o.Label))
		b.WriteString("</option>")
	}
}

// HTML is the badge: colour and word.
func (t Tag) HTML() template.HTML {
	return template.HTML(`<span class="ds-tag app-tag app-tag--` + esc(t.Value) + `" data-color="` + esc(t.Color) + `" data-size="sm">` + esc(t.Label) + `</span>`)
}

// ProjectRows are the rows of the projects list: fifty of them on a page,
// each once a write makes the kept page stale.
func (p *Page) ProjectRows(list []models.Project) template.HTML {
	return rows(list, 480, func(b *strings.Builder, proj *models.Project) {
		id := strconv.FormatInt(proj.ID, 10)
		put(b, `<tr><td><a class="ds-link" href="/projects/`, id, `">`, esc(proj.Title), `</a>`)
		if proj.Archived {
			put(b, " (", esc(p.T("proj.archived")), ")")
		}
		put(b, "</td><td>", p.projectTag(proj), "</td>")
		put(b, "<td>", esc(p.T("phase."+proj.Phase)), "</td><td>", esc(p.T("area."+proj.ServiceArea)), "</td>")
		put(b, "<td>", esc(proj.LeaderName), `</td><td class="app-num">`, esc(locale.Kroner(proj.BudgetNOK)), `</td><td class="app-num">`)
		if !proj.Closed() {
			put(b, strconv.Itoa(proj.ProgressPct), "&nbsp;%")
		}
		put(b, "</td><td>", esc(locale.Date(proj.EndDate.Time)), "</td></tr>\n")
	})
}

// HistoryRows are a project's monthly reports, a row each: every
// dimension's badge, its comment for screen readers, progress and spending.
func (p *Page) HistoryRows(reports []models.StatusReport) template.HTML {
	return rows(reports, 900, func(b *strings.Builder, r *models.StatusReport) {
		put(b, `<tr><th scope="row">`, esc(p.Month(r.Period)), "</th>")
		for _, d := range models.Dimensions {
			st, comment := r.Dimension(d)
			put(b, "<td>", p.statusTag(st))
			if comment != "" {
				put(b, `<span class="ds-sr-only">: `, esc(comment), "</span>")
			}
			b.WriteString("</td>")
		}
		put(b, `<td class="app-num">`, strconv.Itoa(r.ProgressPct), `&nbsp;%</td><td class="app-num">`, esc(locale.Kroner(r.SpentNOK)), "</td></tr>\n")
	})
}

// orDash is s when there is a value, else a dash.
func orDash(ok bool, s string) string {
	if ok {
		return s
	}
	return "–"
}

// Rows are the benefits' rows of the "benefit-rows" table.
func (r BenefitRows) Rows() template.HTML {
	p := r.Page
	return rows(r.Benefits, 640, func(b *strings.Builder, x *models.Benefit) {
		put(b, "<tr>\n    <td><a class=\"ds-link\" href=\"/benefits/", strconv.FormatInt(x.ID, 10), "\">", esc(x.Title), "</a></td>\n    ")
		if r.ShowProject {
			put(b, "<td><a class=\"ds-link\" href=\"/projects/", strconv.FormatInt(x.ProjectID, 10), "\">", esc(x.ProjectTitle), "</a></td>")
		}
		put(b, "\n    <td>", esc(p.T("btype."+x.Type)), "</td>\n    <td>", esc(x.Owner))
		if x.OwnerRole != "" {
			put(b, ", ", esc(x.OwnerRole))
		}
		put(b, "</td>\n    <td class=\"app-num\">", orDash(x.Measured, esc(locale.Decimal(x.Realised, 1))+" "+esc(x.Unit)), "</td>\n    <td class=\"app-num\">", orDash(x.Measured, esc(locale.Decimal(x.RealisedPct, 0))+"&nbsp;%"), "</td>\n    <td class=\"app-num\">", orDash(x.Measured, esc(locale.Kroner(x.ValueNOK))))
		t := p.PlanTag(x.PlanStatus)
		put(b, "</td>\n    <td><span class=\"ds-tag app-tag app-plan--", esc(t.Value), "\" data-color=\"", esc(t.Color), "\" data-size=\"sm\">", esc(t.Label), "</span></td>\n  </tr>")
	})
}

// Rows are the decided cases' rows of the "case-list" table.
func (l CaseList) Rows() template.HTML {
	p := l.Page
	return rows(l.Cases, 480, func(b *strings.Builder, c *models.Case) {
		put(b, "<tr>\n    <td>", esc(locale.Date(c.MeetingDate.Time)), "<br><a class=\"ds-link\" href=\"/steering/meetings/", strconv.FormatInt(c.MeetingID, 10), "#case-", strconv.FormatInt(c.ID, 10), "\">", esc(p.T("st.case", c.Number)), "</a><br><span class=\"app-muted\">", esc(c.BodyName), "</span>")
		if c.ReferredFromID != 0 {
			put(b, "<br><span class=\"app-muted\">", esc(p.T("st.referred.from", c.ReferredFromBody, c.ReferredFromNumber)), "</span>")
		}
		if c.ReferredToID != 0 {
			if c.ReferredToNumber != "" {
				put(b, "<br><span class=\"app-muted\">", esc(p.T("st.referred.to", c.ReferredToBody, c.ReferredToNumber)), "</span>")
			} else {
				put(b, "<br><span class=\"app-muted\">", esc(p.T("st.referred.to.pending", c.ReferredToBody)), "</span>")
			}
		}
		put(b, "</td>\n    <td>", esc(c.Title))
		if c.ProjectTitle != "" {
			put(b, "<br><a class=\"ds-link\" href=\"/projects/", strconv.FormatInt(c.ProjectID, 10), "\">", esc(c.ProjectTitle), "</a>")
		}
		if c.ProcurementTitle != "" {
			put(b, "<br><a class=\"ds-link\" href=\"/procurements/", strconv.FormatInt(c.ProcurementID, 10), "\">", esc(c.ProcurementTitle), "</a>")
		}
		put(b, "</td>\n    <td class=\"app-prewrap\">", esc(c.Decision), "</td>\n  </tr>")
	})
}

// ProjectBriefRows are the rows of a municipality's projects: title,
// status badge and phase.
func (p *Page) ProjectBriefRows(list []models.Project) template.HTML {
	return rows(list, 260, func(b *strings.Builder, proj *models.Project) {
		put(b, "<tr><td><a class=\"ds-link\" href=\"/projects/", strconv.FormatInt(proj.ID, 10), "\">", esc(proj.Title), "</a></td><td>", p.projectTag(proj), "</td><td>", esc(p.T("phase."+proj.Phase)), "</td></tr>")
	})
}

// RolloutRows are a municipality's row for every solution: name (a link
// to its rollout form for those who may edit it), status, in use since and
// the share of members that have it in use.
func (p *Page) RolloutRows(list []models.SolutionStatus, number string, edit bool) template.HTML {
	return rows(list, 300, func(b *strings.Builder, s *models.SolutionStatus) {
		id := strconv.FormatInt(s.SolutionID, 10)
		if edit {
			put(b, "<tr><td><a class=\"ds-link\" href=\"/solutions/", id, "/rollouts/", esc(number), "\">", esc(s.Name), "</a></td>")
		} else {
			put(b, "<tr><td><a class=\"ds-link\" href=\"/solutions/", id, "\">", esc(s.Name), "</a></td>")
		}
		put(b, "\n    <td>", string(p.RolloutTag(s.Status).HTML()), "</td><td>")
		if !s.InUseDate.IsZero() {
			b.WriteString(esc(locale.Date(s.InUseDate.Time)))
		}
		put(b, "</td><td class=\"app-num\">", strconv.Itoa(s.SharePct), "&nbsp;%</td></tr>")
	})
}

// MunicipalityLinks are the municipalities by name, each a link to its
// page, comma separated: a national project takes part with hundreds.
func (p *Page) MunicipalityLinks(numbers []string, names map[string]string) template.HTML {
	var b strings.Builder
	b.Grow(len(numbers) * 64)
	for i, n := range numbers {
		if i > 0 {
			b.WriteString(", ")
		}
		put(&b, "<a class=\"ds-link\" href=\"/municipalities/", esc(n), "\">", esc(names[n]), "</a>")
	}
	return template.HTML(b.String())
}

// NavItems are the main menu's entries, on every page: its pages, and
// its groups as disclosures. The addresses are samla's own paths.
func (p *Page) NavItems() template.HTML {
	var b strings.Builder
	link := func(n *NavItem) {
		put(&b, "<li><a href=\"", esc(n.Href), "\"")
		if n.Current {
			b.WriteString(" aria-current=\"page\"")
		}
		put(&b, ">", esc(n.Label), "</a></li>")
	}
	for i := range p.Nav {
		n := &p.Nav[i]
		if len(n.Items) == 0 {
			link(n)
			continue
		}
		b.WriteString("<li class=\"app-nav__group\"><details")
		if n.Current {
			b.WriteString(" class=\"app-nav__current\"")
		}
		put(&b, "><summary>", esc(n.Label), "</summary>\n        <ul>")
		for j := range n.Items {
			link(&n.Items[j])
		}
		b.WriteString("</ul></details></li>\n      ")
	}
	return template.HTML(b.String())
}

// HTML is the chart: its caption, the canvas the page script draws in
// with the options in a JSON data block, and its numbers as a table.
func (c Chart) HTML() template.HTML { return c.html }

// markup is the chart's HTML, made once by finish.
func (c *Chart) markup() template.HTML {
	id, title := esc(c.ID), esc(c.Title)
	var b strings.Builder
	b.Grow(len(c.spec) + len(c.table) + 1500)
	put(&b, "\n<figure class=\"app-chart\" aria-labelledby=\"", id, "-title\">\n  <figcaption>\n    <h3 class=\"ds-heading\" data-size=\"xs\" id=\"", id, "-title\">", title, "</h3>\n    <p class=\"ds-paragraph\" data-size=\"sm\" id=\"", id, "-summary\">", esc(c.Summary), "</p>\n  </figcaption>\n", "  <div class=\"app-chart__canvas\" id=\"", id, "\" data-chart=\"", id, "-spec\" role=\"img\" aria-labelledby=\"", id, "-title ", id, "-summary\"></div>\n", "  <script type=\"application/json\" id=\"", id, "-spec\">", string(c.spec), "</script>\n", "  <details class=\"ds-details app-chart__table\">\n    <summary>", esc(c.TableLabel), "<span class=\"ds-sr-only\">: ", title, "</span></summary>\n", "    <div class=\"app-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"", id, "-title\">\n", "    <table class=\"ds-table app-table\" data-border data-size=\"sm\">\n      <caption class=\"ds-sr-only\">", title, "</caption>\n      <thead><tr>")
	for _, h := range c.Head {
		put(&b, "<th scope=\"col\">", esc(h), "</th>")
	}
	put(&b, "</tr></thead>\n      <tbody>", string(c.table), "</tbody>\n    </table>\n    </div>\n  </details>\n</figure>\n")
	return template.HTML(b.String())
}

// LackItems are the solutions a municipality lacks that most others use:
// name, status and the share of members that have it in use.
func (p *Page) LackItems(list []models.SolutionStatus) template.HTML {
	inUse := esc(p.T("roll.in_use"))
	return rows(list, 200, func(b *strings.Builder, s *models.SolutionStatus) {
		put(b, "<li><a class=\"ds-link\" href=\"/solutions/", strconv.FormatInt(s.SolutionID, 10), "\">", esc(s.Name), "</a>: ", string(p.RolloutTag(s.Status).HTML()), " (", strconv.Itoa(s.SharePct), "&nbsp;% ", inUse, ")</li>")
	})
}

// PlannedItems are a municipality's planned rollouts: date, solution, wave
// and status.
func (p *Page) PlannedItems(list []models.SolutionStatus) template.HTML {
	return rows(list, 200, func(b *strings.Builder, s *models.SolutionStatus) {
		put(b, "<li>", esc(locale.Date(s.PlannedDate.Time)), ": <a class=\"ds-link\" href=\"/solutions/", strconv.FormatInt(s.SolutionID, 10), "\">", esc(s.Name), "</a>")
		if s.Wave != "" {
			put(b, " (", esc(s.Wave), ")")
		}
		put(b, " – ", string(p.RolloutTag(s.Status).HTML()), "</li>")
	})
}

// DimRows are a status report's dimensions: name, badge and comment.
func (p *Page) DimRows(r *models.StatusReport) template.HTML {
	var b strings.Builder
	for _, d := range models.Dimensions {
		st, comment := r.Dimension(d)
		put(&b, "<tr><th scope=\"row\">", esc(p.T("dim."+d)), "</th><td>", p.statusTag(st), "</td><td class=\"app-prewrap\">", esc(comment), "</td></tr>")
	}
	return template.HTML(b.String())
}

// csrfField is the form's CSRF token, as the "csrf" template writes it.
func (p *Page) csrfField() string {
	return "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(p.CSRF) + "\">"
}

// rowAction is a form of one button on a table row, for those who may
// change it; the row's title follows the word for screen readers.
func (p *Page) rowAction(action, word, title string) string {
	return "<form method=\"post\" action=\"" + action + "\" class=\"app-inline-form\">" + p.csrfField() +
		"<button class=\"ds-button\" data-variant=\"tertiary\" data-size=\"sm\" type=\"submit\">" + esc(word) + "<span class=\"ds-sr-only\">: " + esc(title) + "</span></button></form>"
}

// MilestoneRows are a project's milestones: due, done or late, and for
// those who report the buttons to mark one done or delete it.
func (p *Page) MilestoneRows(projectID int64, list []models.Milestone, late func(models.Milestone) bool, canReport bool) template.HTML {
	base := "/projects/" + strconv.FormatInt(projectID, 10) + "/milestones/"
	return rows(list, 200, func(b *strings.Builder, m *models.Milestone) {
		put(b, "\n  <tr><td>", esc(m.Title), "</td><td>", esc(locale.Date(m.DueDate.Time)), "</td>\n    <td>")
		switch {
		case !m.DoneDate.IsZero():
			b.WriteString(esc(locale.Date(m.DoneDate.Time)))
		case late(*m):
			put(b, "<span class=\"ds-tag\" data-color=\"danger\" data-size=\"sm\">", esc(p.T("ms.late")), "</span>")
		default:
			b.WriteString(esc(p.T("ms.open")))
		}
		b.WriteString("</td>\n    ")
		if canReport {
			id := strconv.FormatInt(m.ID, 10)
			b.WriteString("<td class=\"app-row-actions\">\n      ")
			if m.DoneDate.IsZero() {
				b.WriteString(p.rowAction(base+id+"/done", p.T("ms.mark"), m.Title))
			}
			put(b, "\n      ", p.rowAction(base+id+"/delete", p.T("ms.delete"), m.Title), "\n    </td>")
		}
		b.WriteString("</tr>\n  ")
	})
}

// RiskRows are a project's risks: score, mitigation, owner, state, and for
// those who report the buttons to close, reopen or delete one.
func (p *Page) RiskRows(projectID int64, list []models.Risk, canReport bool) template.HTML {
	base := "/projects/" + strconv.FormatInt(projectID, 10) + "/risks/"
	return rows(list, 200, func(b *strings.Builder, r *models.Risk) {
		state, toggle, word := p.T("risk.closed"), "reopen", p.T("risk.reopen")
		if r.Open {
			state, toggle, word = p.T("risk.open"), "close", p.T("risk.close")
		}
		put(b, "\n  <tr><td>", esc(r.Title), "</td><td class=\"app-num\">", strconv.Itoa(r.Score()), " <span class=\"app-muted\">(", strconv.Itoa(r.Probability), "×", strconv.Itoa(r.Consequence), ")</span></td><td class=\"app-prewrap\">", esc(r.Mitigation), "</td><td>", esc(r.Owner), "</td>\n    <td>", esc(state), "</td>\n    ")
		if canReport {
			id := strconv.FormatInt(r.ID, 10)
			put(b, "<td class=\"app-row-actions\">\n      ", p.rowAction(base+id+"/"+toggle, word, r.Title), "\n      ", p.rowAction(base+id+"/delete", p.T("ms.delete"), r.Title), "\n    </td>")
		}
		b.WriteString("</tr>\n  ")
	})
}

// put writes parts one after the other: no string is made of them first.
func put(b *strings.Builder, parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// StatusFigure is a key figure of the projects' statuses: how many, the
// word (a text key) and the list it links to.
type StatusFigure struct {
	Status, Label, Link string
	N                   int64
}

// StatusFigureItems are the status figures' cards: count, badge, link and
// what the figure counts.
func (p *Page) StatusFigureItems(figs []StatusFigure) template.HTML {
	return rows(figs, 400, func(b *strings.Builder, f *StatusFigure) {
		put(b, `<li class="ds-card"><span class="app-figure" data-figure="`, esc(f.Status), `">`, esc(locale.Number(f.N)), `</span> `,
			p.statusTag(f.Status), ` <a class="ds-link" href="`, esc(f.Link), `">`, esc(p.T(f.Label)),
			`</a> <small class="app-figure-def">`, esc(p.T("fig.def."+f.Status)), `</small></li>`)
	})
}

// DeadlineRows are a municipality's contract deadlines: date, kind and
// procurement.
func (p *Page) DeadlineRows(list []models.Deadline) template.HTML {
	return rows(list, 200, func(b *strings.Builder, d *models.Deadline) {
		put(b, "<tr><td>", esc(locale.Date(d.Date.Time)), "</td><td>", esc(p.T("proc.deadline."+d.Kind)), `</td><td><a class="ds-link" href="/procurements/`,
			strconv.FormatInt(d.ProcurementID, 10), `">`, esc(d.Title), "</a></td></tr>")
	})
}

// ShareRows are a municipality's shares of the procurements' costs.
func (p *Page) ShareRows(list []models.ProcurementShare) template.HTML {
	return rows(list, 300, func(b *strings.Builder, s *models.ProcurementShare) {
		put(b, `<tr><td><a class="ds-link" href="/procurements/`, strconv.FormatInt(s.Procurement.ID, 10), `">`, esc(s.Procurement.Title),
			`</a></td><td class="app-num">`, esc(locale.Kroner(s.Procurement.AnnualCostNOK)), `</td><td class="app-num">`, esc(locale.Decimal(s.Share.SharePct, 2)),
			`&nbsp;%</td><td class="app-num">`, esc(locale.Kroner(s.Share.AmountNOK)), "</td></tr>")
	})
}

// RepresentedItems are the bodies and a municipality's members of each,
// or a warning where it has none.
func (p *Page) RepresentedItems(list []models.Representation) template.HTML {
	return rows(list, 200, func(b *strings.Builder, r *models.Representation) {
		put(b, `<li><a class="ds-link" href="/bodies/`, strconv.FormatInt(r.Body.ID, 10), `">`, esc(r.Body.Name), "</a>:\n  ")
		if len(r.Members) == 0 {
			put(b, `<span class="ds-tag" data-color="warning" data-size="sm">`, esc(p.T("mun.represented.none")), "</span></li>")
			return
		}
		for j, m := range r.Members {
			if j > 0 {
				b.WriteString(", ")
			}
			put(b, esc(m.Name), " (", esc(p.T("body.role."+m.Role)), ")")
		}
		b.WriteString("\n  </li>")
	})
}

// statusTags are the status badges' markup, in bokmål [0] and English [1]:
// the same few on every page, hundreds on a project's history.
var statusTags = func() (out [2]map[string]string) {
	for i, lang := range []string{"nb", "en"} {
		p := &Page{Lang: lang}
		out[i] = map[string]string{}
		for _, st := range []string{"", "green", "yellow", "red", "missing", "none"} {
			out[i][st] = string(p.Tag(st).HTML())
		}
	}
	return out
}()

// statusTag is the markup of p.Tag(status).
func (p *Page) statusTag(status string) string {
	i := 0
	if p.Lang == "en" {
		i = 1
	}
	if s, ok := statusTags[i][status]; ok {
		return s
	}
	return string(p.Tag(status).HTML())
}

// projectTag is the markup of p.ProjectTag(proj).
func (p *Page) projectTag(proj *models.Project) string {
	if models.IsClosedPhase(proj.Phase) {
		return string(p.ProjectTag(*proj).HTML())
	}
	return p.statusTag(proj.Status)
}

// rows writes a row of markup for each element of list, in one builder
// sized for about per bytes a row: a row writer says only what a row is.
func rows[T any](list []T, per int, row func(b *strings.Builder, x *T)) template.HTML {
	var b strings.Builder
	b.Grow(len(list) * per)
	for i := range list {
		row(&b, &list[i])
	}
	return template.HTML(b.String())
}
