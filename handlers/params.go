package handlers

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// idParam reads a numeric id from the route; one that is not a number is
// not found.
func idParam(c fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil {
		return 0, models.ErrNotFound
	}
	return id, nil
}

// loadParam loads the record that the route's :id names.
func loadParam[T any](c fiber.Ctx, get func(context.Context, int64) (T, error)) (T, error) {
	id, err := idParam(c, "id")
	if err != nil {
		var zero T
		return zero, err
	}
	return get(c.Context(), id)
}

// queryID reads an optional numeric id from the query string (0 when
// absent); anything else is a 400 with the parameter named.
func queryID(c fiber.Ctx, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, models.FieldErrors{name: "number"}.Err()
	}
	return id, nil
}
