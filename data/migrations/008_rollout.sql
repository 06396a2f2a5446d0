-- samla: foreign_keys=off
-- Rollout per municipality: the solutions the programme rolls out, each
-- member municipality's status for each, and every change kept with its
-- date. Users get the role contact (kommunekontakt); SQLite changes a CHECK
-- constraint by rebuilding the table, with foreign keys off (the runner
-- turns them off for this migration and checks them before it commits).

CREATE TABLE users_new (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'leader', 'steering', 'viewer', 'contact')),
    municipality  TEXT REFERENCES municipalities (number) ON UPDATE CASCADE,
    lang          TEXT NOT NULL DEFAULT 'nb' CHECK (lang IN ('nb', 'en')),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (role <> 'contact' OR municipality IS NOT NULL)
);
INSERT INTO users_new (id, email, name, role, municipality, lang, password_hash, disabled, created_at, updated_at)
    SELECT id, email, name, role, municipality, lang, password_hash, disabled, created_at, updated_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE solutions (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE CHECK (name <> ''),
    kind         TEXT NOT NULL CHECK (kind IN ('national', 'regional', 'local')),
    owner        TEXT NOT NULL DEFAULT '',
    service_area TEXT NOT NULL,
    url          TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    project_id   INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX solutions_project ON solutions (project_id);

CREATE TABLE rollouts (
    solution_id   INTEGER NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
    municipality  TEXT NOT NULL REFERENCES municipalities (number) ON UPDATE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('not_started', 'planned', 'in_progress', 'in_use', 'not_relevant')),
    wave          TEXT NOT NULL DEFAULT '',
    planned_date  TEXT,
    in_use_date   TEXT,
    contact_email TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (solution_id, municipality)
) WITHOUT ROWID;
CREATE INDEX rollouts_municipality ON rollouts (municipality, status);

-- Every change of a rollout row, so that the matrix can be shown as of any
-- day: the row as it was from valid_from (a date) on.
CREATE TABLE rollout_history (
    id            INTEGER PRIMARY KEY,
    solution_id   INTEGER NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
    municipality  TEXT NOT NULL REFERENCES municipalities (number) ON UPDATE CASCADE,
    status        TEXT NOT NULL,
    wave          TEXT NOT NULL DEFAULT '',
    planned_date  TEXT,
    in_use_date   TEXT,
    valid_from    TEXT NOT NULL,
    actor         TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX rollout_history_cell ON rollout_history (solution_id, municipality, valid_from);
CREATE INDEX rollout_history_from ON rollout_history (valid_from);
