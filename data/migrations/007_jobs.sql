-- Scheduled delivery: report schedules, the e-mail outbox and job runs.

CREATE TABLE report_schedules (
    id          INTEGER PRIMARY KEY,
    report      TEXT NOT NULL CHECK (report IN ('portfolio', 'municipality', 'project', 'meeting')),
    key         TEXT NOT NULL DEFAULT '',
    cron        TEXT NOT NULL,
    recipients  TEXT NOT NULL,
    lang        TEXT NOT NULL DEFAULT 'nb' CHECK (lang IN ('nb', 'en')),
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    last_run_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- The outbox. Every e-mail samla sends is a row here first, so that it
-- survives a restart; idem makes enqueuing the same e-mail twice a no-op.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    idem            TEXT NOT NULL UNIQUE,
    schedule_id     INTEGER REFERENCES report_schedules (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('report', 'reminder', 'alert')),
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    archive_id      INTEGER REFERENCES report_archive (id),
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'retrying', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    next_attempt_at TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

CREATE TABLE job_runs (
    id          INTEGER PRIMARY KEY,
    job         TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    ok          INTEGER NOT NULL DEFAULT 0,
    message     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX job_runs_job ON job_runs (job, id);
