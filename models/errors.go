// Package models holds samla's domain types, their validation and the pure
// domain rules. It knows nothing of SQL, HTTP or PDF.
package models

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error codes. One error handler maps them to HTTP status codes.
const (
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EINTERNAL  = "internal"
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	EUNAUTH    = "unauthorized"
)

// Error is an error meant for people: a code, a message and, for invalid
// input, the fields that were wrong with the reason for each.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return e.Message + " (" + strings.Join(parts, ", ") + ")"
}

// ErrNotFound is what the store returns for a missing row.
var ErrNotFound = &Error{Code: ENOTFOUND, Message: "not found"}

// Errorf returns an Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, or EINTERNAL for errors without one.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// FieldErrors collects validation problems, field by field. The reasons are
// short codes ("required", "invalid", "taken", ...) that the views translate.
type FieldErrors map[string]string

// Add records a problem with a field; the first problem of a field wins.
func (f FieldErrors) Add(field, reason string) {
	if _, ok := f[field]; !ok {
		f[field] = reason
	}
}

// Err returns nil when there are no problems, else an invalid Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "invalid input", Fields: f}
}

// Fields returns the field errors of err, if it is an invalid Error.
func Fields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) && e.Code == EINVALID {
		return e.Fields
	}
	return nil
}

// requireText trims a required text field and checks its length in letters.
func requireText(f FieldErrors, field string, s *string, max int) {
	*s = TrimText(*s)
	switch {
	case *s == "":
		f.Add(field, "required")
	case utf8.RuneCountInString(*s) > max:
		f.Add(field, "too_long")
	}
	refuseBidi(f, field, *s)
}
