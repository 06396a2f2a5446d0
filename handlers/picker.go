package handlers

import (
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/views"
)

// pickerLimit is how many projects a form lists in full; beyond it, the
// form shows the chosen ones and searches for the others, so that a form
// at national scale stays small.
const pickerLimit = 60

// pickerFound is how many projects one search shows.
const pickerFound = 20

// pickerNames are the form fields that choose projects.
var pickerNames = []string{"project_ids", "projects", "project_id"}

// projectPicker builds a form's choice of projects: chosen are the ids
// chosen so far; query, when the search button was pressed, what to find.
func (s *Server) projectPicker(c fiber.Ctx, p *views.Page, name, labelKey, noneKey string, multi bool, chosen []int64, query string) (views.ProjectPicker, error) {
	pk := views.ProjectPicker{Name: name, Label: p.T(labelKey), Hint: p.T("picker.hint"), Multi: multi, Page: p, Query: strings.TrimSpace(query)}
	if noneKey != "" {
		pk.None = p.T(noneKey)
	}
	few, total, err := s.DB.Projects(c.Context(), data.ProjectFilter{Sort: "title", Limit: pickerLimit})
	if err != nil {
		return pk, err
	}
	if total <= pickerLimit {
		for _, pr := range few {
			pk.Options = append(pk.Options, views.Option{Value: strconv.FormatInt(pr.ID, 10), Label: pr.Title, Selected: slices.Contains(chosen, pr.ID)})
		}
		return pk, nil
	}
	pk.Search = true
	for _, id := range chosen {
		pr, err := s.DB.Project(c.Context(), id)
		if err != nil {
			continue // gone since; the store refuses an unknown id anyway
		}
		pk.Options = append(pk.Options, views.Option{Value: strconv.FormatInt(id, 10), Label: pr.Title, Selected: true})
	}
	return pk, s.findProjects(c, &pk, chosen)
}

// findProjects fills the picker's search results: projects matching its
// query that are not chosen yet.
func (s *Server) findProjects(c fiber.Ctx, pk *views.ProjectPicker, chosen []int64) error {
	if pk.Query == "" {
		return nil
	}
	pk.Searched = true
	found, _, err := s.DB.Projects(c.Context(), data.ProjectFilter{Query: pk.Query, Sort: "title", Limit: pickerFound})
	if err != nil {
		return err
	}
	for _, pr := range found {
		if !slices.Contains(chosen, pr.ID) {
			pk.Found = append(pk.Found, views.Option{Value: strconv.FormatInt(pr.ID, 10), Label: pr.Title})
		}
	}
	return nil
}

// pickProjects answers the picker's search as you type: the matching
// projects as choices (htmx swaps them in under the search field).
func (s *Server) pickProjects(c fiber.Ctx) error {
	name := c.Query("name")
	if !slices.Contains(pickerNames, name) {
		return models.FieldErrors{"name": "choice"}.Err()
	}
	pk := views.ProjectPicker{Name: name, Multi: c.Query("multi") == "1", Page: s.page(c, ""), Query: strings.TrimSpace(c.Query(name + "_q"))}
	if err := s.findProjects(c, &pk, nil); err != nil {
		return err
	}
	body, err := s.views.Fragment("picker-found", pk)
	if err != nil {
		return err
	}
	c.Type("html", "utf-8")
	return c.Send(body)
}

// formStatus is the status of a form shown again: 200 for the picker's
// search, 422 when it has errors.
func formStatus(picking bool) int {
	if picking {
		return fiber.StatusOK
	}
	return fiber.StatusUnprocessableEntity
}

// chosenIDs reads the ids a form's picker field holds.
func chosenIDs(values []string) []int64 {
	var out []int64
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64); err == nil && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}
