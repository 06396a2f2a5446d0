package models

import (
	"net/mail"
	"strings"
	"time"
)

// User is a person who logs in.
type User struct {
	ID           int64  `json:"id"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	Role         Role   `json:"role"`
	Municipality string `json:"municipality,omitempty"`
	Lang         string `json:"lang"`
	Disabled     bool   `json:"disabled"`
	// Digest is "weekly" when the user wants the weekly digest, else "off".
	Digest    string    `json:"digest"`
	CreatedAt time.Time `json:"created_at"`
}

// Digest choices.
var DigestChoices = []string{"off", "weekly"}

// Languages the UI speaks; the first is the default.
var Languages = []string{"nb", "en"}

// ValidLang reports whether the UI speaks l.
func ValidLang(l string) bool { return l == "nb" || l == "en" }

// NormalizeEmail lower-cases and trims an address so that logins match.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s is a plain address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// Validate checks a user's fields; the municipality's existence is the store's job.
func (u *User) Validate() error {
	f := FieldErrors{}
	if u.Email == "" {
		f.Add("email", "required")
	} else if !ValidEmail(u.Email) {
		f.Add("email", "email")
	}
	if trimmed(u.Name) == "" {
		f.Add("name", "required")
	}
	refuseBidi(f, "name", u.Name)
	if !u.Role.Valid() {
		f.Add("role", "choice")
	}
	if u.Municipality != "" && !ValidMunicipalityNumber(u.Municipality) {
		f.Add("municipality", "four_digits")
	} else if u.Role == RoleContact && u.Municipality == "" {
		f.Add("municipality", "required")
	}
	if u.Lang != "" && !ValidLang(u.Lang) {
		f.Add("lang", "choice")
	}
	return f.Err()
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ValidatePassword checks a new password.
func ValidatePassword(p string) error {
	f := FieldErrors{}
	if len([]rune(p)) < MinPasswordLength {
		f.Add("password", "too_short")
	} else if len(p) > 1024 {
		f.Add("password", "too_long")
	}
	return f.Err()
}

func trimmed(s string) string { return TrimText(s) }

// Token is an API token. Only its hash is stored; the secret is shown once.
type Token struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	UserEmail string     `json:"user_email"`
	Label     string     `json:"label"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used,omitempty"`
	Revoked   bool       `json:"revoked"`
}

// AuditEntry is one row of the audit trail.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	UserID   int64     `json:"user_id,omitempty"`
	Actor    string    `json:"actor"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entity_id"`
	Action   string    `json:"action"`
	Before   string    `json:"before,omitempty"`
	After    string    `json:"after,omitempty"`
}

// Actor is who performs a write: a user, or the system itself (CLI, jobs).
type Actor struct {
	UserID int64
	Email  string
}

// System is the actor of writes no person made (start-up, demo data, jobs).
var System = Actor{Email: "system"}

func (a Actor) String() string {
	if a.Email == "" {
		return "system"
	}
	return a.Email
}
