package locale

import (
	"strconv"
	"strings"
	"time"
)

// nbsp keeps "1 234 567 kr" on one line.
const nbsp = "\u00a0"

// Number formats an integer the Norwegian way: 1 234 567.
func Number(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(nbsp)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Kroner formats whole kroner: 1 234 567 kr.
func Kroner(n int64) string { return Number(n) + nbsp + "kr" }

// Decimal formats a number with the given decimals and a decimal comma: 0,29.
func Decimal(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := Number(n)
	if strings.HasPrefix(whole, "-") && n == 0 {
		out = "−0"
	}
	if frac != "" {
		out += "," + frac
	}
	return out
}

// Date formats a date the Norwegian way: 23.11.2026.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02.01.2006")
}

// DateTime formats a time in loc: 23.11.2026 14:05.
func DateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("02.01.2006 15:04")
}

var monthNames = map[string][12]string{
	"nb": {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Month names a period ("2026-10") in words: "oktober 2026".
func Month(period string, lang string) string {
	t, err := time.Parse("2006-01", period)
	if err != nil {
		return period
	}
	names, ok := monthNames[lang]
	if !ok {
		names = monthNames["nb"]
	}
	return names[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// MonthName names a month (1–12) alone: "mars".
func MonthName(month int, lang string) string {
	names, ok := monthNames[lang]
	if !ok {
		names = monthNames["nb"]
	}
	if month < 1 || month > 12 {
		return strconv.Itoa(month)
	}
	return names[month-1]
}

// Balance says income minus costs in words: "overskudd 1 234 kr" or
// "underskudd 1 234 kr".
func Balance(income, costs int64, lang string) string {
	if income >= costs {
		return T(lang, "money.surplus", Kroner(income-costs))
	}
	return T(lang, "money.deficit", Kroner(costs-income))
}
