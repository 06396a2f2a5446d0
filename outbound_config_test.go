package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCLIOutboundAllow(t *testing.T) {
	t.Setenv("SAMLA_OUTBOUND_ALLOW", "10.20.0.0/16, teams-relay.kommune.no")
	code, _, stderr := runCLI(t, "", "serve", "-db", filepath.Join(t.TempDir(), "x.db"), "-addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(stderr, "SAMLA_OUTBOUND_ALLOW") || !strings.Contains(stderr, `"teams-relay.kommune.no"`) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
		t.Errorf("more than one line: %q", stderr)
	}
}
