package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers keeps the imports pointing down (README, "Architecture"):
// it asks the go tool for every package's transitive dependencies, so an
// arrow against the layers fails here even when it runs through a third
// package.
func TestLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := map[string]map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		set := map[string]bool{}
		for _, d := range f[1:] {
			if d == "samla" || strings.HasPrefix(d, "samla/") {
				set[d] = true
			}
		}
		deps[f[0]] = set
	}
	for _, must := range []string{"samla/models", "samla/locale", "samla/data", "samla/views", "samla/reports", "samla/handlers"} {
		if deps[must] == nil {
			t.Fatalf("go list did not list %s: %s", must, out)
		}
	}
	// below: each package and what it must never reach.
	forbidden := map[string][]string{
		"samla/models":   {"samla/locale", "samla/data", "samla/views", "samla/reports", "samla/handlers", "samla/outbound"},
		"samla/locale":   {"samla/data", "samla/views", "samla/reports", "samla/handlers", "samla/outbound"},
		"samla/outbound": {"samla/data", "samla/views", "samla/reports", "samla/handlers"},
		"samla/data":     {"samla/views", "samla/reports", "samla/handlers"},
		"samla/views":    {"samla/data", "samla/reports", "samla/handlers"},
		"samla/reports":  {"samla/views", "samla/handlers"},
	}
	for pkg, bad := range forbidden {
		for _, b := range bad {
			if deps[pkg][b] {
				t.Errorf("%s imports %s (directly or through another package); the layers forbid it", pkg, b)
			}
		}
	}
	for pkg, set := range deps {
		if set["samla"] {
			t.Errorf("%s imports the main package", pkg)
		}
		if pkg != "samla" && !strings.HasPrefix(pkg, "samla/handlers") && set["samla/handlers"] {
			t.Errorf("%s imports samla/handlers; only main may", pkg)
		}
	}
}
