package reports

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"samla/data"
	"samla/locale"
	"samla/models"
	"samla/outbound"
)

// Service runs scheduled delivery: report schedules, the outbox,
// reminders, alerts and backups.
type Service struct {
	DB      *data.DB
	Mailer  *Mailer // nil: e-mail waits in the outbox
	BaseURL string
	Loc     *time.Location
	Log     *slog.Logger
	// Outbound guards the posts to channels (SAMLA_OUTBOUND_ALLOW); nil
	// admits public https addresses only.
	Outbound *outbound.Guard

	clientOnce sync.Once
	client     *http.Client
	// sending lets one outbox run send at a time (the minute's and a kick's),
	// so one message at most is under way when samla dies.
	sending sync.Mutex
}

func (s *Service) builder(lang string) *Builder { return &Builder{DB: s.DB, Loc: s.Loc, Lang: lang} }

// RunSchedule makes a schedule's reports, archives them and queues one
// e-mail per recipient. slot names the run (the cron tick, or a manual
// run): running the same slot again queues nothing twice.
func (s *Service) RunSchedule(ctx context.Context, sch models.Schedule, slot string) (int, error) {
	return s.RunScheduleTracked(ctx, sch, slot, 0)
}

// RunScheduleTracked is RunSchedule that records its progress in the
// report run runID (0: none). A report already made in that run — before
// a crash or a stop — is skipped. The PDFs are built on every core; each
// one's archive row, e-mails and progress are one transaction, so a crash
// loses none and a resumed run sends none twice.
func (s *Service) RunScheduleTracked(ctx context.Context, sch models.Schedule, slot string, runID int64) (int, error) {
	b := s.builder(sch.Lang)
	type job struct {
		key        string
		recipients []string
		build      func() (Report, error)
	}
	var jobs []job
	fixed := sch.Recipients.Addresses
	if sch.Recipients.Group == models.RecipientsSteering {
		list, err := s.DB.EmailsWithRole(ctx, models.RoleSteering)
		if err != nil {
			return 0, err
		}
		fixed = list
	}
	switch sch.Report {
	case "portfolio":
		jobs = append(jobs, job{"", fixed, func() (Report, error) { return b.Portfolio(ctx) }})
	case "project":
		id, _ := strconv.ParseInt(sch.Key, 10, 64)
		jobs = append(jobs, job{sch.Key, fixed, func() (Report, error) { return b.Project(ctx, id) }})
	case "meeting": // the steering group's, or the body whose id is the key
		body, _ := strconv.ParseInt(sch.Key, 10, 64)
		if body == 0 {
			var err error
			if body, err = s.DB.SteeringBodyID(ctx); err != nil {
				return 0, err
			}
		}
		meetings, err := s.DB.Meetings(ctx, body)
		if err != nil {
			return 0, err
		}
		today := models.DateOf(s.DB.Now().In(s.Loc))
		for _, m := range meetings { // the last meeting held (newest first)
			if !today.Before(m.Date) && m.Status != models.MeetingPlanned {
				id := m.ID
				jobs = append(jobs, job{fmt.Sprint(id), fixed, func() (Report, error) { return b.Meeting(ctx, id) }})
				break
			}
		}
	case "municipality":
		numbers := []string{sch.Key}
		if sch.Key == "" {
			list, err := s.DB.Municipalities(ctx)
			if err != nil {
				return 0, err
			}
			numbers = nil
			for _, m := range list {
				if m.Member {
					numbers = append(numbers, m.Number)
				}
			}
		}
		for _, n := range numbers {
			rec := fixed
			if sch.Recipients.Group == models.RecipientsDirectors {
				list, err := s.DB.DirectorsOf(ctx, n)
				if err != nil {
					return 0, err
				}
				rec = list
			}
			if len(rec) == 0 {
				continue // nobody to send this municipality's report to
			}
			n := n
			jobs = append(jobs, job{n, rec, func() (Report, error) { return b.Municipality(ctx, n) }})
		}
	}
	if runID != 0 {
		done, err := s.DB.ReportRunDone(ctx, runID)
		if err != nil {
			return 0, err
		}
		if err := s.DB.SetReportRunTotal(ctx, runID, len(jobs)); err != nil {
			return 0, err
		}
		pending := jobs[:0]
		for _, j := range jobs {
			if !done[j.key] {
				pending = append(pending, j)
			}
		}
		jobs = pending
	}
	type built struct {
		job
		r   Report
		err error
	}
	if len(jobs) > 1 {
		defer liftMemoryLimit()()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan job)
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	results := make(chan built, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				r, err := j.build()
				select {
				case results <- built{j, r, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(work)
		for _, j := range jobs {
			select {
			case work <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	queued := 0
	var firstErr error
	for res := range results {
		if firstErr != nil {
			continue // drain: the workers stop at the cancel
		}
		if res.err != nil {
			firstErr = fmt.Errorf("report %s %s: %w", sch.Report, res.key, res.err)
			cancel()
			continue
		}
		n, err := s.saveScheduled(ctx, sch, slot, runID, res.job.key, res.job.recipients, res.r)
		if err != nil {
			firstErr = err
			cancel()
			continue
		}
		queued += n
	}
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return queued, firstErr
}

// saveScheduled archives one report of a run and queues its e-mails, with
// the run's progress, in one transaction.
func (s *Service) saveScheduled(ctx context.Context, sch models.Schedule, slot string, runID int64, key string, recipients []string, r Report) (int, error) {
	var n int
	err := s.DB.UpdateDelivery(ctx, models.System, func(tx *data.Tx) error {
		archiveID, err := tx.ArchiveReport(data.ArchivedReport{Kind: r.Kind, Key: r.Key, Title: r.Title, Filename: r.Filename, ScheduleID: sch.ID}, r.PDF)
		if err != nil {
			return err
		}
		mails := make([]data.OutgoingMail, len(recipients))
		for i, to := range recipients {
			mails[i] = data.OutgoingMail{
				Idem:       fmt.Sprintf("schedule/%d/%s/%s/%s", sch.ID, slot, key, to),
				ScheduleID: sch.ID, Kind: "report", Recipient: to, ArchiveID: archiveID,
				Subject: locale.T(sch.Lang, "mail.report.subject", r.Title),
				Body:    locale.T(sch.Lang, "mail.report.body", r.Title, s.BaseURL+"/reports"),
			}
		}
		if n, err = tx.Enqueue(mails...); err != nil {
			return err
		}
		if runID != 0 {
			if err := tx.ReportRunItemDone(runID, key, n); err != nil {
				return err
			}
		}
		if sch.ID != 0 {
			return tx.MarkScheduleRun(sch.ID)
		}
		return nil
	})
	return n, err
}

// SendDue sends the e-mails that are due, claiming each right before it is
// sent (see data.ClaimNext). Without a mail server they wait.
func (s *Service) SendDue(ctx context.Context) (sent, failed int, err error) {
	s.sending.Lock()
	defer s.sending.Unlock()
	host := siteHost(s.BaseURL)
	for range 100 {
		if ctx.Err() != nil {
			// Shutting down: what was not claimed stays queued.
			return sent, failed, nil
		}
		q, ok, err := s.DB.ClaimNext(ctx, s.Mailer != nil)
		if err != nil {
			if ctx.Err() != nil {
				return sent, failed, nil
			}
			return sent, failed, err
		}
		if !ok {
			break
		}
		// The message under way is finished even when samla is stopping.
		sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), StopWait)
		if q.Kind == "post" {
			err = s.postTo(sendCtx, q)
		} else {
			msg := Message{To: q.Recipient, Subject: q.Subject, Body: q.Body, Filename: q.Filename, PDF: q.PDF,
				MessageID: fmt.Sprintf("samla-delivery-%d@%s", q.ID, host)}
			err = s.Mailer.Send(sendCtx, msg, s.DB.Now())
		}
		cancel()
		ctx := context.WithoutCancel(ctx)
		if err != nil {
			failed++
			s.Log.Warn("e-mail not sent", "delivery", q.ID, "attempt", q.Attempts+1, "err", err)
			attempts := q.Attempts
			if IsPermanent(err) {
				attempts = len(models.RetryBackoff) // no retry mends it
			}
			if err := s.DB.MarkFailed(ctx, q.ID, attempts, err.Error()); err != nil {
				return sent, failed, err
			}
			continue
		}
		sent++
		if err := s.DB.MarkSent(ctx, q.ID); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

// siteHost is the host of samla's base URL, without a port: the domain of
// Message-IDs and calendar UIDs (never the listen address).
func siteHost(baseURL string) string {
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "samla.invalid"
}

// ReminderLead is how many days before the deadline leaders are reminded.
const ReminderLead = 3

// Reminders e-mails project leaders whose report for the month is missing:
// a few days before the deadline, and again the day after it.
func (s *Service) Reminders(ctx context.Context) (int, error) {
	set, err := s.DB.Settings(ctx)
	if err != nil {
		return 0, err
	}
	now := s.DB.Now().In(s.Loc)
	due := models.LastClosedPeriod(now)
	var round string
	switch now.Day() {
	case set.ReportDeadlineDay - ReminderLead:
		round = "first"
	case set.ReportDeadlineDay + 1:
		round = "second"
	default:
		return 0, nil
	}
	missing, err := s.DB.MissingReports(ctx, due)
	if err != nil {
		return 0, err
	}
	mails := make([]data.OutgoingMail, len(missing))
	for i, m := range missing {
		link := fmt.Sprintf("%s/projects/%d/status/new", s.BaseURL, m.ProjectID)
		key := "mail.reminder." + round
		mails[i] = data.OutgoingMail{
			Idem: fmt.Sprintf("reminder/%s/%s/%d", due, round, m.ProjectID), Kind: "reminder", Recipient: m.Email,
			Subject: locale.T("nb", key+".subject", m.Title),
			Body:    locale.T("nb", key+".body", m.Leader, m.Title, locale.Month(string(due), "nb"), set.ReportDeadlineDay, link),
		}
	}
	return s.enqueue(ctx, mails)
}

// RolloutReminders e-mails the contacts of rollout rows whose planned date
// has passed without an update: the municipality's contact users and the
// row's contact person. The key names the planned date, so a row is
// reminded once per date, however often the job runs.
func (s *Service) RolloutReminders(ctx context.Context) (int, error) {
	mails, err := s.rolloutReminders(ctx, models.DateOf(s.DB.Now().In(s.Loc)))
	if err != nil {
		return 0, err
	}
	return s.enqueue(ctx, mails)
}

// GrantReminders reminds the programme office of a grant's report to the
// funder: when it is due within 30 days and again within 7, once each.
func (s *Service) GrantReminders(ctx context.Context) (int, error) {
	today := models.DateOf(s.DB.Now().In(s.Loc))
	grants, err := s.DB.Grants(ctx, data.GrantFilter{Status: "granted"})
	if err != nil {
		return 0, err
	}
	office, err := s.DB.EmailsWithRole(ctx, models.RoleEditor)
	if err != nil {
		return 0, err
	}
	var mails []data.OutgoingMail
	for _, g := range grants {
		if !g.ReportDueSoon(today) {
			continue
		}
		round := models.GrantReportSoon
		if !today.AddDate(0, 0, 7).Before(g.ReportDue.Time) {
			round = 7
		}
		link := fmt.Sprintf("%s/grants/%d", s.BaseURL, g.ID)
		for _, to := range office {
			mails = append(mails, data.OutgoingMail{Idem: fmt.Sprintf("grant/%d/%s/%d/%s", g.ID, g.ReportDue, round, to), Kind: "reminder", Recipient: to,
				Subject: locale.T("nb", "mail.grant.subject", g.Title, locale.Date(g.ReportDue.Time)),
				Body:    locale.T("nb", "mail.grant.body", g.Title, g.Funder, locale.Date(g.ReportDue.Time), link)})
		}
	}
	return s.enqueue(ctx, mails)
}

func (s *Service) rolloutReminders(ctx context.Context, today models.Date) ([]data.OutgoingMail, error) {
	rows, err := s.DB.OverdueRollouts(ctx, today)
	if err != nil {
		return nil, err
	}
	var mails []data.OutgoingMail
	for _, r := range rows {
		sol, err := s.DB.Solution(ctx, r.SolutionID)
		if err != nil {
			return nil, err
		}
		m, err := s.DB.Municipality(ctx, r.Municipality)
		if err != nil {
			return nil, err
		}
		to, err := s.DB.ContactsOf(ctx, r.Municipality)
		if err != nil {
			return nil, err
		}
		if r.ContactEmail != "" && !slices.Contains(to, r.ContactEmail) {
			to = append(to, r.ContactEmail)
		}
		link := fmt.Sprintf("%s/solutions/%d/rollouts/%s", s.BaseURL, r.SolutionID, r.Municipality)
		for _, addr := range to {
			mails = append(mails, data.OutgoingMail{
				Idem: fmt.Sprintf("rollout/%d/%s/%s/%s", r.SolutionID, r.Municipality, r.PlannedDate, addr), Kind: "reminder", Recipient: addr,
				Subject: locale.T("nb", "mail.rollout.subject", sol.Name),
				Body:    locale.T("nb", "mail.rollout.body", sol.Name, m.Name, locale.Date(r.PlannedDate.Time), link),
			})
		}
	}
	return mails, nil
}

// Alerts sends the programme office (editors) a weekly digest: contracts
// and options due within the horizon, overdue action items and benefits
// behind plan. Nothing is sent when there is nothing to say.
func (s *Service) Alerts(ctx context.Context) (int, error) {
	deadlines, err := s.DB.UpcomingDeadlines(ctx, "")
	if err != nil {
		return 0, err
	}
	actions, err := s.DB.Actions(ctx, 0, true)
	if err != nil {
		return 0, err
	}
	benefits, err := s.DB.Benefits(ctx, data.BenefitFilter{})
	if err != nil {
		return 0, err
	}
	now := s.DB.Now().In(s.Loc)
	today := models.DateOf(now)
	var b strings.Builder
	t := func(k string, a ...any) string { return locale.T("nb", k, a...) }
	if len(deadlines) > 0 {
		b.WriteString(t("mail.alert.deadlines") + "\n")
		for _, d := range deadlines {
			fmt.Fprintf(&b, "- %s: %s – %s\n", locale.Date(d.Date.Time), t("proc.deadline."+d.Kind), d.Title)
		}
		b.WriteString("\n")
	}
	var overdue []models.ActionItem
	for _, a := range actions {
		if a.Overdue(today) {
			overdue = append(overdue, a)
		}
	}
	if len(overdue) > 0 {
		b.WriteString(t("mail.alert.actions") + "\n")
		for _, a := range overdue {
			fmt.Fprintf(&b, "- %s (%s, %s)\n", a.Description, a.Owner, locale.Date(a.DueDate.Time))
		}
		b.WriteString("\n")
	}
	grants, err := s.DB.Grants(ctx, data.GrantFilter{Status: "granted"})
	if err != nil {
		return 0, err
	}
	var dueGrants []models.Grant
	for _, g := range grants {
		if g.ReportDueSoon(today) {
			dueGrants = append(dueGrants, g)
		}
	}
	if len(dueGrants) > 0 {
		b.WriteString(t("mail.alert.grants", models.GrantReportSoon) + "\n")
		for _, g := range dueGrants {
			fmt.Fprintf(&b, "- %s: %s (%s)\n", locale.Date(g.ReportDue.Time), g.Title, g.Funder)
		}
		b.WriteString("\n")
	}
	var behind []models.Benefit
	for _, bn := range benefits {
		if bn.PlanStatus == models.PlanBehind {
			behind = append(behind, bn)
		}
	}
	sort.Slice(behind, func(i, j int) bool { return behind[i].RealisedPct < behind[j].RealisedPct })
	if len(behind) > 0 {
		b.WriteString(t("mail.alert.benefits") + "\n")
		for _, bn := range behind[:min(len(behind), 25)] {
			fmt.Fprintf(&b, "- %s (%s): %s %%\n", bn.Title, bn.ProjectTitle, locale.Decimal(bn.RealisedPct, 0))
		}
		b.WriteString("\n")
	}
	if b.Len() == 0 {
		return 0, nil
	}
	b.WriteString(s.BaseURL + "\n")
	office, err := s.DB.EmailsWithRole(ctx, models.RoleEditor)
	if err != nil {
		return 0, err
	}
	year, week := now.ISOWeek()
	mails := make([]data.OutgoingMail, len(office))
	for i, to := range office {
		mails[i] = data.OutgoingMail{Idem: fmt.Sprintf("alert/%d-W%02d/%s", year, week, to), Kind: "alert", Recipient: to,
			Subject: t("mail.alert.subject", week), Body: b.String()}
	}
	return s.enqueue(ctx, mails)
}

// enqueue puts the e-mails in the outbox in one transaction and reports
// how many were new.
func (s *Service) enqueue(ctx context.Context, mails []data.OutgoingMail) (queued int, err error) {
	err = s.DB.Update(ctx, models.System, func(tx *data.Tx) error {
		queued, err = tx.Enqueue(mails...)
		return err
	})
	if err != nil {
		return 0, err
	}
	return queued, nil
}

// Backup writes tonight's consistent copy into the backup folder (beside
// the database when relative) and keeps the newest BackupKeep copies.
func (s *Service) Backup(ctx context.Context) (string, error) {
	set, err := s.DB.Settings(ctx)
	if err != nil {
		return "", err
	}
	dir := set.BackupDir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(s.DB.Path), dir)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("cannot create the backup folder %s: %w", dir, err)
	}
	name := filepath.Join(dir, "samla-"+s.DB.Now().In(s.Loc).Format("2006-01-02T150405")+".db")
	if err := s.DB.Backup(ctx, name); err != nil {
		return "", err
	}
	old, err := filepath.Glob(filepath.Join(dir, "samla-*.db"))
	if err != nil {
		return name, err
	}
	sort.Strings(old)
	for len(old) > set.BackupKeep {
		if err := os.Remove(old[0]); err != nil && !errors.Is(err, os.ErrNotExist) {
			return name, err
		}
		old = old[1:]
	}
	return name, nil
}
