package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
)

// A municipality's employee signs in with the municipality's own account in
// Chromium: samla's login page, the provider's login form, back in samla as
// a new user of the municipality. The provider is added with the CLI.
func TestBrowserSignInWithMunicipalityAccount(t *testing.T) {
	base, db := startServerDB(t)
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	users, _ := json.Marshal(map[string]*storage.User{"u1": {ID: "u1", Username: "ingrid", Password: "verysecure",
		FirstName: "Ingrid", LastName: "Hemnes", Email: "ingrid@hemnes.kommune.example", EmailVerified: true}})
	path := filepath.Join(t.TempDir(), "users.json")
	os.WriteFile(path, users, 0o600)
	store, err := storage.StoreFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	storage.RegisterClients(storage.WebClient("samla-hemnes", "hemnes-hemmelighet", base+"/login/sso/callback"))
	srv.Config.Handler = exampleop.SetupServer(issuer, storage.NewStorage(store), nil, false)
	srv.Start()
	t.Cleanup(srv.Close)

	t.Setenv("SAMLA_SSO_SECRET", "hemnes-hemmelighet")
	var out, errs bytes.Buffer
	if err := run(t.Context(), []string{"sso", "add", "-db", db, "-name", "Hemnes kommune", "-issuer", issuer, "-client-id", "samla-hemnes",
		"-municipality", "1832", "-domain", "hemnes.kommune.example"}, strings.NewReader(""), &out, &errs); err != nil {
		t.Fatalf("samla sso add: %v %s", err, errs.String())
	}
	b := newBrowser(t, base)
	b.allowHost(strings.TrimPrefix(issuer, "http://"))
	var heading, user string
	b.run("sign in",
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`//a[contains(., "Logg inn med Hemnes kommune")]`),
		chromedp.Click(`//a[contains(., "Logg inn med Hemnes kommune")]`),
		chromedp.WaitVisible(`#username`, chromedp.ByQuery),
		chromedp.SendKeys(`#username`, "ingrid", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, "verysecure", chromedp.ByQuery),
		chromedp.Click(`button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`nav.app-nav`, chromedp.ByQuery),
		chromedp.Text(`main h1`, &heading, chromedp.ByQuery),
		chromedp.Text(`.app-user`, &user, chromedp.ByQuery),
	)
	b.screenshot("sso-signed-in")
	// A reader bound to Hemnes lands on her own home.
	if heading != "Min side" || !strings.Contains(user, "Ingrid Hemnes") {
		t.Fatalf("after sign-in: %q, %q", heading, user)
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatal("server gone")
	}
}
