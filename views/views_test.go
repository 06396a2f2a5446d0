package views

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"regexp"
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
			if !HasMessage(m[1]) {
				t.Errorf("%s uses unknown text %q", n, m[1])
			}
		}
	}
	for k, v := range messages {
		if v[0] == "" || v[1] == "" {
			t.Errorf("%s lacks a language", k)
		}
	}
	if _, err := NewRenderer(time.UTC); err != nil {
		t.Fatal(err)
	}
}

func TestNorwegianFormats(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1\u00a0000", 1234567: "1\u00a0234\u00a0567", -45000: "−45\u00a0000"} {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Kroner(1234567); got != "1\u00a0234\u00a0567\u00a0kr" {
		t.Errorf("Kroner = %q", got)
	}
	if got := Decimal(500.0/1695, 2); got != "0,29" {
		t.Errorf("Decimal = %q", got)
	}
	if got := Decimal(12345.678, 1); got != "12\u00a0345,7" {
		t.Errorf("Decimal = %q", got)
	}
	if got := Month("2026-10", "nb"); got != "oktober 2026" {
		t.Errorf("Month = %q", got)
	}
	d := time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC)
	if got := Date(d); got != "23.11.2026" {
		t.Errorf("Date = %q", got)
	}
	oslo, _ := time.LoadLocation("Europe/Oslo")
	if got := DateTime(d, oslo); got != "24.11.2026 00:30" {
		t.Errorf("DateTime = %q", got)
	}
}
