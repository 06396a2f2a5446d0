-- samla: foreign_keys=off
-- Each municipality's own development: maturity rounds (modenhetsmåling)
-- with a score and comment per area of the framework, competence programmes
-- with their participants, and the intent agreements (intensjonsavtaler) a
-- rollout row may carry, archived as documents.

-- The framework's areas, once the programme office changes it (until then
-- the store answers KS's eight areas). levels: a JSON array of five texts.
CREATE TABLE maturity_areas (
    id          TEXT PRIMARY KEY CHECK (id <> ''),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL CHECK (name <> ''),
    description TEXT NOT NULL DEFAULT '',
    levels      TEXT NOT NULL
);

CREATE TABLE maturity_rounds (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (name <> ''),
    year       INTEGER NOT NULL,
    opens      TEXT NOT NULL,
    closes     TEXT NOT NULL CHECK (closes >= opens),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX maturity_rounds_opens ON maturity_rounds (opens);

-- One municipality's answer to a round; its scores per area beside it. An
-- area's id is kept as text without a reference, so that an answer outlives
-- a change of the framework.
CREATE TABLE maturity_answers (
    round_id     INTEGER NOT NULL REFERENCES maturity_rounds (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL REFERENCES municipalities (number) ON UPDATE CASCADE,
    answered_by  TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (round_id, municipality)
) WITHOUT ROWID;

CREATE TABLE maturity_scores (
    round_id     INTEGER NOT NULL,
    municipality TEXT NOT NULL,
    area_id      TEXT NOT NULL,
    score        INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 5),
    comment      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, municipality, area_id),
    FOREIGN KEY (round_id, municipality) REFERENCES maturity_answers (round_id, municipality) ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

CREATE TABLE courses (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL CHECK (title <> ''),
    provider   TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL CHECK (kind IN ('course', 'programme')),
    start_date TEXT,
    end_date   TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE course_participants (
    id           INTEGER PRIMARY KEY,
    course_id    INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    name         TEXT NOT NULL CHECK (name <> ''),
    email        TEXT NOT NULL DEFAULT '',
    municipality TEXT NOT NULL REFERENCES municipalities (number) ON UPDATE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('leader', 'employee')),
    completed    INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1))
);
CREATE INDEX course_participants_course ON course_participants (course_id);
CREATE INDEX course_participants_municipality ON course_participants (municipality, role, completed);

-- The intent agreement of a rollout row: the day it was signed and the
-- signed document in the archive.
ALTER TABLE rollouts ADD COLUMN agreement_date TEXT;
ALTER TABLE rollouts ADD COLUMN agreement_archive_id INTEGER REFERENCES report_archive (id) ON DELETE SET NULL;

-- The archive keeps signed agreements too. Which kinds exist is the code's
-- business; the table only asks for one, so that the
-- list does not have to be rebuilt here for every new kind.
CREATE TABLE report_archive_new (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind <> ''),
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
INSERT INTO report_archive_new (id, kind, key, title, filename, pdf, size, schedule_id, actor, created_at, content_type)
    SELECT id, kind, key, title, filename, pdf, size, schedule_id, actor, created_at, content_type FROM report_archive;
DROP TABLE report_archive;
ALTER TABLE report_archive_new RENAME TO report_archive;
CREATE INDEX report_archive_created ON report_archive (created_at);
