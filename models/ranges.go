package models

import (
	"math"
	"strings"
	"unicode"
)

// Domain ranges. A value outside them is a typing error, not a figure, and
// every sum that feeds a page or a PDF stays far from overflowing: even a
// million rows of MaxNOK add up to well below the int64 limit.
const (
	MaxNOK        = 1_000_000_000_000 // kroner: ±10^12 (a thousand billion)
	MaxPopulation = 10_000_000        // people in one municipality
	MaxMeasure    = 1e12              // a benefit's baseline, target, plan or measurement
	MaxHourValue  = 100_000           // kroner per hour
	MaxWeight     = 1_000_000         // a cost key's weight
)

// kroner checks an amount of kroner that cannot be negative.
func kroner(f FieldErrors, field string, v int64) {
	switch {
	case v < 0:
		f.Add(field, "not_negative")
	case v > MaxNOK:
		f.Add(field, "range")
	}
}

// measure checks a measured or planned value: finite and of a sane size.
func measure(f FieldErrors, field string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > MaxMeasure {
		f.Add(field, "range")
	}
}

// AddNOK adds kroner without overflowing: past the int64 range the sum
// stays at its limit instead of turning negative.
func AddNOK(a, b int64) int64 {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return math.MaxInt64
	case a < 0 && b < 0 && s >= 0:
		return math.MinInt64
	}
	return s
}

// invisible is a character that shows nothing: white space, and format
// characters such as the zero-width space, joiners and the byte order mark.
func invisible(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }

// TrimText removes invisible characters from both ends of a text, so that a
// title of zero-width spaces is empty.
func TrimText(s string) string { return strings.TrimFunc(s, invisible) }

// krone rounds an amount to whole kroner, held within the int64 range.
func krone(x float64) int64 {
	switch {
	case math.IsNaN(x):
		return 0
	case x >= math.MaxInt64:
		return math.MaxInt64
	case x <= -math.MaxInt64:
		return -math.MaxInt64
	}
	return int64(math.Round(x))
}
