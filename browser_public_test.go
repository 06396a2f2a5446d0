package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The public pages, without login, have no axe-core violation of WCAG 2.1
// A and AA, at desktop width and on a phone, in both languages, and no
// horizontal scrolling on the phone.
func TestBrowserPublicPages(t *testing.T) {
	axe := axeScript(t)
	base := startServer(t)
	b := newBrowser(t, base)
	pages := []string{"/public", "/public?q=helse", "/public/projects/1", "/public/meetings", "/public/meetings/1", "/public/decisions",
		"/public/municipalities/1833", "/public?lang=en", "/public/meetings?lang=en"}
	var failures []string
	for _, vp := range []viewport{{"1280x900", 1280, 900, 1}, phone} {
		b.run("viewport", chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(vp.scale)))
		for _, page := range pages {
			var violations []string
			var wide bool
			b.run(page,
				chromedp.Navigate(base+page),
				chromedp.WaitReady("main", chromedp.ByQuery),
				chromedp.Evaluate(axe, nil),
				chromedp.Evaluate(axeRun, &violations, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
				chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &wide),
			)
			for _, v := range violations {
				failures = append(failures, fmt.Sprintf("%s at %s: %s", page, vp.name, v))
			}
			if wide && vp.width < 400 {
				failures = append(failures, fmt.Sprintf("%s at %s scrolls sideways", page, vp.name))
			}
		}
	}
	var title, text string
	b.run("title", chromedp.Navigate(base+"/public"), chromedp.Sleep(50*time.Millisecond), chromedp.Title(&title), chromedp.Text("main", &text, chromedp.ByQuery))
	if !strings.Contains(title, "Digitale Helgeland") || !strings.Contains(text, "Prosjektkatalog") {
		t.Errorf("title %q, main %.200q", title, text)
	}
	b.screenshot("public")
	if len(failures) > 0 {
		t.Errorf("%d problems:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}
