package handlers

import (
	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

// navItem is one section of the main menu and who sees it.
type navItem struct {
	href, key string
	allow     Rule
}

// nav is the main menu; each section adds its line here.
var nav = []navItem{
	{"/", "nav.home", LoggedIn},
	{"/overview", "nav.dashboard", LoggedIn},
	{"/projects", "nav.projects", LoggedIn},
	{"/procurements", "nav.procurements", LoggedIn},
	{"/benefits", "nav.benefits", LoggedIn},
	{"/adoption", "nav.adoption", LoggedIn},
	{"/budget", "nav.budget", LoggedIn},
	{"/steering", "nav.steering", LoggedIn},
	{"/bodies", "nav.bodies", LoggedIn},
	{"/municipalities", "nav.municipality", LoggedIn},
	{"/reports", "nav.reports", LoggedIn},
	{"/mailings", "nav.mailings", Editors},
	{"/admin", "nav.admin", Admins},
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
		path := c.Path()
		for _, n := range nav {
			if n.allow(p.User.Role) {
				current := path == n.href || n.href != "/" && len(path) > len(n.href) && path[:len(n.href)+1] == n.href+"/"
				p.Nav = append(p.Nav, views.NavItem{Href: n.href, Label: p.T(n.key), Current: current})
			}
		}
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
	}
	return ""
}
