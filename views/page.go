package views

import (
	"fmt"
	"strconv"
	"strings"

	"samla/locale"
	"samla/models"
)

// NavItem is one entry of the main menu.
type NavItem struct {
	Href, Label string
	Current     bool
	// Items are a group's pages (a group has no Href).
	Items []NavItem
}

// Page is what every template gets: the shell's data plus the page's own.
type Page struct {
	Lang      string
	Title     string
	Programme string
	CSRF      string
	RequestID string
	User      *models.User
	Nav       []NavItem
	Flash     string
	// Queue is the office's work list, shown above the overview on the
	// home of editors and admins (nil elsewhere).
	Queue any
	// Scripts are extra vendored scripts the page needs (charts).
	Scripts []string
	// Form holds what the user typed, Errors the problems per field (reason
	// codes from models); a form that fails is shown again with both.
	Form   map[string]string
	Errors map[string]string
	Data   any
}

// T translates key into the page's language.
func (p *Page) T(key string, args ...any) string { return locale.T(p.Lang, key, args...) }

// Val is what the user typed in a field, or the value the form started with.
func (p *Page) Val(name string) string { return p.Form[name] }

// Err is the translated problem with a field, or "".
func (p *Page) Err(name string) string {
	reason, ok := p.Errors[name]
	if !ok {
		return ""
	}
	if locale.HasMessage("err." + reason) {
		return p.T("err." + reason)
	}
	return p.T("err.invalid")
}

// Month names a period in the page's language: "oktober 2026".
func (p *Page) Month(period models.Period) string { return locale.Month(string(period), p.Lang) }

// RoleName is a role's name in the page's language.
func (p *Page) RoleName(r models.Role) string { return p.T("role." + string(r)) }

// Field describes one labelled input for the "field" template.
type Field struct {
	// ID is the element id; empty: "f-" + Name.
	ID                                                  string
	Name, Label, Type, Value, Error, Hint, Autocomplete string
	Required                                            bool
	Checked                                             bool
	Options                                             []Option
	// byValue: the option whose value is Value is the chosen one, whatever
	// the options' own Selected say.
	byValue bool
}

// DOMID is the id of the field's element; its hint and error ids follow it.
func (f Field) DOMID() string {
	if f.ID != "" {
		return f.ID
	}
	return "f-" + f.Name
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// Input describes a text-like input: typ is text, email, password, number, date...
func (p *Page) Input(name, labelKey, typ string) Field {
	return Field{Name: name, Label: p.T(labelKey), Type: typ, Value: p.Val(name), Error: p.Err(name)}
}

// Required is Input marked as required.
func (p *Page) Required(name, labelKey, typ string) Field {
	f := p.Input(name, labelKey, typ)
	f.Required = true
	return f
}

// Check describes a checkbox; it is ticked when the form value is "on".
func (p *Page) Check(name, labelKey string) Field {
	return Field{Name: name, Label: p.T(labelKey), Type: "checkbox", Checked: p.Val(name) == "on", Error: p.Err(name)}
}

// Select describes a select with the given options; the form value picks
// one. The options are not copied (some lists are shared and a thousand
// long): the field marks the one whose value it has.
func (p *Page) Select(name, labelKey string, opts []Option) Field {
	v := p.Val(name)
	return Field{Name: name, Label: p.T(labelKey), Type: "select", Value: v, Error: p.Err(name), Options: opts, byValue: true}
}

// Has reports whether a multi-value field (stored comma-separated) holds v.
func (p *Page) Has(name, v string) bool {
	for _, x := range strings.Split(p.Form[name], ",") {
		if x == v {
			return true
		}
	}
	return false
}

// Tag describes a status badge: its colour and its word, so that colour is
// never the only signal.
type Tag struct{ Value, Color, Label string }

var tagColors = map[string]string{"green": "success", "yellow": "warning", "red": "danger", "missing": "danger", "none": "neutral"}

// Tag returns the badge of a status (green, yellow, red, missing, none).
func (p *Page) Tag(status string) Tag {
	if status == "" {
		status = "none"
	}
	return Tag{Value: status, Color: tagColors[status], Label: p.T("status." + status)}
}

// ProjectTag is a project's badge: its status, or its phase once it is
// done or cancelled (never a colour for a closed project).
func (p *Page) ProjectTag(proj models.Project) Tag {
	if models.IsClosedPhase(proj.Phase) {
		return Tag{Value: proj.Phase, Color: "neutral", Label: p.T("phase." + proj.Phase)}
	}
	return p.Tag(proj.Status)
}

var planColors = map[string]string{"ahead": "success", "on_plan": "info", "behind": "danger", "not_measured": "neutral", "no_plan": "neutral"}

// PlanTag is the badge of a benefit's state against its plan.
func (p *Page) PlanTag(state string) Tag {
	return Tag{Value: state, Color: planColors[state], Label: p.T("plan." + state)}
}

// BenefitRows is the data of the "benefit-rows" template.
type BenefitRows struct {
	Page        *Page
	Benefits    []models.Benefit
	ShowProject bool
}

// CaseList is the data of the "case-list" template.
type CaseList struct {
	Page  *Page
	Cases []models.Case
}

// CaseField is a field of the form of one case on a meeting page; the
// typed value comes back only to the case whose form failed.
func (p *Page) CaseField(id int64, name, labelKey, typ, value, fallback string) Field {
	f := Field{ID: fmt.Sprintf("c%d-%s", id, name), Name: name, Label: p.T(labelKey), Type: typ, Value: value}
	if f.Value == "" {
		f.Value = fallback
	}
	if p.Form["case_id"] == strconv.FormatInt(id, 10) {
		f.Value, f.Error = p.Form[name], p.Err(name)
	}
	f.Name = name
	return f
}

// CaseStatus is the outcome select of a case's form.
func (p *Page) CaseStatus(id int64, current string) Field {
	v := "decided"
	if current == "deferred" {
		v = current
	}
	if p.Form["case_id"] == strconv.FormatInt(id, 10) {
		v = p.Form["status"]
	}
	var opts []Option
	for _, s := range []string{"decided", "deferred", "withdrawn"} {
		opts = append(opts, Option{Value: s, Label: p.T("cstatus." + s), Selected: s == v})
	}
	return Field{ID: fmt.Sprintf("c%d-status", id), Name: "status", Label: p.T("st.f.status"), Type: "select", Value: v, Options: opts}
}

// JobName names a job: system jobs by their text, schedules by number.
func (p *Page) JobName(name string) string {
	if id, ok := strings.CutPrefix(name, "schedule:"); ok {
		return p.T("job.schedule", id)
	}
	return p.T("job." + name)
}

// IsSystemJob tells a system job (which can be run from the page) from a schedule.
func (p *Page) IsSystemJob(name string) bool { return !strings.HasPrefix(name, "schedule:") }

// Options builds select options from values, labelled by prefix+value texts;
// an empty first option is labelled by emptyKey when it is not "".
func (p *Page) Options(prefix string, values []string, emptyKey string) []Option {
	var out []Option
	if emptyKey != "" {
		out = append(out, Option{Value: "", Label: p.T(emptyKey)})
	}
	for _, v := range values {
		out = append(out, Option{Value: v, Label: p.T(prefix + v)})
	}
	return out
}

// Comment is the comment field of a status-report dimension.
func (p *Page) Comment(dim string) Field {
	name := dim + "_comment"
	return Field{Name: name, Label: p.T("rep.comment", p.T("dim."+dim)), Type: "textarea", Value: p.Val(name), Error: p.Err(name)}
}

// AreaField is the settings field for a service area's hour value.
func (p *Page) AreaField(area string) Field {
	name := "hour_value_nok." + area
	return Field{Name: name, Label: p.T("area." + area), Type: "number", Value: p.Val(name), Error: p.Err(name)}
}

// WithHint adds a help text to a field.
func (f Field) WithHint(h string) Field { f.Hint = h; return f }

// WithAutocomplete sets the autocomplete attribute (WCAG 1.3.5).
func (f Field) WithAutocomplete(a string) Field { f.Autocomplete = a; return f }

var rolloutColors = map[string]string{models.RolloutInUse: "success", models.RolloutInProgress: "info", models.RolloutPlanned: "warning",
	models.RolloutNotStarted: "neutral", models.RolloutNotRelevant: "neutral"}

// RolloutTag is the badge of a rollout status: colour, a shape and words.
func (p *Page) RolloutTag(status string) Tag {
	return Tag{Value: "r-" + status, Color: rolloutColors[status], Label: p.T("rstatus." + status)}
}

// County names a county by the first digits of a municipality number.
func (p *Page) County(code string) string {
	if name := models.Counties[code]; name != "" {
		return name
	}
	return code
}

// ProjectPicker is a form's choice of projects: every project when there
// are few; else the chosen ones and a search that finds the others (as
// you type with htmx, or with the search button without script).
type ProjectPicker struct {
	Name, Label, Hint string
	Multi             bool
	Options           []Option // the projects shown, Selected when chosen
	Search            bool
	Query             string
	Found             []Option // the search's results, not chosen yet
	Searched          bool
	None              string // the label of "no project" (single choice)
	Page              *Page
}
