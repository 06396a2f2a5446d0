-- samla: foreign_keys=off
-- The cooperation's bodies (organer): council, board, steering group,
-- programme council, professional groups. The steering group becomes the
-- first body; its meetings and cases move to it with their ids and numbers.
-- Case numbers run per body and year. Member municipalities get the dates
-- and the council decision of their membership. The year plan (årshjul)
-- and mailings to chosen audiences go through the outbox and the archive.

CREATE TABLE bodies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (name <> ''),
    kind        TEXT NOT NULL CHECK (kind IN ('council', 'board', 'steering_group', 'programme_council', 'working_group', 'other')),
    mandate     TEXT NOT NULL DEFAULT '',
    -- the mandate as adopted, kept in the archive
    mandate_archive_id INTEGER REFERENCES report_archive (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
INSERT INTO bodies (id, name, kind, mandate, created_at, updated_at)
    VALUES (1, 'Styringsgruppen', 'steering_group', 'Styrer porteføljen, prioriterer prosjekter og fatter vedtak om faser, budsjett og felles anskaffelser.',
            strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- A member is a user, or a name and e-mail; role and period in the body.
CREATE TABLE body_members (
    id           INTEGER PRIMARY KEY,
    body_id      INTEGER NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name         TEXT NOT NULL CHECK (name <> ''),
    email        TEXT NOT NULL DEFAULT '',
    municipality TEXT REFERENCES municipalities (number) ON UPDATE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('chair', 'member', 'deputy', 'secretary')),
    from_date    TEXT NOT NULL,
    to_date      TEXT
);
CREATE INDEX body_members_body ON body_members (body_id);
CREATE INDEX body_members_municipality ON body_members (municipality);

CREATE TABLE meetings_new (
    id         INTEGER PRIMARY KEY,
    body_id    INTEGER NOT NULL REFERENCES bodies (id),
    date       TEXT NOT NULL,
    time       TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL CHECK (title <> ''),
    place      TEXT NOT NULL DEFAULT '',
    video_url  TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'approved')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO meetings_new (id, body_id, date, time, title, place, video_url, status, created_at, updated_at)
    SELECT id, 1, date, time, title, place, video_url, status, created_at, updated_at FROM meetings;
DROP TABLE meetings;
ALTER TABLE meetings_new RENAME TO meetings;
CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX meetings_body ON meetings (body_id, date);

-- The last case number used by each body each year: never reused.
CREATE TABLE case_counters_new (
    body_id INTEGER NOT NULL REFERENCES bodies (id),
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (body_id, year)
);
INSERT INTO case_counters_new (body_id, year, last) SELECT 1, year, last FROM case_counters;
DROP TABLE case_counters;
ALTER TABLE case_counters_new RENAME TO case_counters;

CREATE TABLE cases_new (
    id             INTEGER PRIMARY KEY,
    body_id        INTEGER NOT NULL REFERENCES bodies (id),
    year           INTEGER,
    seq            INTEGER,
    kind           TEXT NOT NULL CHECK (kind IN ('decision', 'information', 'discussion')),
    title          TEXT NOT NULL CHECK (title <> ''),
    background     TEXT NOT NULL DEFAULT '',
    proposal       TEXT NOT NULL DEFAULT '',
    decision       TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('pending', 'on_agenda', 'decided', 'deferred', 'withdrawn')),
    meeting_id     INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    project_id     INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    procurement_id INTEGER REFERENCES procurements (id) ON DELETE SET NULL,
    corrects_id    INTEGER REFERENCES cases (id),
    -- the case in another body this one was referred from
    referred_from_id INTEGER REFERENCES cases (id),
    phase_to       TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    search         TEXT NOT NULL DEFAULT '',
    decided_at     TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (body_id, year, seq)
);
INSERT INTO cases_new (id, body_id, year, seq, kind, title, background, proposal, decision, status, meeting_id, project_id,
        procurement_id, corrects_id, phase_to, source, search, decided_at, created_at, updated_at)
    SELECT id, 1, year, seq, kind, title, background, proposal, decision, status, meeting_id, project_id,
        procurement_id, corrects_id, phase_to, source, search, decided_at, created_at, updated_at FROM cases;
DROP TABLE cases;
ALTER TABLE cases_new RENAME TO cases;
CREATE INDEX cases_status ON cases (status);
CREATE INDEX cases_meeting ON cases (meeting_id);
CREATE INDEX cases_project ON cases (project_id);
CREATE INDEX cases_procurement ON cases (procurement_id);
CREATE INDEX cases_source ON cases (source);
CREATE INDEX cases_body ON cases (body_id, status);
CREATE INDEX cases_referred ON cases (referred_from_id);

-- Members register: when a municipality joined (and left) and the case
-- that made it a member.
ALTER TABLE municipalities ADD COLUMN member_from TEXT;
ALTER TABLE municipalities ADD COLUMN member_to TEXT;
ALTER TABLE municipalities ADD COLUMN member_case_id INTEGER REFERENCES cases (id);

-- Year plan (årshjul): what each body treats every year, by month.
CREATE TABLE year_plan (
    id         INTEGER PRIMARY KEY,
    month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    body_id    INTEGER NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    title      TEXT NOT NULL CHECK (title <> ''),
    kind       TEXT NOT NULL CHECK (kind IN ('decision', 'information', 'discussion')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX year_plan_month ON year_plan (month);

-- What the year-plan job did for an item in a year: the case it made
-- (once) and when the programme office was reminded (once).
CREATE TABLE year_plan_runs (
    item_id     INTEGER NOT NULL REFERENCES year_plan (id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    case_id     INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    reminded_at TEXT,
    created_at  TEXT,
    PRIMARY KEY (item_id, year)
);

CREATE TABLE mailings (
    id            INTEGER PRIMARY KEY,
    subject       TEXT NOT NULL CHECK (subject <> ''),
    body          TEXT NOT NULL CHECK (body <> ''),
    audience_kind TEXT NOT NULL CHECK (audience_kind IN ('contacts', 'body', 'municipality', 'directors')),
    audience_id   TEXT NOT NULL DEFAULT '',
    newsletter    INTEGER NOT NULL DEFAULT 0 CHECK (newsletter IN (0, 1)),
    recipients    INTEGER NOT NULL DEFAULT 0,
    opted_out     INTEGER NOT NULL DEFAULT 0,
    archive_id    INTEGER REFERENCES report_archive (id),
    actor         TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Addresses that want no newsletters (by the account page or the link in one).
CREATE TABLE mail_optouts (
    email      TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

-- The outbox sends mailings too.
CREATE TABLE deliveries_new (
    id              INTEGER PRIMARY KEY,
    idem            TEXT NOT NULL UNIQUE,
    schedule_id     INTEGER REFERENCES report_schedules (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('report', 'reminder', 'alert', 'mailing')),
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
INSERT INTO deliveries_new SELECT id, idem, schedule_id, kind, recipient, subject, body, archive_id, status, attempts, last_error,
    next_attempt_at, created_at, sent_at FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_new RENAME TO deliveries;
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

-- The archive keeps mandates and mailings too.
CREATE TABLE report_archive_new (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('portfolio', 'project', 'municipality', 'meeting', 'statement', 'grant_report', 'mandate', 'mailing')),
    key          TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    filename     TEXT NOT NULL,
    pdf          BLOB NOT NULL,
    size         INTEGER NOT NULL,
    schedule_id  INTEGER,
    actor        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT 'application/pdf'
);
INSERT INTO report_archive_new SELECT id, kind, key, title, filename, pdf, size, schedule_id, actor, created_at, content_type FROM report_archive;
DROP TABLE report_archive;
ALTER TABLE report_archive_new RENAME TO report_archive;
CREATE INDEX report_archive_created ON report_archive (created_at);
