-- Public pages (offentleglova) and the network of other samla sites.
-- A project is public only when marked so, its budget only when that too is
-- marked; a case may be exempt from public access with its legal basis and
-- an optional public title. Peers are other networks' samla sites whose
-- public catalogue is read every hour; the last good copy is kept.

ALTER TABLE projects ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1));
ALTER TABLE projects ADD COLUMN budget_public INTEGER NOT NULL DEFAULT 0 CHECK (budget_public IN (0, 1));
CREATE INDEX projects_public ON projects (public, archived);

ALTER TABLE cases ADD COLUMN exempt INTEGER NOT NULL DEFAULT 0 CHECK (exempt IN (0, 1));
ALTER TABLE cases ADD COLUMN exempt_basis TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN public_title TEXT NOT NULL DEFAULT '';


CREATE TABLE peers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL DEFAULT '',
    base_url      TEXT NOT NULL UNIQUE CHECK (base_url <> ''),
    -- the conditional-request validators of the last good read
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_read     TEXT,
    last_error    TEXT NOT NULL DEFAULT '',
    last_error_at TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- The peer's catalogue as last read well: one row per project.
CREATE TABLE peer_projects (
    peer_id        INTEGER NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
    remote_id      INTEGER NOT NULL,
    title          TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '',
    service_area   TEXT NOT NULL DEFAULT '',
    phase          TEXT NOT NULL DEFAULT '',
    municipalities TEXT NOT NULL DEFAULT '',
    start_date     TEXT,
    end_date       TEXT,
    solutions      TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL DEFAULT '',
    -- folded title, summary and solutions for Norwegian search (models.Fold)
    search         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (peer_id, remote_id)
);
