package models

import "time"

// A report run's status.
const (
	RunRunning = "running"
	RunDone    = "done"
	RunFailed  = "failed"
)

// RunStatuses are the values of ReportRun.Status.
var RunStatuses = []string{RunRunning, RunDone, RunFailed}

// ReportRun is one run of a report schedule, done in the background:
// Total reports to make, Done made (archived and queued), Queued e-mails.
type ReportRun struct {
	ID         int64      `json:"id"`
	ScheduleID int64      `json:"schedule_id"`
	Status     string     `json:"status"`
	Done       int        `json:"done"`
	Total      int        `json:"total"`
	Queued     int        `json:"queued"`
	Error      string     `json:"error,omitempty"`
	Started    time.Time  `json:"started_at"`
	Finished   *time.Time `json:"finished_at"`
	Slot       string     `json:"-"`
}

// Percent is how far the run is, 0 to 100.
func (r ReportRun) Percent() int {
	if r.Total <= 0 {
		if r.Status == RunRunning {
			return 0
		}
		return 100
	}
	return r.Done * 100 / r.Total
}
