-- The archive of generated PDF reports: who, when, which report, the file.

CREATE TABLE report_archive (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('portfolio', 'project', 'municipality', 'meeting')),
    key         TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL,
    filename    TEXT NOT NULL,
    pdf         BLOB NOT NULL,
    size        INTEGER NOT NULL,
    schedule_id INTEGER,
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX report_archive_created ON report_archive (created_at);
