-- A run of a report schedule, done in the background: how far it is, so
-- that "run now" answers at once and the jobs page shows progress. Each
-- report's row in report_run_items is written in the same transaction as
-- its archived PDF and its e-mails, so a run resumed after a crash skips
-- what was done and sends nothing twice.
CREATE TABLE report_runs (
    id          INTEGER PRIMARY KEY,
    schedule_id INTEGER NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
    slot        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
    total       INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    queued      INTEGER NOT NULL DEFAULT 0,
    error       TEXT NOT NULL DEFAULT '',
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    UNIQUE (schedule_id, slot)
);

CREATE INDEX report_runs_running ON report_runs (schedule_id) WHERE status = 'running';

CREATE TABLE report_run_items (
    run_id INTEGER NOT NULL REFERENCES report_runs (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
