package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"samla/data"
	"samla/handlers"
)

// reflowCheck finds what WCAG 2.1's reflow (1.4.10) forbids on the page as
// it is drawn: the document scrolling sideways, and text cut off by its box
// or by the edge of the window. A table may scroll inside its own labelled
// region; what is in such a region is not counted.
const reflowCheck = `(() => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") +
    " «" + (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40) + "»";
  const hidden = el => {
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === "none" || cs.visibility === "hidden") return true;
      if (e.tagName === "DETAILS" && !e.open && e !== el && !el.closest("summary")) return true;
    }
    const r = el.getBoundingClientRect();
    return r.width <= 1 || r.height <= 1;
  };
  const inRegion = el => el.closest('[role="region"][tabindex="0"]');
  if (document.documentElement.scrollWidth > vw + 1) {
    let widest = null, right = 0;
    for (const el of document.querySelectorAll("body *")) {
      if (inRegion(el) || hidden(el)) continue;
      const r = el.getBoundingClientRect().right;
      if (r > right) { right = r; widest = el; }
    }
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " > " + vw + (widest ? ", widest " + name(widest) + " to " + Math.round(right) : ""));
  }
  for (const el of document.querySelectorAll("body *")) {
    if (inRegion(el) || el.closest(".ds-sr-only, .ds-skip-link, canvas, svg") || hidden(el)) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) problems.push("cut off at the window's edge: " + name(el) + " " + Math.round(r.left) + "–" + Math.round(r.right));
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if ((cs.overflowX === "hidden" || cs.overflowX === "clip") && e.scrollWidth > e.clientWidth + 1) {
        problems.push("text clipped by its box: " + name(e));
        break;
      }
    }
  }
  return Array.from(new Set(problems)).slice(0, 8);
})()`

// textSpacing is WCAG 1.4.12's test: the text-spacing bookmarklet's values.
const textSpacing = `(() => {
  const s = document.createElement("style");
  s.textContent = "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";
  document.head.appendChild(s);
  return true;
})()`

// pagePaths lists every HTML page of the route table with demo values for
// its parameters, so that a new page is checked without being named here.
func pagePaths(t *testing.T) []string {
	t.Helper()
	db, err := data.Open(filepath.Join(t.TempDir(), "routes.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://localhost")
	srv, err := handlers.New(db, handlers.Config{BaseURL: base, Lang: "nb", Location: time.UTC, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:(\w+)`)
	seen := map[string]bool{}
	var out []string
	for _, r := range srv.Routes() {
		p := r.Path
		if r.Method != "GET" || strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/export/") ||
			strings.HasPrefix(p, "/public") || // no login: browser_public_test.go
			strings.Contains(p, ".") || p == "/login" || p == "/logout" || p == "/healthz" || p == "/readyz" || p == "/reports/link" {
			continue
		}
		p = param.ReplaceAllStringFunc(p, func(m string) string {
			if m == ":number" {
				return "1833"
			}
			return "1"
		})
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	if len(out) < 25 {
		t.Fatalf("only %d pages in the route table: %v", len(out), out)
	}
	return out
}

// viewport is a window size in CSS pixels at a device scale.
type viewport struct {
	name          string
	width, height int64
	scale         float64
}

var (
	phone   = viewport{"320x640", 320, 640, 1}   // a phone, or 1280 px at 400 %
	zoom200 = viewport{"640x400@2", 640, 400, 2} // 1280 × 800 at 200 %
)

// checkReflow visits each page at the viewport and reports what breaks.
func (b *browserSession) checkReflow(pages []string, vp viewport, spacing bool) []string {
	b.t.Helper()
	var failures []string
	b.run("viewport "+vp.name, chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(vp.scale)))
	for _, page := range pages {
		var problems []string
		actions := []chromedp.Action{chromedp.Navigate(b.base + page), chromedp.WaitReady("body", chromedp.ByQuery), chromedp.Sleep(150 * time.Millisecond)}
		if spacing {
			actions = append(actions, chromedp.Evaluate(textSpacing, nil), chromedp.Sleep(100*time.Millisecond))
		}
		actions = append(actions, chromedp.Evaluate(reflowCheck, &problems))
		b.run(page+" at "+vp.name, actions...)
		for _, p := range problems {
			failures = append(failures, fmt.Sprintf("%s at %s%s: %s", page, vp.name, map[bool]string{true: " with text spacing"}[spacing], p))
		}
	}
	return failures
}

// No page scrolls sideways or cuts text off on a phone (320 × 640) or at
// 200 % zoom (640 × 400 at device scale 2), nor with WCAG 1.4.12's text
// spacing at 320 px, for the roles that see it.
func TestBrowserReflow(t *testing.T) {
	base := startServer(t)
	pages := pagePaths(t)
	var failures []string
	anon := newBrowser(t, base)
	failures = append(failures, anon.checkReflow([]string{"/login"}, phone, false)...)
	for _, who := range []struct{ email, password string }{
		{"admin@samla.example", "demo-admin-passord"},
		{"prosjektleder@samla.example", "demo-leader-passord"},
		{"kommunedirektor@samla.example", "demo-viewer-passord"},
	} {
		b := newBrowser(t, base)
		b.login(who.email, who.password)
		failures = append(failures, b.checkReflow(pages, phone, false)...)
		if who.email == "admin@samla.example" {
			failures = append(failures, b.checkReflow(pages, zoom200, false)...)
			failures = append(failures, b.checkReflow(pages, phone, true)...)
		}
	}
	if len(failures) > 0 {
		t.Errorf("%d problems:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}

// focusState is where the keyboard focus is and whether it can be seen.
const focusState = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {id: "", tag: "body", visible: false};
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== "none";
  const r = el.getBoundingClientRect();
  return {id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", text: (el.textContent || "").trim().slice(0, 30),
    cls: typeof el.className === "string" ? el.className : "", visible: (outline || shadow) && r.width > 0 && r.height > 0};
})()`

type focus struct {
	ID, Tag, Type, Name, Text, Cls string
	Visible                        bool
}

// A project leader files a monthly status report on a phone with the
// keyboard alone: the first Tab reaches the skip link, every Tab stop shows
// where the focus is, and the report is saved.
func TestBrowserStatusReportByKeyboardOnPhone(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("prosjektleder@samla.example", "demo-leader-passord")
	var href string
	b.run("find the form",
		chromedp.EmulateViewport(phone.width, phone.height),
		chromedp.Navigate(base+"/projects?q=hjemmeoppf%C3%B8lging"),
		chromedp.Click(`//a[text()="Digital hjemmeoppfølging"]`),
		chromedp.WaitVisible(`a[href$="/status/new"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('a[href$="/status/new"]').getAttribute("href")`, &href),
	)
	t.Logf("href %q", href)
	b.run("open the form",
		chromedp.Navigate(base+href),
		chromedp.WaitVisible(`#f-period`, chromedp.ByQuery),
	)
	b.screenshotTo("docs/phone", "status-form")
	press := func(key string) focus {
		var f focus
		b.run("key", chromedp.KeyEvent(key), chromedp.Evaluate(focusState, &f))
		return f
	}
	first := press(kb.Tab)
	if !strings.Contains(first.Cls, "ds-skip-link") || !first.Visible {
		t.Fatalf("the first Tab does not reach a visible skip link: %+v", first)
	}
	comment := "Nettbrettene kom fram til Træna i uke 47"
	typed, saved := false, false
	for i := 0; i < 150 && !saved; i++ {
		f := press(kb.Tab)
		if !f.Visible {
			var dbg string
			chromedp.Run(b.ctx, chromedp.Evaluate(`(() => { const el = document.activeElement, cs = getComputedStyle(el); return cs.outlineStyle + "|" + cs.outlineWidth + "|" + cs.boxShadow + "|" + el.matches(":focus") + "|" + el.matches(":focus-visible") + "|" + el.matches(":focus-within") + "|" + document.hasFocus() + "|" + JSON.stringify(el.getBoundingClientRect()); })()`, &dbg))
			t.Log(dbg)
			t.Errorf("Tab stop %d (%s#%s %q) shows no focus", i+2, f.Tag, f.ID, f.Text)
		}
		switch {
		case f.Name == "overall" && f.Type == "radio":
			press(kb.ArrowRight) // another colour for the whole
		case f.ID == "f-overall_comment" && !typed:
			b.run("type", chromedp.KeyEvent(comment))
			typed = true
		case strings.HasSuffix(f.ID, "_comment") && f.ID != "f-overall_comment":
			// A yellow or red dimension shows its box and asks why.
			b.run("type why", chromedp.KeyEvent(" Som før."))
		case f.Tag == "button" && f.Type == "submit" && typed:
			b.run("save", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`.app-history`, chromedp.ByQuery))
			saved = true
		}
	}
	if !saved {
		t.Fatal("the form could not be saved by keyboard")
	}
	var flash, latest string
	b.run("saved",
		chromedp.Text(`.ds-alert`, &flash, chromedp.ByQuery),
		chromedp.Text(`section[aria-labelledby="latest"]`, &latest, chromedp.ByQuery),
	)
	if !strings.Contains(flash, "Statusrapporten") || !strings.Contains(latest, comment) {
		t.Fatalf("not saved: %q / %.300q", flash, latest)
	}
	var problems []string
	b.run("reflow after", chromedp.Evaluate(reflowCheck, &problems))
	if len(problems) > 0 {
		t.Errorf("the project page at 320 px: %v", problems)
	}
	b.screenshotTo("docs/phone", "project")
}

// Screenshots at 320 px for docs/accessibility.md ("Phones and small windows").
func TestBrowserPhoneScreenshots(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("kommunedirektor@samla.example", "demo-viewer-passord")
	b.run("phone", chromedp.EmulateViewport(phone.width, phone.height))
	for _, p := range []struct{ path, wait, show, name string }{
		{"/overview", `#chart-phase-status[data-rendered="true"]`, "#kf-active", "dashboard"},
		{"/overview", `#chart-phase-status[data-rendered="true"]`, "figure:has(#chart-phase-status)", "dashboard-chart"},
		{"/", `#home-pays`, "main h1", "home-director"},
		{"/municipalities/1833", `main h1`, "main h1", "municipality"},
		{"/projects", `main table`, "main table", "projects"},
	} {
		b.run(p.name, chromedp.Navigate(base+p.path), chromedp.WaitVisible(p.wait, chromedp.ByQuery),
			chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "start"})`, p.show), nil),
			chromedp.Sleep(400*time.Millisecond))
		b.screenshotTo("docs/phone", p.name)
	}
	var expanded string
	b.run("menu",
		chromedp.Evaluate(`window.scrollTo(0, 0)`, nil),
		chromedp.Click(`.app-menu-button`, chromedp.ByQuery),
		chromedp.WaitVisible(`nav.app-nav`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(".app-menu-button").getAttribute("aria-expanded")`, &expanded),
	)
	if expanded != "true" {
		t.Errorf("the menu button says aria-expanded=%q when open", expanded)
	}
	b.screenshotTo("docs/phone", "menu")
}

// screenshotTo saves what the window shows as a PNG into dir (relative to
// the repository).
func (b *browserSession) screenshotTo(dir, name string) {
	var png []byte
	if err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot(&png)); err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
	}
}

// A municipal contact opens the adoption matrix, changes one of their own
// municipality's cells and sees the matrix show the new status.
func TestBrowserContactChangesRolloutCell(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("kommunekontakt@samla.example", "demo-contact-passord")
	var href, before, after, flash string
	b.run("matrix",
		chromedp.Navigate(base+"/adoption"),
		chromedp.WaitVisible(`#matrix`, chromedp.ByQuery),
		// The first of Træna's cells that is not yet in use.
		chromedp.Evaluate(`(() => { const a = Array.from(document.querySelectorAll('a.app-cell[href*="/rollouts/1835"]')).find(a => !a.querySelector(".app-tag--r-in_use")); a.classList.add("under-test"); return a.getAttribute("href"); })()`, &href),
		chromedp.Text(`.under-test`, &before, chromedp.ByQuery),
	)
	b.screenshot("adoption")
	// The cell opens in place; "Flere felt" is the whole form.
	b.run("change it",
		chromedp.Click(`.under-test`, chromedp.ByQuery),
		chromedp.WaitVisible(`.app-cell-form select`, chromedp.ByQuery),
		chromedp.Click(`.app-cell-form a`, chromedp.ByQuery),
		chromedp.WaitVisible(`#f-status`, chromedp.ByQuery),
		chromedp.SetValue(`#f-status`, "in_use", chromedp.ByQuery),
		chromedp.SetValue(`#f-comment`, "Tatt i bruk etter opplæring i Træna", chromedp.ByQuery),
		chromedp.Click(`form[action*="/rollouts/1835"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#matrix`, chromedp.ByQuery),
		chromedp.Text(`.ds-alert`, &flash, chromedp.ByQuery),
		chromedp.Text(fmt.Sprintf(`a[href=%q]`, href), &after, chromedp.ByQuery),
	)
	var hash string
	b.run("back at the cell", chromedp.Evaluate(`location.hash`, &hash))
	if !strings.HasPrefix(hash, "#cell-") || !strings.HasSuffix(hash, "-1835") {
		t.Errorf("saving returns to %q, not the cell", hash)
	}
	b.screenshot("adoption-after")
	if strings.Contains(before, "I bruk") || !strings.Contains(after, "I bruk") || !strings.Contains(flash, "Innføringen er oppdatert") {
		t.Fatalf("cell %s: before %q, after %q, flash %q", href, before, after, flash)
	}
}
