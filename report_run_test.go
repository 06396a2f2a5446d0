package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"samla/models"
)

func reportRun(t *testing.T, base, token string, id int64) models.ReportRun {
	t.Helper()
	code, body := apiCall(t, "GET", fmt.Sprintf("%s/api/v1/report-runs/%d", base, id), token, "")
	var run models.ReportRun
	if code != 200 || json.Unmarshal([]byte(body), &run) != nil {
		t.Fatalf("report run: %d %s", code, body)
	}
	return run
}

// "Run now" answers at once, and the run goes on in the background. Killed
// (SIGKILL) midway, restarted and run again, it finishes what was left:
// every municipality's report is archived once and e-mailed once.
func TestReportRunSurvivesKill(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	if code, _, stderr := runCLI(t, "", "demo", "-scale", "nordland", "-db", db); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	_, token, _ := runCLI(t, "", "token", "create", "-db", db, "-email", "admin@samla.example")
	token = strings.TrimSpace(token)
	// Every member municipality gets a director, so that each has a report to send.
	store, err := sql.Open("sqlite3", "file:"+db+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := store.Exec(`INSERT INTO users (email, name, role, municipality, password_hash, created_at, updated_at)
		SELECT 'direktor-' || number || '@kommune.example', 'Direktør ' || name, 'viewer', number, '!', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
		FROM municipalities WHERE member = 1 AND number NOT IN
			(SELECT municipality FROM users WHERE role IN ('viewer', 'steering') AND municipality IS NOT NULL)`); err != nil {
		t.Fatal(err)
	}

	samla, base := serveChild(t, "samla-1", db, nil, "SAMLA_SMTP_URL=")
	code, body := apiCall(t, "POST", base+"/api/v1/report-schedules", token,
		`{"report":"municipality","cron":"0 7 1 1 *","recipients":"directors"}`)
	if code != 201 {
		t.Fatalf("schedule: %d %s", code, body)
	}
	var sch models.Schedule
	json.Unmarshal([]byte(body), &sch)
	began := time.Now()
	code, body = apiCall(t, "POST", fmt.Sprintf("%s/api/v1/report-schedules/%d/run", base, sch.ID), token, "")
	answered := time.Since(began)
	var started struct {
		RunID int64 `json:"run_id"`
	}
	if code != 202 || json.Unmarshal([]byte(body), &started) != nil || started.RunID == 0 {
		t.Fatalf("run now: %d %s", code, body)
	}
	t.Logf("run now answered in %s", answered)
	if answered > 2*time.Second { // 200 ms on an idle machine; the tests share the cores
		t.Errorf("run now took %s to answer", answered)
	}
	var before models.ReportRun
	for deadline := time.Now().Add(time.Minute); ; {
		before = reportRun(t, base, token, started.RunID)
		if time.Now().After(deadline) {
			t.Fatalf("the run is stuck: %+v", before)
		}
		if before.Done >= 3 || before.Status != models.RunRunning {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	samla.Process.Signal(syscall.SIGKILL)
	samla.Wait()
	if before.Status != models.RunRunning || before.Done >= before.Total {
		t.Fatalf("the run ended before the kill: %+v", before)
	}
	t.Logf("killed at %d of %d", before.Done, before.Total)

	_, base = serveChild(t, "samla-2", db, nil, "SAMLA_SMTP_URL=")
	if run := reportRun(t, base, token, started.RunID); run.Status != models.RunRunning {
		t.Fatalf("after the restart the cut-off run is %+v", run)
	}
	code, body = apiCall(t, "POST", fmt.Sprintf("%s/api/v1/report-schedules/%d/run", base, sch.ID), token, "")
	var again struct {
		RunID int64 `json:"run_id"`
	}
	if code != 202 || json.Unmarshal([]byte(body), &again) != nil || again.RunID != started.RunID {
		t.Fatalf("run again: %d %s (want run %d finished)", code, body, started.RunID)
	}
	var after models.ReportRun
	for range 1200 {
		if after = reportRun(t, base, token, again.RunID); after.Status != models.RunRunning {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if after.Status != models.RunDone || after.Done != after.Total {
		t.Fatalf("after the second run: %+v", after)
	}
	var members, directors int
	store.QueryRow(`SELECT count(*) FROM users WHERE role IN ('viewer', 'steering') AND disabled = 0 AND municipality IN (SELECT number FROM municipalities WHERE member = 1)`).Scan(&directors)
	if after.Queued != directors {
		t.Errorf("%d e-mails queued for %d directors", after.Queued, directors)
	}
	store.QueryRow(`SELECT count(*) FROM municipalities WHERE member = 1`).Scan(&members)
	if members != after.Total || members < 40 {
		t.Fatalf("%d member municipalities, the run made %d", members, after.Total)
	}
	count := func(q string) map[string]int {
		rows, err := store.Query(q, sch.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var k string
			var n int
			rows.Scan(&k, &n)
			out[k] = n
		}
		return out
	}
	// One e-mail per director and municipality: no pair twice.
	mails := count(`SELECT a.key, count(*) FROM deliveries d JOIN report_archive a ON a.id = d.archive_id WHERE d.schedule_id = ? GROUP BY a.key`)
	perDirector := count(`SELECT a.key || ' ' || d.recipient, count(*) FROM deliveries d JOIN report_archive a ON a.id = d.archive_id WHERE d.schedule_id = ? GROUP BY 1`)
	for k, n := range perDirector {
		if n != 1 {
			t.Errorf("%s: %d e-mails", k, n)
		}
	}
	if len(perDirector) != directors {
		t.Errorf("%d e-mails for %d directors", len(perDirector), directors)
	}
	archived := count(`SELECT key, count(*) FROM report_archive WHERE schedule_id = ? GROUP BY key`)
	if len(mails) != members || len(archived) != members {
		t.Fatalf("%d municipalities e-mailed, %d archived, of %d", len(mails), len(archived), members)
	}
	for k, n := range archived {
		if n != 1 || mails[k] == 0 {
			t.Errorf("municipality %s: %d archived reports, %d e-mails", k, n, mails[k])
		}
	}
}
