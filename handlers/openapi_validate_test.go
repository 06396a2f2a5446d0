package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"samla/handlers"
)

// The API tests' responses are checked against the OpenAPI document, so
// that the document cannot drift from the code: every response that the
// test suite receives from /api/v1 must match its operation's schema.
var (
	apiSpecOnce sync.Once
	apiRouter   routers.Router
	apiSpecErr  error
)

func apiSpec() (routers.Router, error) {
	apiSpecOnce.Do(func() {
		b, err := json.Marshal(handlers.OpenAPI("test"))
		if err != nil {
			apiSpecErr = err
			return
		}
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(b)
		if err != nil {
			apiSpecErr = err
			return
		}
		if apiSpecErr = doc.Validate(loader.Context); apiSpecErr != nil {
			return
		}
		doc.Servers = openapi3.Servers{{URL: "http://example.com"}}
		apiRouter, apiSpecErr = gorillamux.NewRouter(doc)
	})
	return apiRouter, apiSpecErr
}

// checkAgainstSpec validates one API response against the document.
func checkAgainstSpec(t *testing.T, req *http.Request, r response) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") && req.URL.Path != "/public/catalogue.json" {
		return
	}
	router, err := apiSpec()
	if err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	probe := req.Clone(context.Background())
	probe.Host, probe.URL.Host, probe.URL.Scheme = "example.com", "example.com", "http"
	route, params, err := router.FindRoute(probe)
	if err != nil {
		if r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
			t.Errorf("%s %s answered %d but is not in the OpenAPI document: %v", req.Method, req.URL.Path, r.status, err)
		}
		return
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route, Options: opts},
		Status:                 r.status,
		Header:                 r.header,
		Body:                   io.NopCloser(bytes.NewReader([]byte(r.body))),
		Options:                opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s: response %d does not match the OpenAPI document: %v\nbody: %.400s", req.Method, req.URL, r.status, err, r.body)
	}
}

// The document itself is valid OpenAPI 3 (kin-openapi's validator), every
// operation has a unique operationId, every coded field an enum, and every
// response schema its required fields.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	if _, err := apiSpec(); err != nil {
		t.Fatal(err)
	}
	doc := handlers.OpenAPI("test")
	seen := map[string]string{}
	for path, ops := range doc["paths"].(map[string]map[string]any) {
		for method, op := range ops {
			id, _ := op.(map[string]any)["operationId"].(string)
			if id == "" {
				t.Errorf("%s %s has no operationId", method, path)
			}
			if other, dup := seen[id]; dup {
				t.Errorf("operationId %s is used by %s and %s %s", id, other, method, path)
			}
			seen[id] = method + " " + path
		}
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, coded := range map[string][]string{
		"Project": {"service_area", "phase", "status"}, "StatusReport": {"overall", "time", "cost", "quality", "risk", "benefits"},
		"Procurement": {"procedure", "stage"}, "Benefit": {"type", "plan_status"}, "Case": {"kind", "status"},
		"Meeting": {"status"}, "Schedule": {"report"}, "Delivery": {"status"}, "User": {"role"},
	} {
		s := schemas[name].(map[string]any)
		props := s["properties"].(map[string]any)
		for _, f := range coded {
			if props[f].(map[string]any)["enum"] == nil {
				t.Errorf("%s.%s has no enum", name, f)
			}
		}
		if len(s["required"].([]string)) == 0 {
			t.Errorf("%s marks no required field", name)
		}
	}
	rec := schemas["Schedule"].(map[string]any)["properties"].(map[string]any)["recipients"].(map[string]any)
	if rec["oneOf"] == nil {
		t.Errorf("Schedule.recipients is not string-or-array: %v", rec)
	}
}
