package models

// ReportDue is the status report a project owes next: the month it covers
// and the day it must be in by (the deadline day of the following month).
type ReportDue struct {
	Period Period `json:"period"`
	Due    Date   `json:"due"`
}

// NextReportDue is the report a project owes on today: last month's until
// it is in (overdue after the deadline day), then the month after the
// latest report. A project that started later owes from its first month.
func NextReportDue(today Date, deadlineDay int, latest Period, start Date) ReportDue {
	p := LastClosedPeriod(today.Time)
	if latest.Valid() && latest >= p {
		p = latest.Add(1)
	}
	if !start.IsZero() {
		if sp := PeriodOf(start.Time); sp > p {
			p = sp
		}
	}
	return ReportDue{Period: p, Due: ReportDeadline(p, deadlineDay)}
}

// ReportDeadline is the day the report for p is due: deadlineDay of the
// month after p.
func ReportDeadline(p Period, deadlineDay int) Date {
	next := p.Add(1).Start()
	return DateOf(next.AddDate(0, 0, max(deadlineDay, 1)-1))
}

// Overdue reports whether the deadline has passed on today.
func (r ReportDue) Overdue(today Date) bool { return today.After(r.Due.Time) }

// DaysLeft is the number of days from today until the deadline (negative
// when it has passed).
func (r ReportDue) DaysLeft(today Date) int { return DaysBetween(today, r.Due) }

// DaysBetween counts the calendar days from a to b.
func DaysBetween(a, b Date) int {
	return int(DateOf(b.Time).Sub(DateOf(a.Time).Time).Hours() / 24)
}
