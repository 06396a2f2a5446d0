package handlers

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

// Sheets of ideas and of the project log in the workbook.
const (
	SheetIdeas = "Idéer"
	SheetLog   = "Prosjektlogg"
)

var (
	ideaHeader = []string{"title", "need", "proposal", "service_area", "municipality", "supporters", "expected_benefits", "estimated_cost_nok",
		"idea_status", "status_reason", "total_score", "rank", "project"}
	logHeader = []string{"project", "entry_date", "log_kind", "title", "description", "consequence", "recommendation", "solutions", "shared", "author"}
)

func init() {
	for k, v := range map[string]string{"need": "Behov", "proposal": "Foreslått løsning", "supporters": "Kommuner som vil være med",
		"expected_benefits": "Forventede gevinster", "estimated_cost_nok": "Kostnadsanslag (kr)", "idea_status": "Status for idéen",
		"status_reason": "Begrunnelse", "total_score": "Vektet poengsum", "rank": "Plass", "entry_date": "Dato", "log_kind": "Type",
		"consequence": "Konsekvens", "recommendation": "Anbefaling", "solutions": "Løsninger", "shared": "Delt", "author": "Forfatter"} {
		if colLabels[k] == "" {
			colLabels[k] = v
		}
	}
}

func (s *Server) ideasSheet(c fiber.Ctx) (sheet, error) {
	list, err := s.DB.Ideas(c.Context(), data.IdeaFilter{})
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{Name: SheetIdeas, Header: ideaHeader}
	for _, i := range list {
		sup := make([]string, len(i.Supporters))
		for n, x := range i.Supporters {
			sup[n] = x.Municipality
		}
		score, rank, project := "", "", ""
		if i.Scored {
			score = strconv.FormatFloat(i.TotalScore, 'f', 1, 64)
		}
		if i.Rank > 0 {
			rank = strconv.Itoa(i.Rank)
		}
		if i.ProjectID != 0 {
			if p, err := s.DB.Project(c.Context(), i.ProjectID); err == nil {
				project = p.Title
			}
		}
		sh.Rows = append(sh.Rows, []string{i.Title, i.Need, i.Proposal, i.ServiceArea, i.Municipality, strings.Join(sup, ","), i.ExpectedBenefits,
			i64(i.EstimatedCostNOK), i.Status, i.StatusReason, score, rank, project})
	}
	return sh, nil
}

func (s *Server) logSheet(c fiber.Ctx) (sheet, error) {
	list, err := s.DB.LogEntries(c.Context(), data.LogFilter{})
	if err != nil {
		return sheet{}, err
	}
	sols, err := s.DB.Solutions(c.Context(), data.SolutionFilter{})
	if err != nil {
		return sheet{}, err
	}
	names := map[int64]string{}
	for _, sol := range sols {
		names[sol.ID] = sol.Name
	}
	sh := sheet{Name: SheetLog, Header: logHeader}
	for _, l := range list {
		var sn []string
		for _, id := range l.SolutionIDs {
			sn = append(sn, names[id])
		}
		sh.Rows = append(sh.Rows, []string{l.ProjectTitle, l.Date.String(), l.Kind, l.Title, l.Description, l.Consequence, l.Recommendation,
			strings.Join(sn, "; "), strconv.FormatBool(l.Shared), l.Author})
	}
	return sh, nil
}

// importIdea adds an idea by its title, or changes the one of that title;
// listed supporters join (none leave). An approved idea is not changed.
func importIdea(tx *data.Tx, t table, row []string, r *importRow) {
	i := models.Idea{Title: t.get(row, "title"), Need: t.get(row, "need"), Proposal: t.get(row, "proposal"), ServiceArea: t.get(row, "service_area"),
		Municipality: t.get(row, "municipality"), ExpectedBenefits: t.get(row, "expected_benefits"), Status: t.get(row, "idea_status"),
		StatusReason: t.get(row, "status_reason")}
	r.Key = i.Title
	if code, ok := wordCodes("area.", models.ServiceAreas)[strings.ToLower(i.ServiceArea)]; ok {
		i.ServiceArea = code
	}
	if code, ok := wordCodes("istatus.", models.IdeaStatuses)[strings.ToLower(i.Status)]; ok {
		i.Status = code
	}
	if v := t.get(row, "estimated_cost_nok"); v != "" {
		n, ok := parseInt(v)
		if !ok {
			r.Action, r.Column, r.Error = "rejected", "estimated_cost_nok", "number"
			return
		}
		i.EstimatedCostNOK = n
	}
	existing, err := tx.IdeaByTitle(i.Title)
	switch {
	case err == nil:
		i.ID = existing.ID
		if i.Status == "" {
			i.Status = existing.Status
		}
		head := []string{"need", "proposal", "service_area", "municipality", "expected_benefits", "estimated_cost_nok", "idea_status", "status_reason"}
		vals := func(x models.Idea) []string {
			return []string{x.Need, x.Proposal, x.ServiceArea, x.Municipality, x.ExpectedBenefits, i64(x.EstimatedCostNOK), x.Status, x.StatusReason}
		}
		r.Changes = changesOf(head, vals(existing), vals(i), allColumns(head))
		r.Action = "changed"
		if len(r.Changes) == 0 {
			r.Action = "unchanged"
		} else if _, err := tx.UpdateIdea(i); err != nil {
			reject(r, err)
			return
		}
	case errors.Is(err, models.ErrNotFound):
		if i.Status == "" {
			i.Status = models.IdeaSubmitted
		}
		if i.Status == models.IdeaApproved {
			r.Action, r.Column, r.Error = "rejected", "idea_status", "by_decision"
			return
		}
		created, err := tx.CreateIdea(i)
		if err != nil {
			reject(r, err)
			return
		}
		i.ID, r.Action = created.ID, "created"
	default:
		reject(r, err)
		return
	}
	for _, m := range strings.FieldsFunc(t.get(row, "supporters"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		added, err := tx.AddSupporter(i.ID, models.Supporter{Municipality: m})
		if err != nil {
			reject(r, err)
			return
		}
		if added && r.Action == "unchanged" {
			r.Action = "changed"
		}
	}
}

// importLogEntry adds a project's log entry, or changes the one with the
// same project, title and date.
func importLogEntry(tx *data.Tx, t table, row []string, r *importRow) {
	title := t.get(row, "project")
	r.Key = title + ": " + t.get(row, "title")
	p, err := tx.ProjectByTitle(title)
	if err != nil {
		r.Action, r.Column, r.Error = "rejected", "project", "unknown"
		return
	}
	l := models.LogEntry{ProjectID: p.ID, Kind: t.get(row, "log_kind"), Title: t.get(row, "title"), Description: t.get(row, "description"),
		Consequence: t.get(row, "consequence"), Recommendation: t.get(row, "recommendation"), Author: t.get(row, "author"), SolutionIDs: []int64{}}
	if code, ok := wordCodes("lkind.", models.LogKinds)[strings.ToLower(l.Kind)]; ok {
		l.Kind = code
	}
	switch strings.ToLower(t.get(row, "shared")) {
	case "true", "ja", "yes", "1":
		l.Shared = true
	case "", "false", "nei", "no", "0":
	default:
		r.Action, r.Column, r.Error = "rejected", "shared", "choice"
		return
	}
	if d := t.get(row, "entry_date"); d != "" {
		if l.Date, err = models.ParseDate(d); err != nil {
			r.Action, r.Column, r.Error = "rejected", "entry_date", "date"
			return
		}
	}
	for _, name := range strings.Split(t.get(row, "solutions"), ";") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		sol, err := tx.SolutionByName(name)
		if err != nil {
			r.Action, r.Column, r.Error = "rejected", "solutions", "unknown"
			return
		}
		l.SolutionIDs = append(l.SolutionIDs, sol.ID)
	}
	existing, err := tx.LogEntryByKey(p.ID, l.Title, l.Date)
	switch {
	case err == nil:
		l.ID = existing.ID
		if l.Author == "" {
			l.Author = existing.Author
		}
		head := []string{"log_kind", "description", "consequence", "recommendation", "solutions", "shared", "author"}
		vals := func(x models.LogEntry) []string {
			ids := make([]string, len(x.SolutionIDs))
			for n, id := range x.SolutionIDs {
				ids[n] = i64(id)
			}
			return []string{x.Kind, x.Description, x.Consequence, x.Recommendation, strings.Join(ids, ","), strconv.FormatBool(x.Shared), x.Author}
		}
		if r.Changes = changesOf(head, vals(existing), vals(l), allColumns(head)); len(r.Changes) == 0 {
			r.Action = "unchanged"
			return
		}
		r.Action = "changed"
	case errors.Is(err, models.ErrNotFound):
		r.Action = "created"
	default:
		reject(r, err)
		return
	}
	if _, err := tx.SaveLogEntry(l); err != nil {
		reject(r, err)
	}
}

func allColumns(head []string) map[string]bool {
	out := map[string]bool{}
	for _, h := range head {
		out[h] = true
	}
	return out
}
