package main

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The overview and Rana's page at 1280 px draw every chart with every
// category labelled (the options ECharts draws from, read in the page).
// With SAMLA_SCREENSHOTS=docs/screenshots it renews the screenshots of
// docs/figures.md.
func TestBrowserFiguresPages(t *testing.T) {
	base := startServer(t)
	b := newBrowser(t, base)
	b.login("kommunedirektor@samla.example", "demo-viewer-passord")
	for _, pg := range []struct{ path, shot string }{{"/overview", "overview"}, {"/municipalities/1833", "municipality-rana"}} {
		var skipped []string
		var bars int
		b.run(pg.shot,
			chromedp.Navigate(base+pg.path),
			chromedp.WaitVisible(`#chart-contracts[data-rendered="true"]`, chromedp.ByQuery),
			chromedp.Sleep(400*time.Millisecond),
			chromedp.Evaluate(`Array.from(document.querySelectorAll('[data-chart]')).flatMap(el => {
				const chart = echarts.getInstanceByDom(el); if (!chart) return [el.id + ': not drawn'];
				const o = chart.getOption();
				return [...(o.xAxis || []), ...(o.yAxis || [])].filter(a => a.type === 'category' && !(a.axisLabel && a.axisLabel.interval === 0)).map(() => el.id);
			})`, &skipped),
			chromedp.Evaluate(`echarts.getInstanceByDom(document.getElementById('chart-contracts')).getOption().series[1].data.length`, &bars),
		)
		b.screenshot(pg.shot)
		if len(skipped) > 0 {
			t.Errorf("%s: charts that skip category labels: %v", pg.path, skipped)
		}
		if bars == 0 {
			t.Errorf("%s: the contract timeline draws no bars", pg.path)
		}
	}
}
