-- A project gets its checklist when it is created (it used to get it the
-- first time someone opened it, a write on a read). Projects made since
-- 017 that nobody opened get theirs now, open, from the template.
INSERT INTO checklist_items (project_id, phase, title, mandatory, position)
    SELECT p.id, t.phase, t.title, t.mandatory, t.position
    FROM projects p, checklist_template t
    WHERE p.id NOT IN (SELECT project_id FROM checklist_items);
