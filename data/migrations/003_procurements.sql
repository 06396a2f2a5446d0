-- Joint procurements: participants with weights, linked projects, stage
-- history, contract options. Municipalities get the date of their population.

ALTER TABLE municipalities ADD COLUMN population_date TEXT NOT NULL DEFAULT '2024-01-01';

CREATE TABLE procurements (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL CHECK (title <> ''),
    description         TEXT NOT NULL DEFAULT '',
    procedure           TEXT NOT NULL,
    stage               TEXT NOT NULL,
    estimated_value_nok INTEGER NOT NULL DEFAULT 0 CHECK (estimated_value_nok >= 0),
    lead_municipality   TEXT NOT NULL REFERENCES municipalities (number) ON UPDATE CASCADE,
    doffin_ref          TEXT NOT NULL DEFAULT '',
    supplier            TEXT NOT NULL DEFAULT '',
    contract_start      TEXT,
    contract_end        TEXT,
    annual_cost_nok     INTEGER NOT NULL DEFAULT 0 CHECK (annual_cost_nok >= 0),
    equal_pct           INTEGER NOT NULL DEFAULT 0 CHECK (equal_pct BETWEEN 0 AND 100),
    basis               TEXT NOT NULL DEFAULT 'population' CHECK (basis IN ('population', 'weights')),
    alone_cost_nok      INTEGER NOT NULL DEFAULT 0 CHECK (alone_cost_nok >= 0),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX procurements_contract_end ON procurements (contract_end);

CREATE TABLE procurement_municipalities (
    procurement_id INTEGER NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    municipality   TEXT NOT NULL REFERENCES municipalities (number) ON UPDATE CASCADE,
    weight         INTEGER NOT NULL DEFAULT 0 CHECK (weight >= 0),
    PRIMARY KEY (procurement_id, municipality)
) WITHOUT ROWID;
CREATE INDEX procurement_municipalities_m ON procurement_municipalities (municipality, procurement_id);

CREATE TABLE procurement_projects (
    procurement_id INTEGER NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    PRIMARY KEY (procurement_id, project_id)
) WITHOUT ROWID;
CREATE INDEX procurement_projects_p ON procurement_projects (project_id);

CREATE TABLE procurement_stages (
    id             INTEGER PRIMARY KEY,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    stage          TEXT NOT NULL,
    reached_on     TEXT NOT NULL,
    actor          TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX procurement_stages_p ON procurement_stages (procurement_id, id);

CREATE TABLE procurement_options (
    id             INTEGER PRIMARY KEY,
    procurement_id INTEGER NOT NULL REFERENCES procurements (id) ON DELETE CASCADE,
    description    TEXT NOT NULL DEFAULT '',
    deadline       TEXT NOT NULL,
    decision       TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'exercised', 'declined'))
);
CREATE INDEX procurement_options_deadline ON procurement_options (deadline);
