-- The cooperation's money: population per year (the one registered on
-- 1 January counts for the year's keys), grants, the members' yearly
-- contribution and each project's funding per year.

CREATE TABLE populations (
    municipality TEXT NOT NULL REFERENCES municipalities (number) ON UPDATE CASCADE ON DELETE CASCADE,
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    population   INTEGER NOT NULL CHECK (population >= 0),
    PRIMARY KEY (municipality, year)
) WITHOUT ROWID;
INSERT INTO populations (municipality, year, population)
    SELECT number, CAST(substr(population_date, 1, 4) AS INTEGER), population FROM municipalities;

CREATE TABLE grants (
    id            INTEGER PRIMARY KEY,
    funder        TEXT NOT NULL CHECK (funder <> ''),
    scheme        TEXT NOT NULL CHECK (scheme IN ('skjonnsmidler', 'digifin', 'helseteknologi', 'other')),
    title         TEXT NOT NULL CHECK (title <> ''),
    applied_nok   INTEGER NOT NULL DEFAULT 0 CHECK (applied_nok >= 0),
    granted_nok   INTEGER NOT NULL DEFAULT 0 CHECK (granted_nok >= 0),
    applied_date  TEXT,
    decision_date TEXT,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'applied', 'granted', 'rejected', 'reported', 'closed')),
    conditions    TEXT NOT NULL DEFAULT '',
    report_due    TEXT,
    reported_date TEXT,
    report_archive_id INTEGER REFERENCES report_archive (id) ON DELETE SET NULL,
    case_id       INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX grants_due ON grants (status, report_due);

CREATE TABLE grant_projects (
    grant_id   INTEGER NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    PRIMARY KEY (grant_id, project_id)
) WITHOUT ROWID;

-- A cost key as JSON: {"equal_pct": 30, "basis": "population"} or with weights.
CREATE TABLE contributions (
    year       INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2200),
    total_nok  INTEGER NOT NULL CHECK (total_nok >= 0),
    cost_key   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE project_funding (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    year       INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    source     TEXT NOT NULL CHECK (source IN ('grant', 'municipalities', 'other')),
    amount_nok INTEGER NOT NULL CHECK (amount_nok >= 0),
    grant_id   INTEGER REFERENCES grants (id) ON DELETE SET NULL,
    cost_key   TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_funding_year ON project_funding (year, project_id);
