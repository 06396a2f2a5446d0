package handlers

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/locale"
	"samla/models"
)

var solutionHeader = []string{"name", "kind", "owner", "service_area", "url", "description", "project"}

func (s *Server) solutionsSheet(c fiber.Ctx) (sheet, error) {
	list, err := s.DB.Solutions(c.Context(), data.SolutionFilter{})
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{Name: SheetSolutions, Header: solutionHeader}
	for _, sol := range list {
		project := ""
		if sol.ProjectID != 0 {
			if p, err := s.DB.Project(c.Context(), sol.ProjectID); err == nil {
				project = p.Title
			}
		}
		sh.Rows = append(sh.Rows, []string{sol.Name, sol.Kind, sol.Owner, sol.ServiceArea, sol.URL, sol.Description, project})
	}
	return sh, nil
}

// rolloutSheet is the adoption matrix as the programme office keeps it in
// a spreadsheet: a row per member municipality, a column per solution, the
// status in words.
func (s *Server) rolloutSheet(c fiber.Ctx) (sheet, error) {
	a, solutions, err := s.DB.Adoption(c.Context(), data.AdoptionFilter{})
	if err != nil {
		return sheet{}, err
	}
	status := map[string]map[int64]string{}
	for _, cell := range a.Cells {
		if status[cell.Municipality] == nil {
			status[cell.Municipality] = map[int64]string{}
		}
		status[cell.Municipality][cell.SolutionID] = cell.Status
	}
	sh := sheet{Name: SheetRollout, Header: []string{"number", "name"}}
	for _, sol := range solutions {
		sh.Header = append(sh.Header, sol.Name)
	}
	members := append([]models.MunicipalityAdoption(nil), a.Municipalities...)
	sortByNumber(members)
	for _, m := range members {
		row := []string{m.Number, m.Name}
		for _, sol := range solutions {
			st := status[m.Number][sol.ID]
			if st == "" {
				st = models.RolloutNotStarted
			}
			row = append(row, locale.T("nb", "rstatus."+st))
		}
		sh.Rows = append(sh.Rows, row)
	}
	return sh, nil
}

func sortByNumber(list []models.MunicipalityAdoption) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].Number < list[j-1].Number; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// wordCodes reads a coded value as its code, or as its Norwegian or
// English word (lower case), for the values of a translation prefix.
func wordCodes(prefix string, codes []string) map[string]string {
	out := map[string]string{}
	for _, code := range codes {
		out[code] = code
		for _, lang := range models.Languages {
			out[strings.ToLower(locale.T(lang, prefix+code))] = code
		}
	}
	return out
}

var rolloutStatusOf = wordCodes("rstatus.", models.RolloutStatuses)

func importSolution(tx *data.Tx, t table, row []string, r *importRow) {
	sol := models.Solution{Name: t.get(row, "name"), Kind: t.get(row, "kind"), Owner: t.get(row, "owner"), ServiceArea: t.get(row, "service_area"),
		URL: t.get(row, "url"), Description: t.get(row, "description")}
	if code, ok := wordCodes("skind.", models.SolutionKinds)[strings.ToLower(sol.Kind)]; ok {
		sol.Kind = code
	}
	r.Key = sol.Name
	if title := t.get(row, "project"); title != "" {
		p, err := tx.ProjectByTitle(title)
		if err != nil {
			r.Action, r.Column, r.Error = "rejected", "project", "unknown"
			return
		}
		sol.ProjectID = p.ID
	}
	existing, err := tx.SolutionByName(sol.Name)
	switch {
	case err == nil:
		sol.ID = existing.ID
		head := []string{"kind", "owner", "service_area", "url", "description", "project_id"}
		row := func(s models.Solution) []string {
			return []string{s.Kind, s.Owner, s.ServiceArea, s.URL, s.Description, strconv.FormatInt(s.ProjectID, 10)}
		}
		r.Changes = changesOf(head, row(existing), row(sol), allColumns(head))
		if len(r.Changes) == 0 {
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
	if _, err := tx.SaveSolution(sol); err != nil {
		reject(r, err)
	}
}

// importRolloutRow sets a municipality's status for every solution column
// of the matrix; a cell equal to today's status changes nothing.
func importRolloutRow(tx *data.Tx, t table, row []string, r *importRow) {
	number := t.get(row, "number")
	r.Key = number
	r.Action = "unchanged"
	var cols []string
	for col := range t.header {
		if col != "number" && col != "name" {
			cols = append(cols, col)
		}
	}
	sort.Slice(cols, func(i, j int) bool { return t.header[cols[i]] < t.header[cols[j]] })
	for _, col := range cols {
		word := t.get(row, col)
		if word == "" {
			continue
		}
		sol, err := tx.SolutionByName(t.names[col])
		if errors.Is(err, models.ErrNotFound) {
			r.Action, r.Column, r.Error = "rejected", t.names[col], "unknown_solution"
			return
		} else if err != nil {
			reject(r, err)
			return
		}
		status, ok := rolloutStatusOf[strings.ToLower(word)]
		if !ok {
			r.Action, r.Column, r.Error = "rejected", t.names[col], "choice"
			return
		}
		current, err := tx.Rollout(sol.ID, number)
		if err != nil {
			reject(r, err)
			return
		}
		if current.Status == status {
			continue
		}
		r.Changes = append(r.Changes, fieldChange{sol.Name, current.Status, status})
		current.Status = status
		if status != models.RolloutInUse {
			current.InUseDate = models.Date{}
		}
		if _, err := tx.SetRollout(current); err != nil {
			reject(r, err)
			r.Column = sol.Name
			return
		}
		r.Action = "changed"
	}
}
