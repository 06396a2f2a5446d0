package handlers_test

import (
	"regexp"
	"strings"
	"testing"

	"samla/handlers"
	"samla/models"
)

// Every API route is described in the OpenAPI document, and every
// described route exists.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t)
	param := regexp.MustCompile(`:(\w+)(<[^>]*>)?`)
	registered := map[string]bool{}
	for _, r := range e.srv.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") {
			registered[r.Method+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
		}
	}
	doc := handlers.OpenAPI("test")
	described := map[string]bool{}
	for path, ops := range doc["paths"].(map[string]map[string]any) {
		for method := range ops {
			described[strings.ToUpper(method)+" "+path] = true
		}
	}
	for k := range registered {
		if !described[k] {
			t.Errorf("%s is not in the OpenAPI document", k)
		}
	}
	for k := range described {
		if !registered[k] && strings.Contains(k, " /api/v1/") {
			t.Errorf("%s is described but not registered", k)
		}
	}
	r := e.api("GET", "/api/openapi.json", e.token(models.RoleViewer), "")
	expect(t, "openapi.json", r, 200, `"openapi":"3.0.3"`, `"/api/v1/projects/{id}"`)
	expect(t, "docs page", e.sessionAs(models.RoleViewer).do("GET", "/api/docs", nil), 200, "API-beskrivelse", "/api/v1/procurements/{id}/cost-shares")
}
