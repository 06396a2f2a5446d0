package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"samla/models"
)

// A municipal contact fills in the open maturity round for their own
// municipality with the keyboard alone: space and arrows choose a level in
// each area, tab moves on, enter saves; the round's page then shows the
// scores, and the municipality page the målkort beside the median.
func TestBrowserContactFillsInRound(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("kommunekontakt@samla.example", "demo-contact-passord")
	var href string
	b.run("the open round",
		chromedp.Navigate(base+"/maturity"),
		chromedp.WaitVisible(`a[href$="/municipalities/1835"]`, chromedp.ByQuery),
		chromedp.AttributeValue(`a[href$="/municipalities/1835"]`, "href", &href, nil, chromedp.ByQuery),
	)
	b.screenshot("maturity")
	b.run("open the form", chromedp.Navigate(base+href), chromedp.WaitVisible(`#score-user_centred-1`, chromedp.ByQuery))
	areas := models.DefaultMaturityAreas()
	levels := []int{3, 2, 4, 1, 2, 5, 3, 2}
	steps := []chromedp.Action{chromedp.Focus(`#score-user_centred-1`, chromedp.ByQuery)}
	for i := range areas {
		steps = append(steps, chromedp.KeyEvent(" "))
		for range levels[i] - 1 {
			steps = append(steps, chromedp.KeyEvent(kb.ArrowRight))
		}
		steps = append(steps, chromedp.KeyEvent(kb.Tab)) // to the comment
		if i == 0 {
			steps = append(steps, chromedp.KeyEvent("Vi har startet brukerreiser i Træna."))
		}
		steps = append(steps, chromedp.KeyEvent(kb.Tab)) // to the next area, or the save button
	}
	b.run("fill in by keyboard", steps...)
	b.screenshot("maturity-answer")
	var focused string
	b.run("save is focused", chromedp.Evaluate(`document.activeElement.id`, &focused))
	if focused != "save-answer" {
		t.Fatalf("after the last area the focus is on %q, not the save button", focused)
	}
	var flash, row string
	b.run("save with enter",
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`.ds-alert[data-color="success"]`, chromedp.ByQuery),
		chromedp.Text(`.ds-alert[data-color="success"]`, &flash, chromedp.ByQuery),
		chromedp.Text(`//tr[th/a[@href="/municipalities/1835"]]`, &row),
	)
	b.screenshot("maturity-round")
	if !strings.Contains(flash, "lagret") {
		t.Fatalf("no confirmation: %q", flash)
	}
	for i, l := range levels {
		if !strings.Contains(row, string(rune('0'+l))) {
			t.Fatalf("Træna's row lacks level %d of area %d: %q", l, i, row)
		}
	}
	var card string
	b.run("the målkort", chromedp.Navigate(base+"/municipalities/1835"), chromedp.WaitVisible(`#maturity`, chromedp.ByQuery),
		chromedp.Click(`section[aria-labelledby="maturity"] details > summary`, chromedp.ByQuery), // the folded målkort opens
		chromedp.Text(`section[aria-labelledby="maturity"]`, &card, chromedp.ByQuery))
	b.screenshot("maturity-card")
	if !strings.Contains(card, "Median") || !strings.Contains(card, "Brukeren i sentrum") || strings.Contains(card, "ikke svart") {
		t.Fatalf("målkort: %.500s", card)
	}
}
