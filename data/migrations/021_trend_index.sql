-- The overview's status trend reads each project's reports by when they
-- came (the newest before a month's end, those of the last twelve months)
-- from this index alone, instead of the reports' rows with their texts.
CREATE INDEX status_reports_received ON status_reports (project_id, reported_at, period, overall);
