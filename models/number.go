package models

import (
	"math"
	"strconv"
	"strings"
)

// One parser for numbers and kroner as people type them, on every form and
// import: spaces, non-breaking and narrow spaces as thousands separators,
// "kr" or "NOK" before or after, ",-" after, and "," as the decimal sign
// ("1 310 000", "900 000 kr", "kr 1 234,50", "12,5").

var numberCleaner = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "\t", "")

// cleanNumber strips what is not the number itself.
func cleanNumber(s string) string {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	for _, unit := range []string{"kr.", "kr", "nok"} {
		if strings.HasPrefix(low, unit) {
			s, low = s[len(unit):], low[len(unit):]
		}
		if strings.HasSuffix(low, unit) {
			s, low = s[:len(s)-len(unit)], low[:len(low)-len(unit)]
		}
	}
	s = strings.TrimSuffix(numberCleaner.Replace(s), ",-")
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	return s
}

// ParseNumber reads a number as people type it (see above).
func ParseNumber(s string) (float64, bool) {
	v, err := strconv.ParseFloat(cleanNumber(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// ParseKroner reads an amount in whole kroner as people type it; øre are
// rounded to the nearest krone.
func ParseKroner(s string) (int64, bool) {
	c := cleanNumber(s)
	if n, err := strconv.ParseInt(c, 10, 64); err == nil {
		return n, true
	}
	v, ok := ParseNumber(s)
	if !ok || math.Abs(v) > 9e15 {
		return 0, false
	}
	return int64(math.Round(v)), true
}

// NumberError is the field error code for a number that could not be read:
// "amount" for a field in kroner (named *_nok), else "number". Their texts
// show an example.
func NumberError(field string) string {
	if strings.HasSuffix(field, "_nok") {
		return "amount"
	}
	return "number"
}
