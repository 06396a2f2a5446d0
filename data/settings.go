package data

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"samla/models"
)

// Settings returns the programme-wide settings.
func (db *DB) Settings(ctx context.Context) (models.Settings, error) {
	return cachedRead(ctx, db, "settings", db.settings) // every page asks: kept till a write
}

func (db *DB) settings(ctx context.Context) (models.Settings, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return models.Settings{}, fmt.Errorf("data: read settings: %w", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return models.Settings{}, fmt.Errorf("data: read settings: %w", err)
		}
		m[k] = v
	}
	return models.SettingsFromMap(m), rows.Err()
}

// SaveSettings validates and stores the settings as a whole.
func (db *DB) SaveSettings(ctx context.Context, actor models.Actor, s models.Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	before, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	return db.Update(ctx, actor, func(tx *Tx) error {
		for k, v := range s.Map() {
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return fmt.Errorf("data: save settings: %w", err)
			}
		}
		return tx.Audit("settings", "programme", "update", before, s)
	})
}

// Secret returns a random key kept in the database under name, made on
// first use. It signs CSRF tokens; it never leaves the server.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	key := "secret." + name
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
		key, hex.EncodeToString(b)); err != nil {
		return nil, fmt.Errorf("data: make secret: %w", err)
	}
	var v string
	if err := db.write.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v); err != nil {
		return nil, fmt.Errorf("data: read secret: %w", err)
	}
	return hex.DecodeString(v)
}
