package reports_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"samla/data"
	"samla/models"
	"samla/outbound"
)

// TestChannelRebinding: a channel saved when its name pointed elsewhere
// that now leads to this machine is refused when samla connects, and the
// post fails for good without reaching the server.
func TestChannelRebinding(t *testing.T) {
	db := demoDB(t)
	db.SecretKey = bytes.Repeat([]byte{4}, 32)
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 23, 13, 45, 0, 0, time.UTC)}
	db.Now = c.now
	hooks := startHooks(t)
	svc := service(t, db, startMailbox(t))
	svc.Mailer = nil
	svc.Outbound, _ = outbound.Parse("") // no exceptions: loopback is refused
	port := hooks.srv.URL[strings.LastIndex(hooks.srv.URL, ":"):]
	if _, err := db.CreateChannel(ctx, models.System, models.Channel{Name: "Omdirigert", Kind: "json",
		URL: "http://localhost" + port + "/json", Role: models.RoleViewer, Events: []string{"decision_recorded"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PostAll(ctx, []data.ChannelPost{{Event: "decision_recorded", Key: "rebind",
		Msg: models.ChannelMessage{Event: "decision_recorded", Title: "Sak 1/2026", Path: "/steering"}}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	ds, _ := db.Deliveries(ctx, "", 50)
	found := false
	for _, d := range ds {
		if d.Kind != "post" {
			continue
		}
		found = true
		if d.Status != models.DeliveryFailed || !strings.Contains(d.Error, "not on the public internet") {
			t.Errorf("post to a rebound name: %+v", d)
		}
	}
	if !found {
		t.Fatal("no post was queued")
	}
	hooks.mu.Lock()
	defer hooks.mu.Unlock()
	if len(hooks.tried) != 0 {
		t.Errorf("the server was reached: %v", hooks.tried)
	}
}
