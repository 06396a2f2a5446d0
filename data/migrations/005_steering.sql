-- Steering group: meetings, participants, cases with numbers per year,
-- action items. Phase changes can point to the case that decided them.

CREATE TABLE meetings (
    id         INTEGER PRIMARY KEY,
    date       TEXT NOT NULL,
    time       TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL CHECK (title <> ''),
    place      TEXT NOT NULL DEFAULT '',
    video_url  TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'approved')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meetings_date ON meetings (date);

CREATE TABLE meeting_participants (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('member', 'guest')),
    present    INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1))
);
CREATE INDEX meeting_participants_m ON meeting_participants (meeting_id);

-- The last case number used each year: numbers are never reused.
CREATE TABLE case_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE cases (
    id             INTEGER PRIMARY KEY,
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
    phase_to       TEXT NOT NULL DEFAULT '',
    -- "status:<project>/<period>" for a case raised by a status report.
    source         TEXT NOT NULL DEFAULT '',
    search         TEXT NOT NULL DEFAULT '',
    decided_at     TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX cases_status ON cases (status);
CREATE INDEX cases_meeting ON cases (meeting_id);
CREATE INDEX cases_project ON cases (project_id);
CREATE INDEX cases_procurement ON cases (procurement_id);
CREATE INDEX cases_source ON cases (source);

CREATE TABLE action_items (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    case_id     INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    description TEXT NOT NULL CHECK (description <> ''),
    owner       TEXT NOT NULL CHECK (owner <> ''),
    due_date    TEXT NOT NULL,
    done_date   TEXT
);
CREATE INDEX action_items_due ON action_items (done_date, due_date);

ALTER TABLE phase_changes ADD COLUMN case_id INTEGER REFERENCES cases (id);
