package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the live database to path. It reads in
// one transaction, so writes that go on meanwhile are either wholly in the
// copy or not at all; they are not blocked.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists; choose a new file name", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot use %s: %w", path, err)
	}
	// The read pool is query-only, which SQLite extends to VACUUM INTO; the
	// write connection would hold up writers. So the copy gets its own.
	conn, err := sql.Open("sqlite3", "file:"+escapePath(db.Path)+"?_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		if IsFull(err) {
			os.Remove(path) // a partial copy is no backup
			return fmt.Errorf("%w: the backup to %s did not fit", ErrFull, path)
		}
		return fmt.Errorf("backup to %s failed: %s", path, describeOpenError(err))
	}
	return nil
}
