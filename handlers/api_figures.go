package handlers

import (
	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// figureDocs describe the key figures' route (CONTRACT "Figures").
var figureDocs = []apiDoc{
	{"GET", "/api/v1/figures", "figures", "The overview's key figures by name, each computed in one place (filters as the overview)",
		[]string{"service_area", "municipality", "county", "phase"}, "", "Figures", 0},
}

func init() {
	apiDocs = append(apiDocs, figureDocs...)
	schemas["Figures"] = schemaSpec{value: models.Figures{}}
	queryEnums["figures"] = map[string][]string{"service_area": models.ServiceAreas, "phase": models.Phases}
	queryEnums["projects"]["phase"] = append([]string{models.PhaseActive}, models.Phases...)
}

// registerFigureRoutes mounts the key figures' API.
func (s *Server) registerFigureRoutes() {
	s.handle("GET", "/api/v1/figures", LoggedIn, s.apiFigures)
}

// apiFigures answers the overview's key figures; a filter value that is not
// one of its choices is a 422, not a silently wider answer.
func (s *Server) apiFigures(c fiber.Ctx) error {
	f := dashFilterOf(c)
	for _, q := range []struct{ key, got string }{{"service_area", f.ServiceArea}, {"municipality", f.Municipality}, {"county", f.County}, {"phase", f.Phase}} {
		if c.Query(q.key) != "" && q.got == "" {
			return models.FieldErrors{q.key: "choice"}.Err()
		}
	}
	fig, err := s.DB.Figures(c.Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(fig)
}
