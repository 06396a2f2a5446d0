package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"samla/models"
)

const userColumns = `id, email, name, role, coalesce(municipality, ''), lang, disabled, digest, created_at`

func scanUser(row rowScanner) (models.User, error) {
	var u models.User
	var created string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Municipality, &u.Lang, &u.Disabled, &u.Digest, &created)
	u.CreatedAt = parseTime(created)
	return u, err
}

// Users lists all users by name.
func (db *DB) Users(ctx context.Context) ([]models.User, error) {
	return queryList(ctx, db.read, "list users", scanUser, `SELECT `+userColumns+` FROM users ORDER BY name, id`)
}

// CountUsers returns how many users exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// User returns a user by id.
func (db *DB) User(ctx context.Context, id int64) (models.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return u, notFound(err, "get user")
	}
	return u, nil
}

// UserByEmail returns a user by e-mail address (case does not matter).
func (db *DB) UserByEmail(ctx context.Context, email string) (models.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, models.NormalizeEmail(email)))
	if err != nil {
		return u, notFound(err, "get user")
	}
	return u, nil
}

func (tx *Tx) user(id int64) (models.User, error) {
	u, err := scanUser(tx.QueryRowContext(tx.ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return u, notFound(err, "get user")
	}
	return u, nil
}

// validateUser checks u and the things only the store can check.
func (tx *Tx) validateUser(u *models.User) error {
	u.Email = models.NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if u.Lang == "" {
		u.Lang = "nb"
	}
	f := models.FieldErrors{}
	if err := u.Validate(); err != nil {
		for k, v := range models.Fields(err) {
			f.Add(k, v)
		}
	}
	if _, ok := f["email"]; !ok {
		var other int64
		err := tx.QueryRowContext(tx.ctx, `SELECT id FROM users WHERE email = ? AND id <> ?`, u.Email, u.ID).Scan(&other)
		if err == nil {
			f.Add("email", "taken")
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("data: check e-mail: %w", err)
		}
	}
	if _, ok := f["municipality"]; !ok && u.Municipality != "" {
		if _, err := getMunicipality(tx.ctx, tx, u.Municipality); errors.Is(err, models.ErrNotFound) {
			f.Add("municipality", "unknown")
		} else if err != nil {
			return err
		}
	}
	return f.Err()
}

// CreateUser adds a user with the given password.
func (db *DB) CreateUser(ctx context.Context, actor models.Actor, u models.User, password string) (models.User, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		u, err = tx.CreateUser(u, password)
		return err
	})
	return u, err
}

// CreateUser adds a user inside a transaction.
func (tx *Tx) CreateUser(u models.User, password string) (models.User, error) {
	u.ID = 0
	f := models.FieldErrors{}
	if err := tx.validateUser(&u); err != nil {
		fields := models.Fields(err)
		if fields == nil {
			return u, err
		}
		f = fields
	}
	if err := models.ValidatePassword(password); err != nil {
		f.Add("password", models.Fields(err)["password"])
	}
	if err := f.Err(); err != nil {
		return u, err
	}
	hash, err := models.HashPassword(password)
	if err != nil {
		return u, err
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO users (email, name, role, municipality, lang, password_hash, disabled, created_at, updated_at)
		VALUES (?, ?, ?, nullif(?, ''), ?, ?, ?, ?, ?)`,
		u.Email, u.Name, u.Role, u.Municipality, u.Lang, hash, boolInt(u.Disabled), tx.now, tx.now)
	if err != nil {
		return u, fmt.Errorf("data: create user: %w", err)
	}
	u.ID, _ = res.LastInsertId()
	u.CreatedAt = parseTime(tx.now)
	return u, tx.Audit("user", fmt.Sprint(u.ID), "create", nil, u)
}

// UpdateUser changes a user's e-mail, name, role, municipality, language and
// whether the account is disabled. Disabling ends the user's sessions. A
// non-empty password is set in the same transaction (see SetPassword).
func (db *DB) UpdateUser(ctx context.Context, actor models.Actor, u models.User, password, keepSession string) (models.User, error) {
	var hash string
	if password != "" {
		if err := models.ValidatePassword(password); err != nil {
			return u, err
		}
		var err error
		if hash, err = models.HashPassword(password); err != nil {
			return u, err
		}
	}
	err := db.Update(ctx, actor, func(tx *Tx) error {
		if hash != "" {
			if err := tx.setPassword(u.ID, hash, keepSession); err != nil {
				return err
			}
		}
		before, err := tx.user(u.ID)
		if err != nil {
			return err
		}
		if err := tx.validateUser(&u); err != nil {
			return err
		}
		u.CreatedAt = before.CreatedAt
		if before == u {
			return nil
		}
		if before.Role == models.RoleAdmin && (u.Role != models.RoleAdmin || u.Disabled) {
			if err := tx.keepOneAdmin(u.ID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE users SET email = ?, name = ?, role = ?, municipality = nullif(?, ''), lang = ?, disabled = ?, updated_at = ?
			WHERE id = ?`, u.Email, u.Name, u.Role, u.Municipality, u.Lang, boolInt(u.Disabled), tx.now, u.ID)
		if err != nil {
			return fmt.Errorf("data: update user: %w", err)
		}
		if u.Disabled {
			if _, err := tx.ExecContext(tx.ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return fmt.Errorf("data: end sessions: %w", err)
			}
		}
		return tx.Audit("user", fmt.Sprint(u.ID), "update", before, u)
	})
	return u, err
}

// keepOneAdmin refuses a change that would leave no active administrator.
func (tx *Tx) keepOneAdmin(exceptID int64) error {
	var n int
	err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?`, exceptID).Scan(&n)
	if err != nil {
		return fmt.Errorf("data: count admins: %w", err)
	}
	if n == 0 {
		return models.FieldErrors{"role": "last_admin"}.Err()
	}
	return nil
}

// SetLang remembers a user's UI language.
func (db *DB) SetLang(ctx context.Context, actor models.Actor, id int64, lang string) error {
	if !models.ValidLang(lang) {
		return models.FieldErrors{"lang": "choice"}.Err()
	}
	return db.Update(ctx, actor, func(tx *Tx) error {
		_, err := tx.ExecContext(tx.ctx, `UPDATE users SET lang = ?, updated_at = ? WHERE id = ?`, lang, tx.now, id)
		if err != nil {
			return fmt.Errorf("data: set language: %w", err)
		}
		return nil
	})
}

// Authenticate returns the active user with this e-mail and password. Any
// mismatch gives the same error, and takes the same time.
func (db *DB) Authenticate(ctx context.Context, email, password string) (models.User, error) {
	var hash string
	var id int64
	var disabled bool
	err := db.read.QueryRowContext(ctx, `SELECT id, password_hash, disabled FROM users WHERE email = ?`,
		models.NormalizeEmail(email)).Scan(&id, &hash, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		models.DummyPasswordCheck(password)
		return models.User{}, ErrBadCredentials
	}
	if err != nil {
		return models.User{}, fmt.Errorf("data: authenticate: %w", err)
	}
	if !models.CheckPassword(hash, password) || disabled {
		return models.User{}, ErrBadCredentials
	}
	return db.User(ctx, id)
}

// ErrBadCredentials is the one answer to a wrong e-mail or password.
var ErrBadCredentials = &models.Error{Code: models.EUNAUTH, Message: "wrong e-mail or password"}

// ChangePassword sets a new password after checking the current one, and
// ends the user's other sessions (keepSession is the current one's token).
func (db *DB) ChangePassword(ctx context.Context, actor models.Actor, id int64, current, next, keepSession string) error {
	var hash string
	if err := db.read.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, id).Scan(&hash); err != nil {
		return notFound(err, "get user")
	}
	if !models.CheckPassword(hash, current) {
		return models.FieldErrors{"current": "wrong"}.Err()
	}
	return db.SetPassword(ctx, actor, id, next, keepSession)
}

// SetPassword sets a user's password and ends the user's sessions but keepSession.
func (db *DB) SetPassword(ctx context.Context, actor models.Actor, id int64, password, keepSession string) error {
	if err := models.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := models.HashPassword(password)
	if err != nil {
		return err
	}
	return db.Update(ctx, actor, func(tx *Tx) error { return tx.setPassword(id, hash, keepSession) })
}

func (tx *Tx) setPassword(id int64, hash, keepSession string) error {
	res, err := tx.ExecContext(tx.ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, tx.now, id)
	if err != nil {
		return fmt.Errorf("data: set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return models.ErrNotFound
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, id, hashToken(keepSession)); err != nil {
		return fmt.Errorf("data: end sessions: %w", err)
	}
	// The audit row says that the password changed, never what it is.
	return tx.Audit("user", fmt.Sprint(id), "password", nil, nil)
}

// newSecret returns a random URL-safe string with the given prefix.
func newSecret(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is how sessions and API tokens are stored: a leaked database
// does not give working credentials.
func hashToken(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// Session lifetimes: idle timeout and absolute limit.
const (
	SessionIdle = 12 * time.Hour
	SessionMax  = 7 * 24 * time.Hour
)

// CreateSession starts a session for a user and returns its secret.
func (db *DB) CreateSession(ctx context.Context, userID int64) (string, error) {
	return db.CreateSessionFrom(ctx, userID, "")
}

// CreateSessionFrom starts a session for a login from a client address,
// which the audit trail keeps with the login.
func (db *DB) CreateSessionFrom(ctx context.Context, userID int64, ip string) (string, error) {
	secret, err := newSecret("")
	if err != nil {
		return "", err
	}
	now := db.Now().UTC()
	// A login changes nothing any page shows (sessions and the audit trail
	// are read afresh where they are shown), so what samla keeps stays.
	err = db.update(ctx, models.Actor{UserID: userID, Email: ""}, func(tx *Tx) error {
		u, err := tx.user(userID)
		if err != nil {
			return err
		}
		tx.actor.Email = u.Email
		_, err = tx.ExecContext(tx.ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			hashToken(secret), userID, tx.now, tx.now, now.Add(SessionIdle).Format(timeLayout))
		if err != nil {
			return fmt.Errorf("data: create session: %w", err)
		}
		// Old sessions are cleaned up as new ones start.
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM sessions WHERE expires_at < ?`, tx.now); err != nil {
			return fmt.Errorf("data: clean sessions: %w", err)
		}
		var after any
		if ip != "" {
			after = map[string]string{"ip": ip}
		}
		return tx.Audit("user", fmt.Sprint(userID), "login", nil, after)
	}, false)
	return secret, err
}

// SessionUser returns the user of a live session, and extends the session
// when it was last seen more than a few minutes ago. Every request asks,
// so a session found is kept for a few seconds (sessionKeep); any write
// samla makes, and any session it ends, drops what is kept.
func (db *DB) SessionUser(ctx context.Context, secret string) (models.User, error) {
	if secret == "" {
		return models.User{}, models.ErrNotFound
	}
	h := hashToken(secret)
	now, gen := db.Now().UTC(), db.generation.Load()
	if u, ok := db.sessions.get(h, gen, now); ok {
		return u, nil
	}
	epoch := db.sessions.epoch.Load() // before the read: a logout during it leaves what is read unkept
	var lastSeen, created, expiresAt string
	var userID int64
	err := db.read.QueryRowContext(ctx, `SELECT s.user_id, s.last_seen_at, s.created_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`, h, db.now()).Scan(&userID, &lastSeen, &created, &expiresAt)
	if err != nil {
		return models.User{}, notFound(err, "get session")
	}
	seen, expires := parseTime(lastSeen), parseTime(expiresAt)
	if now.Sub(seen) > sessionTouch {
		seen, expires = now, now.Add(SessionIdle)
		if limit := parseTime(created).Add(SessionMax); expires.After(limit) {
			expires = limit
		}
		if _, err := db.write.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`,
			now.Format(timeLayout), expires.Format(timeLayout), h); err != nil {
			return models.User{}, fmt.Errorf("data: touch session: %w", err)
		}
	}
	u, err := db.User(ctx, userID)
	if err != nil {
		return u, err
	}
	db.sessions.put(h, sessionEntry{user: u, seen: seen, expires: expires, gen: gen, epoch: epoch, at: now})
	return u, nil
}

// DeleteSession ends a session (logout).
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	defer db.sessions.drop()
	_, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(secret))
	if err != nil {
		return fmt.Errorf("data: delete session: %w", err)
	}
	return nil
}

// HasUser reports whether a user has the e-mail address.
func (tx *Tx) HasUser(email string) (bool, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM users WHERE email = ?`, models.NormalizeEmail(email)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("data: find user: %w", err)
	}
	return n > 0, nil
}

// SetDigest turns a user's weekly digest on ("weekly") or off.
func (db *DB) SetDigest(ctx context.Context, actor models.Actor, userID int64, digest string) error {
	if digest != "off" && digest != "weekly" {
		return models.FieldErrors{"digest": "choice"}.Err()
	}
	return db.Update(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(tx.ctx, `UPDATE users SET digest = ?, updated_at = ? WHERE id = ?`, digest, tx.now, userID)
		if err != nil {
			return fmt.Errorf("data: digest: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return models.ErrNotFound
		}
		return tx.Audit("user", fmt.Sprint(userID), "digest", nil, map[string]string{"digest": digest})
	})
}
