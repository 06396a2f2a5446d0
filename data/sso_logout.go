package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// KeepSessionIDToken stores the ID token a session was signed in with,
// sealed with the secret key (for the logout's id_token_hint). Without a
// key nothing is stored: logout then goes to the provider without a hint.
func (db *DB) KeepSessionIDToken(ctx context.Context, secret, idToken string) error {
	sealed, err := db.seal(idToken)
	if err != nil {
		return nil
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE sessions SET id_token_enc = ? WHERE token_hash = ?`, sealed, hashToken(secret)); err != nil {
		return fmt.Errorf("data: keep the session's id token: %w", err)
	}
	return nil
}

// SSOLogout is what ending an SSO session at its provider needs.
type SSOLogout struct {
	ProviderID int64
	IDToken    string // "" when none was kept or it cannot be read
}

// EndSession deletes a session and returns what its provider needs to end
// its own (a zero SSOLogout for a password session): the ID token leaves
// the store with the session row.
func (db *DB) EndSession(ctx context.Context, secret string) (SSOLogout, error) {
	var out SSOLogout
	var provider sql.NullInt64
	var sealed []byte
	defer db.sessions.drop()
	err := db.write.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = ? RETURNING sso_provider_id, id_token_enc`, hashToken(secret)).Scan(&provider, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	if err != nil {
		return out, fmt.Errorf("data: end session: %w", err)
	}
	out.ProviderID = provider.Int64
	if len(sealed) > 0 {
		out.IDToken, _ = db.open(sealed)
	}
	return out, nil
}
