package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"samla/locale"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browserSession drives headless Chromium against a running samla. It
// records console errors and any request to another host; both fail the test.
type browserSession struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu       sync.Mutex
	problems []string
	// allowed are other hosts the test means to visit (an identity provider).
	allowed map[string]bool
}

// allowHost lets the browser visit another host of the test's own.
func (b *browserSession) allowHost(host string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allowed[host] = true
}

func (b *browserSession) isAllowed(host string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.allowed[host]
}

func chromiumPath() string {
	for _, p := range []string{os.Getenv("SAMLA_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	return ""
}

func newBrowser(t *testing.T, base string) *browserSession {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("chromium is not installed")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 15*time.Minute) // the axe walk visits every page twice
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	b := &browserSession{t: t, ctx: ctx, base: base, allowed: map[string]bool{}}
	host := mustHost(base)
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if u, err := url.Parse(ev.Request.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != host && !b.isAllowed(u.Host) {
				b.problem("request to another host: " + ev.Request.URL)
			}
		case *runtime.EventExceptionThrown:
			b.problem("script exception: " + ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				b.problem("console error")
			}
		}
	})
	if err := chromedp.Run(ctx, network.Enable(), runtime.Enable()); err != nil {
		t.Fatal(err)
	}
	return b
}

func mustHost(base string) string {
	u, _ := url.Parse(base)
	return u.Host
}

func (b *browserSession) problem(p string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, p)
}

// run performs browser actions and fails the test on any error or problem.
func (b *browserSession) run(what string, actions ...chromedp.Action) {
	b.t.Helper()
	for i, a := range actions {
		// Each step has its own time limit, so that a failure leaves time
		// to record where the page was.
		ctx, cancel := context.WithTimeout(b.ctx, 45*time.Second)
		err := chromedp.Run(ctx, a)
		cancel()
		if err != nil {
			var url, text string
			chromedp.Run(b.ctx, chromedp.Location(&url), chromedp.Text("main", &text, chromedp.ByQuery, chromedp.AtLeast(0)))
			b.screenshot("failed-" + what)
			b.t.Fatalf("%s, step %d: %v\npage %s: %.600s", what, i+1, err, url, text)
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.problems) > 0 {
		b.t.Fatalf("%s: %s", what, strings.Join(b.problems, "; "))
	}
}

// screenshot saves a PNG into $SAMLA_SCREENSHOTS, when set, for people to look at.
func (b *browserSession) screenshot(name string) {
	dir := os.Getenv("SAMLA_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	if err := chromedp.Run(b.ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
	}
}

// login fills in the login form like a person.
func (b *browserSession) login(email, password string) {
	b.t.Helper()
	b.run("login",
		chromedp.Navigate(b.base+"/login"),
		chromedp.WaitVisible(`#f-email`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-email`, email, chromedp.ByQuery),
		chromedp.SendKeys(`#f-password`, password, chromedp.ByQuery),
		chromedp.Click(`form[action="/login"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`nav.app-nav`, chromedp.ByQuery),
		// The next click must find the landed page's nodes, not those of a
		// page still loading (seen on a busy machine).
		chromedp.Poll(`document.readyState === "complete"`, nil),
	)
}

func TestBrowserLogin(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.run("login page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(`#f-email`, chromedp.ByQuery))
	b.screenshot("login")

	// A wrong password keeps the e-mail and says so.
	var msg, kept string
	b.run("wrong password",
		chromedp.SendKeys(`#f-email`, "admin@samla.example", chromedp.ByQuery),
		chromedp.SendKeys(`#f-password`, "feil passord", chromedp.ByQuery),
		chromedp.Click(`form[action="/login"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.ds-alert`, chromedp.ByQuery),
		chromedp.Text(`.ds-alert`, &msg, chromedp.ByQuery),
		chromedp.Value(`#f-email`, &kept, chromedp.ByQuery),
	)
	if !strings.Contains(msg, "Feil e-postadresse eller passord") || kept != "admin@samla.example" {
		t.Fatalf("wrong password: %q, kept %q", msg, kept)
	}

	b.login("admin@samla.example", "demo-admin-passord")
	var heading, user string
	b.run("dashboard",
		chromedp.Text(`main h1`, &heading, chromedp.ByQuery),
		chromedp.Text(`.app-user`, &user, chromedp.ByQuery),
	)
	b.screenshot("dashboard")
	if heading != "Oversikt" || !strings.Contains(user, "Ada Administrator") {
		t.Fatalf("dashboard: %q, %q", heading, user)
	}

	// The skip link leads to the main landmark.
	var skip string
	b.run("skip link", chromedp.AttributeValue(`a.ds-skip-link`, "href", &skip, nil, chromedp.ByQuery))
	if skip != "#main" {
		t.Fatalf("skip link: %q", skip)
	}

	// The admin pages render; the language switch works.
	b.run("admin", chromedp.Navigate(base+"/admin"), chromedp.WaitVisible(`#settings`, chromedp.ByQuery))
	b.screenshot("admin")
	b.run("english",
		chromedp.Click(`form[action="/lang"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`html[lang="en"]`, chromedp.ByQuery),
		chromedp.Text(`main h1`, &heading, chromedp.ByQuery),
	)
	if heading != "Administration" {
		t.Fatalf("after switching to English: %q", heading)
	}
}

// A project leader opens their project, files this month's status report
// and sees it in the history.
func TestBrowserLeaderFilesStatusReport(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("prosjektleder@samla.example", "demo-leader-passord")
	var period, history, flash string
	b.run("find the project",
		chromedp.Click(`nav.app-nav li:has(a[href="/projects"]) > details > summary`, chromedp.ByQuery), // its menu group
		chromedp.WaitVisible(`nav.app-nav a[href="/projects"]`, chromedp.ByQuery),
		chromedp.Click(`nav.app-nav a[href="/projects"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#f-q`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-q`, "HJEMMEOPPFØLGING", chromedp.ByQuery),
		chromedp.Submit(`#f-q`, chromedp.ByQuery),
		chromedp.WaitVisible(`//a[text()="Digital hjemmeoppfølging"]`),
	)
	b.screenshot("projects")
	b.run("open it",
		chromedp.Click(`//a[text()="Digital hjemmeoppfølging"]`),
		chromedp.WaitVisible(`#history`, chromedp.ByQuery),
	)
	b.screenshot("project")
	b.run("report form",
		chromedp.Click(`a[href$="/status/new"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#f-period`, chromedp.ByQuery),
		chromedp.Value(`#f-period`, &period, chromedp.ByQuery),
	)
	b.screenshot("status-form")
	b.run("file it",
		chromedp.Click(`label[for="r-overall-yellow"]`, chromedp.ByQuery),
		chromedp.Click(`label[for="r-time-red"]`, chromedp.ByQuery),
		chromedp.SetValue(`#f-overall_comment`, "Forsinket levering av nettbrett til Træna", chromedp.ByQuery),
		// Red or yellow asks why; the dimensions the demo's last report left
		// yellow keep their reason ("Som før").
		chromedp.SetValue(`#f-time_comment`, "Nettbrettene kom tre uker for sent", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('textarea[id$="_comment"]').forEach(t => { if (!t.value.trim()) t.value = "Som før" })`, nil),
		chromedp.SetValue(`#f-progress_pct`, "64", chromedp.ByQuery),
		chromedp.Click(`form[action$="/status"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.app-history`, chromedp.ByQuery),
		chromedp.Text(`.ds-alert`, &flash, chromedp.ByQuery),
		chromedp.Text(`.app-history tbody tr:first-child`, &history, chromedp.ByQuery),
	)
	b.screenshot("project-after")
	if !strings.Contains(flash, "Statusrapporten") {
		t.Fatalf("no confirmation: %q", flash)
	}
	if month := locale.Month(period, "nb"); !strings.Contains(history, month) || !strings.Contains(history, "Gul") || !strings.Contains(history, "Rød") || !strings.Contains(history, "64") {
		t.Fatalf("history row for %s: %q", period, history)
	}
}

// An editor creates a joint procurement for three municipalities and sees
// each one's cost share.
func TestBrowserEditorCreatesProcurement(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("programkontor@samla.example", "demo-editor-passord")
	var table, summary string
	// Saved empty, the form comes back with a summary that links to the field.
	b.run("save empty",
		chromedp.Navigate(base+"/procurements/new"),
		chromedp.WaitVisible(`#f-title`, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("f-title").removeAttribute("required")`, nil),
		chromedp.Click(`form[action="/procurements/new"] .app-actions button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#error-summary a[href="#f-title"]`, chromedp.ByQuery),
		chromedp.Text(`#error-summary`, &summary, chromedp.ByQuery),
	)
	if !strings.Contains(summary, "Tittel:") {
		t.Errorf("error summary does not name the title field: %q", summary)
	}
	b.run("new procurement",
		chromedp.WaitVisible(`#f-title`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-title`, "Felles løsning for møtebooking", chromedp.ByQuery),
		chromedp.SetValue(`#f-lead_municipality`, "1833", chromedp.ByQuery),
		chromedp.Click(`#m-1833`, chromedp.ByQuery),
		chromedp.Click(`#m-1824`, chromedp.ByQuery),
		chromedp.Click(`#m-1835`, chromedp.ByQuery),
		chromedp.SetValue(`#f-annual_cost_nok`, "1 000 000", chromedp.ByQuery),
		chromedp.SetValue(`#f-equal_pct`, "30", chromedp.ByQuery),
	)
	b.screenshot("procurement-form")
	b.run("save",
		chromedp.Click(`form[action="/procurements/new"] .app-actions button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#shares`, chromedp.ByQuery),
		chromedp.Text(`#shares + p + table, section[aria-labelledby="shares"] table`, &table, chromedp.ByQuery),
	)
	b.screenshot("procurement")
	for _, want := range []string{"Rana (Raane)", "560 870 kr", "Vefsn", "331 304 kr", "Træna", "107 826 kr", "1 000 000 kr"} {
		if !strings.Contains(strings.ReplaceAll(table, "\u00a0", " "), want) {
			t.Errorf("cost shares lack %q: %s", want, table)
		}
	}
}

// A project leader records a benefit measurement and sees the realised
// percent change.
func TestBrowserLeaderRecordsMeasurement(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("prosjektleder@samla.example", "demo-leader-passord")
	var before, after string
	b.run("open a benefit of the leader's project",
		chromedp.Navigate(base+"/projects?q=hjemmeoppf%C3%B8lging"),
		chromedp.Click(`//a[text()="Digital hjemmeoppfølging"]`),
		chromedp.WaitVisible(`#benefits`, chromedp.ByQuery),
		chromedp.Click(`section[aria-labelledby="benefits"] tbody tr:first-child a`, chromedp.ByQuery),
		chromedp.WaitVisible(`#realised-pct`, chromedp.ByQuery),
		chromedp.Text(`#realised-pct`, &before, chromedp.ByQuery),
	)
	b.screenshot("benefit")
	b.run("record",
		chromedp.SetValue(`#f-value`, "5000", chromedp.ByQuery),
		chromedp.SetValue(`#f-comment`, "Målt i hjemmetjenesten i Træna", chromedp.ByQuery),
		chromedp.Click(`form[action$="/measurements"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.ds-alert`, chromedp.ByQuery),
		chromedp.Text(`#realised-pct`, &after, chromedp.ByQuery),
	)
	b.screenshot("benefit-after")
	if before == after {
		t.Fatalf("realised percent did not change: %q", after)
	}
}

// A steering-group member puts a pending case on the next meeting's agenda
// and records the decision.
func TestBrowserSteeringRecordsDecision(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("styringsgruppe@samla.example", "demo-steering-passord")
	var decision string
	b.run("put a pending case on the agenda",
		// "Møter og saker" is in the menu's group "Styring".
		chromedp.Click(`nav.app-nav li:has(a[href="/steering"]) > details > summary`, chromedp.ByQuery),
		chromedp.WaitVisible(`nav.app-nav a[href="/steering"]`, chromedp.ByQuery),
		chromedp.Click(`nav.app-nav a[href="/steering"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#pending`, chromedp.ByQuery),
		chromedp.Click(`form[action$="/agenda"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#agenda`, chromedp.ByQuery),
	)
	b.screenshot("meeting")
	b.run("record the decision",
		chromedp.Evaluate(`document.querySelector('article.app-case details').open = true`, nil),
		chromedp.WaitVisible(`article.app-case textarea[name="decision"]`, chromedp.ByQuery),
		chromedp.SetValue(`article.app-case textarea[name="decision"]`, "Styringsgruppen vedtar revidert plan. Træna deltar i piloten.", chromedp.ByQuery),
		chromedp.Submit(`article.app-case textarea[name="decision"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.app-decision`, chromedp.ByQuery),
		chromedp.Text(`.app-decision`, &decision, chromedp.ByQuery),
	)
	b.screenshot("meeting-after")
	if !strings.Contains(decision, "Træna deltar i piloten") {
		t.Fatalf("decision: %q", decision)
	}
	var log string
	b.run("decision log",
		chromedp.Navigate(base+"/steering/decisions?q=TR%C3%86NA+DELTAR"),
		chromedp.WaitVisible(`main table`, chromedp.ByQuery),
		chromedp.Text(`main table`, &log, chromedp.ByQuery),
	)
	if !strings.Contains(log, "Træna deltar i piloten") {
		t.Fatalf("log: %q", log)
	}
}

// The dashboard draws its charts from the binary's own ECharts, with no
// console error and no request to another host; a chart's numbers open.
func TestBrowserDashboardCharts(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("kommunedirektor@samla.example", "demo-viewer-passord")
	var rendered []string
	var open bool
	b.run("charts",
		chromedp.Navigate(base+"/overview"),
		chromedp.WaitVisible(`#chart-phase-status[data-rendered="true"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#chart-contracts[data-rendered="true"]`, chromedp.ByQuery),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('[data-chart]')).filter(e => e.querySelector('canvas')).map(e => e.id)`, &rendered),
	)
	b.screenshot("dashboard-charts")
	if len(rendered) != 7 {
		t.Fatalf("charts drawn: %v", rendered)
	}
	b.run("open a data table",
		chromedp.Click(`#chart-pipeline ~ details summary`, chromedp.ByQuery),
		chromedp.WaitVisible(`#chart-pipeline ~ details table`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#chart-pipeline ~ details').open`, &open),
	)
	if !open {
		t.Fatal("the data table did not open")
	}
	var total string
	b.run("filter by municipality",
		chromedp.Navigate(base+"/overview?municipality=1835"),
		chromedp.WaitVisible(`#chart-phase-status[data-rendered="true"]`, chromedp.ByQuery),
		chromedp.Text(`#kf-active`, &total, chromedp.ByQuery),
	)
	b.screenshot("dashboard-trana")
	if total == "" || total == "0" {
		t.Fatalf("active projects in Træna: %q", total)
	}
}

// The programme office follows a recommendation from a professional group
// to the steering group: from the bodies page to the group's last meeting,
// the decided case is referred, waits in the steering group with the
// group's number, and goes on the agenda of its next meeting with its own.
func TestBrowserReferCaseBetweenBodies(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("programkontor@samla.example", "demo-editor-passord")
	var waiting, agenda string
	b.run("open one of the health group's meetings",
		chromedp.Click(`nav.app-nav li:has(a[href="/bodies"]) > details > summary`, chromedp.ByQuery), // its menu group
		chromedp.WaitVisible(`nav.app-nav a[href="/bodies"]`, chromedp.ByQuery),
		chromedp.Click(`nav.app-nav a[href="/bodies"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`main table`, chromedp.ByQuery),
		chromedp.Click(`//main//a[text()="Faggruppe helse"]`, chromedp.BySearch),
		chromedp.WaitVisible(`#members`, chromedp.ByQuery),
		// The last meeting's recommendation went on already; the one before has a discussion to refer.
		chromedp.Click(`(//main//section[@aria-labelledby="meetings"]//li[contains(., "Protokoll godkjent")])[2]/a`, chromedp.BySearch),
		chromedp.WaitVisible(`#agenda`, chromedp.ByQuery),
	)
	b.screenshot("group-meeting")
	b.run("refer the first decided case",
		chromedp.SetValue(`form[action$="/refer"] select`, "1", chromedp.ByQuery),
		chromedp.Click(`form[action$="/refer"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#pending`, chromedp.ByQuery),
		chromedp.Text(`#pending ~ div table, section[aria-labelledby="pending"] table`, &waiting, chromedp.ByQuery),
	)
	if !strings.Contains(waiting, "Oversendt fra Faggruppe helse, sak") {
		t.Fatalf("pending in the steering group: %q", waiting)
	}
	b.run("put it on the agenda",
		chromedp.Click(`section[aria-labelledby="pending"] form[action$="/agenda"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#agenda`, chromedp.ByQuery),
		chromedp.Text(`#agenda ~ article`, &agenda, chromedp.ByQuery),
	)
	b.screenshot("steering-agenda")
	if !regexp.MustCompile(`Sak \d+/\d{4}: `).MatchString(agenda) || !strings.Contains(agenda, "Oversendt fra Faggruppe helse, sak") {
		t.Fatalf("agenda case: %q", agenda)
	}
}

// An administrator registers a channel and sees its secret once, then
// makes a calendar link on the account page that a calendar can read.
func TestBrowserChannelAndCalendar(t *testing.T) {
	t.Setenv("SAMLA_OUTBOUND_ALLOW", "127.0.0.0/8") // the hook below is on this machine
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("admin@samla.example", "demo-admin-passord")
	var secret, masked string
	b.run("register a channel",
		chromedp.Navigate(base+"/admin/channels"),
		chromedp.WaitVisible(`#f-name`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-name`, "Programkontoret", chromedp.ByQuery),
		chromedp.SetValue(`#f-kind`, "json", chromedp.ByQuery),
		chromedp.SendKeys(`#f-url`, "http://127.0.0.1:9/samla-hook?key=hemmelig", chromedp.ByQuery),
		chromedp.Click(`#event-decision_recorded`, chromedp.ByQuery),
		chromedp.Click(`#event-project_red`, chromedp.ByQuery),
		chromedp.Click(`form[action="/admin/channels"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#made-secret`, chromedp.ByQuery),
		chromedp.Value(`#made-secret`, &secret, chromedp.ByQuery),
		chromedp.Navigate(base+"/admin/channels"),
		chromedp.WaitVisible(`#list`, chromedp.ByQuery),
		chromedp.Text(`main table`, &masked, chromedp.ByQuery),
	)
	if len(secret) < 40 || !strings.Contains(masked, "http://127.0.0.1:9/…") || strings.Contains(masked, "hemmelig") {
		t.Fatalf("secret %q; list %q", secret, masked)
	}
	var feed string
	b.run("make a calendar link",
		chromedp.Navigate(base+"/account"),
		chromedp.WaitVisible(`form[action="/account/calendar"]`, chromedp.ByQuery),
		chromedp.Click(`form[action="/account/calendar"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#calendar-url`, chromedp.ByQuery),
		chromedp.Value(`#calendar-url`, &feed, chromedp.ByQuery),
	)
	b.screenshot("account-calendar")
	resp, err := http.Get(feed)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(string(body), "BEGIN:VEVENT") {
		t.Fatalf("feed %s: %d %s %.300s", feed, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}
