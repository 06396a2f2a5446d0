package handlers

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

// rolloutCell is one cell of the rollout matrix as a control: shown, or
// opened in place as a small form (htmx). Without script the cell is a
// link to the row's form, and saving returns to the cell's anchor.
type rolloutCell struct {
	P        *views.Page
	Solution models.Solution
	models.Municipality
	Status   string
	EditURL  string
	Statuses []string
	Error    string
	Focus    bool
}

func cellEditURL(sol models.Solution, m models.Municipality) string {
	return fmt.Sprintf("/solutions/%d/rollouts/%s?back=adoption", sol.ID, m.Number)
}

// cellAnchor is where the matrix is scrolled to after a save.
func cellAnchor(solID int64, number string) string { return fmt.Sprintf("#cell-%d-%s", solID, number) }

func (s *Server) sendCell(c fiber.Ctx, status int, name string, cell rolloutCell) error {
	body, err := s.views.Fragment(name, cell)
	if err != nil {
		return err
	}
	c.Status(status).Type("html", "utf-8")
	return c.Send(body)
}

func isHTMX(c fiber.Ctx) bool { return c.Get("HX-Request") == "true" }

// inlineRolloutForm answers the matrix's htmx request for a cell's form.
func (s *Server) inlineRolloutForm(c fiber.Ctx, sol models.Solution, m models.Municipality, r models.Rollout) error {
	p := s.page(c, "")
	return s.sendCell(c, fiber.StatusOK, "rollout-cell-form", rolloutCell{P: p, Solution: sol, Municipality: m, Status: r.Status,
		EditURL: cellEditURL(sol, m), Statuses: models.RolloutStatuses})
}

// saveRolloutCell changes only a row's status from the matrix and answers
// with the cell (htmx) or back at the cell (no script).
func (s *Server) saveRolloutCell(c fiber.Ctx, sol models.Solution, m models.Municipality) error {
	r, err := s.DB.Rollout(c.Context(), sol.ID, m.Number)
	if err != nil {
		return err
	}
	r.Status = strings.TrimSpace(c.FormValue("status"))
	today := s.today()
	f, err := saveForm(models.FieldErrors{}, func() error { return r.Validate(today) }, func() error {
		_, err := s.DB.SetRollout(c.Context(), actorOf(c), r)
		return err
	})
	if err != nil {
		return err
	}
	p := s.page(c, "")
	cell := rolloutCell{P: p, Solution: sol, Municipality: m, Status: r.Status, EditURL: cellEditURL(sol, m), Statuses: models.RolloutStatuses}
	if len(f) > 0 {
		if !isHTMX(c) {
			return c.Redirect().Status(fiber.StatusSeeOther).To(cell.EditURL)
		}
		for field, reason := range f {
			p.Errors = map[string]string{field: reason}
			cell.Error = p.Err(field)
			break
		}
		return s.sendCell(c, fiber.StatusUnprocessableEntity, "rollout-cell-form", cell)
	}
	if !isHTMX(c) {
		return c.Redirect().Status(fiber.StatusSeeOther).To("/adoption?saved=rollout" + cellAnchor(sol.ID, m.Number))
	}
	cell.Focus = true
	return s.sendCell(c, fiber.StatusOK, "rollout-cell", cell)
}
