-- Projects, participants, monthly status reports, phase changes, milestones and risks.

CREATE TABLE projects (
    id                INTEGER PRIMARY KEY,
    title             TEXT NOT NULL CHECK (title <> ''),
    description       TEXT NOT NULL DEFAULT '',
    service_area      TEXT NOT NULL,
    phase             TEXT NOT NULL,
    lead_municipality TEXT NOT NULL REFERENCES municipalities (number) ON UPDATE CASCADE,
    leader_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    budget_nok        INTEGER NOT NULL DEFAULT 0 CHECK (budget_nok >= 0),
    start_date        TEXT,
    end_date          TEXT,
    national_solution TEXT NOT NULL DEFAULT '',
    documents_url     TEXT NOT NULL DEFAULT '',
    archived          INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    -- Folded title, description and national solution for Norwegian search (models.Fold).
    search            TEXT NOT NULL DEFAULT '',
    -- The latest status report, kept in step by the store in the same transaction.
    latest_period     TEXT,
    latest_overall    TEXT,
    latest_progress   INTEGER NOT NULL DEFAULT 0,
    latest_spent      INTEGER NOT NULL DEFAULT 0,
    latest_forecast   INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
-- A scan of the projects table is faster than a low-selectivity index on
-- archived or phase (measured at 5 000 projects); the leader index serves
-- "my projects" and the list of active leaders.
CREATE INDEX projects_leader ON projects (leader_id, archived);
-- The default order of the list: the first page reads 50 rows, not all.
CREATE INDEX projects_title ON projects (title COLLATE NOCASE);

CREATE TABLE project_municipalities (
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL REFERENCES municipalities (number) ON UPDATE CASCADE,
    PRIMARY KEY (project_id, municipality)
) WITHOUT ROWID;
CREATE INDEX project_municipalities_m ON project_municipalities (municipality, project_id);

CREATE TABLE status_reports (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    period           TEXT NOT NULL,
    overall          TEXT NOT NULL CHECK (overall IN ('green', 'yellow', 'red')),
    time             TEXT NOT NULL CHECK (time IN ('green', 'yellow', 'red')),
    cost             TEXT NOT NULL CHECK (cost IN ('green', 'yellow', 'red')),
    quality          TEXT NOT NULL CHECK (quality IN ('green', 'yellow', 'red')),
    risk             TEXT NOT NULL CHECK (risk IN ('green', 'yellow', 'red')),
    benefits         TEXT NOT NULL CHECK (benefits IN ('green', 'yellow', 'red')),
    overall_comment  TEXT NOT NULL DEFAULT '',
    time_comment     TEXT NOT NULL DEFAULT '',
    cost_comment     TEXT NOT NULL DEFAULT '',
    quality_comment  TEXT NOT NULL DEFAULT '',
    risk_comment     TEXT NOT NULL DEFAULT '',
    benefits_comment TEXT NOT NULL DEFAULT '',
    progress_pct     INTEGER NOT NULL DEFAULT 0 CHECK (progress_pct BETWEEN 0 AND 100),
    spent_nok        INTEGER NOT NULL DEFAULT 0 CHECK (spent_nok >= 0),
    forecast_nok     INTEGER NOT NULL DEFAULT 0 CHECK (forecast_nok >= 0),
    summary          TEXT NOT NULL DEFAULT '',
    next_steps       TEXT NOT NULL DEFAULT '',
    decision_needed  TEXT NOT NULL DEFAULT '',
    reported_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reported_at      TEXT NOT NULL,
    UNIQUE (project_id, period)
);
CREATE INDEX status_reports_period ON status_reports (period, overall);

CREATE TABLE phase_changes (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    from_phase TEXT NOT NULL,
    to_phase   TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX phase_changes_project ON phase_changes (project_id, id);

CREATE TABLE milestones (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title      TEXT NOT NULL CHECK (title <> ''),
    due_date   TEXT NOT NULL,
    done_date  TEXT
);
CREATE INDEX milestones_project ON milestones (project_id, due_date);

CREATE TABLE risks (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (title <> ''),
    probability INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    consequence INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    mitigation  TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT '',
    open        INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1))
);
CREATE INDEX risks_project ON risks (project_id);
