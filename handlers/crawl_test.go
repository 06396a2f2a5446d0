package handlers_test

import (
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
