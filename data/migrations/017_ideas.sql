-- From idea to realised benefit: ideas with supporters and weighted
-- scores, phase checklists from an editable template, the project log
-- whose shared entries are the cooperation's lessons, and the project
-- leader's own assessment for the final report.

CREATE TABLE idea_criteria (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (name <> ''),
    weight      INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO idea_criteria (name, weight, description, position) VALUES
    ('Nytte for innbyggerne', 25, 'Hvor mye bedre blir tjenesten for innbyggerne?', 1),
    ('Nytte for kommunene', 20, 'Gevinster i kroner eller timer for kommunene', 2),
    ('Antall kommuner som vil ha det', 15, 'Hvor mange kommuner har sluttet seg til?', 3),
    ('Nasjonal eller regional strategi', 15, 'Støtter idéen nasjonale eller regionale mål?', 4),
    ('Gjennomførbarhet og risiko', 15, 'Høy poengsum: lett å gjennomføre, lav risiko', 5),
    ('Kostnad', 10, 'Høy poengsum: lav kostnad', 6);

CREATE TABLE ideas (
    id                 INTEGER PRIMARY KEY,
    title              TEXT NOT NULL CHECK (title <> ''),
    need               TEXT NOT NULL DEFAULT '',
    proposal           TEXT NOT NULL DEFAULT '',
    service_area       TEXT NOT NULL,
    municipality       TEXT NOT NULL REFERENCES municipalities (number),
    expected_benefits  TEXT NOT NULL DEFAULT '',
    estimated_cost_nok INTEGER NOT NULL DEFAULT 0,
    status             TEXT NOT NULL CHECK (status IN ('submitted', 'assessing', 'prioritised', 'approved', 'rejected', 'parked')),
    status_reason      TEXT NOT NULL DEFAULT '',
    case_id            INTEGER REFERENCES cases (id) ON DELETE SET NULL,
    project_id         INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    submitted_by       TEXT NOT NULL DEFAULT '',
    search             TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX ideas_status ON ideas (status);

CREATE TABLE idea_supporters (
    idea_id      INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL REFERENCES municipalities (number),
    name         TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    date         TEXT NOT NULL,
    PRIMARY KEY (idea_id, municipality)
);

CREATE TABLE idea_scores (
    idea_id      INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES idea_criteria (id) ON DELETE CASCADE,
    score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (idea_id, criterion_id)
);

-- A case may put an idea before the steering group; its outcome
-- (approved, rejected, parked) is applied when it is decided.
ALTER TABLE cases ADD COLUMN idea_id INTEGER REFERENCES ideas (id) ON DELETE SET NULL;
ALTER TABLE cases ADD COLUMN idea_outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN idea_id INTEGER REFERENCES ideas (id) ON DELETE SET NULL;
-- A phase change past open mandatory checklist items says why.
ALTER TABLE phase_changes ADD COLUMN checklist_override TEXT NOT NULL DEFAULT '';

CREATE TABLE checklist_template (
    id        INTEGER PRIMARY KEY,
    phase     TEXT NOT NULL CHECK (phase IN ('idea', 'concept', 'planning', 'execution', 'closing', 'realisation')),
    title     TEXT NOT NULL CHECK (title <> ''),
    mandatory INTEGER NOT NULL DEFAULT 0,
    position  INTEGER NOT NULL DEFAULT 0
);
-- Prosjektveiviseren's products and checkpoints, phase by phase.
INSERT INTO checklist_template (phase, title, mandatory, position) VALUES
    ('idea', 'Idéen er beskrevet og behovet begrunnet', 1, 1),
    ('idea', 'Mandat for konseptfasen', 1, 2),
    ('concept', 'Alternative løsninger er vurdert', 0, 1),
    ('concept', 'Prosjektbegrunnelse', 1, 2),
    ('concept', 'Prosjektforslag', 1, 3),
    ('planning', 'Styringsdokument', 1, 1),
    ('planning', 'Gevinstrealiseringsplan', 1, 2),
    ('planning', 'Faseplan for gjennomføringsfasen', 1, 3),
    ('planning', 'Risikovurdering', 0, 4),
    ('planning', 'Kommunikasjonsplan', 0, 5),
    ('execution', 'Leveransene er godkjent av mottakerne', 1, 1),
    ('execution', 'Avslutningsanbefaling', 1, 2),
    ('execution', 'Opplæring i kommunene', 0, 3),
    ('closing', 'Sluttrapport', 1, 1),
    ('closing', 'Erfaringslogg', 1, 2),
    ('closing', 'Overlevering til linjeorganisasjonen', 0, 3),
    ('realisation', 'Gevinstene er målt og rapportert', 1, 1),
    ('realisation', 'Gevinstrealiseringsplanen er oppdatert', 0, 2);

CREATE TABLE checklist_items (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    phase      TEXT NOT NULL,
    title      TEXT NOT NULL,
    mandatory  INTEGER NOT NULL DEFAULT 0,
    position   INTEGER NOT NULL DEFAULT 0,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'not_relevant')),
    reason     TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL DEFAULT '',
    archive_id INTEGER REFERENCES report_archive (id) ON DELETE SET NULL,
    filename   TEXT NOT NULL DEFAULT '',
    checksum   TEXT NOT NULL DEFAULT '',
    done_by    TEXT NOT NULL DEFAULT '',
    done_at    TEXT
);
CREATE INDEX checklist_items_project ON checklist_items (project_id, phase, position);

-- Projects that existed before the checklists keep their history
-- unblocked: the phases they have been through, and the one they are in,
-- are marked as not relevant with a reason; later phases are open.
INSERT INTO checklist_items (project_id, phase, title, mandatory, position, status, reason, done_by, done_at)
    SELECT p.id, t.phase, t.title, t.mandatory, t.position,
        CASE WHEN p.phase IN ('done', 'cancelled') OR
            (CASE t.phase WHEN 'idea' THEN 0 WHEN 'concept' THEN 1 WHEN 'planning' THEN 2 WHEN 'execution' THEN 3 WHEN 'closing' THEN 4 ELSE 5 END) <=
            (CASE p.phase WHEN 'idea' THEN 0 WHEN 'concept' THEN 1 WHEN 'planning' THEN 2 WHEN 'execution' THEN 3 WHEN 'closing' THEN 4 ELSE 5 END)
            THEN 'not_relevant' ELSE 'open' END,
        CASE WHEN p.phase IN ('done', 'cancelled') OR
            (CASE t.phase WHEN 'idea' THEN 0 WHEN 'concept' THEN 1 WHEN 'planning' THEN 2 WHEN 'execution' THEN 3 WHEN 'closing' THEN 4 ELSE 5 END) <=
            (CASE p.phase WHEN 'idea' THEN 0 WHEN 'concept' THEN 1 WHEN 'planning' THEN 2 WHEN 'execution' THEN 3 WHEN 'closing' THEN 4 ELSE 5 END)
            THEN 'Fra før sjekklistene' ELSE '' END,
        '', NULL
    FROM projects p, checklist_template t;

CREATE TABLE log_entries (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('lesson', 'event', 'change', 'other')),
    title          TEXT NOT NULL CHECK (title <> ''),
    description    TEXT NOT NULL DEFAULT '',
    consequence    TEXT NOT NULL DEFAULT '',
    recommendation TEXT NOT NULL DEFAULT '',
    shared         INTEGER NOT NULL DEFAULT 0,
    author         TEXT NOT NULL DEFAULT '',
    date           TEXT NOT NULL,
    search         TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX log_entries_project ON log_entries (project_id, date);
CREATE INDEX log_entries_shared ON log_entries (shared, date);

CREATE TABLE log_entry_solutions (
    entry_id    INTEGER NOT NULL REFERENCES log_entries (id) ON DELETE CASCADE,
    solution_id INTEGER NOT NULL REFERENCES solutions (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, solution_id)
);
CREATE INDEX log_entry_solutions_solution ON log_entry_solutions (solution_id);

-- The project leader's own assessment, printed in the final report.
CREATE TABLE final_assessments (
    project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    text       TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
