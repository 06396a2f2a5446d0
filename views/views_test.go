package views

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"regexp"
	"samla/locale"
	"strings"
	"testing"
	"time"
)

// Every vendored file matches the checksum fetch.sh recorded, and every
// file in the folder is recorded (or is the script or its manifest).
func TestVendoredChecksums(t *testing.T) {
	manifest, err := fs.ReadFile(Static(), "vendor/MANIFEST")
	if err != nil {
		t.Fatal(err)
	}
	recorded := map[string]bool{}
	for _, line := range strings.Split(string(manifest), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 || !strings.Contains(f[1], "@") {
			t.Fatalf("bad manifest line %q", line)
		}
		b, err := fs.ReadFile(Static(), "vendor/"+f[0])
		if err != nil {
			t.Fatalf("%s: %v", f[0], err)
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != f[3] {
			t.Errorf("%s does not match its recorded checksum (from %s)", f[0], f[1])
		}
		recorded[f[0]] = true
	}
	entries, _ := fs.ReadDir(Static(), "vendor")
	for _, e := range entries {
		if n := e.Name(); !recorded[n] && n != "MANIFEST" && n != "fetch.sh" {
			t.Errorf("vendor/%s is not in the manifest", n)
		}
	}
	for _, lic := range []string{"htmx.LICENSE", "designsystemet-css.LICENSE", "designsystemet-theme.LICENSE", "inter.LICENSE"} {
		if !recorded[lic] {
			t.Errorf("licence %s missing", lic)
		}
	}
}

var tKey = regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)

// Every text a template asks for exists in both languages.
func TestTemplateTextsExist(t *testing.T) {
	names, _ := fs.Glob(templateFiles, "templates/*.html")
	for _, n := range names {
		b, _ := fs.ReadFile(templateFiles, n)
		for _, m := range tKey.FindAllStringSubmatch(string(b), -1) {
			if !locale.HasMessage(m[1]) {
				t.Errorf("%s uses unknown text %q", n, m[1])
			}
		}
	}
	if _, err := NewRenderer(time.UTC); err != nil {
		t.Fatal(err)
	}
}
