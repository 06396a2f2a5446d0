package locale

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Every bokmål text of the UI and the PDFs (they share these tables) is
// spelled right by Debian's hunspell-no (nb_NO). Names and terms the
// dictionary lacks are in testdata/spelling-allow.txt. In CI (CI set) a
// missing hunspell fails the test; locally it is skipped.
func TestBokmalSpelling(t *testing.T) {
	if _, err := exec.LookPath("hunspell"); err != nil || !fileExists("/usr/share/hunspell/nb_NO.dic") {
		if os.Getenv("CI") != "" {
			t.Fatal("hunspell with the nb_NO dictionary is missing (apt-get install hunspell hunspell-no)")
		}
		t.Skip("hunspell with nb_NO is not installed")
	}
	allow := map[string]bool{}
	f, err := os.Open("testdata/spelling-allow.txt")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			allow[strings.ToLower(w)] = true
		}
	}
	f.Close()

	// Placeholders, URLs, addresses and markup are not words.
	// Names of code (SAMLA_OUTBOUND_ALLOW, user_centred, «number») and code
	// points (U+202E) are not words either.
	strip := regexp.MustCompile(`%[-+ #0-9.]*[a-zA-Z%]|https?://\S+|\S+@\S+|<[^>]+>|&[a-z]+;|\{[^}]*\}|\b\w+(?:_\w+)+\b|«[^»]*»|U\+[0-9A-Fa-f]+`)
	var text strings.Builder
	for _, v := range messages {
		text.WriteString(strip.ReplaceAllString(v[0], " "))
		text.WriteString("\n")
	}
	cmd := exec.Command("hunspell", "-d", "nb_NO", "-l")
	cmd.Stdin = strings.NewReader(text.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hunspell: %v", err)
	}
	bad := map[string]bool{}
	for _, w := range strings.Fields(string(out)) {
		if !allow[strings.ToLower(w)] {
			bad[w] = true
		}
	}
	if len(bad) > 0 {
		words := make([]string, 0, len(bad))
		for w := range bad {
			words = append(words, w)
		}
		sort.Strings(words)
		t.Errorf("%d words hunspell nb_NO does not know (fix them, or add names and terms to testdata/spelling-allow.txt): %s", len(words), strings.Join(words, " "))
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
