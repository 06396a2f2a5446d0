package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// errMalformed answers a body that is not the JSON the route expects.
func errMalformed(err error) error {
	return fiber.NewError(fiber.StatusBadRequest, "malformed JSON: "+err.Error())
}

// decodeNew reads a create body into v. Fields of model that the input does
// not take (id, computed figures) are read-only and ignored, so a client may
// post a copy of an object it has read.
func decodeNew(c fiber.Ctx, v any, model any) error { return joined(decodeBody(c, v, model, true)) }

// decodePatch reads a change to current into v. A read-only field is
// accepted when it is unchanged, and a 422 "read_only" when it is not.
func decodePatch(c fiber.Ctx, v any, current any) error {
	return joined(decodeBody(c, v, current, false))
}

// readNew and readPatch are decodeNew and decodePatch for handlers that go
// on to check the rest of the input, so that one 422 names every wrong
// field: the fields that could not be read, and what the model finds.
func readNew(c fiber.Ctx, v any, model any) (models.FieldErrors, error) {
	return decodeBody(c, v, model, true)
}

func readPatch(c fiber.Ctx, v any, current any) (models.FieldErrors, error) {
	return decodeBody(c, v, current, false)
}

func joined(f models.FieldErrors, err error) error {
	if err != nil {
		return err
	}
	return f.Err()
}

// merge adds the fields of g that f does not name yet.
func merge(f, g models.FieldErrors) models.FieldErrors {
	for k, v := range g {
		f.Add(k, v)
	}
	return f
}

// decodeBody reads a JSON object field by field, so that every wrong field
// is named in one 422: a value of the wrong type ("type"), a read-only field
// that was changed ("read_only") and a field nobody knows ("unknown_field").
// Only JSON that does not parse, or is not an object, is a 400.
func decodeBody(c fiber.Ctx, v any, model any, ignoreReadOnly bool) (models.FieldErrors, error) {
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	if err := dec.Decode(&raw); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, errMalformed(errors.New("the body must be a JSON object"))
		}
		return nil, errMalformed(err)
	}
	if raw == nil {
		return nil, errMalformed(errors.New("the body must be a JSON object"))
	}
	if _, err := dec.Token(); err == nil {
		return nil, errMalformed(errors.New("more than one JSON value"))
	}
	target := reflect.ValueOf(v).Elem()
	fields := jsonFields(target.Type())
	known := map[string]json.RawMessage{}
	if model != nil {
		if b, err := json.Marshal(model); err == nil {
			json.Unmarshal(b, &known)
		}
	}
	f := models.FieldErrors{}
	for key, val := range raw {
		if idx, ok := fields[key]; ok {
			if err := json.Unmarshal(val, target.FieldByIndex(idx).Addr().Interface()); err != nil {
				f.Add(key, "type")
			}
			continue
		}
		old, isModelField := known[key]
		switch {
		case isModelField && (ignoreReadOnly || jsonEqual(old, val)):
		case isModelField:
			f.Add(key, "read_only")
		default:
			f.Add(key, "unknown_field")
		}
	}
	return f, nil
}

// jsonFields maps the JSON names of a struct's fields (embedded structs
// flattened) to their index.
func jsonFields(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
			for k, idx := range jsonFields(sf.Type) {
				out[k] = append([]int{i}, idx...)
			}
			continue
		}
		if name == "-" || !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		out[name] = []int{i}
	}
	return out
}

// jsonEqual compares two JSON values by meaning, not by spelling.
func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// decodeList reads a JSON array of objects; a wrong element is a 422 naming
// it by the list's name and its index ("funding[2]"), JSON that does not
// parse a 400.
func decodeList[T any](c fiber.Ctx, name string, out *[]T) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(c.Body(), &raw); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return errMalformed(errors.New("the body must be a JSON array"))
		}
		return errMalformed(err)
	}
	f := models.FieldErrors{}
	*out = make([]T, len(raw))
	for i, r := range raw {
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&(*out)[i]); err != nil {
			f.Add(fmt.Sprintf("%s[%d]", name, i), "type")
		}
	}
	return f.Err()
}
