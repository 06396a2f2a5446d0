package models

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Date is a calendar date without time of day; JSON "YYYY-MM-DD", zero is null.
type Date struct{ time.Time }

const dateLayout = "2006-01-02"

// ParseDate reads "YYYY-MM-DD"; the empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("not a date (YYYY-MM-DD): %q", s)
	}
	return Date{t}, nil
}

// MustDate is ParseDate for literals known to be right.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in its own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// String is "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}

// Before reports whether d is before e (both set).
func (d Date) Before(e Date) bool { return d.Time.Before(e.Time) }

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Period is a month, "YYYY-MM".
type Period string

var periodRe = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)

// Valid reports whether p is a month between 2000 and 2100.
func (p Period) Valid() bool {
	m := periodRe.FindStringSubmatch(string(p))
	if m == nil {
		return false
	}
	y, _ := strconv.Atoi(m[1])
	return y >= 2000 && y <= 2100
}

// PeriodOf returns the month of t.
func PeriodOf(t time.Time) Period { return Period(t.Format("2006-01")) }

// Start is the first day of the month.
func (p Period) Start() time.Time {
	t, _ := time.Parse("2006-01", string(p))
	return t
}

// Add moves p by n months.
func (p Period) Add(n int) Period { return PeriodOf(p.Start().AddDate(0, n, 0)) }

// LastClosedPeriod is the month before now's month: the month a status
// report is due for.
func LastClosedPeriod(now time.Time) Period {
	return PeriodOf(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location()).AddDate(0, -1, 0))
}

// AfterDeadline reports whether now is past the report deadline day of its
// month, i.e. the report for LastClosedPeriod(now) is overdue if absent.
func AfterDeadline(now time.Time, deadlineDay int) bool { return now.Day() > deadlineDay }
