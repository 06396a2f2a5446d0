package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"samla/data"
)

// runCLI runs samla's command line in-process and returns its exit status.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	if err != nil && !errors.Is(err, errHelp) {
		code = 1
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
		errOut.WriteString(err.Error())
	}
	return code, out.String(), errOut.String()
}

func TestCLIUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"serve", "-nope"}, {"user"}, {"token", "list"}, {"demo", "-scale", "oslo"}, {"backup"}} {
		code, _, stderr := runCLI(t, "", args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
	code, out, _ := runCLI(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "samla ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestCLIConfigErrors(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SAMLA_BASE_URL", "ftp://example")
	t.Setenv("SAMLA_TZ", "Mars/Olympus")
	t.Setenv("SAMLA_SMTP_URL", "http://user:hemmelig@mail")
	t.Setenv("SAMLA_TRUSTED_PROXIES", "10.0.0.0/8, proxy.kommune.no")
	t.Setenv("SAMLA_LITESTREAM", "kanskje")
	code, _, stderr := runCLI(t, "", "serve", "-db", filepath.Join(dir, "x.db"), "-addr", "nope")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"SAMLA_BASE_URL", "SAMLA_TZ", "SAMLA_SMTP_URL", "listen address", "SAMLA_TRUSTED_PROXIES", `"proxy.kommune.no"`, `SAMLA_LITESTREAM is "kanskje"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("message lacks %s: %s", want, stderr)
		}
	}
	if strings.Contains(stderr, "hemmelig") {
		t.Error("the SMTP password was printed")
	}
}

func TestCLIDatabaseErrors(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "", "migrate", "-db", filepath.Join(dir, "missing", "samla.db"))
	if code != 1 || !strings.Contains(stderr, "does not exist") {
		t.Errorf("missing folder: %d %s", code, stderr)
	}
	bad := filepath.Join(dir, "corrupt.db")
	os.WriteFile(bad, bytes.Repeat([]byte("garbage!"), 200), 0o600)
	code, _, stderr = runCLI(t, "", "migrate", "-db", bad)
	if code != 1 || !strings.Contains(stderr, "not a samla database") {
		t.Errorf("corrupt file: %d %s", code, stderr)
	}
	if err := os.Chmod(dir, 0o500); err == nil && os.Getuid() != 0 {
		defer os.Chmod(dir, 0o700)
		code, _, stderr = runCLI(t, "", "migrate", "-db", filepath.Join(dir, "new.db"))
		if code != 1 {
			t.Errorf("read-only folder: %d %s", code, stderr)
		}
	}
}

func TestCLIUsersTokensBackupDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "samla.db")
	if code, _, stderr := runCLI(t, "", "demo", "-scale", "helgeland", "-db", db); code != 0 {
		t.Fatalf("demo: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "demo", "-db", db); code != 1 || !strings.Contains(stderr, "not empty") {
		t.Fatalf("second demo: %d %s", code, stderr)
	}
	code, out, stderr := runCLI(t, "et langt passord\n", "user", "add", "-db", db, "-email", "ny@samla.example", "-name", "Ny Bruker", "-role", "editor")
	if code != 0 || !strings.Contains(out, "ny@samla.example") {
		t.Fatalf("user add: %d %s %s", code, out, stderr)
	}
	code, _, stderr = runCLI(t, "kort\n", "user", "add", "-db", db, "-email", "x@samla.example", "-name", "X", "-role", "chief")
	if code != 1 || !strings.Contains(stderr, "role") || !strings.Contains(stderr, "password") {
		t.Fatalf("bad user: %d %s", code, stderr)
	}
	code, out, _ = runCLI(t, "", "token", "create", "-db", db, "-email", "ny@samla.example", "-label", "ci")
	if code != 0 || !strings.HasPrefix(out, data.TokenPrefix) || strings.Count(out, "\n") != 1 {
		t.Fatalf("token: %d %q", code, out)
	}
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	if code, out, stderr := runCLI(t, "", "report", "municipality", "-number", "1835", "-db", db, "-o", pdf); code != 0 || !strings.Contains(out, "Træna") {
		t.Fatalf("report: %d %s %s", code, out, stderr)
	}
	if b, _ := os.ReadFile(pdf); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatal("no PDF written")
	}
	if code, _, _ := runCLI(t, "", "report", "project", "-id", "99999", "-db", db, "-o", pdf); code != 1 {
		t.Fatalf("missing project: %d", code)
	}
	if code, _, _ := runCLI(t, "", "report", "budget", "-db", db, "-o", pdf); code != 2 {
		t.Fatalf("unknown report: %d", code)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if code, _, stderr := runCLI(t, "", "backup", "-db", db, "-o", backup); code != 0 {
		t.Fatalf("backup: %d %s", code, stderr)
	}
	b, err := data.Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if u, err := b.UserByEmail(context.Background(), "ny@samla.example"); err != nil || u.Name != "Ny Bruker" {
		t.Fatalf("backup lacks the user: %v", err)
	}
}

// startServer runs "samla serve -demo" on a free port and a fresh database,
// and stops it (gracefully) when the test ends.
func startServer(t *testing.T) string {
	base, _ := startServerDB(t)
	return base
}

// startServerDB is startServer that also says where the database is; the
// server's base URL is its own address.
func startServerDB(t *testing.T) (string, string) {
	t.Helper()
	addr := freeAddr(t)
	t.Setenv("SAMLA_BASE_URL", "http://"+addr)
	db := filepath.Join(t.TempDir(), "samla.db")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		var out bytes.Buffer
		done <- run(ctx, []string{"serve", "-demo", "-addr", addr, "-db", db}, strings.NewReader(""), &out, &out)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("server stopped with: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("server did not stop")
		}
	})
	base := "http://" + addr
	for i := 0; i < 200; i++ {
		if r, err := http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return base, db
			}
		}
		select {
		case err := <-done:
			t.Fatalf("server exited: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatal("server did not start")
	return "", ""
}

func TestServeAndShutdown(t *testing.T) {
	base := startServer(t)
	r, err := http.Get(base + "/api/v1/municipalities")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 401 {
		t.Fatalf("anonymous API: %d", r.StatusCode)
	}
}

// samla migrate -status lists applied and pending migrations and changes nothing.
func TestMigrateStatus(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if code, out, stderr := runCLI(t, "", "migrate", "-status", "-db", db); code != 0 || !strings.Contains(out, "pending  001_foundation.sql") {
		t.Fatalf("before: %d %s %s", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "", "migrate", "-db", db); code != 0 {
		t.Fatalf("migrate: %s", stderr)
	}
	// The listing goes to standard output, so that it can be piped:
	// samla migrate -status | grep -c applied.
	code, out, stderr := runCLI(t, "", "migrate", "-status", "-db", db)
	if code != 0 || !strings.Contains(out, "applied  001_foundation.sql") || strings.Contains(out, "pending") || stderr != "" {
		t.Fatalf("after: %d %s %s", code, out, stderr)
	}
	files, _ := filepath.Glob("data/migrations/*.sql")
	if n, want := strings.Count(out, "applied  "), len(files); n != want || n == 0 {
		t.Fatalf("%d applied lines, %d migrations", n, want)
	}
}
