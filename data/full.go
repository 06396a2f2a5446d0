package data

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"

	"samla/models"
)

// ErrFull is a write refused because the disk (or the database's page
// limit) is full. Nothing of the write was saved.
var ErrFull = &models.Error{Code: "full", Message: "the storage is full: nothing was saved"}

// IsFull reports whether err comes from a full disk: SQLite's SQLITE_FULL,
// or ENOSPC from writing a file (backups, the archive).
func IsFull(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrFull {
		return true
	}
	return errors.Is(err, syscall.ENOSPC)
}

// noteWrite remembers whether the last write found the disk full.
func (db *DB) noteWrite(err error) {
	switch {
	case err == nil:
		db.fullAt.Store(0)
	case IsFull(err):
		db.fullAt.Store(db.Now().Unix())
	}
}

// FullSince is when writes began to fail for a full disk (zero: they do
// not): the last write failed so, and none has succeeded since.
func (db *DB) FullSince() time.Time {
	if t := db.fullAt.Load(); t != 0 {
		return time.Unix(t, 0)
	}
	return time.Time{}
}

// SetMaxPages limits the database's size in pages (PRAGMA max_page_count)
// on the writer; 0 lifts the limit. For tests and for operators who want a
// ceiling below the disk's.
func (db *DB) SetMaxPages(ctx context.Context, pages int64) error {
	if pages <= 0 {
		pages = 4294967294
	}
	if _, err := db.write.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		return fmt.Errorf("data: max pages: %w", err)
	}
	return nil
}

// PageCount is the database's size in pages.
func (db *DB) PageCount(ctx context.Context) (int64, error) {
	var n int64
	err := db.write.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&n)
	return n, err
}
