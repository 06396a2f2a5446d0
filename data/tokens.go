package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"samla/models"
)

// TokenPrefix starts every API token, so that a leaked one is easy to spot.
const TokenPrefix = "samla_"

// CreateToken makes an API token for a user and returns its secret, which is
// shown once and stored only as a hash.
func (db *DB) CreateToken(ctx context.Context, actor models.Actor, userID int64, label string) (string, models.Token, error) {
	label = strings.TrimSpace(label)
	if len([]rune(label)) > 100 {
		return "", models.Token{}, models.FieldErrors{"label": "too_long"}.Err()
	}
	secret, err := newSecret(TokenPrefix)
	if err != nil {
		return "", models.Token{}, err
	}
	var t models.Token
	err = db.Update(ctx, actor, func(tx *Tx) error {
		u, err := tx.user(userID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO api_tokens (user_id, label, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			userID, label, hashToken(secret), tx.now)
		if err != nil {
			return fmt.Errorf("data: create token: %w", err)
		}
		id, _ := res.LastInsertId()
		t = models.Token{ID: id, UserID: userID, UserEmail: u.Email, Label: label, CreatedAt: parseTime(tx.now)}
		return tx.Audit("token", fmt.Sprint(id), "create", nil, t)
	})
	return secret, t, err
}

// Tokens lists API tokens, newest first.
func (db *DB) Tokens(ctx context.Context) ([]models.Token, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT t.id, t.user_id, u.email, t.label, t.created_at, t.last_used_at, t.revoked_at IS NOT NULL
		FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("data: list tokens: %w", err)
	}
	defer rows.Close()
	var out []models.Token
	for rows.Next() {
		var t models.Token
		var created string
		var used sql.NullString
		if err := rows.Scan(&t.ID, &t.UserID, &t.UserEmail, &t.Label, &created, &used, &t.Revoked); err != nil {
			return nil, fmt.Errorf("data: list tokens: %w", err)
		}
		t.CreatedAt = parseTime(created)
		if used.Valid {
			u := parseTime(used.String)
			t.LastUsed = &u
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken makes a token unusable from now on.
func (db *DB) RevokeToken(ctx context.Context, actor models.Actor, id int64) error {
	return db.Update(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, tx.now, id)
		if err != nil {
			return fmt.Errorf("data: revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit("token", fmt.Sprint(id), "revoke", nil, nil)
	})
}

// TokenUser returns the active user an unrevoked token belongs to.
func (db *DB) TokenUser(ctx context.Context, secret string) (models.User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return models.User{}, models.ErrNotFound
	}
	var userID, id int64
	var used sql.NullString
	h := hashToken(secret)
	err := db.read.QueryRowContext(ctx, `SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0`, h).Scan(&id, &userID, &used)
	if err != nil {
		return models.User{}, notFound(err, "get token")
	}
	now := db.Now().UTC()
	if !used.Valid || now.Sub(parseTime(used.String)) > time.Minute {
		if _, err := db.write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now.Format(timeLayout), id); err != nil {
			return models.User{}, fmt.Errorf("data: touch token: %w", err)
		}
	}
	return db.User(ctx, userID)
}
