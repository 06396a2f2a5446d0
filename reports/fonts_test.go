package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/sfnt"
)

// The PDF fonts are cut down to the scripts samla writes (fetch.sh): every
// letter of samla's own texts, and those of the names and words people
// type in Norway — Norwegian, the Sami languages, Kven and Finnish, the
// languages of Europe's Latin, Greek and Cyrillic alphabets — still has a
// glyph in both.
func TestFontsCoverWhatReportsWrite(t *testing.T) {
	want := "æøåÆØÅ áčđŋšŧžÁČĐŊŠŦŽ ïäöÏÄÖ âêîôûÂ ñçßéèëúüýÿ ąćęłńóśźżĄĆĘŁŃÓŚŹŻ ėįųūĖĮŲŪ őűŐŰ ăâîșțĂȘȚ ěřůĚŘŮ ğışİŞ āēīōĀĒĪŌ ðþÐÞ " +
		"абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙЯ ґєіїҐЄІЇ ђјљњћџЂЈЉЊЋЏ αβγδεζηθλμπσωΑΒΓΔΣΩ " +
		"–—‘’‚“”„…•·§°±×÷−≤≥≈≠∑√∞€£$¢¥%‰№←→↑↓↔✓✗▲▼■□●○½¼¾²³"
	var own strings.Builder
	files, _ := filepath.Glob("../locale/*.go")
	more, _ := filepath.Glob("*.go")
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		own.Write(b)
	}
	for name, b := range map[string][]byte{"regular": fontRegular, "bold": fontBold} {
		f, err := sfnt.Parse(b)
		if err != nil {
			t.Fatal(name, err)
		}
		var buf sfnt.Buffer
		missing := map[rune]bool{}
		for _, r := range want + own.String() {
			if r < ' ' || unicode.IsSpace(r) {
				continue
			}
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				missing[r] = true
			}
		}
		if len(missing) > 0 {
			var s []string
			for r := range missing {
				s = append(s, string(r))
			}
			t.Errorf("%s: no glyph for %q", name, s)
		}
		if n := f.NumGlyphs(); n > 4000 {
			t.Errorf("%s has %d glyphs: not cut down (views/static/vendor/fetch.sh)", name, n)
		}
	}
}
