package reports_test

import (
	"bytes"
	"context"
	"encoding/json"

	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"samla/data"
	"samla/models"
	"samla/reports"
)

// hookServer is a loopback webhook receiver: it refuses the first attempt
// of every delivery with 500 (a fault the outbox must ride out) and keeps
// what it accepted.
type hookServer struct {
	mu       sync.Mutex
	tried    map[string]int
	accepted map[string][]hookPost // by path
	srv      *httptest.Server
}

type hookPost struct {
	header http.Header
	body   []byte
}

func startHooks(t *testing.T) *hookServer {
	h := &hookServer{tried: map[string]int{}, accepted: map[string][]hookPost{}}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		if r.URL.Path == "/gone" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		id := r.Header.Get("X-Samla-Delivery")
		h.tried[id]++
		if h.tried[id] == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		h.accepted[r.URL.Path] = append(h.accepted[r.URL.Path], hookPost{r.Header.Clone(), body})
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookServer) posts(path string) []hookPost {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookPost(nil), h.accepted[path]...)
}

// checkAdaptiveCard validates a card with Microsoft's own Adaptive Cards
// library (npm adaptivecards, pinned in .ci/run), against the version the
// card declares: an element or property that version does not have fails.
func checkAdaptiveCard(t *testing.T, card []byte) {
	t.Helper()
	lib := os.Getenv("SAMLA_ADAPTIVECARDS")
	if lib == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SAMLA_ADAPTIVECARDS is not set; .ci/run installs the adaptivecards package")
		}
		t.Log("adaptivecards not installed: the card's structure is checked, not its schema")
		return
	}
	file := filepath.Join(t.TempDir(), "card.json")
	os.WriteFile(file, card, 0o600)
	out, err := exec.Command("node", "-e", `
const AC = require(process.argv[1]);
const json = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const declared = AC.Version.parse(json.version, new AC.SerializationContext());
if (!declared || !declared.isValid) { console.log(JSON.stringify(["invalid version " + json.version])); process.exit(0); }
const ctx = new AC.SerializationContext(declared);
const card = new AC.AdaptiveCard();
card.parse(json, ctx);
const errors = [];
for (let i = 0; i < ctx.eventCount; i++) errors.push(ctx.getEventAt(i).message);
const v = card.validateProperties();
for (let i = 0; i < v.eventCount; i++) errors.push(v.getEventAt(i).message);
console.log(JSON.stringify(errors));
`, lib, file).CombinedOutput()
	if err != nil {
		t.Fatalf("adaptivecards: %v\n%s", err, out)
	}
	var problems []string
	if err := json.Unmarshal(bytes.TrimSpace(out), &problems); err != nil {
		t.Fatalf("adaptivecards said %s", out)
	}
	if len(problems) > 0 {
		t.Fatalf("the card does not meet Adaptive Card %s: %v\n%s", "1.4", problems, card)
	}
}

// TestChannelPosts follows events to channels through the outbox: a case
// decided, a project turning red, a procurement changing stage, the daily
// alerts. Each post arrives once though every first attempt fails; a Teams
// card meets the Adaptive Card version it declares; a JSON post carries a
// valid signature; a municipal channel gets only its municipality's news.
func TestChannelPosts(t *testing.T) {
	db := demoDB(t)
	db.SecretKey = bytes.Repeat([]byte{4}, 32)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 23, 13, 45, 0, 0, time.UTC)}
	db.Now = c.now
	hooks := startHooks(t)
	svc := service(t, db, startMailbox(t))
	svc.Mailer = nil // posts go without a mail server
	mk := func(name, kind, path, mun string, events ...string) models.Channel {
		ch, err := db.CreateChannel(ctx, models.System, models.Channel{Name: name, Kind: kind, URL: hooks.srv.URL + path, Role: models.RoleViewer,
			Municipality: mun, Events: events})
		if err != nil {
			t.Fatal(err)
		}
		return ch
	}
	mk("Teams", "teams", "/teams", "", models.ChannelEvents...)
	mk("Slack", "slack", "/slack", "", "decision_recorded")
	jsonCh := mk("Arkiv", "json", "/json", "", "decision_recorded", "project_red")
	mk("Bindal", "json", "/bindal", "1811", "decision_recorded")
	mk("Borte", "json", "/gone", "", "decision_recorded")

	// A case about a project Bindal is not in is decided.
	projects, _, _ := db.Projects(ctx, data.ProjectFilter{Limit: 1000})
	var notBindal, red models.Project
	for _, p := range projects {
		muns, _ := db.ProjectMunicipalities(ctx, p.ID)
		if notBindal.ID == 0 && !slices.Contains(muns, "1811") {
			notBindal = p
		}
		if red.ID == 0 && p.Status != "red" && p.LeaderName != "" {
			red = p
		}
	}
	steering, _ := db.SteeringBodyID(ctx)
	m, err := db.SaveMeeting(ctx, models.System, models.Meeting{BodyID: steering, Title: "Ekstramøte", Date: models.MustDate("2026-11-23")})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := db.CreateCase(ctx, models.System, models.Case{MeetingID: m.ID, ProjectID: notBindal.ID, Title: "Videreføring av " + notBindal.Title})
	if err != nil {
		t.Fatal(err)
	}
	cs.Status, cs.Decision = models.CaseDecided, "Prosjektet videreføres i 2027."
	if _, err := db.UpdateCase(ctx, models.System, cs); err != nil {
		t.Fatal(err)
	}
	// A project turns red.
	if _, _, err := db.SaveStatusReport(ctx, models.System, models.StatusReport{ProjectID: red.ID, Period: "2026-11", Overall: "red", Time: "red",
		Cost: "yellow", Quality: "green", Risk: "red", Benefits: "yellow", OverallComment: "Leverandøren er forsinket."}); err != nil {
		t.Fatal(err)
	}
	// The daily alerts: contracts and options within the horizon, municipalities behind.
	if _, err := svc.ChannelAlerts(ctx); err != nil {
		t.Fatal(err)
	}
	again, _ := svc.ChannelAlerts(ctx)
	if again != 0 {
		t.Fatalf("the alerts posted again: %d", again)
	}
	for round := 0; round < 3; round++ {
		if _, _, err := svc.SendDue(ctx); err != nil {
			t.Fatal(err)
		}
		c.add(3 * time.Minute) // past the first backoff
	}
	ds, _ := db.Deliveries(ctx, "", 500)
	var queued, sent, failed int
	for _, d := range ds {
		if d.Kind != "post" {
			continue
		}
		queued++
		switch d.Status {
		case models.DeliverySent:
			sent++
		case models.DeliveryFailed:
			failed++
			if d.Recipient != "Borte" || d.Attempts != 1 {
				t.Fatalf("failed post: %+v", d)
			}
		default:
			t.Fatalf("post left %s: %+v", d.Status, d)
		}
	}
	teams, slack, js, bindal := hooks.posts("/teams"), hooks.posts("/slack"), hooks.posts("/json"), hooks.posts("/bindal")
	if failed != 1 || sent != len(teams)+len(slack)+len(js)+len(bindal) || sent+failed != queued {
		t.Fatalf("queued %d, sent %d, failed %d; received teams %d, slack %d, json %d, bindal %d", queued, sent, failed, len(teams), len(slack), len(js), len(bindal))
	}
	if len(bindal) != 0 {
		t.Fatalf("Bindal's channel got news of a project without Bindal: %s", bindal[0].body)
	}
	if len(slack) != 1 || len(js) != 2 || len(teams) < 3 {
		t.Fatalf("slack %d, json %d, teams %d", len(slack), len(js), len(teams))
	}
	seen := map[string]bool{}
	events := map[string]bool{}
	for _, p := range append(append(teams, slack...), js...) {
		id := p.header.Get("X-Samla-Delivery")
		if seen[id] {
			t.Fatalf("delivery %s arrived twice", id)
		}
		seen[id] = true
		events[p.header.Get("X-Samla-Event")] = true
	}
	for _, e := range []string{"decision_recorded", "project_red", "contract_expiring", "municipality_behind"} {
		if !events[e] {
			t.Errorf("no %s post reached a channel (got %v)", e, events)
		}
	}
	// The JSON posts are signed with the channel's secret.
	for _, p := range js {
		if got, want := p.header.Get("X-Samla-Signature"), reports.Sign(jsonCh.Secret, p.body); got != want {
			t.Fatalf("signature %q, want %q", got, want)
		}
		var v struct{ Event, Title, URL string }
		if err := json.Unmarshal(p.body, &v); err != nil || v.Title == "" || !strings.HasPrefix(v.URL, "https://samla.helgeland.example/") {
			t.Fatalf("json post %s: %v", p.body, err)
		}
	}
	if !strings.Contains(string(slack[0].body), "Vedtak i Styringsgruppen, sak") {
		t.Fatalf("slack: %s", slack[0].body)
	}
	// Every Teams post is a message with an Adaptive Card that meets its declared version.
	for _, p := range teams {
		var msg struct {
			Type        string
			Attachments []struct {
				ContentType string          `json:"contentType"`
				Content     json.RawMessage `json:"content"`
			}
		}
		if err := json.Unmarshal(p.body, &msg); err != nil || msg.Type != "message" || len(msg.Attachments) != 1 ||
			msg.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
			t.Fatalf("teams post %s: %v", p.body, err)
		}
		var card struct {
			Schema  string `json:"$schema"`
			Type    string
			Version string
			Body    []map[string]any
		}
		if err := json.Unmarshal(msg.Attachments[0].Content, &card); err != nil || card.Type != "AdaptiveCard" || card.Version != "1.4" || len(card.Body) == 0 {
			t.Fatalf("card %s: %v", msg.Attachments[0].Content, err)
		}
		checkAdaptiveCard(t, msg.Attachments[0].Content)
	}

}
