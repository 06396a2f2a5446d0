package models

import (
	"net"
	"net/url"
	"strings"
	"time"
)

// Channel kinds and the events a channel can follow.
var (
	ChannelKinds  = []string{"teams", "slack", "json"}
	ChannelEvents = []string{"project_red", "status_missing", "decision_recorded", "procurement_stage", "contract_expiring", "municipality_behind"}
)

// Channel is a place samla posts to: a Microsoft Teams channel through a
// Workflows webhook (an Adaptive Card), a Slack-compatible webhook, or any
// system taking JSON signed with HMAC-SHA256. Like a user it has a role,
// and a municipality narrows it to that municipality's projects,
// procurements and rollout. Its URL and secret are shown once.
type Channel struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Kind         string    `json:"kind"`
	URL          string    `json:"url"` // in full only in the answer that creates it; else masked
	Role         Role      `json:"role"`
	Municipality string    `json:"municipality"`
	Events       []string  `json:"events"`
	Secret       string    `json:"secret,omitempty"` // only in the answer that creates it
	CreatedAt    time.Time `json:"created_at"`
}

// Validate checks a channel: a webhook is https (plain http only to a
// loopback address, for a local relay), the events exist, a contact
// channel names its municipality.
func (ch *Channel) Validate() error {
	f := FieldErrors{}
	requireText(f, "name", &ch.Name, 100)
	if !oneOf(ch.Kind, ChannelKinds) {
		f.Add("kind", "choice")
	}
	if !ValidWebhook(ch.URL) {
		f.Add("url", "webhook")
	}
	if !ch.Role.Valid() || ch.Role == RoleAdmin {
		f.Add("role", "choice")
	}
	if ch.Municipality != "" && !ValidMunicipalityNumber(ch.Municipality) {
		f.Add("municipality", "four_digits")
	}
	if ch.Role == RoleContact && ch.Municipality == "" {
		f.Add("municipality", "needs_municipality")
	}
	if len(ch.Events) == 0 {
		f.Add("events", "at_least_one")
	}
	seen := map[string]bool{}
	for _, e := range ch.Events {
		if !oneOf(e, ChannelEvents) || seen[e] {
			f.Add("events", "choice")
		}
		seen[e] = true
	}
	return f.Err()
}

// ValidWebhook: an absolute https URL, or http to a loopback address.
func ValidWebhook(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		host := u.Hostname()
		if host == "localhost" {
			return true
		}
		ip := net.ParseIP(host)
		return ip != nil && ip.IsLoopback()
	}
	return false
}

// MaskURL shows a webhook's host and no more: the rest is a secret.
func MaskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "…"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// ChannelMessage is what happened, as queued: the event, its facts in
// codes (worded in the channel's language when it is sent) and the page in
// samla it concerns.
type ChannelMessage struct {
	Event  string            `json:"event"`
	Title  string            `json:"title"` // the matter: a project's, case's or procurement's title
	Params map[string]string `json:"params,omitempty"`
	Path   string            `json:"path"`
	At     time.Time         `json:"at"`
}
