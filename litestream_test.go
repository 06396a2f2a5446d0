package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"samla/data"
)

// TestMain lets the test binary stand in for samla in a child process (a
// process the tests may kill with SIGKILL): SAMLA_TEST_ARGS holds its
// arguments, one per line.
func TestMain(m *testing.M) {
	if args := os.Getenv("SAMLA_TEST_ARGS"); args != "" {
		os.Args = append([]string{"samla"}, strings.Split(args, "\n")...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// litestreamBinary finds Litestream: SAMLA_LITESTREAM_BIN, else on PATH.
// CI installs it (pinned); elsewhere the test is skipped without it.
func litestreamBinary(t *testing.T) string {
	bin := os.Getenv("SAMLA_LITESTREAM_BIN")
	if bin == "" {
		bin = "litestream"
	}
	path, err := exec.LookPath(bin)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Litestream is missing (%v); .ci/run installs it and sets SAMLA_LITESTREAM_BIN", err)
		}
		t.Skip("Litestream is not installed; set SAMLA_LITESTREAM_BIN")
	}
	return path
}

// child starts a process whose output goes to the test log when it fails.
func child(t *testing.T, name string, cmd *exec.Cmd) *exec.Cmd {
	t.Helper()
	out, err := os.Create(filepath.Join(t.TempDir(), name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(out.Name())
			t.Logf("%s said:\n%s", name, b)
		}
	})
	return cmd
}

// serveChild runs samla serve on db in a child process (the test binary
// standing in for samla, see TestMain) that a test may SIGKILL, with more
// arguments and environment, and waits until it answers.
func serveChild(t *testing.T, name, db string, args []string, env ...string) (*exec.Cmd, string) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "SAMLA_TEST_ARGS="+strings.Join(append([]string{"serve", "-addr", addr, "-db", db}, args...), "\n"),
		"SAMLA_BASE_URL=http://"+addr)
	cmd.Env = append(cmd.Env, env...)
	child(t, name, cmd)
	base := "http://" + addr
	for range 400 {
		if r, err := http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return cmd, base
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("samla did not start")
	return nil, ""
}

func apiCall(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return r.StatusCode, string(b)
}

// solutionNames is what the restored database holds of the test's writes.
func solutionNames(t *testing.T, db string) map[string]bool {
	t.Helper()
	d, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	list, err := d.Solutions(t.Context(), data.SolutionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range list {
		names[s.Name] = true
	}
	return names
}

// Litestream replicates every acknowledged write within seconds: samla is
// killed (SIGKILL) with Litestream, the database is deleted, restored from
// the file replica with "litestream restore", and samla, started again,
// serves every write it acknowledged.
func TestLitestreamRestoreAfterKill(t *testing.T) {
	bin := litestreamBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "samla.db")
	if code, _, stderr := runCLI(t, "", "demo", "-scale", "helgeland", "-db", db); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	_, token, _ := runCLI(t, "", "token", "create", "-db", db, "-email", "admin@samla.example", "-label", "litestream")
	token = strings.TrimSpace(token)
	config := filepath.Join(dir, "litestream.yml")
	os.WriteFile(config, fmt.Appendf(nil, "dbs:\n  - path: %s\n    replica:\n      type: file\n      path: %s\n      sync-interval: 1s\n",
		db, filepath.Join(dir, "replica")), 0o600)

	samla, base := serveChild(t, "samla", db, nil, "SAMLA_LITESTREAM=true") // replicated by Litestream's rules
	replicate := child(t, "litestream", exec.Command(bin, "replicate", "-config", config))

	var written []string
	for i := range 20 {
		name := fmt.Sprintf("Replikert løsning %02d", i)
		code, body := apiCall(t, "POST", base+"/api/v1/solutions", token, fmt.Sprintf(`{"name":%q,"kind":"national","service_area":"administration"}`, name))
		if code != 201 {
			t.Fatalf("write %d: %d %s", i, code, body)
		}
		written = append(written, name)
	}
	acknowledged := time.Now()

	// The replica catches up within seconds: restore copies until one has all.
	probe := filepath.Join(t.TempDir(), "probe.db")
	var lag time.Duration
	for lag == 0 {
		os.Remove(probe)
		out, err := exec.Command(bin, "restore", "-config", config, "-o", probe, db).CombinedOutput()
		switch {
		case err == nil && solutionNames(t, probe)[written[len(written)-1]]:
			lag = time.Since(acknowledged)
		case time.Since(acknowledged) > 30*time.Second:
			t.Fatalf("the replica lacks the last write after 30 s (restore: %v %s)", err, out)
		default:
			time.Sleep(250 * time.Millisecond)
		}
	}
	t.Logf("the last acknowledged write reached the replica within %v", lag.Round(10*time.Millisecond))

	// The machine is lost: both processes die at once, and so does the file.
	samla.Process.Signal(syscall.SIGKILL)
	replicate.Process.Signal(syscall.SIGKILL)
	samla.Wait()
	replicate.Wait()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(db + suffix)
	}
	if out, err := exec.Command(bin, "restore", "-config", config, db).CombinedOutput(); err != nil {
		t.Fatalf("restore: %v %s", err, out)
	}

	_, base = serveChild(t, "samla", db, nil, "SAMLA_LITESTREAM=true")
	code, body := apiCall(t, "GET", base+"/api/v1/solutions?limit=1000", token, "")
	if code != 200 {
		t.Fatalf("after restore: %d %s", code, body)
	}
	var list []struct{ Name string }
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatalf("solutions: %v %s", err, body)
	}
	have := map[string]bool{}
	for _, s := range list {
		have[s.Name] = true
	}
	for _, name := range written {
		if !have[name] {
			t.Errorf("lost after restore: %s", name)
		}
	}
}
