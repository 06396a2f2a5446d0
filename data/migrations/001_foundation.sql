-- Foundation: settings, municipalities, users, sessions, API tokens, audit trail.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE municipalities (
    number     TEXT PRIMARY KEY CHECK (length(number) = 4 AND number GLOB '[0-9][0-9][0-9][0-9]'),
    name       TEXT NOT NULL CHECK (name <> ''),
    population INTEGER NOT NULL DEFAULT 0 CHECK (population >= 0),
    member     INTEGER NOT NULL DEFAULT 1 CHECK (member IN (0, 1)),
    updated_at TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'leader', 'steering', 'viewer')),
    municipality  TEXT REFERENCES municipalities (number) ON UPDATE CASCADE,
    lang          TEXT NOT NULL DEFAULT 'nb' CHECK (lang IN ('nb', 'en')),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label        TEXT NOT NULL DEFAULT '',
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action    TEXT NOT NULL,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_entity ON audit (entity, entity_id, id);
CREATE INDEX audit_at ON audit (at);
