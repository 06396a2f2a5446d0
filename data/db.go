// Package data is samla's SQLite store: embedded migrations, queries that
// return models types, the audit trail, backups and the demo data.
package data

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"samla/models"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// timeLayout is how times are stored: UTC, sortable as text.
const timeLayout = "2006-01-02T15:04:05.000Z"

// DB is the store. Writes go through one connection (SQLite has one writer);
// reads use a pool and run in parallel thanks to WAL.
type DB struct {
	Path string
	Now  func() time.Time
	// Loc is the programme's time zone: months and deadlines are counted in it.
	Loc *time.Location
	// SecretKey encrypts stored secrets (LoadSecretKey).
	SecretKey []byte
	write     *sql.DB
	read      *sql.DB

	// generation counts committed write transactions; caches of derived
	// figures are keyed by it, so that a write makes them stale at once.
	generation atomic.Uint64
	readCache  readCache
	lastStatus atomic.Pointer[statusExpr]
	sessions   sessionCache
	// fullAt is when a write last failed for a full disk (Unix seconds; 0: the last write went through).
	fullAt atomic.Int64
	// replicated: Litestream checkpoints the WAL, samla never does.
	replicated bool
}

// litestreamDriver is SQLite with automatic checkpoints off on every
// connection: under Litestream only Litestream may checkpoint, or it loses
// track of the WAL and must start a new snapshot.
const litestreamDriver = "sqlite3_litestream"

func init() {
	sql.Register(litestreamDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(`PRAGMA wal_autocheckpoint=0`, nil)
		return err
	}})
}

// Open opens (and creates) the database file at path. It does not migrate.
func Open(path string) (*DB, error) {
	return open(path, "sqlite3")
}

// OpenReplicated opens the database for a server that Litestream replicates:
// samla leaves every WAL checkpoint to Litestream (see docs/operations.md).
func OpenReplicated(path string) (*DB, error) {
	db, err := open(path, litestreamDriver)
	if db != nil {
		db.replicated = true
	}
	return db, err
}

func open(path, driver string) (*DB, error) {
	if path == "" {
		return nil, errors.New("no database path given")
	}
	if dir := filepath.Dir(path); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("folder %s does not exist", dir)
		}
	}
	// _stmt_cache_size keeps each connection's most recent statements
	// prepared: a page runs a score of queries, and SQLite compiled each
	// anew (a fifth of a project page's time at national scale).
	const pragmas = "_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on&_synchronous=NORMAL&_cache_size=-2000&_stmt_cache_size=128"
	w, err := sql.Open(driver, "file:"+escapePath(path)+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open(driver, "file:"+escapePath(path)+"?"+pragmas+"&_query_only=true")
	if err != nil {
		w.Close()
		return nil, err
	}
	// Four readers: enough for a municipality's users on 2 cores, and each
	// connection's page cache (2 MB) counts against the server's memory.
	r.SetMaxOpenConns(4)
	db := &DB{Path: path, Now: time.Now, write: w, read: r}
	// The first statement creates the file, and shows at once whether it is
	// writable and really a SQLite database.
	var n int
	if err := w.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %s", path, describeOpenError(err))
	}
	return db, nil
}

func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

func describeOpenError(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "file is not a database"), strings.Contains(msg, "malformed"):
		return "the file is not a samla database or it is damaged"
	case strings.Contains(msg, "unable to open"), strings.Contains(msg, "readonly"), strings.Contains(msg, "permission"):
		return "cannot open or write the file (check the path and its permissions)"
	}
	return msg
}

// Close checkpoints the WAL into the main file (unless Litestream does that)
// and closes the connections.
func (db *DB) Close() error {
	if db.read != nil {
		db.read.Close()
	}
	if db.write == nil {
		return nil
	}
	if !db.replicated {
		_, _ = db.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return db.write.Close()
}

// Ping tells whether the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var n int
	return db.read.QueryRowContext(ctx, `SELECT 1`).Scan(&n)
}

// Migrate applies the embedded migrations that have not been applied yet,
// each in its own transaction, in the order of their numbers.
func (db *DB) Migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("data: migrate: %s", describeOpenError(err))
	}
	status, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if len(status.Unknown) > 0 {
		return fmt.Errorf("data: the database has migration %d, and this samla knows migrations up to %d: use the newer samla that upgraded it",
			status.Unknown[len(status.Unknown)-1], status.Latest)
	}
	if len(status.Pending) > 0 && len(status.Applied) > 0 && db.Path != ":memory:" {
		if err := db.backupBeforeUpgrade(ctx, status.Pending[0].Version); err != nil {
			return err
		}
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("data: migration %s has no number", base)
		}
		if err := db.applyMigration(ctx, version, name); err != nil {
			return err
		}
	}
	db.generation.Add(1) // what was read before is stale
	return nil
}

// fkOff is the first line of a migration that rebuilds a table: SQLite's
// way to change a constraint, which needs foreign keys off (a pragma that
// cannot change inside a transaction). The runner turns them off on its
// connection, applies the migration in a transaction, checks every foreign
// key before it commits, and turns them on again.
const fkOff = "-- samla: foreign_keys=off"

func (db *DB) applyMigration(ctx context.Context, version int, name string) error {
	body, err := migrationFiles.ReadFile(name)
	if err != nil {
		return err
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("data: migrate: %w", err)
	}
	defer conn.Close()
	if bytes.HasPrefix(body, []byte(fkOff)) {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return fmt.Errorf("data: migrate: %w", err)
		}
		defer conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data: migrate: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return fmt.Errorf("data: migrate: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("data: migration %s: %w", filepath.Base(name), err)
	}
	var broken int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil {
		return fmt.Errorf("data: migration %s: foreign key check: %w", filepath.Base(name), err)
	}
	if broken > 0 {
		return fmt.Errorf("data: migration %s leaves %d rows whose references are broken", filepath.Base(name), broken)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, filepath.Base(name), db.now()); err != nil {
		return fmt.Errorf("data: migrate: %w", err)
	}
	return tx.Commit()
}

// MigrationVersion returns the highest applied migration number.
func (db *DB) MigrationVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

func (db *DB) now() string { return db.Now().UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

// Tx is a write transaction that knows who writes, for the audit trail.
type Tx struct {
	*sql.Tx
	ctx   context.Context
	db    *DB
	actor models.Actor
	now   string
}

// Update runs fn in one write transaction: everything fn writes, audit rows
// included, is committed together or not at all.
func (db *DB) Update(ctx context.Context, actor models.Actor, fn func(tx *Tx) error) error {
	return db.update(ctx, actor, fn, true)
}

// update is Update; stale says whether the write makes what was read
// before stale (the generation moves on).
func (db *DB) update(ctx context.Context, actor models.Actor, fn func(tx *Tx) error, stale bool) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data: begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, ctx: ctx, db: db, actor: actor, now: db.now()}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		db.noteWrite(err)
		if IsFull(err) {
			return fmt.Errorf("%w (%v)", ErrFull, err)
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		db.noteWrite(err)
		if IsFull(err) {
			return fmt.Errorf("%w (%v)", ErrFull, err)
		}
		return fmt.Errorf("data: commit: %w", err)
	}
	db.noteWrite(nil)
	if stale {
		db.generation.Add(1)
	}
	return nil
}

// Audit records one write: who, when, what, and the values before and after.
func (tx *Tx) Audit(entity, id, action string, before, after any) error {
	var userID sql.NullInt64
	if tx.actor.UserID != 0 {
		userID = sql.NullInt64{Int64: tx.actor.UserID, Valid: true}
	}
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	a, err := auditJSON(after)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(tx.ctx, `INSERT INTO audit (at, user_id, actor, entity, entity_id, action, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tx.now, userID, tx.actor.String(), entity, id, action, b, a)
	if err != nil {
		return fmt.Errorf("data: audit: %w", err)
	}
	return nil
}

func auditJSON(v any) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return sql.NullString{}, fmt.Errorf("data: audit: %w", err)
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}

// rowScanner is a *sql.Row or *sql.Rows, for the scanX functions.
type rowScanner interface{ Scan(...any) error }

// queryList runs a query and scans every row with scan; what names the
// list in errors. An empty result is an empty slice, never nil.
func queryList[T any](ctx context.Context, q queryer, what string, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", what, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanID scans a row of one id.
func scanID(row rowScanner) (int64, error) {
	var id int64
	err := row.Scan(&id)
	return id, err
}

// rowQueryer is what both the read pool and a transaction offer.
type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// notFound maps sql.ErrNoRows to models.ErrNotFound and wraps other errors.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return models.ErrNotFound
	}
	return fmt.Errorf("data: %s: %w", what, err)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Migration is one numbered migration, applied or not.
type Migration struct {
	Version   int
	Name      string
	AppliedAt time.Time // zero: pending
}

// MigrationStatus says which migrations are applied, which are pending, and
// which applied ones this binary does not know (a newer samla made them).
type MigrationStatus struct {
	Applied, Pending []Migration
	Unknown          []int
	Latest           int // the newest migration this binary knows
}

// MigrationStatus reads the migrations' state without changing anything.
func (db *DB) MigrationStatus(ctx context.Context) (MigrationStatus, error) {
	var st MigrationStatus
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return st, err
	}
	sort.Strings(names)
	known := map[int]string{}
	for _, n := range names {
		v, _ := strconv.Atoi(strings.SplitN(filepath.Base(n), "_", 2)[0])
		known[v] = filepath.Base(n)
		st.Latest = max(st.Latest, v)
	}
	applied := map[int]bool{}
	rows, err := db.read.QueryContext(ctx, `SELECT version, name, applied_at FROM schema_migrations ORDER BY version`)
	if err == nil {
		defer rows.Close()
		for rows.Next() {
			var m Migration
			var at string
			if err := rows.Scan(&m.Version, &m.Name, &at); err != nil {
				return st, err
			}
			m.AppliedAt = parseTime(at)
			applied[m.Version] = true
			if _, ok := known[m.Version]; ok {
				st.Applied = append(st.Applied, m)
			} else {
				st.Unknown = append(st.Unknown, m.Version)
			}
		}
		if err := rows.Err(); err != nil {
			return st, err
		}
	}
	for _, n := range names {
		v, _ := strconv.Atoi(strings.SplitN(filepath.Base(n), "_", 2)[0])
		if !applied[v] {
			st.Pending = append(st.Pending, Migration{Version: v, Name: filepath.Base(n)})
		}
	}
	return st, nil
}

// keepUpgradeBackups is how many copies taken before upgrades are kept.
const keepUpgradeBackups = 3

// backupBeforeUpgrade copies the database beside it before migrations
// change it (samla.db.pre-012-20261125T101500.bak), and keeps the newest
// three such copies.
func (db *DB) backupBeforeUpgrade(ctx context.Context, next int) error {
	path := fmt.Sprintf("%s.pre-%03d-%s.bak", db.Path, next, db.Now().UTC().Format("20060102T150405"))
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("data: the copy before the upgrade could not be written (%s): %w", path, err)
	}
	old, _ := filepath.Glob(db.Path + ".pre-*.bak")
	sort.Strings(old) // by migration, then time
	for len(old) > keepUpgradeBackups {
		os.Remove(old[0])
		old = old[1:]
	}
	return nil
}
