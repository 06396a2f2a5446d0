package data

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"samla/models"
)

// IdeaCriteria lists the scoring criteria in their order.
func (db *DB) IdeaCriteria(ctx context.Context) ([]models.Criterion, error) {
	return ideaCriteria(ctx, db.read)
}

func ideaCriteria(ctx context.Context, q queryer) ([]models.Criterion, error) {
	return queryList(ctx, q, "list idea criteria", func(r rowScanner) (models.Criterion, error) {
		var c models.Criterion
		err := r.Scan(&c.ID, &c.Name, &c.Weight, &c.Description)
		return c, err
	}, `SELECT id, name, weight, description FROM idea_criteria ORDER BY position, id`)
}

// SetIdeaCriteria replaces the criteria: those with a known id are changed,
// those without are added, and those left out are removed with their scores.
func (db *DB) SetIdeaCriteria(ctx context.Context, actor models.Actor, list []models.Criterion) ([]models.Criterion, error) {
	if err := models.ValidateCriteria(list); err != nil {
		return nil, err
	}
	var out []models.Criterion
	err := db.Update(ctx, actor, func(tx *Tx) error {
		before, err := ideaCriteria(tx.ctx, tx)
		if err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, c := range before {
			known[c.ID] = true
		}
		keep := []any{}
		for n, c := range list {
			name := models.TrimText(c.Name)
			switch {
			case c.ID != 0 && known[c.ID]:
				_, err = tx.ExecContext(tx.ctx, `UPDATE idea_criteria SET name = ?, weight = ?, description = ?, position = ? WHERE id = ?`,
					name, c.Weight, strings.TrimSpace(c.Description), n+1, c.ID)
				keep = append(keep, c.ID)
			case c.ID != 0:
				return models.FieldErrors{fmt.Sprintf("criteria[%d].id", n): "unknown"}.Err()
			default:
				var res interface{ LastInsertId() (int64, error) }
				res, err = tx.ExecContext(tx.ctx, `INSERT INTO idea_criteria (name, weight, description, position) VALUES (?, ?, ?, ?)`,
					name, c.Weight, strings.TrimSpace(c.Description), n+1)
				if err == nil {
					id, _ := res.LastInsertId()
					keep = append(keep, id)
				}
			}
			if err != nil {
				return fmt.Errorf("data: set idea criteria: %w", err)
			}
		}
		q := `DELETE FROM idea_criteria WHERE id NOT IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(keep)), ", ") + `)`
		if _, err := tx.ExecContext(tx.ctx, q, keep...); err != nil {
			return fmt.Errorf("data: set idea criteria: %w", err)
		}
		if out, err = ideaCriteria(tx.ctx, tx); err != nil {
			return err
		}
		return tx.Audit("idea_criteria", "", "update", before, out)
	})
	return out, err
}

const ideaColumns = `i.id, i.title, i.need, i.proposal, i.service_area, i.municipality, coalesce(m.name, ''), i.expected_benefits,
	i.estimated_cost_nok, i.status, i.status_reason, coalesce(i.case_id, 0), coalesce(i.project_id, 0), i.submitted_by, i.created_at, i.updated_at`

const ideaFrom = ` FROM ideas i LEFT JOIN municipalities m ON m.number = i.municipality`

func scanIdea(r rowScanner) (models.Idea, error) {
	var i models.Idea
	var created, updated string
	err := r.Scan(&i.ID, &i.Title, &i.Need, &i.Proposal, &i.ServiceArea, &i.Municipality, &i.MunicipalityName, &i.ExpectedBenefits,
		&i.EstimatedCostNOK, &i.Status, &i.StatusReason, &i.CaseID, &i.ProjectID, &i.SubmittedBy, &created, &updated)
	i.CreatedAt, i.UpdatedAt = parseTime(created), parseTime(updated)
	i.Supporters, i.Scores = []models.Supporter{}, []models.IdeaScore{}
	return i, err
}

// IdeaFilter narrows the idea list; empty fields match everything.
type IdeaFilter struct {
	Status       string
	ServiceArea  string
	Municipality string // proposer or supporter
	Query        string
}

func (f IdeaFilter) keeps(i models.Idea) bool {
	if f.Status != "" && i.Status != f.Status || f.ServiceArea != "" && i.ServiceArea != f.ServiceArea {
		return false
	}
	if f.Municipality != "" && !i.Wants(f.Municipality) {
		return false
	}
	if q := models.Fold(strings.TrimSpace(f.Query)); q != "" {
		return strings.Contains(ideaSearch(&i), q)
	}
	return true
}

func ideaSearch(i *models.Idea) string {
	return models.Fold(strings.Join([]string{i.Title, i.Need, i.Proposal, i.ExpectedBenefits}, "\n"))
}

// Ideas lists the ideas that match f in the order of the prioritisation
// list: ranked ones by their weighted total first, then the rest, newest
// first. Ranks are over every idea, whatever the filter keeps.
func (db *DB) Ideas(ctx context.Context, f IdeaFilter) ([]models.Idea, error) {
	all, _, err := db.allIdeas(ctx, db.read)
	if err != nil {
		return nil, err
	}
	out := []models.Idea{}
	for _, i := range all {
		if f.keeps(i) {
			out = append(out, i)
		}
	}
	return out, nil
}

func (db *DB) allIdeas(ctx context.Context, q queryer) ([]models.Idea, []models.Criterion, error) {
	list, err := queryList(ctx, q, "list ideas", scanIdea, `SELECT `+ideaColumns+ideaFrom+` ORDER BY i.created_at DESC, i.id DESC`)
	if err != nil {
		return nil, nil, err
	}
	byID := map[int64]*models.Idea{}
	for n := range list {
		byID[list[n].ID] = &list[n]
	}
	rows, err := q.QueryContext(ctx, `SELECT idea_id, municipality, name, email, date FROM idea_supporters ORDER BY date, municipality`)
	if err != nil {
		return nil, nil, fmt.Errorf("data: idea supporters: %w", err)
	}
	for rows.Next() {
		var id int64
		var s models.Supporter
		var date string
		if err := rows.Scan(&id, &s.Municipality, &s.Name, &s.Email, &date); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("data: idea supporters: %w", err)
		}
		s.Date, _ = models.ParseDate(date)
		if i := byID[id]; i != nil {
			i.Supporters = append(i.Supporters, s)
		}
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT idea_id, criterion_id, score FROM idea_scores ORDER BY idea_id, criterion_id`)
	if err != nil {
		return nil, nil, fmt.Errorf("data: idea scores: %w", err)
	}
	for rows.Next() {
		var id int64
		var s models.IdeaScore
		if err := rows.Scan(&id, &s.CriterionID, &s.Score); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("data: idea scores: %w", err)
		}
		if i := byID[id]; i != nil {
			i.Scores = append(i.Scores, s)
		}
	}
	rows.Close()
	criteria, err := ideaCriteria(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	models.RankIdeas(list, criteria)
	return list, criteria, nil
}

// Idea returns one idea with its supporters, scores and rank.
func (db *DB) Idea(ctx context.Context, id int64) (models.Idea, error) {
	return db.idea(ctx, db.read, id)
}

func (db *DB) idea(ctx context.Context, q queryer, id int64) (models.Idea, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM ideas WHERE id = ?`, id).Scan(&n); err != nil {
		return models.Idea{}, fmt.Errorf("data: get idea: %w", err)
	}
	if n == 0 {
		return models.Idea{}, models.ErrNotFound
	}
	all, _, err := db.allIdeas(ctx, q)
	if err != nil {
		return models.Idea{}, err
	}
	for _, i := range all {
		if i.ID == id {
			return i, nil
		}
	}
	return models.Idea{}, models.ErrNotFound
}

func (tx *Tx) idea(id int64) (models.Idea, error) { return tx.db.idea(tx.ctx, tx, id) }

func (tx *Tx) checkIdeaRefs(i *models.Idea) error {
	f := models.FieldErrors{}
	if err := i.Validate(); err != nil {
		for k, v := range models.Fields(err) {
			f.Add(k, v)
		}
	}
	if _, ok := f["municipality"]; !ok {
		if _, err := getMunicipality(tx.ctx, tx, i.Municipality); errors.Is(err, models.ErrNotFound) {
			f.Add("municipality", "unknown")
		} else if err != nil {
			return err
		}
	}
	return f.Err()
}

// CreateIdea registers a submitted idea.
func (db *DB) CreateIdea(ctx context.Context, actor models.Actor, i models.Idea) (models.Idea, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		i, err = tx.CreateIdea(i)
		return err
	})
	return i, err
}

// CreateIdea registers an idea inside a transaction.
func (tx *Tx) CreateIdea(i models.Idea) (models.Idea, error) {
	if i.Status == "" {
		i.Status = models.IdeaSubmitted
	}
	if err := tx.checkIdeaRefs(&i); err != nil {
		return i, err
	}
	if i.SubmittedBy == "" {
		i.SubmittedBy = tx.actor.String()
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO ideas (title, need, proposal, service_area, municipality, expected_benefits, estimated_cost_nok,
		status, status_reason, submitted_by, search, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		i.Title, i.Need, i.Proposal, i.ServiceArea, i.Municipality, i.ExpectedBenefits, i.EstimatedCostNOK,
		i.Status, i.StatusReason, i.SubmittedBy, ideaSearch(&i), tx.now, tx.now)
	if err != nil {
		return i, fmt.Errorf("data: create idea: %w", err)
	}
	i.ID, _ = res.LastInsertId()
	created, err := tx.idea(i.ID)
	if err != nil {
		return i, err
	}
	return created, tx.Audit("idea", fmt.Sprint(i.ID), "create", nil, created)
}

// UpdateIdea saves a changed idea. An approved idea has become a project:
// it no longer changes.
func (db *DB) UpdateIdea(ctx context.Context, actor models.Actor, i models.Idea) (models.Idea, error) {
	err := db.Update(ctx, actor, func(tx *Tx) error {
		var err error
		i, err = tx.UpdateIdea(i)
		return err
	})
	return i, err
}

// UpdateIdea saves a changed idea inside a transaction.
func (tx *Tx) UpdateIdea(i models.Idea) (models.Idea, error) {
	before, err := tx.idea(i.ID)
	if err != nil {
		return i, err
	}
	if before.Status == models.IdeaApproved {
		return i, models.Errorf(models.ECONFLICT, "the idea is approved and has become a project; change the project instead")
	}
	if i.Status == models.IdeaApproved {
		return i, models.FieldErrors{"status": "by_decision"}.Err()
	}
	if err := tx.checkIdeaRefs(&i); err != nil {
		return i, err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE ideas SET title = ?, need = ?, proposal = ?, service_area = ?, municipality = ?,
		expected_benefits = ?, estimated_cost_nok = ?, status = ?, status_reason = ?, search = ?, updated_at = ? WHERE id = ?`,
		i.Title, i.Need, i.Proposal, i.ServiceArea, i.Municipality, i.ExpectedBenefits, i.EstimatedCostNOK, i.Status, i.StatusReason,
		ideaSearch(&i), tx.now, i.ID); err != nil {
		return i, fmt.Errorf("data: update idea: %w", err)
	}
	after, err := tx.idea(i.ID)
	if err != nil {
		return i, err
	}
	return after, tx.Audit("idea", fmt.Sprint(i.ID), "update", before, after)
}

// IdeaByTitle finds an idea by its exact title (the newest when several).
func (tx *Tx) IdeaByTitle(title string) (models.Idea, error) {
	var id int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT id FROM ideas WHERE title = ? ORDER BY id DESC LIMIT 1`, title).Scan(&id); err != nil {
		return models.Idea{}, notFound(err, "find idea")
	}
	return tx.idea(id)
}

// SupportIdea adds a municipality to those that want the idea, with who
// said so and when; a second time changes nothing. The proposer does not
// join its own idea.
func (db *DB) SupportIdea(ctx context.Context, actor models.Actor, id int64, s models.Supporter) (models.Idea, error) {
	var out models.Idea
	err := db.Update(ctx, actor, func(tx *Tx) error {
		if _, err := tx.AddSupporter(id, s); err != nil {
			return err
		}
		var err error
		out, err = tx.idea(id)
		return err
	})
	return out, err
}

// AddSupporter is SupportIdea inside a transaction; added is false when
// the municipality had joined already.
func (tx *Tx) AddSupporter(id int64, s models.Supporter) (added bool, err error) {
	i, err := tx.idea(id)
	if err != nil {
		return false, err
	}
	if _, err := getMunicipality(tx.ctx, tx, s.Municipality); errors.Is(err, models.ErrNotFound) {
		return false, models.FieldErrors{"municipality": "unknown"}.Err()
	} else if err != nil {
		return false, err
	}
	if s.Municipality == i.Municipality {
		return false, models.FieldErrors{"municipality": "proposer"}.Err()
	}
	for _, x := range i.Supporters {
		if x.Municipality == s.Municipality {
			return false, nil
		}
	}
	if i.Decided() {
		return false, models.Errorf(models.ECONFLICT, "the idea is decided; municipalities join the project instead")
	}
	if s.Date.IsZero() {
		s.Date = models.DateOf(tx.db.Now().In(tx.db.location()))
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO idea_supporters (idea_id, municipality, name, email, date) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (idea_id, municipality) DO NOTHING`, id, s.Municipality, strings.TrimSpace(s.Name), models.NormalizeEmail(s.Email), s.Date.String())
	if err != nil {
		return false, fmt.Errorf("data: support idea: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE ideas SET updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
		return false, err
	}
	return true, tx.Audit("idea", fmt.Sprint(id), "support", nil, s)
}

// SetIdeaScores replaces an idea's scores; a submitted idea is then being assessed.
func (db *DB) SetIdeaScores(ctx context.Context, actor models.Actor, id int64, scores []models.IdeaScore) (models.Idea, error) {
	var out models.Idea
	err := db.Update(ctx, actor, func(tx *Tx) error {
		before, err := tx.idea(id)
		if err != nil {
			return err
		}
		criteria, err := ideaCriteria(tx.ctx, tx)
		if err != nil {
			return err
		}
		if err := models.ValidateScores(scores, criteria); err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM idea_scores WHERE idea_id = ?`, id); err != nil {
			return fmt.Errorf("data: set idea scores: %w", err)
		}
		for _, s := range scores {
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO idea_scores (idea_id, criterion_id, score) VALUES (?, ?, ?)`, id, s.CriterionID, s.Score); err != nil {
				return fmt.Errorf("data: set idea scores: %w", err)
			}
		}
		status := before.Status
		if status == models.IdeaSubmitted && len(scores) > 0 {
			status = models.IdeaAssessing
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE ideas SET status = ?, updated_at = ? WHERE id = ?`, status, tx.now, id); err != nil {
			return fmt.Errorf("data: set idea scores: %w", err)
		}
		if out, err = tx.idea(id); err != nil {
			return err
		}
		return tx.Audit("idea", fmt.Sprint(id), "score", before.Scores, out.Scores)
	})
	return out, err
}

// IdeaToCase puts an idea before the steering group: a pending decision
// case carrying the idea, which is then prioritised. An idea has one case
// at a time.
func (db *DB) IdeaToCase(ctx context.Context, actor models.Actor, id int64) (models.Case, error) {
	var out models.Case
	err := db.Update(ctx, actor, func(tx *Tx) error {
		i, err := tx.idea(id)
		if err != nil {
			return err
		}
		if i.Decided() {
			return models.Errorf(models.ECONFLICT, "the idea is decided already")
		}
		if i.CaseID != 0 {
			c, err := getCase(tx.ctx, tx, i.CaseID)
			if err == nil && (c.Status == models.CasePending || c.Status == models.CaseOnAgenda) {
				return models.Errorf(models.ECONFLICT, "the idea is before the steering group already (case %d)", c.ID)
			}
		}
		out, err = tx.CreateCase(models.Case{Kind: "decision", Status: models.CasePending, IdeaID: i.ID,
			Title: "Idé: " + i.Title, Background: ideaBackground(i), Proposal: ideaProposal(i)}, fmt.Sprintf("idea:%d", i.ID))
		if err != nil {
			return err
		}
		status := i.Status
		if status == models.IdeaSubmitted || status == models.IdeaAssessing || status == models.IdeaParked {
			status = models.IdeaPrioritised
		}
		_, err = tx.ExecContext(tx.ctx, `UPDATE ideas SET case_id = ?, status = ?, updated_at = ? WHERE id = ?`, out.ID, status, tx.now, i.ID)
		if err != nil {
			return fmt.Errorf("data: idea to case: %w", err)
		}
		return tx.Audit("idea", fmt.Sprint(i.ID), "to_case", nil, map[string]any{"case_id": out.ID})
	})
	return out, err
}

func ideaBackground(i models.Idea) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Behov: %s\n\nForeslått av %s.", i.Need, i.MunicipalityName)
	if len(i.Supporters) > 0 {
		names := make([]string, len(i.Supporters))
		for n, s := range i.Supporters {
			names[n] = s.Municipality
		}
		fmt.Fprintf(&b, " %d andre kommuner vil være med (%s).", len(i.Supporters), strings.Join(names, ", "))
	}
	if i.Scored {
		fmt.Fprintf(&b, " Vektet poengsum %s av 100, nummer %d på prioriteringslisten.", strings.Replace(fmt.Sprintf("%.1f", i.TotalScore), ".", ",", 1), i.Rank)
	}
	if i.ExpectedBenefits != "" {
		fmt.Fprintf(&b, "\n\nForventede gevinster: %s", i.ExpectedBenefits)
	}
	return b.String()
}

func ideaProposal(i models.Idea) string {
	return "Idéen godkjennes og blir et prosjekt i konseptfasen med " + i.MunicipalityName + " som ansvarlig kommune."
}

// applyIdeaOutcome carries out a decided case's outcome for its idea, in
// the case's transaction: approved makes the project in the concept phase
// with everything the idea holds, linked both ways; rejected and parked
// keep the decision as the reason.
func (tx *Tx) applyIdeaOutcome(c models.Case) error {
	i, err := tx.idea(c.IdeaID)
	if err != nil {
		return err
	}
	if i.Status == models.IdeaApproved {
		return models.Errorf(models.ECONFLICT, "the idea is approved already")
	}
	reason := strings.TrimSpace(c.Decision)
	if c.Number != "" {
		reason = strings.TrimSpace("Vedtak i sak " + c.Number + ": " + reason)
	}
	projectID := int64(0)
	if c.IdeaOutcome == models.IdeaApproved {
		p, err := tx.projectFromIdea(i)
		if err != nil {
			return err
		}
		projectID = p.ID
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE ideas SET status = ?, status_reason = ?, project_id = ?, case_id = ?, updated_at = ? WHERE id = ?`,
		c.IdeaOutcome, reason, nullID(projectID), c.ID, tx.now, i.ID); err != nil {
		return fmt.Errorf("data: idea outcome: %w", err)
	}
	return tx.Audit("idea", fmt.Sprint(i.ID), "decided", map[string]any{"status": i.Status}, map[string]any{"status": c.IdeaOutcome, "project_id": projectID, "case_id": c.ID})
}

// projectFromIdea makes the idea's project: title, need and proposal as
// its description, service area, the proposer as lead, every municipality
// that joined, the rough cost as budget, and each expected benefit (one a
// line) as a draft benefit to be worked out in the concept phase.
func (tx *Tx) projectFromIdea(i models.Idea) (models.Project, error) {
	desc := strings.TrimSpace(i.Need)
	if i.Proposal != "" {
		desc += "\n\n" + strings.TrimSpace(i.Proposal)
	}
	p, err := tx.CreateProject(models.Project{Title: i.Title, Description: desc, ServiceArea: i.ServiceArea, Phase: models.PhaseConcept,
		LeadMunicipality: i.Municipality, Municipalities: i.Municipalities(), BudgetNOK: i.EstimatedCostNOK})
	if err != nil {
		return p, err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE projects SET idea_id = ? WHERE id = ?`, i.ID, p.ID); err != nil {
		return p, fmt.Errorf("data: link project to idea: %w", err)
	}
	today := models.DateOf(tx.db.Now().In(tx.db.location()))
	for _, line := range benefitLines(i.ExpectedBenefits) {
		b := models.Benefit{ProjectID: p.ID, Title: line, Type: models.BenefitQuality, Indicator: "Utkast fra idéen: fastsettes i konseptfasen",
			Unit: "vurdering (1–5)", Owner: "Kommunedirektøren i " + i.MunicipalityName, OwnerMunicipality: i.Municipality,
			Baseline: 1, BaselineDate: today, Target: 4, TargetDate: models.Date{Time: today.AddDate(3, 0, 0)}, Granularity: "quarter"}
		if _, err := tx.SaveBenefit(b); err != nil {
			return p, err
		}
	}
	return tx.project(p.ID)
}

// benefitLines splits expected benefits into one benefit a line (at most
// ten), without list marks; titles are cut at 200 letters.
func benefitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-*•·"))
		if l == "" {
			continue
		}
		if r := []rune(l); len(r) > 200 {
			l = string(r[:200])
		}
		out = append(out, l)
		if len(out) == 10 {
			break
		}
	}
	return out
}

// IdeaWork lists what waits for a user among the ideas: for the programme
// office, ideas not yet scored and prioritised ideas not yet before the
// steering group; for a user bound to a municipality, open ideas it has
// not joined (nor proposed).
func (db *DB) IdeaWork(ctx context.Context, u models.User) ([]models.WorkItem, error) {
	ideas, err := db.Ideas(ctx, IdeaFilter{})
	if err != nil {
		return nil, err
	}
	out := []models.WorkItem{}
	for _, i := range ideas {
		open := i.Open()
		url := fmt.Sprintf("/ideas/%d", i.ID)
		switch {
		case !open:
		case u.Role.EditsPortfolio() && !i.Scored:
			out = append(out, models.WorkItem{Kind: models.WorkIdea, Title: i.Title, URL: url + "#scores", RefID: i.ID})
		case u.Role.EditsPortfolio() && i.Rank > 0 && i.Rank <= 5 && i.CaseID == 0:
			out = append(out, models.WorkItem{Kind: models.WorkIdea, Title: i.Title, URL: url, RefID: i.ID})
		case !u.Role.EditsPortfolio() && u.Municipality != "" && !i.Wants(u.Municipality):
			out = append(out, models.WorkItem{Kind: models.WorkIdea, Title: i.Title, URL: url, RefID: i.ID})
		}
	}
	models.SortWork(out)
	return out, nil
}
