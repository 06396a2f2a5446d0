package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// Every API list pages the same way: ?limit= (1 to maxLimit, defaultLimit
// when absent) and ?offset= (0 or more); X-Total-Count tells how many match.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// pageOf reads and checks limit and offset; a wrong value is a 422 naming it.
func pageOf(c fiber.Ctx) (limit, offset int, err error) {
	f := models.FieldErrors{}
	limit, offset = defaultLimit, 0
	if s := c.Query("limit"); s != "" {
		n, perr := strconv.Atoi(s)
		switch {
		case perr != nil:
			f.Add("limit", "integer")
		case n < 1 || n > maxLimit:
			f.Add("limit", "range")
		default:
			limit = n
		}
	}
	if s := c.Query("offset"); s != "" {
		n, perr := strconv.Atoi(s)
		switch {
		case perr != nil:
			f.Add("offset", "integer")
		case n < 0:
			f.Add("offset", "range")
		default:
			offset = n
		}
	}
	return limit, offset, f.Err()
}

// paginate returns the page of list that limit and offset ask for, and says
// in X-Total-Count how long the whole list is.
func paginate[T any](c fiber.Ctx, list []T) ([]T, error) {
	limit, offset, err := pageOf(c)
	if err != nil {
		return nil, err
	}
	c.Set("X-Total-Count", strconv.Itoa(len(list)))
	if list == nil {
		return []T{}, nil
	}
	list = list[min(offset, len(list)):]
	return list[:min(limit, len(list))], nil
}

// sendPage answers a list with its page, or the paging error.
func sendPage[T any](c fiber.Ctx, list []T) error {
	page, err := paginate(c, list)
	if err != nil {
		return err
	}
	return c.JSON(page)
}
