package data

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"samla/models"
)

const channelColumns = `id, name, kind, url_hint, role, coalesce(municipality, ''), events, created_at`

func scanChannel(row rowScanner) (models.Channel, error) {
	var ch models.Channel
	var events, created string
	err := row.Scan(&ch.ID, &ch.Name, &ch.Kind, &ch.URL, &ch.Role, &ch.Municipality, &events, &created)
	ch.Events = strings.Split(strings.Trim(events, ","), ",")
	ch.CreatedAt = parseTime(created)
	return ch, err
}

// Channels lists the channels, their addresses masked.
func (db *DB) Channels(ctx context.Context) ([]models.Channel, error) {
	return queryList(ctx, db.read, "channels", scanChannel, `SELECT `+channelColumns+` FROM channels ORDER BY name, id`)
}

// CreateChannel registers a channel. Its URL and a new signing secret are
// stored encrypted; the answer is the one time they are shown.
func (db *DB) CreateChannel(ctx context.Context, actor models.Actor, ch models.Channel) (models.Channel, error) {
	ch.URL = strings.TrimSpace(ch.URL)
	if err := ch.Validate(); err != nil {
		return ch, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return ch, err
	}
	ch.Secret = base64.RawURLEncoding.EncodeToString(b)
	urlEnc, err := db.seal(ch.URL)
	if err != nil {
		return ch, err
	}
	secretEnc, err := db.seal(ch.Secret)
	if err != nil {
		return ch, err
	}
	err = db.Update(ctx, actor, func(tx *Tx) error {
		if ch.Municipality != "" {
			if _, err := tx.Municipality(ch.Municipality); err != nil {
				return models.FieldErrors{"municipality": "unknown"}.Err()
			}
		}
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO channels (name, kind, url_enc, url_hint, secret_enc, role, municipality, events, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ch.Name, ch.Kind, urlEnc, models.MaskURL(ch.URL), secretEnc, string(ch.Role), nullText(ch.Municipality),
			","+strings.Join(ch.Events, ",")+",", tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("data: create channel: %w", err)
		}
		ch.ID, _ = res.LastInsertId()
		ch.CreatedAt = parseTime(tx.now)
		// The audit trail never holds the address or the secret.
		return tx.Audit("channel", fmt.Sprint(ch.ID), "create", nil, map[string]any{"name": ch.Name, "kind": ch.Kind, "url": models.MaskURL(ch.URL),
			"role": ch.Role, "municipality": ch.Municipality, "events": ch.Events})
	})
	return ch, err
}

// DeleteChannel removes a channel; posts still waiting for it fail.
func (db *DB) DeleteChannel(ctx context.Context, actor models.Actor, id int64) error {
	return db.Update(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `DELETE FROM channels WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("data: delete channel: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit("channel", fmt.Sprint(id), "delete", nil, nil)
	})
}

// ChannelEndpoint returns what sending to a channel needs: its kind, its
// address and its signing secret, decrypted.
func (db *DB) ChannelEndpoint(ctx context.Context, id int64) (kind, url, secret string, err error) {
	var urlEnc, secretEnc []byte
	err = db.read.QueryRowContext(ctx, `SELECT kind, url_enc, secret_enc FROM channels WHERE id = ?`, id).Scan(&kind, &urlEnc, &secretEnc)
	if err != nil {
		return "", "", "", notFound(err, "channel")
	}
	if url, err = db.open(urlEnc); err != nil {
		return "", "", "", err
	}
	secret, err = db.open(secretEnc)
	return kind, url, secret, err
}

// Post queues a message for every channel that follows the event and may
// see it: one without a municipality, or one whose municipality the
// matter concerns. key names the occurrence, so the same event twice posts
// once per channel.
func (tx *Tx) Post(event string, municipalities []string, msg models.ChannelMessage, key string) (int, error) {
	channels, err := queryList(tx.ctx, tx, "channels", scanChannel, `SELECT `+channelColumns+` FROM channels WHERE instr(events, ?) > 0`, ","+event+",")
	if err != nil || len(channels) == 0 {
		return 0, err
	}
	msg.Event = event
	if msg.At.IsZero() {
		msg.At = parseTime(tx.now)
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return 0, err
	}
	var mails []OutgoingMail
	for _, ch := range channels {
		if ch.Municipality != "" && !slices.Contains(municipalities, ch.Municipality) {
			continue
		}
		mails = append(mails, OutgoingMail{Idem: fmt.Sprintf("post/%s/%d", key, ch.ID), ChannelID: ch.ID, Kind: "post",
			Recipient: ch.Name, Subject: msg.Title, Body: string(body)})
	}
	return tx.Enqueue(mails...)
}

// ChannelPost is one occurrence of an event for Tx.Post.
type ChannelPost struct {
	Event          string
	Municipalities []string
	Msg            models.ChannelMessage
	Key            string
}

// PostAll queues the posts of many occurrences in one transaction (the
// daily alerts) and reports how many were new.
func (db *DB) PostAll(ctx context.Context, posts []ChannelPost) (int, error) {
	total := 0
	if len(posts) == 0 {
		return 0, nil
	}
	err := db.Update(ctx, models.System, func(tx *Tx) error {
		total = 0
		for _, p := range posts {
			n, err := tx.Post(p.Event, p.Municipalities, p.Msg, p.Key)
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	return total, err
}

// projectMunicipalities lists the municipalities taking part in a project.
func (tx *Tx) projectMunicipalities(projectID int64) ([]string, error) {
	return tx.strings(`SELECT municipality FROM project_municipalities WHERE project_id = ?`, projectID)
}

// procurementMunicipalities lists the municipalities taking part in a procurement.
func (tx *Tx) procurementMunicipalities(id int64) ([]string, error) {
	return tx.strings(`SELECT municipality FROM procurement_municipalities WHERE procurement_id = ?`, id)
}

func (tx *Tx) strings(q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(tx.ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// postIfRed tells the channels that a project has turned red with its
// latest report (it was not red before).
func (tx *Tx) postIfRed(before models.Project) error {
	after, err := tx.project(before.ID)
	if err != nil || after.Status != "red" || before.Status == "red" {
		return err
	}
	muns, err := tx.projectMunicipalities(after.ID)
	if err != nil {
		return err
	}
	_, err = tx.Post("project_red", muns, models.ChannelMessage{Title: after.Title,
		Params: map[string]string{"period": string(after.LatestPeriod), "leader": after.LeaderName, "phase": after.Phase}, Path: fmt.Sprintf("/projects/%d", after.ID)},
		fmt.Sprintf("red/%d/%s", after.ID, after.LatestPeriod))
	return err
}

// postDecision tells the channels a case is decided.
func (tx *Tx) postDecision(c models.Case) error {
	var muns []string
	var err error
	switch {
	case c.ProjectID != 0:
		muns, err = tx.projectMunicipalities(c.ProjectID)
	case c.ProcurementID != 0:
		muns, err = tx.procurementMunicipalities(c.ProcurementID)
	}
	if err != nil {
		return err
	}
	after, err := getCase(tx.ctx, tx, c.ID)
	if err != nil {
		return err
	}
	_, err = tx.Post("decision_recorded", muns, models.ChannelMessage{Title: after.Title,
		Params: map[string]string{"body": after.BodyName, "number": after.Number, "decision": after.Decision},
		Path:   fmt.Sprintf("/steering/meetings/%d#case-%d", after.MeetingID, after.ID)}, fmt.Sprintf("decision/%d", c.ID))
	return err
}

// ProjectMunicipalities lists the municipalities taking part in a project.
func (db *DB) ProjectMunicipalities(ctx context.Context, id int64) ([]string, error) {
	return db.strings(ctx, `SELECT municipality FROM project_municipalities WHERE project_id = ?`, id)
}

// ProcurementMunicipalities lists the municipalities taking part in a procurement.
func (db *DB) ProcurementMunicipalities(ctx context.Context, id int64) ([]string, error) {
	return db.strings(ctx, `SELECT municipality FROM procurement_municipalities WHERE procurement_id = ?`, id)
}
