package handlers_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"samla/models"
)

var (
	hrefs = regexp.MustCompile(`href="(/[^"#]*)`)
	// textKey is an untranslated key, e.g. ">phase.unknown<" (T shows the key).
	textKey = regexp.MustCompile(`>\s*(?:phase|area|status|stage|procedure|ckind|cstatus|mstatus|btype|plan|dim|proc|rep|ben|st|mun|dash|sch|jobs|job|dstatus|err|proj|admin|set|rpt|audit|login|nav|app|form|gran|basis|warn)\.[a-z_.]+\s*<`)
)

// Every page reachable by links, for every role, answers without a server
// error, in both languages.
func TestCrawlNoServerErrors(t *testing.T) {
	e := newEnv(t)
	for _, role := range []models.Role{models.RoleAdmin, models.RoleLeader, models.RoleViewer} {
		b := e.sessionAs(role)
		for _, lang := range []string{"nb", "en"} {
			if lang == "en" {
				b.post("/", "/lang", map[string][]string{"lang": {"en"}})
			}
			seen := map[string]bool{}
			queue := []string{"/"}
			for len(queue) > 0 && len(seen) < 250 {
				page := queue[0]
				queue = queue[1:]
				if seen[page] || strings.HasPrefix(page, "/static/") || strings.HasSuffix(page, ".pdf") || strings.HasPrefix(page, "/export/") {
					continue
				}
				seen[page] = true
				r := b.do("GET", strings.ReplaceAll(page, "&amp;", "&"), nil)
				if r.status >= 500 {
					t.Errorf("%s (%s, %s): %d", page, role, lang, r.status)
					continue
				}
				if m := textKey.FindString(r.body); m != "" {
					t.Errorf("%s (%s) shows a text key instead of a text: %s", page, lang, m)
				}
				if i := strings.Index(r.body, "%!"); i >= 0 {
					t.Errorf("%s (%s) shows a text formatted wrongly: %s", page, lang, r.body[max(0, i-60):min(len(r.body), i+40)])
				}
				for _, m := range hrefs.FindAllStringSubmatch(r.body, -1) {
					if !seen[m[1]] {
						queue = append(queue, m[1])
					}
				}
			}
			if len(seen) < 40 {
				t.Errorf("%s/%s: only %d pages reached", role, lang, len(seen))
			}
		}
	}
}

// Every route, with nonsense in its path parameters, query and form
// fields, answers without a server error.
func TestHostileInputNoServerErrors(t *testing.T) {
	e := newEnv(t)
	b := e.sessionAs(models.RoleAdmin)
	param := regexp.MustCompile(`:[a-z]+\??`)
	query := "?page=-1&sort=zzz&dir=x&municipality=xx&period=2026-13&area=%00&phase=<b>&q=%27%22&limit=-5&offset=abc" +
		"&year=abc&from=31.02.2026&to=x&stage=zz&status=zz&meeting=abc&kind=zz&project=abc"
	form := url.Values{"title": {"x"}, "period": {"2026-13"}, "value": {"1e400"}, "id": {"abc"}, "version": {"abc"},
		"budget_nok": {"-1"}, "start_date": {"31.02.2026"}, "weight": {"abc"}, "cron": {"* *"}}
	statuses := map[int]int{}
	seen := map[string]bool{}
	for _, r := range e.srv.App.GetRoutes(true) {
		if r.Method != "GET" && r.Method != "POST" || strings.Contains(r.Path, "/static/") {
			continue
		}
		// Leaving the session would end the test's login.
		if r.Method == "POST" && (strings.Contains(r.Path, "logout") || strings.Contains(r.Path, "login") || strings.Contains(r.Path, "account")) {
			continue
		}
		for _, v := range []string{"abc", "0", "-1", "99999999", "1", "1833", "%00"} {
			p := param.ReplaceAllString(r.Path, v)
			if seen[r.Method+p] {
				continue
			}
			seen[r.Method+p] = true
			var res response
			if r.Method == "GET" {
				res = b.do("GET", p+query, nil)
			} else {
				res = b.post("/", p, form)
			}
			statuses[res.status]++
			if res.status >= 500 {
				t.Errorf("%s %s: %d %.200s", r.Method, p, res.status, res.body)
			}
		}
	}
	if statuses[200] < 50 || statuses[422]+statuses[400] < 10 {
		t.Errorf("too few requests reached a handler: %v", statuses)
	}
}
