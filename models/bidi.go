package models

import "strings"

// Bidirectional controls (embeddings, overrides and isolates: U+202A–U+202E,
// U+2066–U+2069) make a title or name display other than it reads: with
// U+202E "Kontrakt exe.pdf" can show as "Kontrakt fdp.exe", next to its
// neighbours on every page and PDF. They have no place in a title or name.
func HasBidiControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
	})
}

// refuseBidi marks field when s carries a bidirectional control.
func refuseBidi(f FieldErrors, field, s string) {
	if HasBidiControl(s) {
		f.Add(field, "bidi")
	}
}
