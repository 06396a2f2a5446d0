package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"samla/models"
)

// ChecklistTemplate lists the template's items phase by phase.
func (db *DB) ChecklistTemplate(ctx context.Context) ([]models.TemplateItem, error) {
	return checklistTemplate(ctx, db.read)
}

func checklistTemplate(ctx context.Context, q queryer) ([]models.TemplateItem, error) {
	return queryList(ctx, q, "checklist template", func(r rowScanner) (models.TemplateItem, error) {
		var t models.TemplateItem
		err := r.Scan(&t.Phase, &t.Title, &t.Mandatory)
		return t, err
	}, `SELECT phase, title, mandatory FROM checklist_template ORDER BY `+phaseOrder("phase")+`, position, id`)
}

// phaseOrder sorts a phase column in the order of the phases.
func phaseOrder(col string) string {
	return strings.Replace(phaseOrderSQL, "p.phase", col, 1)
}

// SetChecklistTemplate replaces the template. Projects that have their
// checklist already keep it; the new template applies to the rest.
func (db *DB) SetChecklistTemplate(ctx context.Context, actor models.Actor, list []models.TemplateItem) ([]models.TemplateItem, error) {
	if err := models.ValidateTemplate(list); err != nil {
		return nil, err
	}
	var out []models.TemplateItem
	err := db.Update(ctx, actor, func(tx *Tx) error {
		before, err := checklistTemplate(tx.ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM checklist_template`); err != nil {
			return fmt.Errorf("data: set checklist template: %w", err)
		}
		for n, t := range list {
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO checklist_template (phase, title, mandatory, position) VALUES (?, ?, ?, ?)`,
				t.Phase, models.TrimText(t.Title), boolInt(t.Mandatory), n+1); err != nil {
				return fmt.Errorf("data: set checklist template: %w", err)
			}
		}
		if out, err = checklistTemplate(tx.ctx, tx); err != nil {
			return err
		}
		return tx.Audit("checklist_template", "", "update", before, out)
	})
	return out, err
}

const checklistColumns = `id, project_id, phase, title, mandatory, status, reason, url, coalesce(archive_id, 0), filename, checksum, done_by, coalesce(done_at, '')`

func scanChecklistItem(r rowScanner) (models.ChecklistItem, error) {
	var i models.ChecklistItem
	var at string
	err := r.Scan(&i.ID, &i.ProjectID, &i.Phase, &i.Title, &i.Mandatory, &i.Status, &i.Reason, &i.URL, &i.ArchiveID, &i.Filename, &i.Checksum, &i.DoneBy, &at)
	if at != "" {
		i.DoneAt = parseTime(at)
	}
	return i, err
}

func checklistItems(ctx context.Context, q queryer, projectID int64) ([]models.ChecklistItem, error) {
	return queryList(ctx, q, "checklist", scanChecklistItem, `SELECT `+checklistColumns+` FROM checklist_items WHERE project_id = ?
		ORDER BY `+phaseOrder("phase")+`, position, id`, projectID)
}

// Checklist returns a project's checklist, phase by phase (a project gets
// its checklist from the template when it is created).
func (db *DB) Checklist(ctx context.Context, projectID int64) ([]models.ChecklistItem, error) {
	if _, err := db.Project(ctx, projectID); err != nil {
		return nil, err
	}
	return checklistItems(ctx, db.read, projectID)
}

// makeChecklist gives a new project the template's checklist.
func (tx *Tx) makeChecklist(projectID int64) error {
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO checklist_items (project_id, phase, title, mandatory, position)
		SELECT ?, phase, title, mandatory, position FROM checklist_template`, projectID); err != nil {
		return fmt.Errorf("data: make checklist: %w", err)
	}
	return nil
}

// checkChecklist refuses a forward phase change while mandatory items of
// the phase left (or skipped) are open, unless a reason to go on is given.
func (tx *Tx) checkChecklist(projectID int64, from, to, override string) error {
	phases := models.PhasesPassed(from, to)
	if len(phases) == 0 {
		return nil
	}
	items, err := checklistItems(tx.ctx, tx, projectID)
	if err != nil {
		return err
	}
	open := models.OpenMandatory(items, phases)
	if len(open) > 0 && strings.TrimSpace(override) == "" {
		return &models.ChecklistOpenError{Items: open}
	}
	return nil
}

// Document is a file uploaded to show that a checklist item is done.
type Document struct {
	Filename    string
	ContentType string
	Body        []byte
}

// UpdateChecklistItem sets an item open, done (with a link, or a document
// that is archived as uploaded with its SHA-256) or not relevant (with a
// reason), recording who and when.
func (db *DB) UpdateChecklistItem(ctx context.Context, actor models.Actor, item models.ChecklistItem, doc *Document) (models.ChecklistItem, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		before, err := scanChecklistItem(tx.QueryRowContext(tx.ctx, `SELECT `+checklistColumns+` FROM checklist_items WHERE id = ? AND project_id = ?`, item.ID, item.ProjectID))
		if err != nil {
			return notFound(err, "get checklist item")
		}
		item.Phase, item.Title, item.Mandatory = before.Phase, before.Title, before.Mandatory
		if item.ArchiveID == 0 {
			item.ArchiveID, item.Filename, item.Checksum = before.ArchiveID, before.Filename, before.Checksum
		}
		if doc != nil {
			sum := sha256.Sum256(doc.Body)
			item.Checksum = hex.EncodeToString(sum[:])
			item.Filename = doc.Filename
			if item.ArchiveID, err = tx.archiveFile("project", fmt.Sprintf("checklist:%d", item.ID), item.Title, doc); err != nil {
				return err
			}
		}
		if item.Status != models.ItemDone {
			item.URL = ""
		}
		if item.Status == models.ItemOpen {
			item.Reason = ""
		}
		if err := item.Validate(); err != nil {
			return err
		}
		doneAt := sql.NullString{}
		item.DoneBy = ""
		if item.Status != models.ItemOpen {
			item.DoneBy, doneAt = tx.actor.String(), sql.NullString{String: tx.now, Valid: true}
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE checklist_items SET status = ?, reason = ?, url = ?, archive_id = ?, filename = ?, checksum = ?,
			done_by = ?, done_at = ? WHERE id = ?`, item.Status, item.Reason, item.URL, nullID(item.ArchiveID), item.Filename, item.Checksum,
			item.DoneBy, doneAt, item.ID); err != nil {
			return fmt.Errorf("data: update checklist item: %w", err)
		}
		after, err := scanChecklistItem(tx.QueryRowContext(tx.ctx, `SELECT `+checklistColumns+` FROM checklist_items WHERE id = ?`, item.ID))
		if err != nil {
			return err
		}
		item = after
		return tx.Audit("checklist_item", fmt.Sprint(item.ID), "update", before, after)
	})
	return item, err
}

// archiveFile keeps an uploaded file in the report archive as it came,
// with its content type.
func (tx *Tx) archiveFile(kind, key, title string, doc *Document) (int64, error) {
	ct := doc.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO report_archive (kind, key, title, filename, pdf, size, actor, created_at, content_type)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, kind, key, title, doc.Filename, doc.Body, len(doc.Body), tx.actor.String(), tx.now, ct)
	if err != nil {
		return 0, fmt.Errorf("data: archive file: %w", err)
	}
	id, _ := res.LastInsertId()
	return id, tx.Audit("report", fmt.Sprint(id), "archive", nil, map[string]any{"kind": kind, "key": key, "filename": doc.Filename, "size": len(doc.Body)})
}

// ChecklistDocument returns the document archived for a checklist item.
func (db *DB) ChecklistDocument(ctx context.Context, projectID, itemID int64) (Document, error) {
	var d Document
	err := db.read.QueryRowContext(ctx, `SELECT a.filename, a.content_type, a.pdf FROM checklist_items i JOIN report_archive a ON a.id = i.archive_id
		WHERE i.id = ? AND i.project_id = ?`, itemID, projectID).Scan(&d.Filename, &d.ContentType, &d.Body)
	if err != nil {
		return d, notFound(err, "checklist document")
	}
	return d, nil
}

// ChecklistWork lists, for a project leader, the projects they lead whose
// current phase has mandatory items open (editors: every active project's);
// due is the project's end date when it has one.
func (db *DB) ChecklistWork(ctx context.Context, u models.User) ([]models.WorkItem, error) {
	if !u.Role.EditsPortfolio() && u.Role != models.RoleLeader {
		return []models.WorkItem{}, nil
	}
	q := `SELECT p.id, p.title, coalesce(p.end_date, ''), count(*) FROM projects p JOIN checklist_items i ON i.project_id = p.id AND i.phase = p.phase
		WHERE p.archived = 0 AND i.mandatory = 1 AND i.status = 'open' AND (? = 0 OR p.leader_id = ?) GROUP BY p.id ORDER BY p.id`
	leader := int64(0)
	if !u.Role.EditsPortfolio() {
		leader = u.ID
	}
	rows, err := db.read.QueryContext(ctx, q, leader, leader)
	if err != nil {
		return nil, fmt.Errorf("data: checklist work: %w", err)
	}
	defer rows.Close()
	today := db.today()
	out := []models.WorkItem{}
	for rows.Next() {
		var w models.WorkItem
		var end string
		var n int
		if err := rows.Scan(&w.RefID, &w.Title, &end, &n); err != nil {
			return nil, fmt.Errorf("data: checklist work: %w", err)
		}
		w.Kind, w.URL = models.WorkChecklist, fmt.Sprintf("/projects/%d/checklist", w.RefID)
		w.Due, _ = models.ParseDate(end)
		w.Overdue = !w.Due.IsZero() && w.Due.Before(today)
		out = append(out, w)
	}
	models.SortWork(out)
	return out, rows.Err()
}
