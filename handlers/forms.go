package handlers

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// dateInto reads a date typed (or sent) as text into dst; a wrong one is a
// field error under key, and dst is left as it was.
func dateInto(f models.FieldErrors, key, s string, dst *models.Date) {
	v, err := models.ParseDate(strings.TrimSpace(s))
	if err != nil {
		f.Add(key, "date")
		return
	}
	*dst = v
}

// optionalDate is dateInto for a field a JSON body may leave out.
func optionalDate(f models.FieldErrors, key string, s *string, dst *models.Date) {
	if s != nil {
		dateInto(f, key, *s, dst)
	}
}

// parseInt reads a whole number or an amount as people type it ("1 234",
// "900 000 kr", "1 234,50"): models.ParseKroner, the one parser.
func parseInt(s string) (int64, bool) { return models.ParseKroner(s) }

// saveForm runs save when the form's own checks passed, and otherwise only
// the model's validate, so that every problem shows at once. Field errors
// come back together; any other error is returned as err.
func saveForm(f models.FieldErrors, validate, save func() error) (models.FieldErrors, error) {
	var err error
	if len(f) == 0 {
		err = save()
	} else {
		err = validate()
	}
	return mergeErrors(f, err)
}

// mergeErrors adds the problems the store found to those of the form.
func mergeErrors(f models.FieldErrors, err error) (models.FieldErrors, error) {
	fields := models.Fields(err)
	if err != nil && fields == nil {
		return f, err
	}
	for k, v := range fields {
		f.Add(k, v)
	}
	return f, nil
}

// rowErrors puts the store's errors on a list ("criteria[2].name", the
// list's third item) back on the form's fields of the row that item came
// from ("name_5"): rows[k] is the form row of item k. Other errors are
// returned as they are.
func rowErrors(f models.FieldErrors, err error, list string, rows []int) (models.FieldErrors, error) {
	fields := models.Fields(err)
	if err != nil && fields == nil {
		return f, err
	}
	for k, v := range fields {
		var n int
		var field string
		if _, scan := fmt.Sscanf(strings.Replace(k, "].", "] ", 1), list+"[%d] %s", &n, &field); scan == nil && n >= 0 && n < len(rows) {
			k = fmt.Sprintf("%s_%d", field, rows[n])
		}
		f.Add(k, v)
	}
	return f, nil
}

// formValues returns every value of a repeated form field (checkboxes).
func formValues(c fiber.Ctx, name string) []string {
	var out []string
	if mf, err := c.MultipartForm(); err == nil && mf != nil {
		return mf.Value[name]
	}
	for _, v := range c.Request().PostArgs().PeekMulti(name) {
		out = append(out, string(v))
	}
	return out
}

// checked is a boolean as a checkbox's form value.
func checked(b bool) string {
	if b {
		return "on"
	}
	return ""
}
