package public

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v3"

	"samla/locale"
	"samla/models"
	"samla/reports"
	"samla/views"
)

// shell is what every public page's frame needs: the language, the path
// (for the language link) and links that keep the language.
type shell struct {
	Lang    string
	Path    string
	Query   string // the page's search, kept by the language link
	AltLang string
}

// Href is a public address in the page's language.
func (s shell) Href(path string) string {
	if s.Lang == "nb" {
		return path
	}
	sep := "?"
	for _, c := range path {
		if c == '?' {
			sep = "&"
		}
	}
	return path + sep + "lang=" + s.Lang
}

// AltHref is this page in the other language.
func (s shell) AltHref() string {
	v := url.Values{}
	if s.AltLang != "nb" {
		v.Set("lang", s.AltLang)
	}
	if s.Query != "" {
		v.Set("q", s.Query)
	}
	if len(v) == 0 {
		return s.Path
	}
	return s.Path + "?" + v.Encode()
}

func (s *Site) shell(c fiber.Ctx, r *request) shell {
	alt := "en"
	if r.lang == "en" {
		alt = "nb"
	}
	return shell{Lang: r.lang, Path: c.Path(), Query: r.q, AltLang: alt}
}

// pager links a list's pages.
type pager struct {
	Pages                                                     int
	Current, NavLabel, PrevLabel, NextLabel, PrevURL, NextURL string
}

func (s *Site) pager(sh shell, path string, r *request, total int) pager {
	pages := (total + PerPage - 1) / PerPage
	pg := pager{Pages: min(pages, MaxPage), Current: locale.T(r.lang, "page.of", r.page, max(pages, 1)), NavLabel: locale.T(r.lang, "page.nav"),
		PrevLabel: locale.T(r.lang, "page.prev"), NextLabel: locale.T(r.lang, "page.next")}
	link := func(n int) string {
		v := url.Values{}
		if r.q != "" {
			v.Set("q", r.q)
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return sh.Href(path)
		}
		return sh.Href(path + "?" + v.Encode())
	}
	if r.page > 1 {
		pg.PrevURL = link(r.page - 1)
	}
	if r.page < pg.Pages {
		pg.NextURL = link(r.page + 1)
	}
	return pg
}

func (s *Site) html(r *request, name, title string, data any) (answer, error) {
	p := &views.Page{Lang: r.lang, Programme: r.site.Programme, Title: title, Form: map[string]string{}, Data: data}
	body, err := s.views.Render(name, p)
	if err != nil {
		return answer{}, err
	}
	return answer{contentType: "text/html; charset=utf-8", body: body}, nil
}

func (s *Site) pageOf(r *request, total int) error {
	if r.page > 1 && (r.page-1)*PerPage >= total {
		return errBadPaging
	}
	return nil
}

type homeData struct {
	shell
	Projects []models.PublicProject
	Names    map[string]string
	Total    int64
	Pager    pager
}

func (s *Site) home(c fiber.Ctx, r *request) (answer, error) {
	list, total, err := s.store.PublicProjects(r.ctx, models.PublicQuery{Query: r.q, Limit: PerPage, Offset: (r.page - 1) * PerPage})
	if err != nil {
		return answer{}, err
	}
	if err := s.pageOf(r, total); err != nil {
		return answer{}, err
	}
	names, err := s.store.PublicNames(r.ctx)
	if err != nil {
		return answer{}, err
	}
	sh := s.shell(c, r)
	return s.html(r, "public_home", locale.T(r.lang, "pub.home.title"), homeData{sh, list, names, int64(total), s.pager(sh, "/public", r, total)})
}

func (s *Site) id(r *request) (int64, error) {
	id, err := strconv.ParseInt(r.param, 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

type projectData struct {
	shell
	models.PublicProjectPage
}

func (s *Site) project(c fiber.Ctx, r *request) (answer, error) {
	id, err := s.id(r)
	if err != nil {
		return answer{}, err
	}
	p, err := s.store.PublicProject(r.ctx, id)
	if err != nil {
		return answer{}, notFound(err)
	}
	return s.html(r, "public_project", p.Project.Title, projectData{s.shell(c, r), p})
}

type meetingsData struct {
	shell
	Bodies []bodyMeetings
}

type bodyMeetings struct {
	Name     string
	Meetings []models.PublicMeeting
}

func (s *Site) meetings(c fiber.Ctx, r *request) (answer, error) {
	list, err := s.store.PublicMeetings(r.ctx)
	if err != nil {
		return answer{}, err
	}
	var bodies []bodyMeetings
	for _, m := range list {
		if len(bodies) == 0 || bodies[len(bodies)-1].Name != m.BodyName {
			bodies = append(bodies, bodyMeetings{Name: m.BodyName})
		}
		b := &bodies[len(bodies)-1]
		b.Meetings = append(b.Meetings, m)
	}
	return s.html(r, "public_meetings", locale.T(r.lang, "pub.meetings.title"), meetingsData{s.shell(c, r), bodies})
}

type meetingData struct {
	shell
	models.PublicMeetingPage
}

func (s *Site) meeting(c fiber.Ctx, r *request) (answer, error) {
	id, err := s.id(r)
	if err != nil {
		return answer{}, err
	}
	m, err := s.store.PublicMeeting(r.ctx, id)
	if err != nil {
		return answer{}, notFound(err)
	}
	return s.html(r, "public_meeting", m.Meeting.BodyName+": "+m.Meeting.Title, meetingData{s.shell(c, r), m})
}

// minutesPDF is the approved minutes as PDF, built from the public types only.
func (s *Site) minutesPDF(c fiber.Ctx, r *request) (answer, error) {
	id, err := s.id(r)
	if err != nil {
		return answer{}, err
	}
	m, err := s.store.PublicMeeting(r.ctx, id)
	if err != nil {
		return answer{}, notFound(err)
	}
	if !m.Meeting.MinutesPublic() {
		return answer{}, errNotFound
	}
	b, err := reports.PublicMinutes(r.site.Programme, r.lang, s.cfg.Location, m.Meeting.UpdatedAt, m)
	if err != nil {
		return answer{}, err
	}
	return answer{contentType: "application/pdf", body: b, disposition: fmt.Sprintf(`inline; filename="protokoll-%d.pdf"`, id)}, nil
}

type decisionsData struct {
	shell
	Cases []models.PublicCase
	Total int64
	Pager pager
}

func (s *Site) decisions(c fiber.Ctx, r *request) (answer, error) {
	list, total, err := s.store.PublicDecisions(r.ctx, r.q, PerPage, (r.page-1)*PerPage)
	if err != nil {
		return answer{}, err
	}
	if err := s.pageOf(r, total); err != nil {
		return answer{}, err
	}
	sh := s.shell(c, r)
	return s.html(r, "public_decisions", locale.T(r.lang, "pub.decisions.title"), decisionsData{sh, list, int64(total), s.pager(sh, "/public/decisions", r, total)})
}

type municipalityData struct {
	shell
	models.PublicMunicipality
	Names map[string]string
}

func (s *Site) municipality(c fiber.Ctx, r *request) (answer, error) {
	if !models.ValidMunicipalityNumber(r.param) {
		return answer{}, errNotFound
	}
	m, err := s.store.PublicMunicipality(r.ctx, r.param)
	if err != nil {
		return answer{}, notFound(err)
	}
	names, err := s.store.PublicNames(r.ctx)
	if err != nil {
		return answer{}, err
	}
	return s.html(r, "public_municipality", m.Name, municipalityData{s.shell(c, r), m, names})
}

// base is the site's public address without a trailing slash.
func (s *Site) base() string {
	if s.cfg.BaseURL == nil {
		return ""
	}
	u := *s.cfg.BaseURL
	u.Path, u.RawQuery, u.Fragment = "", "", ""
	return u.String()
}

// The Atom feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary,omitempty"`
}

func (s *Site) feed(c fiber.Ctx, r *request) (answer, error) {
	entries, err := s.store.PublicFeed(r.ctx, 50)
	if err != nil {
		return answer{}, err
	}
	sortFeed(entries)
	base := s.base()
	f := atomFeed{Lang: r.lang, Title: r.site.Programme + " – " + locale.T(r.lang, "pub.feed.title"), ID: base + "/public/feed.atom",
		Links:  []atomLink{{Href: base + "/public/feed.atom", Rel: "self", Type: "application/atom+xml"}, {Href: base + "/public", Rel: "alternate", Type: "text/html"}},
		Author: atomAuthor{Name: r.site.Programme}, Updated: time.Unix(0, 0).UTC().Format(time.RFC3339)}
	if len(entries) > 0 {
		f.Updated = entries[0].Updated.UTC().Format(time.RFC3339)
	}
	for _, e := range entries {
		title := e.Title
		if e.Kind == "decision" {
			if e.Exempt && title == "" {
				title = locale.T(r.lang, "pub.exempt")
			}
			title = locale.T(r.lang, "pub.feed.decision", e.Number, title)
		} else {
			title = locale.T(r.lang, "pub.feed.minutes", title)
		}
		f.Entries = append(f.Entries, atomEntry{Title: title, ID: base + e.Path + "#" + e.Kind, Updated: e.Updated.UTC().Format(time.RFC3339),
			Link: atomLink{Href: base + s.shell(c, r).Href(e.Path), Rel: "alternate", Type: "text/html"}, Summary: e.Summary})
	}
	b, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return answer{}, err
	}
	return answer{contentType: "application/atom+xml; charset=utf-8", body: append([]byte(xml.Header), b...)}, nil
}

func sortFeed(list []models.PublicFeedEntry) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].Updated.After(list[j-1].Updated); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// catalogue is the JSON catalogue of the public projects, for the
// programme's website and for other networks' samla sites.
func (s *Site) catalogue(c fiber.Ctx, r *request) (answer, error) {
	list, _, err := s.store.PublicProjects(r.ctx, models.PublicQuery{})
	if err != nil {
		return answer{}, err
	}
	base := s.base()
	cat := models.Catalogue{Programme: r.site.Programme, BaseURL: base, Projects: make([]models.CatalogueProject, 0, len(list))}
	for _, p := range list {
		if p.UpdatedAt.After(cat.Updated) {
			cat.Updated = p.UpdatedAt
		}
		cat.Projects = append(cat.Projects, models.CatalogueProject{ID: p.ID, Title: p.Title, Summary: p.Summary, ServiceArea: p.ServiceArea,
			Phase: p.Phase, Municipalities: p.Municipalities, StartDate: p.StartDate, EndDate: p.EndDate, Solutions: p.Solutions,
			URL: fmt.Sprintf("%s/public/projects/%d", base, p.ID)})
	}
	if cat.Updated.IsZero() {
		cat.Updated = time.Unix(0, 0).UTC()
	}
	b, err := json.Marshal(cat)
	if err != nil {
		return answer{}, err
	}
	return answer{contentType: "application/json", body: b}, nil
}

// caseView is a case with the frame, for the "pubcase" partial.
type caseView struct {
	shell
	models.PublicCase
}

// Case pairs a case with the page's frame, for the "pubcase" partial.
func (s shell) Case(c models.PublicCase) caseView { return caseView{s, c} }

// T is a text in the page's language.
func (s shell) T(key string, args ...any) string { return locale.T(s.Lang, key, args...) }

// Anchor is a case's id on its meeting's page: "sak-12-2026".
func (c caseView) Anchor() string {
	out := []rune("sak-")
	for _, r := range c.Number {
		if r == '/' {
			r = '-'
		}
		out = append(out, r)
	}
	return string(out)
}
