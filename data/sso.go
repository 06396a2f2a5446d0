package data

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"samla/models"
)

// SecretKey encrypts the secrets samla keeps for other systems (a
// provider's client secret), so that a copy of the database alone does not
// reveal them. It comes from SAMLA_SECRET_KEY (32 bytes, base64) or, when
// that is not set, from a key file beside the database, made on first use
// and readable by its owner only.
func LoadSecretKey(dbPath, env string) ([]byte, error) {
	if env != "" {
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(env))
		if err != nil || len(key) != 32 {
			return nil, errors.New("SAMLA_SECRET_KEY must be 32 bytes in base64 (openssl rand -base64 32)")
		}
		return key, nil
	}
	path := dbPath + ".key"
	if b, err := os.ReadFile(path); err == nil {
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("the key file %s is damaged", path)
		}
		return key, nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("cannot write the key file %s: %w", path, err)
	}
	return key, nil
}

func (db *DB) seal(plain string) ([]byte, error) {
	if len(db.SecretKey) != 32 {
		return nil, errors.New("data: no secret key to encrypt with")
	}
	block, _ := aes.NewCipher(db.SecretKey)
	gcm, _ := cipher.NewGCM(block)
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, []byte(plain), []byte("samla-sso")), nil
}

func (db *DB) open(sealed []byte) (string, error) {
	if len(db.SecretKey) != 32 {
		return "", errors.New("data: no secret key to decrypt with")
	}
	block, _ := aes.NewCipher(db.SecretKey)
	gcm, _ := cipher.NewGCM(block)
	if len(sealed) < gcm.NonceSize() {
		return "", errors.New("data: a stored secret is damaged")
	}
	plain, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], []byte("samla-sso"))
	if err != nil {
		return "", errors.New("data: a stored secret cannot be read with this key (SAMLA_SECRET_KEY or the key file changed)")
	}
	return string(plain), nil
}

const providerColumns = `id, name, issuer, client_id, coalesce(municipality, ''), domains, default_role, groups_claim, group_roles, password_off, created_at`

func scanProvider(row rowScanner) (models.Provider, error) {
	var p models.Provider
	var domains, roles, created string
	err := row.Scan(&p.ID, &p.Name, &p.Issuer, &p.ClientID, &p.Municipality, &domains, &p.DefaultRole, &p.GroupsClaim, &roles, &p.PasswordOff, &created)
	p.Domains = []string{}
	for _, d := range strings.Split(domains, ",") {
		if d != "" {
			p.Domains = append(p.Domains, d)
		}
	}
	json.Unmarshal([]byte(roles), &p.GroupRoles)
	p.CreatedAt = parseTime(created)
	return p, err
}

// Providers lists the sign-in providers by name.
func (db *DB) Providers(ctx context.Context) ([]models.Provider, error) {
	return queryList(ctx, db.read, "list providers", scanProvider, `SELECT `+providerColumns+` FROM sso_providers ORDER BY name`)
}

// Provider returns a provider and its client secret.
func (db *DB) Provider(ctx context.Context, id int64) (models.Provider, string, error) {
	var sealed []byte
	p, err := scanProvider(db.read.QueryRowContext(ctx, `SELECT `+providerColumns+` FROM sso_providers WHERE id = ?`, id))
	if err != nil {
		return p, "", notFound(err, "get provider")
	}
	if err := db.read.QueryRowContext(ctx, `SELECT secret_enc FROM sso_providers WHERE id = ?`, id).Scan(&sealed); err != nil {
		return p, "", fmt.Errorf("data: provider secret: %w", err)
	}
	secret, err := db.open(sealed)
	return p, secret, err
}

// AddProvider registers a provider; its client secret is stored encrypted
// and never shown again.
func (db *DB) AddProvider(ctx context.Context, actor models.Actor, p models.Provider, secret string) (models.Provider, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	if strings.TrimSpace(secret) == "" {
		return p, models.FieldErrors{"client_secret": "required"}.Err()
	}
	sealed, err := db.seal(secret)
	if err != nil {
		return p, err
	}
	roles, _ := json.Marshal(p.GroupRoles)
	err = db.Update(ctx, actor, func(tx *Tx) error {
		if p.Municipality != "" {
			if _, err := getMunicipality(tx.ctx, tx, p.Municipality); err != nil {
				return models.FieldErrors{"municipality": "unknown"}.Err()
			}
		}
		res, err := tx.ExecContext(tx.ctx, `INSERT INTO sso_providers (name, issuer, client_id, secret_enc, municipality, domains, default_role,
			groups_claim, group_roles, password_off, created_at, updated_at) VALUES (?, ?, ?, ?, nullif(?, ''), ?, ?, ?, ?, ?, ?, ?)`,
			p.Name, p.Issuer, p.ClientID, sealed, p.Municipality, strings.Join(p.Domains, ","), p.DefaultRole, p.GroupsClaim, string(roles),
			boolInt(p.PasswordOff), tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("data: add provider: %w", err)
		}
		p.ID, _ = res.LastInsertId()
		p.CreatedAt = parseTime(tx.now)
		return tx.Audit("sso_provider", fmt.Sprint(p.ID), "create", nil, p) // the provider without its secret
	})
	return p, err
}

// RemoveProvider deletes a provider; its users keep their accounts.
func (db *DB) RemoveProvider(ctx context.Context, actor models.Actor, id int64) error {
	return db.Update(ctx, actor, func(tx *Tx) error {
		before, err := scanProvider(tx.QueryRowContext(tx.ctx, `SELECT `+providerColumns+` FROM sso_providers WHERE id = ?`, id))
		if err != nil {
			return notFound(err, "get provider")
		}
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM sso_providers WHERE id = ?`, id); err != nil {
			return fmt.Errorf("data: remove provider: %w", err)
		}
		return tx.Audit("sso_provider", fmt.Sprint(id), "delete", before, nil)
	})
}

// SSOLogin is one sign-in under way: what the callback must find again.
type SSOLogin struct {
	ProviderID      int64
	Nonce, Verifier string
	Next            string
	CreatedAt       time.Time
}

// LoginLifetime is how long a sign-in may take at the provider.
const LoginLifetime = 10 * time.Minute

// StartSSOLogin keeps a sign-in under the hash of its state.
func (db *DB) StartSSOLogin(ctx context.Context, state string, l SSOLogin) error {
	return db.Update(ctx, models.System, func(tx *Tx) error {
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM sso_logins WHERE created_at < ?`,
			db.Now().UTC().Add(-24*time.Hour).Format(timeLayout)); err != nil {
			return fmt.Errorf("data: clean logins: %w", err)
		}
		_, err := tx.ExecContext(tx.ctx, `INSERT INTO sso_logins (state_hash, provider_id, nonce, verifier, next, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			hashToken(state), l.ProviderID, l.Nonce, l.Verifier, l.Next, tx.now)
		if err != nil {
			return fmt.Errorf("data: start login: %w", err)
		}
		return nil
	})
}

// Errors of a callback whose state is not a sign-in under way.
var (
	ErrLoginUnknown = errors.New("no sign-in with this state")
	ErrLoginUsed    = errors.New("the sign-in was already completed")
	ErrLoginExpired = errors.New("the sign-in took too long")
)

// FinishSSOLogin takes a sign-in by its state, once: a second callback with
// the same state (a replay) gets ErrLoginUsed, a late one ErrLoginExpired.
func (db *DB) FinishSSOLogin(ctx context.Context, state string) (SSOLogin, error) {
	var l SSOLogin
	err := db.Update(ctx, models.System, func(tx *Tx) error {
		var created string
		var used sql.NullString
		err := tx.QueryRowContext(tx.ctx, `SELECT provider_id, nonce, verifier, next, created_at, used_at FROM sso_logins WHERE state_hash = ?`,
			hashToken(state)).Scan(&l.ProviderID, &l.Nonce, &l.Verifier, &l.Next, &created, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrLoginUnknown
		} else if err != nil {
			return fmt.Errorf("data: finish login: %w", err)
		}
		if used.Valid {
			return ErrLoginUsed
		}
		l.CreatedAt = parseTime(created)
		if _, err := tx.ExecContext(tx.ctx, `UPDATE sso_logins SET used_at = ? WHERE state_hash = ?`, tx.now, hashToken(state)); err != nil {
			return fmt.Errorf("data: finish login: %w", err)
		}
		return nil
	})
	if err == nil && db.Now().Sub(l.CreatedAt) > LoginLifetime {
		return l, ErrLoginExpired
	}
	return l, err
}

// SSOIdentity is who a provider says signed in.
type SSOIdentity struct {
	Subject, Email, Name string
	EmailVerified        bool
	Groups               []string
}

// ErrUserDisabled is a sign-in of a disabled user.
var ErrUserDisabled = errors.New("the user is disabled")

// SSOUser finds or creates the user of a sign-in: the user linked to the
// provider's subject; else the user with the same e-mail when the provider
// vouches for it (verified, or in one of its domains), which is then
// linked; else a new user with the provider's municipality and role.
func (db *DB) SSOUser(ctx context.Context, p models.Provider, id SSOIdentity) (u models.User, created bool, err error) {
	actor := models.Actor{Email: "sso:" + p.Name}
	err = db.Update(ctx, actor, func(tx *Tx) error {
		u, err = scanUser(tx.QueryRowContext(tx.ctx, `SELECT `+userColumns+` FROM users WHERE sso_provider_id = ? AND sso_subject = ?`, p.ID, id.Subject))
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("data: sso user: %w", err)
		}
		email := models.NormalizeEmail(id.Email)
		u, err = scanUser(tx.QueryRowContext(tx.ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
		if err == nil {
			if !id.EmailVerified && !p.DomainAllowed(email) {
				return ErrUnverifiedEmail
			}
			if _, err := tx.ExecContext(tx.ctx, `UPDATE users SET sso_provider_id = ?, sso_subject = ?, updated_at = ? WHERE id = ?`,
				p.ID, id.Subject, tx.now, u.ID); err != nil {
				return fmt.Errorf("data: link user: %w", err)
			}
			return tx.Audit("user", fmt.Sprint(u.ID), "link_sso", nil, map[string]any{"provider": p.ID})
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("data: sso user: %w", err)
		}
		name := strings.TrimSpace(id.Name)
		if name == "" {
			name = email
		}
		password, err := newSecret("") // never used: the user signs in with the provider
		if err != nil {
			return err
		}
		u, err = tx.CreateUser(models.User{Email: email, Name: name, Role: p.RoleFor(id.Groups), Municipality: p.Municipality, Lang: "nb"}, password)
		if err != nil {
			return err
		}
		created = true
		_, err = tx.ExecContext(tx.ctx, `UPDATE users SET sso_provider_id = ?, sso_subject = ? WHERE id = ?`, p.ID, id.Subject, u.ID)
		return err
	})
	if err == nil && u.Disabled {
		return u, false, ErrUserDisabled
	}
	return u, created, err
}

// ErrUnverifiedEmail is a sign-in whose e-mail matches an existing user but
// that the provider does not vouch for.
var ErrUnverifiedEmail = errors.New("the e-mail address is not verified by the provider")

// PasswordOff reports whether a user must sign in through their provider.
func (db *DB) PasswordOff(ctx context.Context, email string) (bool, error) {
	var off int
	err := db.read.QueryRowContext(ctx, `SELECT coalesce(p.password_off, 0) FROM users u LEFT JOIN sso_providers p ON p.id = u.sso_provider_id
		WHERE u.email = ?`, models.NormalizeEmail(email)).Scan(&off)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return off == 1, err
}

// MarkSessionSSO records which provider a session came from (for logout).
func (db *DB) MarkSessionSSO(ctx context.Context, secret string, providerID int64) error {
	_, err := db.write.ExecContext(ctx, `UPDATE sessions SET sso_provider_id = ? WHERE token_hash = ?`, providerID, hashToken(secret))
	return err
}

// SessionProvider is the provider a session came from (0: a password).
func (db *DB) SessionProvider(ctx context.Context, secret string) int64 {
	var id sql.NullInt64
	db.read.QueryRowContext(ctx, `SELECT sso_provider_id FROM sessions WHERE token_hash = ?`, hashToken(secret)).Scan(&id)
	return id.Int64
}
