-- samla: foreign_keys=off
-- Reaching people in their own tools: a private calendar feed per user, a
-- weekly digest they opt into, channels (Teams, Slack, signed JSON) that
-- the outbox posts to, and meetings that can be cancelled and keep their
-- calendar identity (a sequence that grows with every move).

ALTER TABLE users ADD COLUMN calendar_token_hash TEXT;
-- The last day for tenders (tilbudsfrist) of a procurement being tendered.
ALTER TABLE procurements ADD COLUMN tender_deadline TEXT;
CREATE UNIQUE INDEX users_calendar_token ON users (calendar_token_hash);
ALTER TABLE users ADD COLUMN digest TEXT NOT NULL DEFAULT 'off' CHECK (digest IN ('off', 'weekly'));

CREATE TABLE meetings_new (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies (id),
    date       TEXT NOT NULL,
    time       TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL CHECK (title <> ''),
    place      TEXT NOT NULL DEFAULT '',
    video_url  TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'approved', 'cancelled')),
    -- iCalendar SEQUENCE: grows when the meeting moves or is cancelled
    sequence   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO meetings_new (id, body_id, date, time, title, place, video_url, status, created_at, updated_at)
    SELECT id, body_id, date, time, title, place, video_url, status, created_at, updated_at FROM meetings;
DROP TABLE meetings;
ALTER TABLE meetings_new RENAME TO meetings;
CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX meetings_body ON meetings (body_id, date);

-- A channel's address and signing secret are stored encrypted with the
-- secret key (SAMLA_SECRET_KEY or the key file).
CREATE TABLE channels (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CHECK (name <> ''),
    kind         TEXT NOT NULL CHECK (kind IN ('teams', 'slack', 'json')),
    url_enc      BLOB NOT NULL,
    url_hint     TEXT NOT NULL,
    secret_enc   BLOB NOT NULL,
    role         TEXT NOT NULL,
    municipality TEXT REFERENCES municipalities (number) ON UPDATE CASCADE,
    events       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- The outbox posts to channels and sends digests too.
CREATE TABLE deliveries_new (
    id              INTEGER PRIMARY KEY,
    idem            TEXT NOT NULL UNIQUE,
    schedule_id     INTEGER REFERENCES report_schedules (id) ON DELETE SET NULL,
    channel_id      INTEGER REFERENCES channels (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('report', 'reminder', 'alert', 'mailing', 'digest', 'post')),
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
INSERT INTO deliveries_new (id, idem, schedule_id, kind, recipient, subject, body, archive_id, status, attempts, last_error,
        next_attempt_at, created_at, sent_at)
    SELECT id, idem, schedule_id, kind, recipient, subject, body, archive_id, status, attempts, last_error,
        next_attempt_at, created_at, sent_at FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
