-- Benefits realisation: benefits of projects, their realisation plans and measurements.

CREATE TABLE benefits (
    id                 INTEGER PRIMARY KEY,
    project_id         INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title              TEXT NOT NULL CHECK (title <> ''),
    type               TEXT NOT NULL CHECK (type IN ('economic', 'time', 'quality', 'dis_benefit')),
    indicator          TEXT NOT NULL DEFAULT '',
    unit               TEXT NOT NULL,
    owner              TEXT NOT NULL,
    owner_role         TEXT NOT NULL DEFAULT '',
    owner_municipality TEXT REFERENCES municipalities (number) ON UPDATE CASCADE,
    baseline           REAL NOT NULL,
    baseline_date      TEXT NOT NULL,
    target             REAL NOT NULL,
    target_date        TEXT NOT NULL,
    -- 0: the value of an hour comes from the settings (service area or default).
    hour_value_nok     INTEGER NOT NULL DEFAULT 0 CHECK (hour_value_nok >= 0),
    granularity        TEXT NOT NULL DEFAULT 'month' CHECK (granularity IN ('month', 'quarter')),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX benefits_project ON benefits (project_id);

CREATE TABLE benefit_plan (
    benefit_id INTEGER NOT NULL REFERENCES benefits (id) ON DELETE CASCADE,
    period     TEXT NOT NULL,
    value      REAL NOT NULL,
    PRIMARY KEY (benefit_id, period)
) WITHOUT ROWID;

CREATE TABLE benefit_measurements (
    id           INTEGER PRIMARY KEY,
    benefit_id   INTEGER NOT NULL REFERENCES benefits (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    -- '' is a measurement for the whole programme.
    municipality TEXT NOT NULL DEFAULT '',
    value        REAL NOT NULL,
    comment      TEXT NOT NULL DEFAULT '',
    user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    UNIQUE (benefit_id, period, municipality)
);
CREATE INDEX benefit_measurements_m ON benefit_measurements (municipality, benefit_id);
