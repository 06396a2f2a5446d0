package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axeScript is axe-core, the accessibility rules engine, from the file
// SAMLA_AXE names (.ci/run installs the npm package axe-core, pinned).
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv("SAMLA_AXE")
	if path == "" {
		path = "node_modules/axe-core/axe.min.js"
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is missing (%v); .ci/run installs it and sets SAMLA_AXE", err)
		}
		t.Skip("axe-core is not installed; set SAMLA_AXE to axe.min.js")
	}
	return string(b)
}

// axeRun checks the page against WCAG 2.0 and 2.1 A and AA and returns one
// line per violation with the elements it concerns.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
  .then(r => r.violations.map(v => v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))`

// Every page of the route table has no axe-core violation of WCAG 2.1 A
// and AA, at desktop width and on a phone (where the scroll regions and the
// folded menu come into play), for each role that sees it.
func TestBrowserAxe(t *testing.T) {
	axe := axeScript(t)
	base := startServer(t)
	pages := pagePaths(t)
	var failures []string
	for _, who := range []struct{ email, password string }{
		{"admin@samla.example", "demo-admin-passord"},
		{"kommunedirektor@samla.example", "demo-viewer-passord"},
	} {
		b := newBrowser(t, base)
		b.login(who.email, who.password)
		// The pages this role may not see are one and the same error page:
		// it is checked once, not once for each of them.
		var cookies []*network.Cookie
		b.run("cookies", chromedp.ActionFunc(func(ctx context.Context) (err error) {
			cookies, err = network.GetCookies().Do(ctx)
			return err
		}))
		var own []string
		refused := false
		for _, page := range pages {
			if code := statusAs(t, base+page, cookies); code == http.StatusForbidden || code == http.StatusNotFound {
				if refused {
					continue
				}
				refused = true
			}
			own = append(own, page)
		}
		for _, vp := range []viewport{{"1280x900", 1280, 900, 1}, phone} {
			b.run("viewport", chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(vp.scale)))
			for _, page := range own {
				var violations []string
				b.run(page,
					chromedp.Navigate(base+page),
					chromedp.WaitReady("body", chromedp.ByQuery),
					chromedp.Sleep(100*time.Millisecond),
					chromedp.Evaluate(axe, nil),
					chromedp.Evaluate(axeRun, &violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
				)
				for _, v := range violations {
					failures = append(failures, fmt.Sprintf("%s at %s (%s): %s", page, vp.name, who.email, v))
				}
			}
		}
	}
	if len(failures) > 0 {
		t.Errorf("%d axe-core violations:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}

// statusAs is the status a GET of url answers with the browser's cookies
// (redirects not followed).
func statusAs(t *testing.T, url string, cookies []*network.Cookie) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
