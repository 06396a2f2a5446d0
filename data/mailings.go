package data

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"samla/models"
)

// audienceEmails lists the addresses of an audience, each once (in lower
// case): active users, and for a body its current members, users or not.
func audienceEmails(ctx context.Context, q queryer, a models.Audience, today models.Date) ([]string, error) {
	var query string
	args := []any{}
	switch a.Kind {
	case "contacts":
		query = `SELECT email FROM users WHERE disabled = 0 AND role = 'contact'`
	case "directors":
		query = `SELECT email FROM users WHERE disabled = 0 AND role IN ('viewer', 'steering') AND municipality IS NOT NULL`
	case "municipality":
		query, args = `SELECT email FROM users WHERE disabled = 0 AND municipality = ?`, []any{a.ID}
	case "body":
		query = `SELECT coalesce(u.email, bm.email) FROM body_members bm LEFT JOIN users u ON u.id = bm.user_id
			WHERE bm.body_id = ? AND bm.from_date <= ? AND (bm.to_date IS NULL OR bm.to_date >= ?) AND coalesce(u.disabled, 0) = 0`
		args = []any{a.ID, today.String(), today.String()}
	default:
		return nil, models.FieldErrors{"audience.kind": "choice"}.Err()
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("data: audience: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		e = strings.ToLower(strings.TrimSpace(e))
		if e != "" && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	slices.Sort(out)
	return out, rows.Err()
}

// CreateMailing sends a message to an audience through the outbox, in one
// transaction: the mailing, its text in the archive, and one delivery per
// address (a newsletter skips those who opted out). compose writes each
// recipient's e-mail; pdf is the message as archived.
func (db *DB) CreateMailing(ctx context.Context, actor models.Actor, m models.Mailing, today models.Date, pdf []byte,
	compose func(m models.Mailing, to string) OutgoingMail) (models.Mailing, error) {
	if err := m.Validate(); err != nil {
		return m, err
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		switch m.Audience.Kind {
		case "body":
			var id int64
			if _, err := fmt.Sscan(m.Audience.ID, &id); err != nil {
				return models.FieldErrors{"audience.id": "unknown"}.Err()
			}
			if _, err := tx.body(id); err != nil {
				return models.FieldErrors{"audience.id": "unknown"}.Err()
			}
		case "municipality":
			if _, err := tx.Municipality(m.Audience.ID); err != nil {
				return models.FieldErrors{"audience.id": "unknown"}.Err()
			}
		}
		to, err := audienceEmails(tx.ctx, tx, m.Audience, today)
		if err != nil {
			return err
		}
		if m.Newsletter {
			out, err := tx.strings(`SELECT email FROM mail_optouts`)
			if err != nil {
				return err
			}
			kept := to[:0]
			for _, e := range to {
				if !slices.Contains(out, e) {
					kept = append(kept, e)
				}
			}
			m.OptedOut = len(to) - len(kept)
			to = kept
		}
		if len(to) == 0 {
			return models.FieldErrors{"audience.kind": "no_recipients"}.Err()
		}
		m.Recipients, m.Actor = len(to), tx.actor.String()
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO mailings (subject, body, audience_kind, audience_id, newsletter, recipients, opted_out, actor, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.Subject, m.Body, m.Audience.Kind, m.Audience.ID, boolInt(m.Newsletter), m.Recipients, m.OptedOut, m.Actor, tx.now)
		if err != nil {
			return fmt.Errorf("data: mailing: %w", err)
		}
		m.ID, _ = res.LastInsertId()
		if m.ArchiveID, err = tx.ArchiveReport(ArchivedReport{Kind: "mailing", Key: fmt.Sprint(m.ID), Title: m.Subject,
			Filename: fmt.Sprintf("utsendelse-%d.pdf", m.ID)}, pdf); err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE mailings SET archive_id = ? WHERE id = ?`, m.ArchiveID, m.ID); err != nil {
			return err
		}
		mails := make([]OutgoingMail, len(to))
		for i, e := range to {
			mails[i] = compose(m, e)
			mails[i].Idem, mails[i].Kind, mails[i].Recipient = fmt.Sprintf("mailing/%d/%s", m.ID, e), "mailing", e
		}
		if _, err := tx.Enqueue(mails...); err != nil {
			return err
		}
		saved, err := getMailing(tx.ctx, tx, m.ID)
		if err != nil {
			return err
		}
		m = saved
		return tx.Audit("mailing", fmt.Sprint(m.ID), "send", nil, map[string]any{"subject": m.Subject, "audience": m.Audience, "recipients": m.Recipients})
	})
	return m, err
}

const mailingSelect = `SELECT id, subject, body, audience_kind, audience_id, newsletter, recipients, opted_out, coalesce(archive_id, 0), actor, created_at FROM mailings`

func scanMailing(row rowScanner) (models.Mailing, error) {
	var m models.Mailing
	var at string
	err := row.Scan(&m.ID, &m.Subject, &m.Body, &m.Audience.Kind, &m.Audience.ID, &m.Newsletter, &m.Recipients, &m.OptedOut, &m.ArchiveID, &m.Actor, &at)
	m.CreatedAt = parseTime(at)
	return m, err
}

func getMailing(ctx context.Context, q rowQueryer, id int64) (models.Mailing, error) {
	m, err := scanMailing(q.QueryRowContext(ctx, mailingSelect+` WHERE id = ?`, id))
	if err != nil {
		return m, notFound(err, "get mailing")
	}
	return m, nil
}

// Mailings lists the mailings sent, newest first.
func (db *DB) Mailings(ctx context.Context) ([]models.Mailing, error) {
	return queryList(ctx, db.read, "mailings", scanMailing, mailingSelect+` ORDER BY id DESC`)
}

// Mailing returns one mailing.
func (db *DB) Mailing(ctx context.Context, id int64) (models.Mailing, error) {
	return getMailing(ctx, db.read, id)
}

// AudienceSize counts an audience's addresses today (before opt-outs).
func (db *DB) AudienceSize(ctx context.Context, a models.Audience, today models.Date) (int, error) {
	to, err := audienceEmails(ctx, db.read, a, today)
	return len(to), err
}

// SetNewsletterOptOut records (or withdraws) an address's wish to get no newsletters.
func (db *DB) SetNewsletterOptOut(ctx context.Context, actor models.Actor, email string, out bool) error {
	email = strings.ToLower(strings.TrimSpace(email))
	return db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		if out {
			_, err = tx.ExecContext(tx.ctx, `INSERT INTO mail_optouts (email, created_at) VALUES (?, ?) ON CONFLICT (email) DO NOTHING`, email, tx.now)
		} else {
			_, err = tx.ExecContext(tx.ctx, `DELETE FROM mail_optouts WHERE email = ?`, email)
		}
		if err != nil {
			return fmt.Errorf("data: opt-out: %w", err)
		}
		return tx.Audit("newsletter", email, map[bool]string{true: "opt_out", false: "opt_in"}[out], nil, nil)
	})
}

// NewsletterOptedOut reports whether an address wants no newsletters.
func (db *DB) NewsletterOptedOut(ctx context.Context, email string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM mail_optouts WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))).Scan(&n)
	return n > 0, err
}

// UnsubscribeToken signs an address for the link in a newsletter that
// opts it out without a login ("" when samla has no secret key).
func (db *DB) UnsubscribeToken(email string) string {
	if len(db.SecretKey) == 0 {
		return ""
	}
	email = strings.ToLower(strings.TrimSpace(email))
	return base64.RawURLEncoding.EncodeToString([]byte(email)) + "." + db.unsubscribeMAC(email)
}

// UnsubscribeEmail returns the address a token signs, if it is genuine.
func (db *DB) UnsubscribeEmail(token string) (string, bool) {
	enc, mac, ok := strings.Cut(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil || len(db.SecretKey) == 0 {
		return "", false
	}
	email := string(raw)
	return email, hmac.Equal([]byte(mac), []byte(db.unsubscribeMAC(email)))
}

func (db *DB) unsubscribeMAC(email string) string {
	m := hmac.New(sha256.New, db.SecretKey)
	m.Write([]byte("samla newsletter opt-out\x00" + email))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
