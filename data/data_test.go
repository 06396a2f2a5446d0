package data_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"samla/data"
	"samla/models"
)

// openTest returns a migrated database in a fresh temporary file.
func openTest(t *testing.T) *data.DB {
	t.Helper()
	db, err := data.Open(filepath.Join(t.TempDir(), "samla.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestMigrateEmptyAndExisting(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "samla.db")
	db, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate empty: %v", err)
	}
	v1, _ := db.MigrationVersion(ctx)
	if v1 < 1 {
		t.Fatalf("version after migrate = %d", v1)
	}
	if err := db.CreateMunicipality(ctx, models.System, models.Municipality{Number: "1833", Name: "Rana", Population: 26500, Member: true}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Again on the existing file: nothing applied twice, nothing lost.
	db, err = data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate existing: %v", err)
	}
	if v2, _ := db.MigrationVersion(ctx); v2 != v1 {
		t.Fatalf("version changed from %d to %d", v1, v2)
	}
	m, err := db.Municipality(ctx, "1833")
	if err != nil || m.Name != "Rana" {
		t.Fatalf("municipality after re-open: %+v, %v", m, err)
	}
}

func TestOpenRejectsCorruptFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.db")
	if err := os.WriteFile(path, []byte("this is not a database, just some text that is long enough to look like a header....."), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := data.Open(path)
	if err == nil {
		t.Fatal("opening a corrupt file succeeded")
	}
	if want := "not a samla database"; !contains(err.Error(), want) {
		t.Fatalf("error %q does not say %q", err, want)
	}
}

func TestOpenMissingFolder(t *testing.T) {
	_, err := data.Open(filepath.Join(t.TempDir(), "no", "such", "samla.db"))
	if err == nil || !contains(err.Error(), "does not exist") {
		t.Fatalf("err = %v", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestMunicipalityValidationAndAudit(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	actor := models.Actor{Email: "tester@samla.example"}
	bad := []struct {
		m     models.Municipality
		field string
	}{
		{models.Municipality{Number: "183", Name: "X"}, "number"},
		{models.Municipality{Number: "18a3", Name: "X"}, "number"},
		{models.Municipality{Number: "1833", Name: " "}, "name"},
		{models.Municipality{Number: "1833", Name: "X", Population: -1}, "population"},
	}
	for _, tc := range bad {
		err := db.CreateMunicipality(ctx, actor, tc.m)
		if f := models.Fields(err); f[tc.field] == "" {
			t.Errorf("%+v: fields = %v, want %s", tc.m, f, tc.field)
		}
	}
	m := models.Municipality{Number: "1835", Name: "Træna", Population: 450, Member: true}
	if err := db.CreateMunicipality(ctx, actor, m); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateMunicipality(ctx, actor, m); models.Fields(err)["number"] != "taken" {
		t.Fatalf("duplicate number: %v", err)
	}
	m.Population = 460
	if err := db.UpdateMunicipality(ctx, actor, m); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateMunicipality(ctx, actor, models.Municipality{Number: "9999", Name: "Nowhere"}); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("update unknown: %v", err)
	}
	entries, _, err := db.Audit(ctx, data.AuditFilter{Entity: "municipality", EntityID: "1835"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("audit entries = %d, want 2 (create, update)", len(entries))
	}
	upd := entries[0]
	if upd.Action != "update" || upd.Actor != "tester@samla.example" || !contains(upd.Before, `"population":450`) || !contains(upd.After, `"population":460`) {
		t.Fatalf("update audit = %+v", upd)
	}
}

// A failing write leaves neither the row nor its audit entry behind.
func TestUpdateIsAtomic(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	err := db.Update(ctx, models.System, func(tx *data.Tx) error {
		if err := tx.CreateMunicipality(models.Municipality{Number: "1811", Name: "Bindal", Population: 1400}); err != nil {
			return err
		}
		return errors.New("something later failed")
	})
	if err == nil {
		t.Fatal("expected the error")
	}
	if _, err := db.Municipality(ctx, "1811"); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("row survived a rolled back transaction: %v", err)
	}
	if e, _, _ := db.Audit(ctx, data.AuditFilter{Entity: "municipality"}); len(e) != 0 {
		t.Fatalf("audit rows survived: %d", len(e))
	}
}

// openWithLeader is openTest on a clock stopped at 23.11.2026 10:00 (moved
// by setting *now), with one project leader of the given e-mail.
func openWithLeader(t *testing.T, email string) (db *data.DB, u models.User, now *time.Time) {
	t.Helper()
	db = openTest(t)
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return at }
	u, err := db.CreateUser(context.Background(), models.System, models.User{Email: email, Name: "Liv", Role: models.RoleLeader}, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	return db, u, &at
}

func TestUsersPasswordsAndSessions(t *testing.T) {
	ctx := context.Background()
	db, u, now := openWithLeader(t, " Liv@Example.NO ")
	if u.Email != "liv@example.no" {
		t.Fatalf("e-mail not normalised: %q", u.Email)
	}
	if _, err := db.CreateUser(ctx, models.System, models.User{Email: "liv@example.no", Name: "Liv 2", Role: models.RoleViewer}, "correct horse battery"); models.Fields(err)["email"] != "taken" {
		t.Fatalf("duplicate e-mail: %v", err)
	}
	if _, err := db.CreateUser(ctx, models.System, models.User{Email: "x@example.no", Name: "X", Role: "boss", Municipality: "0000"}, "short"); err == nil {
		t.Fatal("invalid user accepted")
	} else if f := models.Fields(err); f["role"] == "" || f["password"] == "" || f["municipality"] == "" {
		t.Fatalf("fields = %v", f)
	}
	if _, err := db.Authenticate(ctx, "liv@example.no", "wrong password"); !errors.Is(err, data.ErrBadCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := db.Authenticate(ctx, "nobody@example.no", "correct horse battery"); !errors.Is(err, data.ErrBadCredentials) {
		t.Fatalf("unknown user: %v", err)
	}
	if got, err := db.Authenticate(ctx, "LIV@example.no", "correct horse battery"); err != nil || got.ID != u.ID {
		t.Fatalf("right password: %v", err)
	}

	secret, err := db.CreateSession(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := db.SessionUser(ctx, secret); err != nil || got.ID != u.ID {
		t.Fatalf("session user: %v", err)
	}
	// Idle longer than the timeout: the session is over.
	*now = now.Add(data.SessionIdle + time.Minute)
	if _, err := db.SessionUser(ctx, secret); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("expired session still works: %v", err)
	}

	// A password change ends the other sessions.
	s1, _ := db.CreateSession(ctx, u.ID)
	s2, _ := db.CreateSession(ctx, u.ID)
	if err := db.ChangePassword(ctx, models.System, u.ID, "wrong", "a new long password", s1); models.Fields(err)["current"] != "wrong" {
		t.Fatalf("change with wrong current: %v", err)
	}
	if err := db.ChangePassword(ctx, models.System, u.ID, "correct horse battery", "a new long password", s1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SessionUser(ctx, s1); err != nil {
		t.Fatalf("current session ended: %v", err)
	}
	if _, err := db.SessionUser(ctx, s2); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("other session survived a password change: %v", err)
	}
	entries, _, _ := db.Audit(ctx, data.AuditFilter{Entity: "user", EntityID: fmt.Sprint(u.ID)})
	for _, e := range entries {
		if contains(e.Before+e.After, "argon2") || contains(e.Before+e.After, "password") {
			t.Fatalf("audit leaks a password: %+v", e)
		}
	}
}

func TestLastAdminStays(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a, err := db.CreateUser(ctx, models.System, models.User{Email: "a@example.no", Name: "A", Role: models.RoleAdmin}, "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	a.Role = models.RoleViewer
	if _, err := db.UpdateUser(ctx, models.System, a, "", ""); models.Fields(err)["role"] != "last_admin" {
		t.Fatalf("demoting the last admin: %v", err)
	}
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	u, err := db.CreateUser(ctx, models.System, models.User{Email: "api@example.no", Name: "API", Role: models.RoleViewer}, "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	secret, tok, err := db.CreateToken(ctx, models.System, u.ID, "integration")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := db.TokenUser(ctx, secret); err != nil || got.ID != u.ID {
		t.Fatalf("token user: %v", err)
	}
	if _, err := db.TokenUser(ctx, secret+"x"); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("wrong token accepted: %v", err)
	}
	// Only the hash is stored.
	var n int
	raw, _ := sql.Open("sqlite3", db.Path)
	defer raw.Close()
	if err := raw.QueryRow(`SELECT count(*) FROM api_tokens WHERE token_hash = ?`, secret).Scan(&n); err != nil || n != 0 {
		t.Fatalf("token stored in clear: %d, %v", n, err)
	}
	if err := db.RevokeToken(ctx, models.System, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TokenUser(ctx, secret); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("revoked token accepted: %v", err)
	}
}

// A backup taken while writes go on holds every row committed before it
// started, and is a complete, consistent database.
func TestBackupDuringWrites(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	write := func(i int) error {
		return db.CreateMunicipality(ctx, models.System, models.Municipality{Number: fmt.Sprintf("%04d", i), Name: fmt.Sprintf("K%d", i), Population: int64(i)})
	}
	for i := 1; i <= 200; i++ {
		if err := write(i); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 201; i < 9999; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := write(i); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	time.Sleep(20 * time.Millisecond)
	out := filepath.Join(t.TempDir(), "backup.db")
	err := db.Backup(ctx, out)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, out); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	b, err := data.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	list, err := b.Municipalities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 200 {
		t.Fatalf("backup has %d rows, want at least the 200 committed before it", len(list))
	}
	// Consistent: every municipality's audit row is in the copy too.
	audit, _, err := b.Audit(ctx, data.AuditFilter{Entity: "municipality", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != min(len(list), 1000) {
		t.Fatalf("backup has %d rows but %d audit entries", len(list), len(audit))
	}
}

func TestDemoLoadsOnlyIntoEmpty(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	users, err := db.LoadDemo(ctx, data.ScaleHelgeland)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != len(models.Roles) {
		t.Fatalf("demo users = %d", len(users))
	}
	list, _ := db.Municipalities(ctx)
	if len(list) != 16 {
		t.Fatalf("municipalities = %d", len(list))
	}
	if _, err := db.LoadDemo(ctx, data.ScaleHelgeland); !errors.Is(err, data.ErrNotEmpty) {
		t.Fatalf("second load: %v", err)
	}
	if n := len(data.DemoMunicipalities(data.ScaleNordland)); n != 41 {
		t.Fatalf("nordland = %d", n)
	}
	nat := data.DemoMunicipalities(data.ScaleNational)
	seen := map[string]bool{}
	for _, m := range nat {
		if seen[m.Number] || m.Validate() != nil {
			t.Fatalf("national municipality %+v duplicate or invalid", m)
		}
		seen[m.Number] = true
	}
	if len(nat) != 357 {
		t.Fatalf("national = %d", len(nat))
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	s, err := db.Settings(ctx)
	if err != nil || s.HoursPerFTE != 1695 {
		t.Fatalf("default settings: %+v, %v", s, err)
	}
	s.ReportDeadlineDay = 40
	if models.Fields(db.SaveSettings(ctx, models.System, s))["report_deadline_day"] == "" {
		t.Fatal("deadline day 40 accepted")
	}
	s.ReportDeadlineDay = 8
	s.ProgrammeName = "DigiNordland"
	if err := db.SaveSettings(ctx, models.System, s); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Settings(ctx)
	if got != s {
		t.Fatalf("settings = %+v, want %+v", got, s)
	}
	k1, _ := db.Secret(ctx, "csrf")
	k2, _ := db.Secret(ctx, "csrf")
	if len(k1) != 32 || string(k1) != string(k2) {
		t.Fatal("secret not stable")
	}
}

// Before migrations change an existing database a copy is written beside
// it (the newest three kept); a migration that fails names itself and
// leaves the database as it was; a binary older than the database refuses.
func TestUpgradeSafety(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	st, err := db.MigrationStatus(ctx)
	if err != nil || len(st.Pending) != 0 || len(st.Applied) == 0 {
		t.Fatalf("status: %+v %v", st, err)
	}
	// Pretend the newest migration that cannot run twice is pending again:
	// it fails (its tables exist), after the copy. (One that can run twice,
	// such as a backfill, just runs again.)
	var latest data.Migration
	var failed error
	for k := len(st.Applied) - 1; k >= 0 && failed == nil; k-- {
		latest = st.Applied[k]
		if err := db.Update(ctx, models.System, func(tx *data.Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = ?`, latest.Version)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		failed = db.Migrate(ctx)
	}
	if failed == nil {
		t.Fatal("every migration ran twice without failing")
	}
	time.Sleep(1100 * time.Millisecond) // copies are named by the second
	for i := 0; i < 4; i++ {
		err := db.Migrate(ctx)
		if err == nil || !strings.Contains(err.Error(), latest.Name) {
			t.Fatalf("a failing migration does not name itself: %v", err)
		}
		time.Sleep(1100 * time.Millisecond) // copies are named by the second
	}
	copies, _ := filepath.Glob(db.Path + ".pre-*.bak")
	if len(copies) != 3 {
		t.Errorf("%d copies kept, want 3: %v", len(copies), copies)
	}
	if _, err := db.Municipalities(ctx); err != nil {
		t.Errorf("the database is not as it was: %v", err)
	}
	if err := db.Update(ctx, models.System, func(tx *data.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'x', 'y'), (999, '999_future.sql', 'y')`, latest.Version)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "migration 999") {
		t.Errorf("an older binary does not refuse: %v", err)
	}
}

// Under Litestream samla never checkpoints: not after commits, not on close.
// Without it, closing folds the WAL into the file. (Another connection, as
// Litestream keeps one, stays open so that SQLite's own last-close checkpoint
// does not hide the difference.)
func TestReplicatedLeavesCheckpointsAlone(t *testing.T) {
	ctx := context.Background()
	for _, replicated := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "samla.db")
		open := data.Open
		if replicated {
			open = data.OpenReplicated
		}
		db, err := open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		other, err := sql.Open("sqlite3", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		if err := other.Ping(); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(path + "-wal")
		other.Close()
		walLeft := err == nil && st.Size() > 0
		if walLeft != replicated {
			t.Errorf("replicated %v: WAL left after close %v", replicated, walLeft)
		}
		// Writers and readers alike have automatic checkpoints off (or on).
		db, _ = open(path)
		w, r := db.AutoCheckpoints()
		if (w == 0) != replicated || (r == 0) != replicated {
			t.Errorf("replicated %v: wal_autocheckpoint %d (writer), %d (reader)", replicated, w, r)
		}
		db.Close()
	}
}

// The outbox's work (claiming, sending, failing, each minute even when
// nothing is due) leaves what was read good: before, its idle claim every
// minute made every cached read and kept page stale.
func TestOutboxKeepsReadsGood(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.UpdateDelivery(ctx, models.System, func(tx *data.Tx) error {
		_, err := tx.Enqueue(data.OutgoingMail{Idem: "t1", Kind: "reminder", Recipient: "a@example.org", Subject: "s", Body: "b"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	gen := db.Generation()
	q, ok, err := db.ClaimNext(ctx, true)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := db.MarkFailed(ctx, q.ID, 1, "try again"); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.ClaimNext(ctx, true); err != nil || ok { // retrying later: nothing due now
		t.Fatalf("an idle claim: %v %v", ok, err)
	}
	if err := db.MarkSent(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	if got := db.Generation(); got != gen {
		t.Errorf("the outbox made cached reads stale (generation %d → %d)", gen, got)
	}
	if err := db.Update(ctx, models.System, func(tx *data.Tx) error { return tx.Audit("test", "1", "touch", nil, nil) }); err != nil {
		t.Fatal(err)
	}
	if db.Generation() == gen {
		t.Error("a write left the generation as it was")
	}
}

// A session found is kept for a few seconds, but logging out, a changed
// or disabled user and a change made by another process (the CLI beside a
// running server) each end it in time: the first two at once.
func TestKeptSessionsEnd(t *testing.T) {
	ctx := context.Background()
	db, u, now := openWithLeader(t, "liv@example.no")
	alive := func(secret string) bool {
		t.Helper()
		got, err := db.SessionUser(ctx, secret)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			t.Fatal(err)
		}
		return err == nil && got.ID == u.ID
	}
	gen := db.Generation()
	s1, _ := db.CreateSession(ctx, u.ID)
	if !alive(s1) || !alive(s1) {
		t.Fatal("a new session does not work")
	}
	if db.Generation() != gen {
		t.Error("a login made what samla keeps stale; it changes nothing a page shows")
	}
	if err := db.DeleteSession(ctx, s1); err != nil {
		t.Fatal(err)
	}
	if alive(s1) {
		t.Fatal("a session works after logging out")
	}

	s2, _ := db.CreateSession(ctx, u.ID)
	if !alive(s2) {
		t.Fatal("second session")
	}
	u.Name = "Liv Renamed"
	if _, err := db.UpdateUser(ctx, models.System, u, "", ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SessionUser(ctx, s2); got.Name != "Liv Renamed" {
		t.Fatalf("the session has the user as it was: %q", got.Name)
	}
	u.Disabled = true
	if _, err := db.UpdateUser(ctx, models.System, u, "", ""); err != nil {
		t.Fatal(err)
	}
	if alive(s2) {
		t.Fatal("a disabled user's session works")
	}

	u.Disabled = false
	if _, err := db.UpdateUser(ctx, models.System, u, "", ""); err != nil {
		t.Fatal(err)
	}
	s3, _ := db.CreateSession(ctx, u.ID)
	if !alive(s3) {
		t.Fatal("third session")
	}
	other, err := sql.Open("sqlite3", db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(`DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	*now = now.Add(5 * time.Second)
	if alive(s3) {
		t.Fatal("a session ended by another process works after five seconds")
	}
}
