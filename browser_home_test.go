package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Each role signs in and finds its own work on its home.
func TestBrowserHomes(t *testing.T) {
	base := startServer(t)
	dueDate := regexp.MustCompile(`innen \d{2}\.\d{2}\.\d{4}`)

	leader := newBrowser(t, base)
	leader.login("prosjektleder@samla.example", "demo-leader-passord")
	var countdown, write string
	leader.run("leader's home", chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`#report-countdown`, chromedp.ByQuery),
		chromedp.Text(`#report-countdown`, &countdown, chromedp.ByQuery),
		chromedp.AttributeValue(`#report-due a.ds-button`, "href", &write, nil, chromedp.ByQuery))
	leader.screenshot("home-leader")
	if !dueDate.MatchString(countdown) || !strings.Contains(countdown, "Rapporten for") || !regexp.MustCompile(`\d+ dager igjen|i dag|siden`).MatchString(countdown) {
		t.Fatalf("leader's next report: %q", countdown)
	}
	// The report's form proposes that month, says by when, and is at most
	// two screens high with its comment boxes closed.
	var due string
	var height int
	leader.run("status form", chromedp.Navigate(base+write), chromedp.WaitVisible(`#report-due`, chromedp.ByQuery),
		chromedp.Text(`#report-due`, &due, chromedp.ByQuery),
		chromedp.Evaluate(`document.body.scrollHeight`, &height))
	leader.screenshot("status-form")
	if !strings.Contains(countdown, strings.TrimSpace(strings.SplitN(strings.SplitN(due, "innen ", 2)[1], " ", 2)[0])) {
		t.Errorf("the form's deadline %q is not the home's %q", due, countdown)
	}
	if height > 1800 {
		t.Errorf("status form: %d px high at 1280×900", height)
	}
	var shown bool
	leader.run("a yellow dimension asks for a comment",
		chromedp.Click(`#r-time-yellow`, chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('#dim-time .app-dim-comment')).display !== 'none' && getComputedStyle(document.querySelector('#dim-cost .app-dim-comment')).display === 'none'`, &shown))
	if !shown {
		t.Error("the comment box of a yellow dimension does not show (or a green one's does)")
	}

	contact := newBrowser(t, base)
	contact.login("kommunekontakt@samla.example", "demo-contact-passord")
	var rows []string
	contact.run("contact's home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(`#past-date`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#past-date ~ .app-work a')).map(a => a.getAttribute('href'))`, &rows))
	contact.screenshot("home-contact")
	if len(rows) == 0 {
		t.Fatal("the Træna contact's home lists no rows past date")
	}
	for _, r := range rows {
		if !strings.HasSuffix(r, "/rollouts/1835") {
			t.Errorf("not a Træna row: %s", r)
		}
	}
	var form string
	contact.run("a row opens its form", chromedp.Navigate(base+rows[0]), chromedp.WaitVisible(`#f-status`, chromedp.ByQuery),
		chromedp.Text(`main h1`, &form, chromedp.ByQuery))
	if !strings.Contains(form, "Træna") {
		t.Errorf("row form: %q", form)
	}

	director := newBrowser(t, base)
	director.login("kommunedirektor@samla.example", "demo-viewer-passord")
	var pays, statement string
	director.run("director's home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(`#home-pays`, chromedp.ByQuery),
		chromedp.Text(`#home-pays`, &pays, chromedp.ByQuery))
	director.screenshot("home-director")
	director.run("statement", chromedp.Navigate(base+"/municipalities/1833/statement"), chromedp.WaitVisible(`#statement-total`, chromedp.ByQuery),
		chromedp.Text(`#statement-total`, &statement, chromedp.ByQuery))
	if pays == "" || pays != statement || !strings.HasSuffix(pays, "kr") {
		t.Fatalf("Rana pays %q on the home, %q in the statement", pays, statement)
	}
	director.run("municipality page", chromedp.Navigate(base+"/municipalities/1833"), chromedp.WaitVisible(`nav.app-toc`, chromedp.ByQuery),
		chromedp.Evaluate(`document.body.scrollHeight`, &height))
	director.screenshot("municipality-folded")
	if height > 1800 {
		t.Errorf("municipality page: %d px high at 1280×900", height)
	}
	var opened bool
	director.run("the table of contents opens a section", chromedp.Click(`nav.app-toc a[href="#contracts"]`, chromedp.ByQuery),
		chromedp.Sleep(200*time.Millisecond),
		chromedp.Evaluate(`document.querySelector('#contracts').nextElementSibling.open`, &opened))
	if !opened {
		t.Error("the contents link did not open its section")
	}

	steering := newBrowser(t, base)
	steering.login("styringsgruppe@samla.example", "demo-steering-passord")
	var cases []string
	steering.run("steering's home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(`#waiting`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('#waiting ~ .app-work a')).map(a => a.textContent)`, &cases))
	steering.screenshot("home-steering")
	if len(cases) == 0 {
		t.Fatal("no pending cases on the steering group's home")
	}
}

// On a phone the rollout matrix is one block per municipality with every
// status in full, and a contact changes a cell with the keyboard alone.
func TestBrowserAdoptionOnPhone(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("kommunekontakt@samla.example", "demo-contact-passord")
	var cut []string
	var cell string
	b.run("matrix at 390 px", chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/adoption"), chromedp.WaitVisible(`#matrix`, chromedp.ByQuery),
		// A status is cut when its tag is narrower than its text, or it
		// sticks out of the screen.
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.app-matrix .app-tag')).filter(t => t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().right > window.innerWidth || t.getBoundingClientRect().left < 0).map(t => t.textContent)`, &cut),
		chromedp.Evaluate(`(() => { const a = Array.from(document.querySelectorAll('a.app-cell[href*="/rollouts/1835"]')).find(a => !a.querySelector(".app-tag--r-in_use")); a.scrollIntoView({block: "center"}); return a.id; })()`, &cell),
	)
	b.screenshotTo("docs/phone", "adoption")
	if len(cut) > 0 {
		t.Errorf("%d statuses cut on a phone, e.g. %q", len(cut), cut[0])
	}
	var wide bool
	b.run("no sideways scrolling", chromedp.Evaluate(`document.documentElement.scrollWidth <= window.innerWidth && !document.querySelector('.app-matrix').closest('.app-scroll').classList.contains('app-scroll--wide')`, &wide))
	if !wide {
		t.Error("the matrix scrolls sideways on a phone")
	}
	var edit string
	b.run("the cell says it can be changed", chromedp.Text("#"+cell+" .app-cell__edit", &edit, chromedp.ByQuery))
	if edit != "Endre" {
		t.Errorf("the cell's visible label: %q", edit)
	}

	// Keyboard only: focus the cell, Enter opens it in place, arrow keys
	// choose "I bruk", Tab to Lagre, Enter saves; focus returns to the cell.
	sel := fmt.Sprintf(`#%s`, cell)
	var value, after, focused string
	b.run("open the cell", chromedp.Focus(sel, chromedp.ByQuery), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`.app-cell-form select`, chromedp.ByQuery))
	b.screenshotTo("docs/phone", "adoption-cell")
	for i := 0; i < 5; i++ {
		b.run("choose", chromedp.Evaluate(`document.activeElement.value`, &value))
		if value == "in_use" {
			break
		}
		b.run("arrow", chromedp.KeyEvent(kb.ArrowDown))
		b.run("arrow down", chromedp.Sleep(50*time.Millisecond))
	}
	if value != "in_use" {
		t.Fatalf("the keyboard did not reach in_use: %q", value)
	}
	b.run("save", chromedp.KeyEvent("\t"), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(sel+` .app-tag--r-in_use`, chromedp.ByQuery),
		chromedp.Text(sel, &after, chromedp.ByQuery),
		chromedp.Evaluate(`document.activeElement.id`, &focused))
	if !strings.Contains(after, "I bruk") || focused != cell {
		t.Fatalf("after saving: %q, focus on %q", after, focused)
	}
	// It is saved: a reload shows it.
	b.run("reload", chromedp.Reload(), chromedp.WaitVisible(sel+` .app-tag--r-in_use`, chromedp.ByQuery))
}
