package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"samla/models"
)

// ClaimNext marks the first due delivery as being sent and returns it (ok
// is false when none is due); e-mail only when withMail, posts to channels
// always. The outbox claims one message at a time, right before sending
// it, so a crash leaves at most that one in doubt: those never tried are
// still queued and go out after a restart by themselves.
func (db *DB) ClaimNext(ctx context.Context, withMail bool) (q QueuedMail, ok bool, err error) {
	err = db.UpdateDelivery(ctx, models.System, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(tx.ctx, `SELECT id FROM deliveries
			WHERE status IN ('queued', 'retrying') AND next_attempt_at <= ? AND (? OR kind = 'post') ORDER BY id LIMIT 1`, tx.now, withMail).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE deliveries SET status = 'sending' WHERE id = ?`, id); err != nil {
			return err
		}
		err = tx.QueryRowContext(tx.ctx, `SELECT d.id, d.kind, coalesce(d.channel_id, 0), d.recipient, d.subject, d.body, d.attempts, coalesce(a.filename, ''), a.pdf
			FROM deliveries d LEFT JOIN report_archive a ON a.id = d.archive_id WHERE d.id = ?`, id).
			Scan(&q.ID, &q.Kind, &q.ChannelID, &q.Recipient, &q.Subject, &q.Body, &q.Attempts, &q.Filename, &q.PDF)
		ok = err == nil
		return err
	})
	if err != nil {
		return QueuedMail{}, false, fmt.Errorf("data: claim a delivery: %w", err)
	}
	return q, ok, nil
}

// InDoubtNote is the error a delivery carries when samla died while sending it.
const InDoubtNote = "samla stopped while sending this; it is sent again and may arrive twice"

// RecoverInDoubt puts back in the queue, due now, the deliveries a samla
// that died (kill -9, power) left "sending": each is sent again once with
// its own Message-ID (delivery id), so a receiver can drop a duplicate —
// mail is delivered at least once. Call it before the outbox starts.
func (db *DB) RecoverInDoubt(ctx context.Context) (int64, error) {
	var n int64
	err := db.UpdateDelivery(ctx, models.System, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `UPDATE deliveries SET status = 'retrying', attempts = attempts + 1, last_error = ?, next_attempt_at = ?
			WHERE status = 'sending'`, InDoubtNote, tx.now)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("data: recover deliveries in doubt: %w", err)
	}
	return n, nil
}
