package locale

import (
	"testing"
	"time"
)

// Every text exists in both languages.
func TestMessagesHaveBothLanguages(t *testing.T) {
	for k, v := range messages {
		if v[0] == "" || v[1] == "" {
			t.Errorf("%s lacks a language", k)
		}
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
