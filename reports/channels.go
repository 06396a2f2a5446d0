package reports

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"samla/data"
	"samla/locale"
	"samla/models"
	"samla/outbound"
)

// channelClient posts to channels through the outbound guard, which checks
// the address connected to (so a name rebound to an inner address after it
// was saved is refused). A webhook that redirects is refused too: its
// address is a secret that must not travel on.
func (s *Service) channelClient() *http.Client {
	s.clientOnce.Do(func() {
		s.client = s.Outbound.Client(15 * time.Second)
		s.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	})
	return s.client
}

// channelText words a message in bokmål: a title, a sentence and its facts.
func channelText(msg models.ChannelMessage) (title, text string, facts [][2]string) {
	t := func(key string, args ...any) string { return locale.T("nb", key, args...) }
	p := msg.Params
	switch msg.Event {
	case "project_red":
		title, text = t("chan.red.title", msg.Title), t("chan.red.text", locale.Month(p["period"], "nb"))
		facts = [][2]string{{t("proj.f.leader"), p["leader"]}, {t("proj.f.phase"), t("phase." + p["phase"])}}
	case "status_missing":
		title, text = t("chan.missing.title", msg.Title), t("chan.missing.text", locale.Month(p["period"], "nb"))
		facts = [][2]string{{t("proj.f.leader"), p["leader"]}}
	case "decision_recorded":
		title, text = t("chan.decision.title", p["body"], p["number"], msg.Title), p["decision"]
	case "procurement_stage":
		title, text = t("chan.stage.title", msg.Title), t("chan.stage.text", t("stage."+p["from"]), t("stage."+p["to"]))
		facts = [][2]string{{t("proc.f.supplier"), p["supplier"]}}
	case "contract_expiring":
		title, text = t("chan.expiring."+p["kind"], msg.Title), p["date"]+": "+p["detail"]
		if d, err := models.ParseDate(p["date"]); err == nil {
			text = locale.Date(d.Time) + ": " + p["detail"]
		}
	case "municipality_behind":
		title, text = t("chan.behind.title", msg.Title), t("chan.behind.text", p["pct"], p["median"])
	default:
		title = msg.Title
	}
	kept := facts[:0]
	for _, f := range facts {
		if f[1] != "" {
			kept = append(kept, f)
		}
	}
	return title, strings.TrimSpace(text), kept
}

// channelBody shapes a message for a channel's kind: an Adaptive Card for
// Teams (Workflows webhook), text for Slack, plain JSON otherwise.
func channelBody(kind string, msg models.ChannelMessage, link string, deliveryID int64) ([]byte, error) {
	title, text, facts := channelText(msg)
	switch kind {
	case "teams":
		body := []map[string]any{
			{"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": true},
		}
		if text != "" {
			body = append(body, map[string]any{"type": "TextBlock", "text": text, "wrap": true})
		}
		if len(facts) > 0 {
			var fs []map[string]string
			for _, f := range facts {
				fs = append(fs, map[string]string{"title": f[0], "value": f[1]})
			}
			body = append(body, map[string]any{"type": "FactSet", "facts": fs})
		}
		card := map[string]any{
			"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
			"type":    "AdaptiveCard",
			"version": "1.4",
			"lang":    "nb",
			"body":    body,
			"actions": []map[string]any{{"type": "Action.OpenUrl", "title": locale.T("nb", "chan.open"), "url": link}},
		}
		return json.Marshal(map[string]any{"type": "message", "attachments": []map[string]any{
			{"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": nil, "content": card}}})
	case "slack":
		var b strings.Builder
		b.WriteString("*" + slackEscape(title) + "*")
		if text != "" {
			b.WriteString("\n" + slackEscape(text))
		}
		for _, f := range facts {
			b.WriteString("\n" + slackEscape(f[0]) + ": " + slackEscape(f[1]))
		}
		b.WriteString("\n<" + link + "|" + locale.T("nb", "chan.open") + ">")
		return json.Marshal(map[string]string{"text": b.String()})
	default:
		fm := map[string]string{}
		for _, f := range facts {
			fm[f[0]] = f[1]
		}
		return json.Marshal(map[string]any{"event": msg.Event, "title": title, "text": text, "url": link, "facts": fm,
			"params": msg.Params, "at": msg.At, "delivery_id": deliveryID})
	}
}

func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// Sign is the X-Samla-Signature of a body: sha256=HEX of its HMAC-SHA256.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// postTo sends one queued post. The channel's address never appears in an
// error (it is a secret); a 4xx answer other than 408 and 429, a redirect
// or a removed channel is final.
func (s *Service) postTo(ctx context.Context, q data.QueuedMail) error {
	if q.ChannelID == 0 {
		return &PermanentError{errors.New("the channel was removed")}
	}
	kind, addr, secret, err := s.DB.ChannelEndpoint(ctx, q.ChannelID)
	if errors.Is(err, models.ErrNotFound) {
		return &PermanentError{errors.New("the channel was removed")}
	} else if err != nil {
		return err
	}
	var msg models.ChannelMessage
	if err := json.Unmarshal([]byte(q.Body), &msg); err != nil {
		return &PermanentError{fmt.Errorf("the queued post is damaged: %v", err)}
	}
	body, err := channelBody(kind, msg, strings.TrimRight(s.BaseURL, "/")+msg.Path, q.ID)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, addr, bytes.NewReader(body))
	if err != nil {
		return &PermanentError{errors.New("the channel's address is not usable")}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "samla")
	req.Header.Set("X-Samla-Event", msg.Event)
	req.Header.Set("X-Samla-Delivery", fmt.Sprint(q.ID)) // the same id on a retry: receivers can drop a duplicate
	if kind == "json" {
		req.Header.Set("X-Samla-Signature", Sign(secret, body))
	}
	resp, err := s.channelClient().Do(req)
	if e := outbound.AsError(err); e != nil {
		return &PermanentError{fmt.Errorf("post to channel %q: %s", q.Recipient, e.Message)}
	}
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the address
		}
		return fmt.Errorf("post to channel %q: %v", q.Recipient, err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return fmt.Errorf("channel %q answered %d", q.Recipient, resp.StatusCode)
	default:
		return &PermanentError{fmt.Errorf("channel %q answered %d", q.Recipient, resp.StatusCode)}
	}
}

// ChannelAlerts posts what the day brings to the channels that follow it:
// reports missing after the deadline, contracts and options about to
// expire, municipalities behind on rollout. Each occurrence posts once.
func (s *Service) ChannelAlerts(ctx context.Context) (int, error) {
	channels, err := s.DB.Channels(ctx)
	if err != nil || len(channels) == 0 {
		return 0, err
	}
	now := s.DB.Now().In(s.Loc)
	set, err := s.DB.Settings(ctx)
	if err != nil {
		return 0, err
	}
	var posts []data.ChannelPost
	if now.Day() > set.ReportDeadlineDay {
		period := models.LastClosedPeriod(now)
		missing, err := s.DB.MissingReports(ctx, period)
		if err != nil {
			return 0, err
		}
		for _, m := range missing {
			muns, err := s.DB.ProjectMunicipalities(ctx, m.ProjectID)
			if err != nil {
				return 0, err
			}
			posts = append(posts, data.ChannelPost{Event: "status_missing", Municipalities: muns, Key: fmt.Sprintf("missing/%d/%s", m.ProjectID, period),
				Msg: models.ChannelMessage{Title: m.Title, Params: map[string]string{"period": string(period), "leader": m.Leader}, Path: fmt.Sprintf("/projects/%d", m.ProjectID)}})
		}
	}
	deadlines, err := s.DB.UpcomingDeadlines(ctx, "")
	if err != nil {
		return 0, err
	}
	for _, d := range deadlines {
		if d.Kind == "tender_deadline" {
			continue // a deadline for the suppliers, not an expiry
		}
		muns, err := s.DB.ProcurementMunicipalities(ctx, d.ProcurementID)
		if err != nil {
			return 0, err
		}
		posts = append(posts, data.ChannelPost{Event: "contract_expiring", Municipalities: muns, Key: fmt.Sprintf("expiring/%d/%s/%s", d.ProcurementID, d.Kind, d.Date),
			Msg: models.ChannelMessage{Title: d.Title, Params: map[string]string{"kind": d.Kind, "date": d.Date.String(), "detail": d.Detail},
				Path: fmt.Sprintf("/procurements/%d", d.ProcurementID)}})
	}
	adoption, _, err := s.DB.Adoption(ctx, data.AdoptionFilter{})
	if err != nil {
		return 0, err
	}
	for _, m := range adoption.Municipalities {
		if m.Behind {
			posts = append(posts, data.ChannelPost{Event: "municipality_behind", Municipalities: []string{m.Number}, Key: fmt.Sprintf("behind/%s/%s", m.Number, now.Format("2006-01")),
				Msg: models.ChannelMessage{Title: m.Name, Params: map[string]string{"pct": fmt.Sprint(m.Pct), "median": locale.Decimal(adoption.MedianPct, 0)},
					Path: "/municipalities/" + m.Number}})
		}
	}
	return s.DB.PostAll(ctx, posts)
}
