-- samla: foreign_keys=off
-- The archive also keeps yearly statements and the reports sent to a
-- grant's funder (any file, not only a PDF samla made): the kind's CHECK
-- grows, which SQLite does by rebuilding the table.

CREATE TABLE report_archive_new (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('portfolio', 'project', 'municipality', 'meeting', 'statement', 'grant_report')),
    key          TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    filename     TEXT NOT NULL,
    pdf          BLOB NOT NULL,
    size         INTEGER NOT NULL,
    schedule_id  INTEGER,
    actor        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT 'application/pdf'
);
INSERT INTO report_archive_new (id, kind, key, title, filename, pdf, size, schedule_id, actor, created_at)
    SELECT id, kind, key, title, filename, pdf, size, schedule_id, actor, created_at FROM report_archive;
DROP TABLE report_archive;
ALTER TABLE report_archive_new RENAME TO report_archive;
CREATE INDEX report_archive_created ON report_archive (created_at);
