package data

import (
	"context"
	"fmt"

	"samla/models"
)

// AgreementDocument is a signed intent agreement to keep in the archive.
type AgreementDocument struct {
	Title, Filename string
	PDF             []byte
}

// SetRolloutWithAgreement archives a signed intent agreement (when doc is
// not nil) and sets the rollout row pointing to it, in one transaction.
func (db *DB) SetRolloutWithAgreement(ctx context.Context, actor models.Actor, r models.Rollout, doc *AgreementDocument) (models.Rollout, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		if doc != nil {
			id, err := tx.ArchiveReport(ArchivedReport{Kind: "agreement", Key: fmt.Sprintf("%d/%s", r.SolutionID, r.Municipality),
				Title: doc.Title, Filename: doc.Filename}, doc.PDF)
			if err != nil {
				return err
			}
			r.AgreementArchiveID = id
		}
		var err error
		r, err = tx.SetRollout(r)
		return err
	})
	return r, err
}

// Agreement is a member municipality's signed intent agreement for a
// solution.
type Agreement struct {
	Municipality models.Municipality
	Date         models.Date
	ArchiveID    int64
}

// Agreements lists who has signed an intent agreement for a solution, by
// the day they signed.
func (db *DB) Agreements(ctx context.Context, solutionID int64) ([]Agreement, error) {
	return queryList(ctx, db.read, "agreements", func(row rowScanner) (Agreement, error) {
		var a Agreement
		var d string
		err := row.Scan(&a.Municipality.Number, &a.Municipality.Name, &d, &a.ArchiveID)
		a.Date, _ = models.ParseDate(d)
		return a, err
	}, `SELECT m.number, m.name, coalesce(r.agreement_date, ''), coalesce(r.agreement_archive_id, 0)
		FROM rollouts r JOIN municipalities m ON m.number = r.municipality AND m.member = 1
		WHERE r.solution_id = ? AND (r.agreement_date IS NOT NULL OR r.agreement_archive_id IS NOT NULL)
		ORDER BY coalesce(r.agreement_date, ''), m.name`, solutionID)
}
