package reports

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"samla/models"
)

// System jobs and when they run (in the programme's time zone).
var systemJobs = []struct{ name, spec string }{
	{"outbox", "* * * * *"},
	{"reminders", "0 8 * * *"},
	{"rollout_reminders", "5 8 * * *"},
	{"grant_reminders", "10 8 * * *"},
	{"maturity_reminders", "12 8 * * *"},
	{"alerts", "0 7 * * 1"},
	{"year_plan", "15 6 * * *"},
	{"channel_alerts", "20 8 * * *"},
	{"digest", "30 6 * * 1"},
	{"backup", "30 2 * * *"},
	{"peers", "7 * * * *"},
}

// Scheduler runs the named jobs and the report schedules with cron.
type Scheduler struct {
	svc  *Service
	cron *cron.Cron
	mu   sync.Mutex
	// schedules maps a schedule id to its cron entry.
	schedules map[int64]cron.EntryID
	system    map[string]cron.EntryID
	kick      chan struct{}
	stopOnce  sync.Once
	// stopping ends with Stop: the outbox finishes the message it is sending
	// and releases the rest; kicked is closed when the kick loop has ended.
	stopping context.Context
	stop     context.CancelFunc
	kicked   chan struct{}
	// active are the report runs under way in this process; runs counts
	// their goroutines, so that Stop waits for them.
	active map[int64]bool
	runs   sync.WaitGroup
}

// NewScheduler prepares the jobs; Start runs them.
func NewScheduler(svc *Service) *Scheduler {
	ctx, stop := context.WithCancel(context.Background())
	return &Scheduler{svc: svc, cron: cron.New(cron.WithLocation(svc.Loc)), schedules: map[int64]cron.EntryID{},
		system: map[string]cron.EntryID{}, active: map[int64]bool{}, kick: make(chan struct{}, 1), stopping: ctx, stop: stop, kicked: make(chan struct{})}
}

// StopWait is how long Stop waits for a job under way (the message being
// sent) before it gives up.
const StopWait = 10 * time.Second

// JobInfo is a job for the jobs page.
type JobInfo struct {
	Name, Spec string
	Next       time.Time
}

// Start registers the system jobs and the enabled schedules and starts cron.
func (s *Scheduler) Start(ctx context.Context) error {
	for _, j := range systemJobs {
		j := j
		id, err := s.cron.AddFunc(j.spec, func() { s.RunJob(s.stopping, j.name) })
		if err != nil {
			return err
		}
		s.system[j.name] = id
	}
	if err := s.Reload(ctx); err != nil {
		return err
	}
	// What a samla that died was sending is in doubt: sent again once.
	if n, err := s.svc.DB.RecoverInDoubt(ctx); err != nil {
		return err
	} else if n > 0 {
		s.svc.Log.Warn("deliveries in doubt after an unclean stop are sent again (at least once)", "count", n)
	}
	s.cron.Start()
	if err := s.resume(ctx); err != nil {
		return err
	}
	// "Run now" and new deliveries do not wait for the minute.
	go func() {
		defer close(s.kicked)
		for range s.kick {
			s.RunJob(s.stopping, "outbox")
		}
	}()
	s.Kick() // what waits in the outbox goes now, not at the next minute
	return nil
}

// Stop stops cron and waits for running jobs; calling it again does nothing.
// Stop ends the jobs: a message being sent is finished (or given up after
// StopWait); the outbox claims one message at a time, so the rest stay queued.
func (s *Scheduler) Stop() {
	s.stopOnce.Do(func() {
		s.stop()
		close(s.kick)
		done := make(chan struct{})
		go func() {
			<-s.cron.Stop().Done()
			s.runs.Wait()
			<-s.kicked
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(StopWait):
			s.svc.Log.Warn("jobs still running after the stop wait; the e-mail being sent may stay 'sending'")
		}
	})
}

// Reload replaces the schedule entries with the schedules in the store.
func (s *Scheduler) Reload(ctx context.Context) error {
	list, err := s.svc.DB.Schedules(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, e := range s.schedules {
		s.cron.Remove(e)
		delete(s.schedules, id)
	}
	for _, sch := range list {
		if !sch.Enabled {
			continue
		}
		spec, err := models.ParseCron(sch.Cron)
		if err != nil {
			s.svc.Log.Error("schedule not run: its cron expression is invalid", "schedule", sch.ID)
			continue
		}
		id := sch.ID
		s.schedules[id] = s.cron.Schedule(spec, cron.FuncJob(func() {
			// The tick names the run: a restart re-running it queues nothing twice.
			slot := s.svc.DB.Now().In(s.svc.Loc).Truncate(time.Minute).Format("2006-01-02T15:04")
			s.runSchedule(s.stopping, id, slot)
		}))
	}
	return nil
}

// RunNow starts a run of a schedule in the background ("run now") and
// answers at once with it. A run of the schedule that is not finished —
// under way, or cut off by a crash or a stop — is that run (resumed if
// nobody runs it), so a second click or a restart sends nothing twice.
func (s *Scheduler) RunNow(ctx context.Context, id int64) (models.ReportRun, error) {
	if _, err := s.svc.DB.Schedule(ctx, id); err != nil {
		return models.ReportRun{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	running, err := s.svc.DB.RunningReportRuns(ctx)
	if err != nil {
		return models.ReportRun{}, err
	}
	for _, r := range running {
		if r.ScheduleID == id {
			s.startLocked(r)
			return r, nil
		}
	}
	slot := manualSlot + s.svc.DB.Now().UTC().Format("20060102T150405.000")
	r, err := s.svc.DB.StartReportRun(ctx, id, slot)
	if err != nil {
		return models.ReportRun{}, err
	}
	s.startLocked(r)
	return r, nil
}

// startLocked runs r in the background unless this process runs it
// already. s.mu is held.
func (s *Scheduler) startLocked(r models.ReportRun) {
	if s.active[r.ID] || s.stopping.Err() != nil {
		return
	}
	s.active[r.ID] = true
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		s.runReport(s.stopping, r)
		s.mu.Lock()
		delete(s.active, r.ID)
		s.mu.Unlock()
	}()
}

// resume continues the runs of cron ticks a crash or a stop cut off. A
// manual run cut off waits for the next "run now" of its schedule, which
// finishes it: whoever runs it again after a crash means "finish it", and
// gets no e-mail twice.
func (s *Scheduler) resume(ctx context.Context) error {
	running, err := s.svc.DB.RunningReportRuns(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range running {
		if strings.HasPrefix(r.Slot, manualSlot) {
			s.svc.Log.Warn("a report run was cut off; run its schedule again to finish it", "run", r.ID, "schedule", r.ScheduleID, "done", r.Done, "total", r.Total)
			continue
		}
		s.svc.Log.Info("resuming a report run cut off", "run", r.ID, "schedule", r.ScheduleID, "done", r.Done, "total", r.Total)
		s.startLocked(r)
	}
	return nil
}

// manualSlot begins the slot of a run started by "run now".
const manualSlot = "manual-"

// Active says whether this process is doing the run now; a run recorded
// as running that is not active was cut off.
func (s *Scheduler) Active(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active[id]
}

// WaitRuns waits until no run is under way in this process (tests, the CLI).
func (s *Scheduler) WaitRuns() { s.runs.Wait() }

// Kick asks the outbox to send now.
func (s *Scheduler) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// runSchedule runs a schedule's cron tick, recorded as a report run: a
// restart re-running the tick continues it.
func (s *Scheduler) runSchedule(ctx context.Context, id int64, slot string) {
	r, err := s.svc.DB.StartReportRun(ctx, id, slot)
	if err != nil {
		s.svc.Log.Error("schedule not run", "schedule", id, "err", err)
		return
	}
	if r.Status != models.RunRunning {
		return // this tick was run to its end already
	}
	s.mu.Lock()
	if s.active[r.ID] {
		s.mu.Unlock()
		return
	}
	s.active[r.ID] = true
	s.mu.Unlock()
	s.runReport(ctx, r)
	s.mu.Lock()
	delete(s.active, r.ID)
	s.mu.Unlock()
}

// runReport does a report run and records how it went. Stopped midway, it
// stays running, to be resumed at the next start.
func (s *Scheduler) runReport(ctx context.Context, r models.ReportRun) {
	name := fmt.Sprintf("schedule:%d", r.ScheduleID)
	job, err := s.svc.DB.StartJob(ctx, name)
	if err != nil {
		s.svc.Log.Error("job not recorded", "job", name, "err", err)
		return
	}
	sch, err := s.svc.DB.Schedule(ctx, r.ScheduleID)
	var n int
	if err == nil {
		n, err = s.svc.RunScheduleTracked(ctx, sch, r.Slot, r.ID)
	}
	if ctx.Err() != nil {
		s.finish(context.WithoutCancel(ctx), job, name, nil, fmt.Sprintf("%d e-mails queued; stopped, to be resumed", n))
		return
	}
	if ferr := s.svc.DB.FinishReportRun(ctx, r.ID, err); ferr != nil {
		s.svc.Log.Error("report run not recorded", "run", r.ID, "err", ferr)
	}
	s.finish(ctx, job, name, err, fmt.Sprintf("%d e-mails queued", n))
	s.Kick()
}

// RunJob runs a system job by name and records how it went.
func (s *Scheduler) RunJob(ctx context.Context, name string) {
	run, err := s.svc.DB.StartJob(ctx, name)
	if err != nil {
		s.svc.Log.Error("job not recorded", "job", name, "err", err)
		return
	}
	var msg string
	queue := map[string]struct {
		run  func(context.Context) (int, error)
		what string
	}{
		"reminders":          {s.svc.Reminders, "reminders"},
		"grant_reminders":    {s.svc.GrantReminders, "reminders"},
		"rollout_reminders":  {s.svc.RolloutReminders, "reminders"},
		"maturity_reminders": {s.svc.MaturityReminders, "reminders"},
		"alerts":             {s.svc.Alerts, "digests"},
		"channel_alerts":     {s.svc.ChannelAlerts, "posts"},
		"digest":             {s.svc.Digests, "digests"},
	}
	if job, ok := queue[name]; ok { // a job that queues e-mail or posts: the outbox sends them now
		var n int
		n, err = job.run(ctx)
		msg = fmt.Sprintf("%d %s queued", n, job.what)
		s.Kick()
		s.finish(ctx, run, name, err, msg)
		return
	}
	switch name {
	case "outbox":
		var sent, failed int
		sent, failed, err = s.svc.SendDue(ctx)
		msg = fmt.Sprintf("%d sent, %d failed", sent, failed)
	case "year_plan":
		var made, reminded int
		made, reminded, err = s.svc.YearPlan(ctx)
		msg = fmt.Sprintf("%d cases made, %d reminders queued", made, reminded)
		s.Kick()
	case "backup":
		msg, err = s.svc.Backup(ctx)
	case "peers":
		var read, failed int
		read, failed, err = s.svc.RefreshPeers(ctx)
		msg = fmt.Sprintf("%d peers read, %d failed", read, failed)
	default:
		err = fmt.Errorf("unknown job %q", name)
	}
	s.finish(ctx, run, name, err, msg)
}

func (s *Scheduler) finish(ctx context.Context, run int64, name string, err error, msg string) {
	if err != nil {
		s.svc.Log.Error("job failed", "job", name, "err", err)
		msg = err.Error()
	}
	if ferr := s.svc.DB.FinishJob(ctx, run, err == nil, msg); ferr != nil {
		s.svc.Log.Error("job not recorded", "job", name, "err", ferr)
	}
}

// Jobs lists every job with its next run.
func (s *Scheduler) Jobs() []JobInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []JobInfo
	for _, j := range systemJobs {
		out = append(out, JobInfo{Name: j.name, Spec: j.spec, Next: s.cron.Entry(s.system[j.name]).Next})
	}
	list, _ := s.svc.DB.Schedules(context.Background())
	for _, sch := range list {
		info := JobInfo{Name: fmt.Sprintf("schedule:%d", sch.ID), Spec: sch.Cron}
		if e, ok := s.schedules[sch.ID]; ok {
			info.Next = s.cron.Entry(e).Next
		}
		out = append(out, info)
	}
	return out
}

// NextRun is when a cron expression next fires after t, in loc.
func NextRun(spec string, t time.Time, loc *time.Location) (time.Time, error) {
	sched, err := models.ParseCron(spec)
	if err != nil {
		return time.Time{}, err
	}
	return sched.Next(t.In(loc)), nil
}

// Service is the delivery service the scheduler runs.
func (s *Scheduler) Service() *Service { return s.svc }
