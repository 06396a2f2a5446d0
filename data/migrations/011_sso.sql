-- Sign-in with the municipality's own account (OpenID Connect). A provider's
-- client secret is stored encrypted (AES-GCM with a key kept outside the
-- database). Each login attempt is kept until its callback, once.

CREATE TABLE sso_providers (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL CHECK (name <> ''),
    issuer         TEXT NOT NULL,
    client_id      TEXT NOT NULL,
    secret_enc     BLOB NOT NULL,
    municipality   TEXT REFERENCES municipalities (number) ON UPDATE CASCADE,
    domains        TEXT NOT NULL DEFAULT '',
    default_role   TEXT NOT NULL DEFAULT 'viewer',
    groups_claim   TEXT NOT NULL DEFAULT '',
    group_roles    TEXT NOT NULL DEFAULT '{}',
    password_off   INTEGER NOT NULL DEFAULT 0 CHECK (password_off IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE sso_logins (
    state_hash   TEXT PRIMARY KEY,
    provider_id  INTEGER NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
    nonce        TEXT NOT NULL,
    verifier     TEXT NOT NULL,
    next         TEXT NOT NULL DEFAULT '/',
    created_at   TEXT NOT NULL,
    used_at      TEXT
);
CREATE INDEX sso_logins_created ON sso_logins (created_at);

ALTER TABLE users ADD COLUMN sso_provider_id INTEGER REFERENCES sso_providers (id) ON DELETE SET NULL;
ALTER TABLE users ADD COLUMN sso_subject TEXT;
CREATE UNIQUE INDEX users_sso ON users (sso_provider_id, sso_subject) WHERE sso_subject IS NOT NULL;
ALTER TABLE sessions ADD COLUMN sso_provider_id INTEGER;
