package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"samla/models"
)

// htmx sends a cell's request with HX-Request; the cookie jar does not.
func (b *browser) htmx(method, target string, form url.Values) response {
	b.e.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, target, body)
	req.Header.Set("HX-Request", "true")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	return b.e.do(req)
}

// A matrix cell opens as a small form in place and saves only its status:
// htmx gets the cell back, a browser without script the matrix at the cell.
func TestRolloutCellInPlace(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	rows, err := e.db.MunicipalityRollouts(ctx, "1835")
	if err != nil {
		t.Fatal(err)
	}
	var row models.Rollout
	for _, r := range rows {
		if r.Status == models.RolloutPlanned && r.Wave != "" {
			row = r
			break
		}
	}
	if row.SolutionID == 0 {
		t.Fatal("no planned Træna row with a wave in the demo")
	}
	b := e.sessionAs(models.RoleContact)
	edit := fmt.Sprintf("/solutions/%d/rollouts/1835", row.SolutionID)

	matrix := b.do("GET", "/adoption", nil)
	cell := fmt.Sprintf(`id="cell-%d-1835"`, row.SolutionID)
	if !strings.Contains(matrix.body, cell) || !strings.Contains(matrix.body, `hx-get="`+edit+`?back=adoption&amp;inline=1"`) || !strings.Contains(matrix.body, `class="app-cell__edit" aria-hidden="true">Endre<`) {
		t.Fatal("the matrix cell is not a control that opens in place")
	}
	form := b.htmx("GET", edit+"?back=adoption&inline=1", nil)
	if form.status != 200 || strings.Contains(form.body, "<html") || !strings.Contains(form.body, `name="status"`) || !strings.Contains(form.body, `hx-post="`+edit+`"`) {
		t.Fatalf("inline form: %d %.300s", form.status, form.body)
	}
	token := csrfInput.FindStringSubmatch(form.body)[1]
	saved := b.htmx("POST", edit, url.Values{"_csrf": {token}, "inline": {"1"}, "back": {"adoption"}, "status": {models.RolloutInProgress}})
	if saved.status != 200 || !strings.Contains(saved.body, cell) || !strings.Contains(saved.body, "app-tag--r-in_progress") || !strings.Contains(saved.body, "autofocus") {
		t.Fatalf("saved cell: %d %.300s", saved.status, saved.body)
	}
	after, err := e.db.Rollout(ctx, row.SolutionID, "1835")
	if err != nil {
		t.Fatal(err)
	}
	if after.Status != models.RolloutInProgress || after.Wave != row.Wave || !after.PlannedDate.Equal(row.PlannedDate.Time) {
		t.Fatalf("only the status should change: %+v, was %+v", after, row)
	}
	// Without script: back at the cell's anchor.
	r := b.post("/adoption", edit, url.Values{"inline": {"1"}, "back": {"adoption"}, "status": {models.RolloutPlanned}})
	if r.status != 303 || r.header.Get("Location") != fmt.Sprintf("/adoption?saved=rollout#cell-%d-1835", row.SolutionID) {
		t.Fatalf("no-script save: %d %q", r.status, r.header.Get("Location"))
	}
	// The full form also returns to the cell.
	r = b.post(edit+"?back=adoption", edit, url.Values{"back": {"adoption"}, "status": {models.RolloutPlanned}, "wave": {row.Wave}, "planned_date": {row.PlannedDate.String()}})
	if r.status != 303 || !strings.HasSuffix(r.header.Get("Location"), fmt.Sprintf("#cell-%d-1835", row.SolutionID)) {
		t.Fatalf("full form: %d %q", r.status, r.header.Get("Location"))
	}
	// Another municipality's cell is not the contact's to change.
	if r := b.htmx("GET", fmt.Sprintf("/solutions/%d/rollouts/1833?back=adoption&inline=1", row.SolutionID), nil); r.status != 403 {
		t.Fatalf("Rana's cell for Træna's contact: %d", r.status)
	}
}
