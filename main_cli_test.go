package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// samla --help, -h and help print the usage on standard output and exit 0;
// so does a command's -h.
func TestCLIHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"-help"}} {
		code, out, stderr := runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "usage: samla") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
	for _, args := range [][]string{{"serve", "-h"}, {"migrate", "--help"}} {
		if code, _, stderr := runCLI(t, "", args...); code != 0 || !strings.Contains(stderr, "usage: samla") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}

// A plain go build stamps the commit and its time; samla version names them
// unless the release set them at link time.
func TestBuildStamp(t *testing.T) {
	stamped := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "3fbb587c0ffee"},
			{Key: "vcs.time", Value: "2026-11-30T10:00:00Z"},
			{Key: "vcs.modified", Value: "false"},
		}}, true
	}
	if c, d := buildStamp("unknown", "unknown", stamped); c != "3fbb587c0ffee" || d != "2026-11-30T10:00:00Z" {
		t.Errorf("from the VCS stamp: %q %q", c, d)
	}
	if c, d := buildStamp("abc123", "2026-12-01", stamped); c != "abc123" || d != "2026-12-01" {
		t.Errorf("link-time values must win: %q %q", c, d)
	}
	dirty := func() (*debug.BuildInfo, bool) {
		i, _ := stamped()
		i.Settings[3].Value = "true"
		return i, true
	}
	if c, _ := buildStamp("unknown", "unknown", dirty); c != "3fbb587c0ffee+modified" {
		t.Errorf("modified tree: %q", c)
	}
	none := func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{}, true }
	if c, d := buildStamp("unknown", "unknown", none); c != "unknown" || d != "unknown" {
		t.Errorf("no stamp: %q %q", c, d)
	}
}

func TestListenBase(t *testing.T) {
	for _, c := range []struct {
		addr  string
		https bool
		want  string
	}{
		{"[::]:8443", true, "https://localhost:8443"},
		{"0.0.0.0:9000", false, "http://localhost:9000"},
		{"127.0.0.1:4711", false, "http://127.0.0.1:4711"},
		{"[::1]:4711", false, "http://[::1]:4711"},
	} {
		a, err := net.ResolveTCPAddr("tcp", c.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := listenBase(a, c.https).String(); got != c.want {
			t.Errorf("%s: %s, want %s", c.addr, got, c.want)
		}
	}
}

// lockedBuffer is a log both the server and the test touch.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Without SAMLA_BASE_URL the start log names the address samla really
// listens on, and warns that links in e-mails need SAMLA_BASE_URL.
func TestStartLogURLIsTheListenAddress(t *testing.T) {
	t.Setenv("SAMLA_BASE_URL", "")
	addr := freeAddr(t)
	db := filepath.Join(t.TempDir(), "u.db")
	var log lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", addr, "-db", db}, strings.NewReader(""), &log, &log)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	}()
	for i := 0; i < 200 && !strings.Contains(log.String(), "samla is ready"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	out := log.String()
	if !strings.Contains(out, "url=http://"+addr) {
		t.Fatalf("start log does not name http://%s:\n%s", addr, out)
	}
	if strings.Contains(out, "localhost:8080") {
		t.Fatalf("start log names localhost:8080:\n%s", out)
	}
	if !strings.Contains(out, "SAMLA_BASE_URL is not set") {
		t.Fatalf("no warning about SAMLA_BASE_URL:\n%s", out)
	}
	if r, err := http.Get("http://" + addr + "/healthz"); err != nil || r.StatusCode != 200 {
		t.Fatalf("healthz: %v", err)
	}
}
