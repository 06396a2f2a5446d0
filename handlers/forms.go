package handlers

import (
	"strings"

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
