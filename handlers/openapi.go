package handlers

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"
)

// apiDoc describes one API route for the OpenAPI document.
type apiDoc struct {
	Method, Path, Tag, Summary string
	Query                      []string // query parameters
	Body, Response             string   // schema names; "[]X" is an array of X
	Status                     int      // success status (200 when 0)
}

// apiDocs describes every route under /api/v1. TestOpenAPIMatchesRoutes
// checks that it and the registered routes agree, both ways.
var apiDocs = []apiDoc{
	{"GET", "/api/v1/me", "users", "The user or token owner making the request", nil, "", "User", 0},
	{"GET", "/api/v1/municipalities", "municipalities", "List municipalities", nil, "", "[]Municipality", 0},
	{"POST", "/api/v1/municipalities", "municipalities", "Add a municipality (admin)", nil, "Municipality", "Municipality", 201},
	{"GET", "/api/v1/municipalities/{number}", "municipalities", "One municipality", nil, "", "Municipality", 0},
	{"PATCH", "/api/v1/municipalities/{number}", "municipalities", "Change name, population or membership (admin)", nil, "Municipality", "Municipality", 0},
	{"GET", "/api/v1/audit", "audit", "The audit trail, newest first (admin)", []string{"entity", "id", "user", "before", "limit"}, "", "[]AuditEntry", 0},
	{"GET", "/api/v1/projects", "projects", "List active (or archived) projects; X-Total-Count has the number that match", []string{"phase", "status", "service_area", "municipality", "leader", "q", "archived", "sort", "desc", "limit", "offset"}, "", "[]Project", 0},
	{"POST", "/api/v1/projects", "projects", "Create a project (editor)", nil, "Project", "Project", 201},
	{"GET", "/api/v1/projects/{id}", "projects", "One project; ETag for If-Match", nil, "", "Project", 0},
	{"PATCH", "/api/v1/projects/{id}", "projects", "Change a project (editor); If-Match with an old ETag gives 409; phase_reason goes with a phase change", nil, "Project", "Project", 0},
	{"DELETE", "/api/v1/projects/{id}", "projects", "Archive a project (editor); nothing is lost", nil, "", "Project", 0},
	{"GET", "/api/v1/projects/{id}/status-reports", "projects", "A project's status reports, newest first", nil, "", "[]StatusReport", 0},
	{"POST", "/api/v1/projects/{id}/status-reports", "projects", "File a status report (201), or replace the month's (200)", nil, "StatusReport", "StatusReport", 201},
	{"GET", "/api/v1/projects/{id}/phase-changes", "projects", "A project's phase changes", nil, "", "[]PhaseChange", 0},
	{"GET", "/api/v1/projects/{id}/milestones", "projects", "A project's milestones", nil, "", "[]Milestone", 0},
	{"POST", "/api/v1/projects/{id}/milestones", "projects", "Add a milestone", nil, "Milestone", "Milestone", 201},
	{"PATCH", "/api/v1/projects/{id}/milestones/{mid}", "projects", "Change a milestone", nil, "Milestone", "Milestone", 0},
	{"DELETE", "/api/v1/projects/{id}/milestones/{mid}", "projects", "Delete a milestone", nil, "", "", 204},
	{"GET", "/api/v1/projects/{id}/risks", "projects", "A project's risks", nil, "", "[]Risk", 0},
	{"POST", "/api/v1/projects/{id}/risks", "projects", "Add a risk", nil, "Risk", "Risk", 201},
	{"PATCH", "/api/v1/projects/{id}/risks/{rid}", "projects", "Change a risk", nil, "Risk", "Risk", 0},
	{"DELETE", "/api/v1/projects/{id}/risks/{rid}", "projects", "Delete a risk", nil, "", "", 204},
	{"GET", "/api/v1/procurements", "procurements", "List procurements", []string{"stage", "municipality", "project"}, "", "[]Procurement", 0},
	{"POST", "/api/v1/procurements", "procurements", "Create a procurement (editor)", nil, "Procurement", "Procurement", 201},
	{"GET", "/api/v1/procurements/deadlines", "procurements", "Contract ends and option deadlines within the horizon", []string{"municipality"}, "", "[]Deadline", 0},
	{"GET", "/api/v1/procurements/{id}", "procurements", "One procurement", nil, "", "Procurement", 0},
	{"PATCH", "/api/v1/procurements/{id}", "procurements", "Change a procurement (editor); stage with stage_date; options without id are added", nil, "Procurement", "Procurement", 0},
	{"GET", "/api/v1/procurements/{id}/cost-shares", "procurements", "Each municipality's share of the annual cost, to the krone", nil, "", "[]CostShare", 0},
	{"GET", "/api/v1/procurements/{id}/stages", "procurements", "The stages reached, with dates", nil, "", "[]StageEvent", 0},
	{"GET", "/api/v1/benefits", "benefits", "List benefits with their figures", []string{"project", "municipality", "service_area"}, "", "[]Benefit", 0},
	{"POST", "/api/v1/benefits", "benefits", "Define a benefit (editor)", nil, "Benefit", "Benefit", 201},
	{"GET", "/api/v1/benefits/totals", "benefits", "Realised hours, årsverk and kroner by project, service area or municipality", []string{"by"}, "", "BenefitTotals", 0},
	{"GET", "/api/v1/benefits/{id}", "benefits", "One benefit", nil, "", "Benefit", 0},
	{"PATCH", "/api/v1/benefits/{id}", "benefits", "Change a benefit or its plan (editor)", nil, "Benefit", "Benefit", 0},
	{"GET", "/api/v1/benefits/{id}/measurements", "benefits", "A benefit's measurements", nil, "", "[]Measurement", 0},
	{"POST", "/api/v1/benefits/{id}/measurements", "benefits", "Record a measurement (the project's leader, editors)", nil, "Measurement", "Measurement", 201},
	{"GET", "/api/v1/meetings", "steering", "List steering-group meetings", nil, "", "[]Meeting", 0},
	{"POST", "/api/v1/meetings", "steering", "Create a meeting (steering)", nil, "Meeting", "Meeting", 201},
	{"GET", "/api/v1/meetings/{id}", "steering", "A meeting with its cases and action items", nil, "", "Meeting", 0},
	{"PATCH", "/api/v1/meetings/{id}", "steering", "Change a meeting or its status (planned, held, approved)", nil, "Meeting", "Meeting", 0},
	{"POST", "/api/v1/meetings/{id}/cases", "steering", "Put a new case on the meeting's agenda (numbered)", nil, "Case", "Case", 201},
	{"POST", "/api/v1/meetings/{id}/actions", "steering", "Add an action item", nil, "ActionItem", "ActionItem", 201},
	{"GET", "/api/v1/cases", "steering", "List cases", []string{"status", "meeting", "project"}, "", "[]Case", 0},
	{"POST", "/api/v1/cases", "steering", "Register a pending case", nil, "Case", "Case", 201},
	{"GET", "/api/v1/cases/{id}", "steering", "One case", nil, "", "Case", 0},
	{"PATCH", "/api/v1/cases/{id}", "steering", "Put on an agenda (meeting_id) or record the decision; 409 once the minutes are approved", nil, "Case", "Case", 0},
	{"GET", "/api/v1/decisions", "steering", "The decision log, newest first", []string{"q", "project", "procurement", "year"}, "", "[]Case", 0},
	{"GET", "/api/v1/actions", "steering", "Action items", []string{"open", "overdue"}, "", "[]ActionItem", 0},
	{"PATCH", "/api/v1/actions/{id}", "steering", "Change an action item (e.g. done_date)", nil, "ActionItem", "ActionItem", 0},
	{"GET", "/api/v1/report-schedules", "schedules", "Report schedules (editor)", nil, "", "[]Schedule", 0},
	{"POST", "/api/v1/report-schedules", "schedules", "Create a schedule (admin); the cron expression is checked", nil, "Schedule", "Schedule", 201},
	{"PATCH", "/api/v1/report-schedules/{id}", "schedules", "Change a schedule (admin)", nil, "Schedule", "Schedule", 0},
	{"DELETE", "/api/v1/report-schedules/{id}", "schedules", "Delete a schedule (admin)", nil, "", "", 204},
	{"POST", "/api/v1/report-schedules/{id}/run", "schedules", "Run a schedule now (admin)", nil, "", "RunResult", 202},
	{"GET", "/api/v1/report-deliveries", "schedules", "The e-mail outbox (editor)", []string{"status"}, "", "[]Delivery", 0},
	{"POST", "/api/v1/import/{kind}", "import", "Import projects, municipalities or measurements from CSV or XLSX (multipart field file); dry_run=true shows the outcome row by row", []string{"dry_run"}, "", "ImportResult", 0},
}

// schemas are the objects of the API, briefly: the fields scripts rely on.
var schemas = map[string]map[string]string{
	"User":          {"id": "integer", "email": "string", "name": "string", "role": "string", "municipality": "string", "lang": "string"},
	"Municipality":  {"number": "string", "name": "string", "population": "integer", "member": "boolean", "population_date": "date"},
	"AuditEntry":    {"id": "integer", "at": "date-time", "actor": "string", "entity": "string", "entity_id": "string", "action": "string", "before": "string", "after": "string"},
	"Project":       {"id": "integer", "title": "string", "description": "string", "service_area": "string", "phase": "string", "lead_municipality": "string", "municipalities": "array", "leader_email": "string", "budget_nok": "integer", "start_date": "date", "end_date": "date", "status": "string", "archived": "boolean", "updated_at": "date-time"},
	"StatusReport":  {"period": "string", "overall": "string", "time": "string", "cost": "string", "quality": "string", "risk": "string", "benefits": "string", "progress_pct": "integer", "spent_nok": "integer", "forecast_nok": "integer", "summary": "string", "next_steps": "string", "decision_needed": "string"},
	"PhaseChange":   {"From": "string", "To": "string", "Reason": "string", "By": "string", "At": "date-time"},
	"Milestone":     {"id": "integer", "title": "string", "due_date": "date", "done_date": "date"},
	"Risk":          {"id": "integer", "title": "string", "probability": "integer", "consequence": "integer", "mitigation": "string", "owner": "string", "open": "boolean"},
	"Procurement":   {"id": "integer", "title": "string", "procedure": "string", "stage": "string", "estimated_value_nok": "integer", "lead_municipality": "string", "municipalities": "array", "annual_cost_nok": "integer", "contract_start": "date", "contract_end": "date", "cost_key": "object", "options": "array", "warnings": "array"},
	"CostShare":     {"municipality": "string", "share_pct": "number", "amount_nok": "integer"},
	"StageEvent":    {"stage": "string", "reached": "date", "by": "string"},
	"Deadline":      {"procurement_id": "integer", "title": "string", "kind": "string", "date": "date"},
	"Benefit":       {"id": "integer", "project_id": "integer", "title": "string", "type": "string", "unit": "string", "baseline": "number", "baseline_date": "date", "target": "number", "target_date": "date", "owner": "string", "realised": "number", "realised_pct": "number", "fte": "number", "value_nok": "integer", "plan": "array"},
	"BenefitTotals": {"by": "string", "groups": "array", "total": "object"},
	"Measurement":   {"period": "string", "value": "number", "municipality": "string", "comment": "string"},
	"Meeting":       {"id": "integer", "date": "date", "time": "string", "title": "string", "status": "string", "participants": "array"},
	"Case":          {"id": "integer", "number": "string", "kind": "string", "title": "string", "proposal": "string", "decision": "string", "status": "string", "meeting_id": "integer", "project_id": "integer", "procurement_id": "integer"},
	"ActionItem":    {"id": "integer", "meeting_id": "integer", "case_id": "integer", "description": "string", "owner": "string", "due_date": "date", "done_date": "date"},
	"Schedule":      {"id": "integer", "report": "string", "key": "string", "cron": "string", "recipients": "string", "lang": "string", "enabled": "boolean"},
	"Delivery":      {"id": "integer", "schedule_id": "integer", "recipient": "string", "status": "string", "attempts": "integer", "error": "string"},
	"RunResult":     {"queued": "integer", "mail_configured": "boolean"},
	"ImportResult":  {"kind": "string", "dry_run": "boolean", "created": "integer", "changed": "integer", "rejected": "integer", "rows": "array"},
	"Error":         {"error": "object"},
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

func schemaRef(name string) map[string]any {
	if strings.HasPrefix(name, "[]") {
		return map[string]any{"type": "array", "items": schemaRef(name[2:])}
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func jsonSchemaType(t string) map[string]any {
	switch t {
	case "date", "date-time":
		return map[string]any{"type": "string", "format": t}
	case "array":
		return map[string]any{"type": "array", "items": map[string]any{}}
	}
	return map[string]any{"type": t}
}

// OpenAPI builds the OpenAPI 3 document of the API.
func OpenAPI(version string) map[string]any {
	paths := map[string]map[string]any{}
	for _, d := range apiDocs {
		op := map[string]any{"tags": []string{d.Tag}, "summary": d.Summary, "security": []map[string][]string{{"bearer": {}}, {"session": {}}}}
		var params []map[string]any
		for _, m := range pathParam.FindAllStringSubmatch(d.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
		}
		query := d.Query
		if d.Method == "GET" && strings.HasPrefix(d.Response, "[]") && !contains(query, "limit") {
			query = append(append([]string{}, query...), "limit", "offset")
		}
		for _, q := range query {
			params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]string{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if d.Body != "" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schemaRef(d.Body)}}}
		}
		if strings.HasPrefix(d.Path, "/api/v1/import/") {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{
				"schema": map[string]any{"type": "object", "properties": map[string]any{"file": map[string]string{"type": "string", "format": "binary"}}}}}}
		}
		status := d.Status
		if status == 0 {
			status = 200
		}
		ok := map[string]any{"description": "OK"}
		if d.Response != "" {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaRef(d.Response)}}
		}
		errRef := map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": schemaRef("Error")}}}
		responses := map[string]any{strconv.Itoa(status): ok}
		for code, desc := range map[string]string{"400": "Malformed JSON", "401": "Not logged in", "403": "Not allowed", "404": "Not found", "409": "Conflict", "422": "Invalid input, with the fields named"} {
			r := map[string]any{"description": desc}
			for k, v := range errRef {
				r[k] = v
			}
			responses[code] = r
		}
		op["responses"] = responses
		if paths[d.Path] == nil {
			paths[d.Path] = map[string]any{}
		}
		paths[d.Path][strings.ToLower(d.Method)] = op
	}
	comps := map[string]any{}
	for name, fields := range schemas {
		props := map[string]any{}
		for f, t := range fields {
			props[f] = jsonSchemaType(t)
		}
		comps[name] = map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "samla API", "version": version, "description": "Dates YYYY-MM-DD, periods YYYY-MM, money in whole kroner (*_nok), municipalities by their number as a string."},
		"servers": []map[string]string{{"url": "/"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": comps,
			"securitySchemes": map[string]any{
				"bearer":  map[string]string{"type": "http", "scheme": "bearer"},
				"session": map[string]string{"type": "apiKey", "in": "cookie", "name": sessionCookie},
			},
		},
	}
}

func (s *Server) apiOpenAPI(c fiber.Ctx) error { return c.JSON(OpenAPI(s.cfg.Version)) }

// apiDocsPage renders the API description for people.
func (s *Server) apiDocsPage(c fiber.Ctx) error {
	p := s.page(c, "apidocs.title")
	docs := append([]apiDoc(nil), apiDocs...)
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].Tag < docs[j].Tag })
	p.Data = docs
	return s.render(c, fiber.StatusOK, "apidocs", p)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
