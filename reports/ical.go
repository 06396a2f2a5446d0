package reports

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"samla/data"
	"samla/locale"
)

// osloTimezone is Europe/Oslo as iCalendar describes it (CET/CEST, EU rules).
func osloTimezone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, "Europe/Oslo")
	rule := func(name, from, to, abbr, start, rrule string) *ical.Component {
		c := ical.NewComponent(name)
		raw(c.Props, ical.PropTimezoneOffsetFrom, from)
		raw(c.Props, ical.PropTimezoneOffsetTo, to)
		c.Props.SetText(ical.PropTimezoneName, abbr)
		raw(c.Props, ical.PropDateTimeStart, start)
		raw(c.Props, ical.PropRecurrenceRule, rrule)
		return c
	}
	tz.Children = []*ical.Component{
		rule(ical.CompTimezoneDaylight, "+0100", "+0200", "CEST", "19700329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
		rule(ical.CompTimezoneStandard, "+0200", "+0100", "CET", "19701025T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
	}
	return tz
}

// raw sets a property whose value is already in iCalendar's syntax (an
// offset, a local time, a recurrence rule).
func raw(props ical.Props, name, value string) {
	p := ical.NewProp(name)
	p.Value = value
	props.Set(p)
}

// text sets a TEXT property; go-ical escapes it. Line breaks of any kind
// become one \n (go-ical refuses a bare CR).
func text(props ical.Props, name, value string) {
	p := ical.NewProp(name)
	p.SetText(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(value))
	p.Params.Del(ical.ParamValue) // TEXT is what an X- property means too
	props.Set(p)
}

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
// samla runs in another zone), all-day events as dates. go-ical builds and
// escapes it; foldWriter folds its lines.
func Calendar(name, baseURL, lang string, events []data.CalendarEvent, now time.Time, loc *time.Location) []byte {
	host := siteHost(baseURL)
	oslo := loc != nil && loc.String() == "Europe/Oslo"
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//samla//samla//NB")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	text(cal.Props, "X-WR-CALNAME", name)
	// A calendar needs one component: an empty feed still has its time zone.
	if oslo || len(events) == 0 {
		text(cal.Props, "X-WR-TIMEZONE", "Europe/Oslo")
		cal.Children = append(cal.Children, osloTimezone())
	}
	stamp := now.UTC()
	var osloLoc *time.Location
	if oslo {
		osloLoc = loc
	}
	for _, e := range events {
		ev := ical.NewEvent()
		text(ev.Props, ical.PropUID, e.Key+"@"+host)
		ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp)
		raw(ev.Props, ical.PropSequence, strconv.Itoa(e.Sequence))
		start, err := time.ParseInLocation("2006-01-02 15:04", e.Date.String()+" "+e.Time, loc)
		if e.Time == "" || err != nil || loc == nil {
			ev.Props.SetDate(ical.PropDateTimeStart, e.Date.Time)
			ev.Props.SetDate(ical.PropDateTimeEnd, e.Date.AddDate(0, 0, 1))
		} else {
			end := start.Add(time.Duration(max(e.Minutes, 30)) * time.Minute)
			if osloLoc != nil {
				// SetDateTime names the zone (TZID=Europe/Oslo) and writes local time.
				ev.Props.SetDateTime(ical.PropDateTimeStart, start.In(osloLoc))
				ev.Props.SetDateTime(ical.PropDateTimeEnd, end.In(osloLoc))
			} else {
				ev.Props.SetDateTime(ical.PropDateTimeStart, start.UTC())
				ev.Props.SetDateTime(ical.PropDateTimeEnd, end.UTC())
			}
		}
		if e.MonthlyDay > 0 {
			raw(ev.Props, ical.PropRecurrenceRule, fmt.Sprintf("FREQ=MONTHLY;BYMONTHDAY=%d", e.MonthlyDay))
		}
		summary, description := eventText(e, lang)
		text(ev.Props, ical.PropSummary, summary)
		if description != "" {
			text(ev.Props, ical.PropDescription, description)
		}
		if e.Location != "" {
			text(ev.Props, ical.PropLocation, e.Location)
		}
		if e.Path != "" {
			if u, err := url.Parse(strings.TrimRight(baseURL, "/") + e.Path); err == nil {
				ev.Props.SetURI(ical.PropURL, u)
			}
		}
		if e.Cancelled {
			raw(ev.Props, ical.PropStatus, "CANCELLED")
		} else {
			raw(ev.Props, ical.PropStatus, "CONFIRMED")
		}
		raw(ev.Props, ical.PropTransparency, map[bool]string{true: "OPAQUE", false: "TRANSPARENT"}[e.Time != ""])
		cal.Children = append(cal.Children, ev.Component)
	}
	var b bytes.Buffer
	fw := &foldWriter{w: &b}
	if err := ical.NewEncoder(fw).Encode(cal); err != nil {
		// Only a value with a CR or a quote in a parameter fails, and
		// text() takes the CRs out; a failure here is a bug.
		panic("reports: calendar: " + err.Error())
	}
	return b.Bytes()
}

// foldWriter folds the encoder's content lines at 75 octets (RFC 5545
// 3.1) without splitting a UTF-8 character. go-ical writes one whole line,
// ending in CRLF, per Write.
type foldWriter struct {
	w       io.Writer
	pending []byte
}

func (f *foldWriter) Write(p []byte) (int, error) {
	f.pending = append(f.pending, p...)
	for {
		i := bytes.Index(f.pending, []byte("\r\n"))
		if i < 0 {
			return len(p), nil
		}
		line := f.pending[:i]
		if _, err := io.WriteString(f.w, fold(string(line))); err != nil {
			return 0, err
		}
		f.pending = f.pending[i+2:]
	}
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
