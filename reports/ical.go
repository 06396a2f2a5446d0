package reports

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"samla/data"
	"samla/locale"
)

// osloTimezone is Europe/Oslo as iCalendar describes it (CET/CEST, EU rules).
const osloTimezone = "BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\n" +
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n" +
	"END:VTIMEZONE\r\n"

// eventText words an event in the reader's language: its summary and description.
func eventText(e data.CalendarEvent, lang string) (summary, description string) {
	t := func(key string, args ...any) string { return locale.T(lang, key, args...) }
	switch e.Kind {
	case "milestone":
		return t("cal.milestone", e.Summary), e.Description
	case "report_deadline":
		return t("cal.report_deadline"), t("cal.report_deadline.text", e.Count)
	case "contract_end", "option", "tender_deadline":
		return t("chan.expiring."+e.Kind, e.Summary), e.Description
	case "grant_report":
		return t("cal.grant_report", e.Description, e.Summary), ""
	}
	return e.Summary, e.Description
}

// Calendar writes events as an iCalendar document (RFC 5545) in lang: UIDs
// on the site's host, times in Europe/Oslo with its VTIMEZONE (UTC when
// samla runs in another zone), all-day events as dates.
func Calendar(name, baseURL, lang string, events []data.CalendarEvent, now time.Time, loc *time.Location) []byte {
	host := siteHost(baseURL)
	oslo := loc != nil && loc.String() == "Europe/Oslo"
	var b bytes.Buffer
	line := func(s string) { b.WriteString(fold(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//samla//samla//NB")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeText(name))
	if oslo {
		line("X-WR-TIMEZONE:Europe/Oslo")
		b.WriteString(osloTimezone)
	}
	stamp := now.UTC().Format("20060102T150405Z")
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + e.Key + "@" + host)
		line("DTSTAMP:" + stamp)
		line(fmt.Sprintf("SEQUENCE:%d", e.Sequence))
		start, err := time.ParseInLocation("2006-01-02 15:04", e.Date.String()+" "+e.Time, loc)
		if e.Time == "" || err != nil || loc == nil {
			line("DTSTART;VALUE=DATE:" + e.Date.Format("20060102"))
			line("DTEND;VALUE=DATE:" + e.Date.AddDate(0, 0, 1).Format("20060102"))
		} else {
			end := start.Add(time.Duration(max(e.Minutes, 30)) * time.Minute)
			if oslo {
				line("DTSTART;TZID=Europe/Oslo:" + start.Format("20060102T150405"))
				line("DTEND;TZID=Europe/Oslo:" + end.Format("20060102T150405"))
			} else {
				line("DTSTART:" + start.UTC().Format("20060102T150405Z"))
				line("DTEND:" + end.UTC().Format("20060102T150405Z"))
			}
		}
		if e.MonthlyDay > 0 {
			line(fmt.Sprintf("RRULE:FREQ=MONTHLY;BYMONTHDAY=%d", e.MonthlyDay))
		}
		summary, description := eventText(e, lang)
		line("SUMMARY:" + escapeText(summary))
		if description != "" {
			line("DESCRIPTION:" + escapeText(description))
		}
		if e.Location != "" {
			line("LOCATION:" + escapeText(e.Location))
		}
		if e.Path != "" {
			line("URL:" + strings.TrimRight(baseURL, "/") + e.Path)
		}
		if e.Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("TRANSP:" + map[bool]string{true: "OPAQUE", false: "TRANSPARENT"}[e.Time != ""])
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Bytes()
}

// escapeText escapes a TEXT value: backslash, semicolon, comma, newline.
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold ends a content line with CRLF, folding it at 75 octets without
// splitting a UTF-8 character.
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
