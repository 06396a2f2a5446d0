-- A benefit may carry explicit targets per municipality: each municipality's
-- part of the change from baseline to target, in the benefit's unit.
-- Without them a municipality's share follows its population among the
-- project's municipalities (models.Benefit.ShareOf).
CREATE TABLE benefit_targets (
    benefit_id   INTEGER NOT NULL REFERENCES benefits (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL REFERENCES municipalities (number),
    target       REAL NOT NULL,
    PRIMARY KEY (benefit_id, municipality)
);
