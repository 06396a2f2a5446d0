package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

// navItem is one section of the main menu and who sees it.
type navItem struct {
	href, key string
	allow     Rule
}

// nav is the main menu; each section adds its line here. A page named in
// navGroups shows under its group (a disclosure), the others on the top line.
var nav = []navItem{
	{"/", "nav.home", LoggedIn},
	{"/overview", "nav.dashboard", LoggedIn},
	{"/projects", "nav.projects", LoggedIn},
	{"/ideas", "nav.ideas", LoggedIn},
	{"/lessons", "nav.lessons", LoggedIn},
	{"/procurements", "nav.procurements", LoggedIn},
	{"/benefits", "nav.benefits", LoggedIn},
	{"/adoption", "nav.adoption", LoggedIn},
	{"/maturity", "nav.maturity", LoggedIn},
	{"/budget", "nav.budget.page", LoggedIn},
	{"/grants", "nav.grants", LoggedIn},
	{"/steering", "nav.steering", LoggedIn},
	{"/bodies", "nav.bodies", LoggedIn},
	{"/year-plan", "nav.yearplan", LoggedIn},
	{"/municipalities", "nav.municipality", LoggedIn},
	{"/reports", "nav.reports", LoggedIn},
	{"/network", "nav.network", LoggedIn},
	{"/mailings", "nav.mailings", Editors},
	{"/admin", "nav.admin", Admins},
}

// navGroups puts pages under a group of the menu, so that the top line
// fits one line at 1280 px.
var navGroups = map[string]string{
	"/projects": "nav.g.portfolio", "/procurements": "nav.g.portfolio", "/benefits": "nav.g.portfolio", "/adoption": "nav.g.portfolio",
	"/budget": "nav.g.money", "/grants": "nav.g.money",
	"/steering": "nav.g.governance", "/bodies": "nav.g.governance", "/year-plan": "nav.g.governance", "/mailings": "nav.g.governance",
}

// menuOf builds the menu a user sees on path: top-level pages and groups
// in the order of their first page.
func menuOf(p *views.Page, role models.Role, path string) []views.NavItem {
	var out []views.NavItem
	group := map[string]int{}
	for _, n := range nav {
		if !n.allow(role) {
			continue
		}
		current := path == n.href || n.href != "/" && len(path) > len(n.href) && path[:len(n.href)+1] == n.href+"/"
		item := views.NavItem{Href: n.href, Label: p.T(n.key), Current: current}
		g, ok := navGroups[n.href]
		if !ok {
			out = append(out, item)
			continue
		}
		i, seen := group[g]
		if !seen {
			i = len(out)
			group[g] = i
			out = append(out, views.NavItem{Label: p.T(g)})
		}
		out[i].Items = append(out[i].Items, item)
		out[i].Current = out[i].Current || current
	}
	return out
}

// lang is the language of the reply: the user's choice, else the browser's
// cookie, else the configured default.
func (s *Server) lang(c fiber.Ctx) string {
	if u := currentUser(c); u != nil && models.ValidLang(u.Lang) {
		return u.Lang
	}
	if l := c.Cookies(langCookie); models.ValidLang(l) {
		return l
	}
	return s.cfg.Lang
}

// page starts the data of a page: shell, language, user, menu, CSRF token.
func (s *Server) page(c fiber.Ctx, titleKey string) *views.Page {
	p := &views.Page{
		Lang:      s.lang(c),
		RequestID: requestIDOf(c),
		User:      currentUser(c),
		CSRF:      s.csrfToken(c),
		Form:      map[string]string{},
	}
	if set, err := s.DB.Settings(c.Context()); err == nil {
		p.Programme = set.ProgrammeName
	} else {
		p.Programme = "samla"
	}
	if titleKey != "" {
		p.Title = p.T(titleKey)
	}
	if q := officeQueue(c); q != nil {
		p.Queue = q
	}
	if k := flashKey(c); k != "" {
		p.Flash = p.T(k)
	}
	if p.User != nil {
		p.Nav = menuOf(p, p.User.Role, c.Path())
	}
	return p
}

// formOf copies the named form fields into the page, to show them again.
func formOf(c fiber.Ctx, p *views.Page, names ...string) {
	for _, n := range names {
		p.Form[n] = c.FormValue(n)
	}
}

// flash is a one-time message carried across a redirect in a query value.
func flashKey(c fiber.Ctx) string {
	switch c.Query("saved") {
	case "1":
		return "form.saved"
	case "password":
		return "account.changed"
	case "logout":
		return "logout.done"
	case "report":
		return "rep.saved"
	case "replaced":
		return "rep.replaced"
	case "measurement":
		return "ben.m.saved"
	case "solution":
		return "roll.solution.saved"
	case "rollout":
		return "roll.saved"
	case "contribution":
		return "money.contribution.saved"
	case "grant":
		return "grant.saved"
	case "mailing":
		return "mailing.saved"
	case "grant_case":
		return "grant.case.saved"
	case "grant_report":
		return "grant.report.saved"
	case "procurement_created", "project_created", "meeting_created":
		return "created." + strings.TrimSuffix(c.Query("saved"), "_created")
	}
	return ""
}
