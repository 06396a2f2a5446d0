package handlers

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// apiDoc describes one API route for the OpenAPI document.
type apiDoc struct {
	Method, Path, Tag, Summary string
	Query                      []string // query parameters besides limit and offset
	Body, Response             string   // schema names; "[]X" is an array of X
	Status                     int      // success status (200 when 0)
}

// apiDocs describes every route under /api/v1. TestOpenAPIMatchesRoutes
// checks that it and the registered routes agree, both ways.
var apiDocs = []apiDoc{
	{"GET", "/api/v1/me", "users", "The user or token owner making the request", nil, "", "User", 0},
	{"PATCH", "/api/v1/me", "users", "Change one's own choices: the weekly digest (weekly or off)", nil, "Me", "User", 0},
	{"POST", "/api/v1/me/calendar-token", "users", "A new address for one's calendar feed; the old one answers 404 from now on", nil, "", "CalendarLink", 201},
	{"GET", "/api/v1/municipalities", "municipalities", "List municipalities", nil, "", "[]Municipality", 0},
	{"POST", "/api/v1/municipalities", "municipalities", "Add a municipality (admin)", nil, "Municipality", "Municipality", 201},
	{"GET", "/api/v1/municipalities/{number}", "municipalities", "One municipality", nil, "", "Municipality", 0},
	{"PATCH", "/api/v1/municipalities/{number}", "municipalities", "Change name, population or membership (admin)", nil, "Municipality", "Municipality", 0},
	{"GET", "/api/v1/audit", "audit", "The audit trail, newest first (admin)", []string{"entity", "id", "user", "before", "from", "to"}, "", "[]AuditEntry", 0},
	{"GET", "/api/v1/projects", "projects", "List active (or archived) projects; X-Total-Count has the number that match", []string{"phase", "status", "service_area", "municipality", "leader", "q", "archived", "sort", "desc"}, "", "[]Project", 0},
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
	{"GET", "/api/v1/channels", "channels", "Channels samla posts to; addresses masked (admin)", nil, "", "[]Channel", 0},
	{"POST", "/api/v1/channels", "channels", "Register a channel (admin); the answer is the one time url and secret are shown", nil, "Channel", "Channel", 201},
	{"DELETE", "/api/v1/channels/{id}", "channels", "Remove a channel (admin); posts waiting for it fail", nil, "", "", 204},
	{"GET", "/api/v1/bodies", "bodies", "The cooperation's bodies with their members", nil, "", "[]Body", 0},
	{"POST", "/api/v1/bodies", "bodies", "Create a body (editor); members by user_email, or name and email", nil, "Body", "Body", 201},
	{"GET", "/api/v1/bodies/{id}", "bodies", "One body", nil, "", "Body", 0},
	{"PATCH", "/api/v1/bodies/{id}", "bodies", "Change a body (editor); members, when given, replace the list", nil, "Body", "Body", 0},
	{"GET", "/api/v1/year-plan", "bodies", "The year plan (årshjul) by month", nil, "", "[]YearPlanItem", 0},
	{"POST", "/api/v1/year-plan", "bodies", "Add a year-plan item (editor)", nil, "YearPlanItem", "YearPlanItem", 201},
	{"DELETE", "/api/v1/year-plan/{id}", "bodies", "Remove a year-plan item (editor); its cases stay", nil, "", "", 204},
	{"GET", "/api/v1/mailings", "bodies", "Mailings sent, newest first (editor)", nil, "", "[]Mailing", 0},
	{"POST", "/api/v1/mailings", "bodies", "Send a mailing through the outbox (editor); 202, the e-mails leave later", nil, "Mailing", "Mailing", 202},
	{"GET", "/api/v1/mailings/{id}", "bodies", "One mailing (editor)", nil, "", "Mailing", 0},
	{"GET", "/api/v1/meetings", "steering", "List meetings, of one body with ?body=", []string{"body"}, "", "[]Meeting", 0},
	{"POST", "/api/v1/meetings", "steering", "Create a meeting (steering); body_id defaults to the steering group", nil, "Meeting", "Meeting", 201},
	{"GET", "/api/v1/meetings/{id}", "steering", "A meeting with its cases and action items", nil, "", "MeetingDetail", 0},
	{"PATCH", "/api/v1/meetings/{id}", "steering", "Change a meeting or its status (planned, held, approved)", nil, "Meeting", "Meeting", 0},
	{"POST", "/api/v1/meetings/{id}/cases", "steering", "Put a new case on the meeting's agenda (numbered)", nil, "Case", "Case", 201},
	{"POST", "/api/v1/meetings/{id}/actions", "steering", "Add an action item", nil, "ActionItem", "ActionItem", 201},
	{"GET", "/api/v1/cases", "steering", "List cases", []string{"status", "meeting", "project", "body"}, "", "[]Case", 0},
	{"POST", "/api/v1/cases", "steering", "Register a pending case; referred_from_case_id refers a case from another body", nil, "Case", "Case", 201},
	{"GET", "/api/v1/cases/{id}", "steering", "One case", nil, "", "Case", 0},
	{"PATCH", "/api/v1/cases/{id}", "steering", "Put on an agenda (meeting_id) or record the decision; 409 once the minutes are approved", nil, "Case", "Case", 0},
	{"GET", "/api/v1/decisions", "steering", "The decision log, newest first", []string{"q", "project", "procurement", "year", "body"}, "", "[]Case", 0},
	{"GET", "/api/v1/actions", "steering", "Action items", []string{"open", "overdue"}, "", "[]ActionItem", 0},
	{"PATCH", "/api/v1/actions/{id}", "steering", "Change an action item (e.g. done_date)", nil, "ActionItem", "ActionItem", 0},
	{"GET", "/api/v1/report-schedules", "schedules", "Report schedules (editor)", nil, "", "[]Schedule", 0},
	{"POST", "/api/v1/report-schedules", "schedules", "Create a schedule (admin); the cron expression is checked", nil, "Schedule", "Schedule", 201},
	{"PATCH", "/api/v1/report-schedules/{id}", "schedules", "Change a schedule (admin)", nil, "Schedule", "Schedule", 0},
	{"DELETE", "/api/v1/report-schedules/{id}", "schedules", "Delete a schedule (admin)", nil, "", "", 204},
	{"POST", "/api/v1/report-schedules/{id}/run", "schedules", "Run a schedule now (admin)", nil, "", "RunResult", 202},
	{"GET", "/api/v1/report-deliveries", "schedules", "The e-mail outbox (editor)", []string{"status"}, "", "[]Delivery", 0},
	{"GET", "/api/v1/solutions", "rollout", "The catalogue of solutions the programme rolls out", []string{"service_area", "kind"}, "", "[]Solution", 0},
	{"POST", "/api/v1/solutions", "rollout", "Add a solution (editor)", nil, "Solution", "Solution", 201},
	{"GET", "/api/v1/solutions/{id}", "rollout", "One solution", nil, "", "Solution", 0},
	{"PATCH", "/api/v1/solutions/{id}", "rollout", "Change a solution (editor)", nil, "Solution", "Solution", 0},
	{"GET", "/api/v1/solutions/{id}/rollouts", "rollout", "The solution's rollout in every member municipality (not_started where none is set)", nil, "", "[]Rollout", 0},
	{"PUT", "/api/v1/solutions/{id}/rollouts/{number}", "rollout", "Set a municipality's rollout row (editors; a municipal contact for their own municipality)", nil, "Rollout", "Rollout", 0},
	{"GET", "/api/v1/adoption", "rollout", "The adoption matrix with each municipality's figures; behind = pct ≤ median − 20", []string{"service_area", "kind", "as_of"}, "", "Adoption", 0},
	{"GET", "/api/v1/municipalities/{number}/adoption", "rollout", "One municipality's adoption, its solutions and what it lacks", []string{"service_area", "kind"}, "", "MunicipalityRollout", 0},
	{"GET", "/api/v1/grants", "money", "Grants, the report due soonest first", []string{"status"}, "", "[]Grant", 0},
	{"POST", "/api/v1/grants", "money", "Register a grant or an application (editor)", nil, "Grant", "Grant", 201},
	{"GET", "/api/v1/grants/{id}", "money", "One grant", nil, "", "Grant", 0},
	{"PATCH", "/api/v1/grants/{id}", "money", "Change a grant (editor)", nil, "Grant", "Grant", 0},
	{"GET", "/api/v1/contributions", "money", "The members' contribution per year, newest first", nil, "", "[]Contribution", 0},
	{"PUT", "/api/v1/contributions/{year}", "money", "Set a year's contribution and its key (editor)", nil, "Contribution", "Contribution", 0},
	{"GET", "/api/v1/projects/{id}/funding", "money", "A project's funding per year by source", nil, "", "[]Funding", 0},
	{"PUT", "/api/v1/projects/{id}/funding", "money", "Replace a project's funding rows (editor)", nil, "[]Funding", "[]Funding", 0},
	{"GET", "/api/v1/municipalities/{number}/statement", "money", "A municipality's yearly statement: its lines and total (year: this year by default)", []string{"year"}, "", "Statement", 0},
	{"POST", "/api/v1/import/{kind}", "import", "Import projects, municipalities, measurements, solutions or the rollout matrix from CSV or XLSX (multipart field file); dry_run=true shows the outcome row by row", []string{"dry_run"}, "", "ImportResult", 0},
}

// schemaSpec describes one object of the API by the Go value that is its
// JSON, so the document follows the code: enumerations of coded fields (by
// JSON field name, anywhere in the object) and the fields samla computes.
type schemaSpec struct {
	value    any
	enums    map[string][]string
	readOnly []string
	// create lists the fields a create body must have (input schemas only).
	create []string
}

func withEmpty(list []string) []string { return append([]string{""}, list...) }

var roleNames = func() []string {
	out := make([]string, len(models.Roles))
	for i, r := range models.Roles {
		out[i] = string(r)
	}
	return out
}()

var ragEnums = map[string][]string{"overall": models.RAG, "time": models.RAG, "cost": models.RAG, "quality": models.RAG, "risk": models.RAG, "benefits": models.RAG}

var (
	procurementEnums = map[string][]string{"procedure": models.Procedures, "stage": models.Stages,
		"basis": {models.BasisPopulation, models.BasisWeights}, "decision": {"", "exercised", "declined"}}
	benefitEnums = map[string][]string{"type": models.BenefitTypes, "granularity": models.Granularities,
		"plan_status": models.PlanStatuses, "service_area": models.ServiceAreas}
	channelEnums  = map[string][]string{"kind": models.ChannelKinds, "role": roleNames, "events": models.ChannelEvents}
	bodyEnums     = map[string][]string{"kind": models.BodyKinds, "role": models.MemberRoles}
	caseEnums     = map[string][]string{"kind": models.CaseKinds, "status": models.CaseStatuses, "phase_to": withEmpty(models.Phases)}
	scheduleEnums = map[string][]string{"report": models.ReportKinds, "lang": models.Languages}
	solutionEnums = map[string][]string{"kind": models.SolutionKinds, "service_area": models.ServiceAreas}
	rolloutEnums  = map[string][]string{"status": models.RolloutStatuses}
	grantEnums    = map[string][]string{"scheme": models.GrantSchemes, "status": models.GrantStatuses}
	fundingEnums  = map[string][]string{"source": models.FundingSources, "basis": {"", models.BasisPopulation, models.BasisWeights}} // "": no key (not municipal funding)
	projectEnums  = map[string][]string{"service_area": models.ServiceAreas, "phase": models.Phases, "status": models.ProjectStatuses}
)

// Shapes the handlers answer with that have no type of their own elsewhere.
type (
	benefitTotalsJSON struct {
		By     string                `json:"by"`
		Groups []models.BenefitTotal `json:"groups"`
		Total  models.BenefitTotal   `json:"total"`
	}
	// runResultJSON is "run now"'s answer: the run, under way in the
	// background (GET /api/v1/report-runs/{id}).
	runResultJSON struct {
		RunID int64 `json:"run_id"`
	}
)

// schemas are the objects of the API. Response schemas require every field
// that is always present; input schemas ("…Input") are what a body may hold.
var schemas = map[string]schemaSpec{
	"User":              {value: models.User{}, enums: map[string][]string{"role": roleNames, "lang": models.Languages, "digest": models.DigestChoices}},
	"MeInput":           {value: meInput{}, enums: map[string][]string{"digest": models.DigestChoices}},
	"CalendarLink":      {value: calendarLinkJSON{}},
	"Municipality":      {value: models.Municipality{}},
	"MunicipalityInput": {value: municipalityInput{}, create: []string{"number", "name"}},
	"AuditEntry":        {value: models.AuditEntry{}},
	"Project":           {value: models.Project{}, enums: projectEnums, readOnly: []string{"id", "status", "updated_at", "leader_name", "latest_period", "progress_pct", "spent_nok", "forecast_nok"}},
	"ProjectInput":      {value: projectInput{}, enums: projectEnums, create: []string{"title", "service_area", "phase", "lead_municipality"}},
	"StatusReport":      {value: models.StatusReport{}, enums: ragEnums, readOnly: []string{"id", "project_id", "reported_by", "reported_at"}},
	"StatusReportInput": {value: models.StatusReport{}, enums: ragEnums, create: []string{"period", "overall"}},
	"PhaseChange":       {value: models.PhaseChange{}, enums: map[string][]string{"from": models.Phases, "to": models.Phases}},
	"Milestone":         {value: models.Milestone{}, readOnly: []string{"id", "project_id"}},
	"MilestoneInput":    {value: milestoneInput{}, create: []string{"title"}},
	"Risk":              {value: models.Risk{}, readOnly: []string{"id", "project_id"}},
	"RiskInput":         {value: riskInput{}, create: []string{"title"}},
	"Procurement":       {value: models.Procurement{}, enums: procurementEnums, readOnly: []string{"id", "warnings", "updated_at"}},
	"ProcurementInput":  {value: procurementInput{}, enums: procurementEnums, create: []string{"title", "procedure", "lead_municipality"}},
	"CostShare":         {value: models.CostShare{}},
	"StageEvent":        {value: models.StageEvent{}, enums: map[string][]string{"stage": models.Stages}},
	"Deadline":          {value: deadlineJSON{}, enums: map[string][]string{"kind": {"contract_end", "option", "tender_deadline"}}},
	"Benefit":           {value: models.Benefit{}, enums: benefitEnums, readOnly: []string{"id", "project_title", "service_area", "updated_at", "realised", "realised_pct", "planned_to_date", "plan_status", "hours", "fte", "value_nok", "last_period", "measured"}},
	"BenefitInput":      {value: benefitInput{}, enums: benefitEnums, create: []string{"project_id", "title", "type", "unit", "owner"}},
	"BenefitTotals":     {value: benefitTotalsJSON{}, enums: map[string][]string{"by": {"project", "service_area", "municipality"}}},
	"Measurement":       {value: models.Measurement{}, readOnly: []string{"id", "benefit_id", "measured_by", "at"}},
	"MeasurementInput":  {value: measurementInput{}, create: []string{"period", "value"}},
	"Channel":           {value: models.Channel{}, enums: channelEnums, readOnly: []string{"id", "secret", "created_at"}},
	"ChannelInput":      {value: channelInput{}, enums: channelEnums, create: []string{"name", "kind", "url", "events"}},
	"Body":              {value: models.Body{}, enums: bodyEnums, readOnly: []string{"id", "updated_at", "mandate_archive_id"}},
	"BodyInput":         {value: bodyInput{}, enums: bodyEnums, create: []string{"name", "kind"}},
	"BodyMember":        {value: models.BodyMember{}, enums: bodyEnums},
	"YearPlanItem":      {value: models.YearPlanItem{}, enums: caseEnums, readOnly: []string{"id", "body_name"}},
	"YearPlanItemInput": {value: yearPlanInput{}, enums: caseEnums, create: []string{"month", "body_id", "title"}},
	"Mailing":           {value: models.Mailing{}, enums: map[string][]string{"kind": models.AudienceKinds}, readOnly: []string{"id", "recipients", "opted_out", "archive_id", "actor", "created_at"}},
	"MailingInput":      {value: mailingInput{}, enums: map[string][]string{"kind": models.AudienceKinds}, create: []string{"subject", "body", "audience"}},
	"Meeting":           {value: models.Meeting{}, enums: map[string][]string{"status": models.MeetingStatuses}, readOnly: []string{"id", "updated_at", "body_name", "sequence"}},
	"MeetingDetail":     {value: meetingJSON{}, enums: map[string][]string{"status": models.MeetingStatuses}},
	"MeetingInput":      {value: meetingInput{}, enums: map[string][]string{"status": models.MeetingStatuses}, create: []string{"date", "title"}},
	"Case": {value: models.Case{}, enums: caseEnums, readOnly: []string{"id", "number", "meeting_date", "project_title", "procurement_title", "final", "decided_at",
		"body_name", "referred_from_number", "referred_from_body", "referred_to_case_id", "referred_to_number", "referred_to_body"}},
	"CaseInput":       {value: caseInput{}, enums: caseEnums, create: []string{"title"}},
	"ActionItem":      {value: models.ActionItem{}, readOnly: []string{"id"}},
	"ActionItemInput": {value: actionInput{}, create: []string{"description"}},
	"Schedule":        {value: models.Schedule{}, enums: scheduleEnums, readOnly: []string{"id", "next_run", "last_run"}},
	"ScheduleInput":   {value: scheduleInput{}, enums: scheduleEnums, create: []string{"report", "cron", "recipients"}},
	"Delivery": {value: models.Delivery{}, enums: map[string][]string{"status": {models.DeliveryQueued, "sending", models.DeliverySent, models.DeliveryRetrying, models.DeliveryFailed},
		"kind": {"report", "reminder", "alert", "mailing", "digest", "post"}}},
	"RunResult":           {value: runResultJSON{}},
	"Grant":               {value: models.Grant{}, enums: grantEnums, readOnly: []string{"id", "updated_at", "report_archive_id"}},
	"GrantInput":          {value: grantInput{}, enums: grantEnums, create: []string{"funder", "scheme", "title"}},
	"Contribution":        {value: models.Contribution{}, enums: procurementEnums, readOnly: []string{"year", "updated_at"}},
	"ContributionInput":   {value: contributionInput{}, enums: procurementEnums},
	"Funding":             {value: models.Funding{}, enums: fundingEnums},
	"FundingInput":        {value: models.Funding{}, enums: fundingEnums},
	"Statement":           {value: models.Statement{}, enums: map[string][]string{"kind": {models.LineContribution, models.LineProcurement, models.LineProject}}},
	"Solution":            {value: models.Solution{}, enums: solutionEnums, readOnly: []string{"id", "updated_at"}},
	"SolutionInput":       {value: solutionInput{}, enums: solutionEnums, create: []string{"name", "kind", "service_area"}},
	"Rollout":             {value: models.Rollout{}, enums: rolloutEnums, readOnly: []string{"solution_id", "municipality", "updated_at"}},
	"RolloutInput":        {value: rolloutInput{}, enums: rolloutEnums},
	"Adoption":            {value: models.Adoption{}, enums: rolloutEnums},
	"MunicipalityRollout": {value: models.MunicipalityRollout{}, enums: rolloutEnums},
	"ImportResult":        {value: importResult{}, enums: map[string][]string{"action": {"created", "changed", "unchanged", "rejected"}}},
	"Error":               {value: apiError{}, enums: map[string][]string{"code": {models.EINVALID, models.ENOTFOUND, models.EFORBIDDEN, models.EUNAUTH, models.ECONFLICT, models.EINTERNAL, "full"}}},
}

// queryEnums are the allowed values of coded query parameters, by the
// operation's tag; a parameter named here gets its enum in the document.
var queryEnums = map[string]map[string][]string{
	"projects":     {"phase": models.Phases, "status": models.ProjectStatuses, "service_area": models.ServiceAreas, "archived": {"true", "false"}, "desc": {"true", "false"}},
	"procurements": {"stage": models.Stages},
	"benefits":     {"by": {"project", "service_area", "municipality"}, "service_area": models.ServiceAreas},
	"steering":     {"status": models.CaseStatuses},
	"schedules":    {"status": {models.DeliveryQueued, "sending", models.DeliverySent, models.DeliveryRetrying, models.DeliveryFailed}},
	"import":       {"dry_run": {"true", "false"}},
	"rollout":      {"service_area": models.ServiceAreas, "kind": models.SolutionKinds},
	"money":        {"status": models.GrantStatuses},
}

// schemaOfType names the response schema of each Go type that has one.
var schemaOfType = func() map[reflect.Type]string {
	out := map[reflect.Type]string{}
	for name, spec := range schemas {
		if !strings.HasSuffix(name, "Input") && name != "StatusReportInput" {
			out[reflect.TypeOf(spec.value)] = name
		}
	}
	return out
}()

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

func schemaRef(name string) map[string]any {
	if strings.HasPrefix(name, "[]") {
		return map[string]any{"type": "array", "items": schemaRef(name[2:])}
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

var (
	timeType   = reflect.TypeOf(time.Time{})
	dateType   = reflect.TypeOf(models.Date{})
	periodType = reflect.TypeOf(models.Period(""))
	recipients = reflect.TypeOf(models.Recipients{})
)

// typeSchema is the JSON schema of a Go type as encoding/json writes it.
func typeSchema(t reflect.Type, spec schemaSpec, input, top bool) map[string]any {
	nullable := false
	for t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	var out map[string]any
	switch {
	case t == timeType:
		out = map[string]any{"type": "string", "format": "date-time"}
	case t == dateType:
		out = map[string]any{"type": "string", "format": "date", "nullable": true}
	case t == periodType:
		out = map[string]any{"type": "string", "pattern": `^\d{4}-(0[1-9]|1[0-2])$`}
	case t == recipients:
		out = map[string]any{"oneOf": []any{
			map[string]any{"type": "string", "enum": []string{models.RecipientsDirectors, models.RecipientsSteering}},
			map[string]any{"type": "array", "items": map[string]any{"type": "string", "format": "email"}},
		}}
	case t.Kind() == reflect.Interface:
		out = map[string]any{}
	case !top && !input && schemaOfType[t] != "":
		// An object that has a schema of its own is referred to, so that
		// its enums are its own (a case's status inside a meeting).
		return schemaRef(schemaOfType[t])
	case t.Kind() == reflect.Struct:
		out = objectSchema(t, spec, input)
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		out = map[string]any{"type": "array", "items": typeSchema(t.Elem(), spec, input, false)}
	case t.Kind() == reflect.Map:
		out = map[string]any{"type": "object", "additionalProperties": typeSchema(t.Elem(), spec, input, false)}
	case t.Kind() == reflect.Bool:
		out = map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		out = map[string]any{"type": "integer", "format": "int64"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		out = map[string]any{"type": "number"}
	default:
		out = map[string]any{"type": "string"}
	}
	if nullable && out["type"] != nil { // nullable needs a type beside it
		out["nullable"] = true
	}
	return out
}

// objectSchema describes a struct: its JSON fields (embedded structs
// flattened), their enums, which are read-only, and which are required.
func objectSchema(t reflect.Type, spec schemaSpec, input bool) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
				walk(sf.Type)
				continue
			}
			if name == "-" || !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			p := typeSchema(sf.Type, spec, input, false)
			if enum, ok := spec.enums[name]; ok && p["type"] == "string" {
				p["enum"] = enum
			}
			if enum, ok := spec.enums[name]; ok && p["type"] == "array" {
				p["items"].(map[string]any)["enum"] = enum
			}
			if !input && contains(spec.readOnly, name) {
				p["readOnly"] = true
			}
			props[name] = p
			if !input && !strings.Contains(opts, "omitempty") && sf.Type.Kind() != reflect.Pointer {
				required = append(required, name)
			}
		}
	}
	walk(t)
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		out["required"] = required
	}
	return out
}

// operationID names an operation for generated clients: a verb from the
// method and the path's resources, e.g. listProjectStatusReports.
func operationID(d apiDoc) string {
	verb := map[string]string{"GET": "get", "POST": "create", "PATCH": "update", "PUT": "set", "DELETE": "delete"}[d.Method]
	if d.Method == "GET" && strings.HasPrefix(d.Response, "[]") {
		verb = "list"
	}
	segs := strings.Split(strings.TrimPrefix(d.Path, "/api/v1/"), "/")
	var words []string
	for i, seg := range segs {
		if strings.HasPrefix(seg, "{") {
			continue
		}
		if i == len(segs)-1 && seg == "run" {
			verb = "run"
			continue
		}
		if i < len(segs)-1 || verb == "get" || verb == "create" && d.Status == 201 || verb == "update" || verb == "delete" || verb == "set" {
			seg = singular(seg)
		}
		for _, w := range strings.Split(seg, "-") {
			words = append(words, strings.ToUpper(w[:1])+w[1:])
		}
	}
	return verb + strings.Join(words, "")
}

func singular(s string) string {
	switch {
	case s == "me", s == "audit", s == "totals", s == "import":
		return s
	case strings.HasSuffix(s, "ies"):
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "s"):
		return s[:len(s)-1]
	}
	return s
}

// OpenAPI builds the OpenAPI 3 document of the API.
func OpenAPI(version string) map[string]any {
	paths := map[string]map[string]any{}
	errRef := map[string]any{"application/json": map[string]any{"schema": schemaRef("Error")}}
	for _, d := range apiDocs {
		op := map[string]any{"tags": []string{d.Tag}, "summary": d.Summary, "operationId": operationID(d),
			"security": []map[string][]string{{"bearer": {}}, {"session": {}}}}
		var params []map[string]any
		for _, m := range pathParam.FindAllStringSubmatch(d.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
		}
		for _, q := range d.Query {
			schema := map[string]any{"type": "string"}
			if enum, ok := queryEnums[d.Tag][q]; ok {
				schema["enum"] = enum
			}
			params = append(params, map[string]any{"name": q, "in": "query", "schema": schema})
		}
		if d.Method == "GET" && strings.HasPrefix(d.Response, "[]") {
			params = append(params,
				map[string]any{"name": "limit", "in": "query", "description": fmt.Sprintf("page size (default %d)", defaultLimit),
					"schema": map[string]any{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit}},
				map[string]any{"name": "offset", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 0, "default": 0}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if d.Body != "" {
			body := schemaRef(d.Body + "Input")
			if create := schemas[d.Body+"Input"].create; d.Method == "POST" && len(create) > 0 {
				body = map[string]any{"allOf": []any{body, map[string]any{"required": create}}}
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": body}}}
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
			if strings.HasPrefix(d.Response, "[]") {
				ok["headers"] = map[string]any{"X-Total-Count": map[string]any{"description": "how many items match, over all pages", "schema": map[string]string{"type": "integer"}}}
			}
		}
		responses := map[string]any{strconv.Itoa(status): ok}
		if d.Method == "POST" && d.Status == 201 && strings.HasSuffix(d.Path, "/status-reports") {
			responses["200"] = map[string]any{"description": "The month's report was replaced", "content": ok["content"]}
		}
		if d.Tag == "import" {
			responses["422"] = map[string]any{"description": "Rows were rejected (nothing was written), or the file is unreadable",
				"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"oneOf": []any{schemaRef("ImportResult"), schemaRef("Error")}}}}}
		}
		for code, desc := range map[string]string{"400": "Malformed JSON", "401": "Not logged in", "403": "Not allowed", "404": "Not found", "409": "Conflict", "422": "Invalid input, with the fields named", "503": "The database is unavailable or full; nothing was saved"} {
			if responses[code] == nil {
				responses[code] = map[string]any{"description": desc, "content": errRef}
			}
		}
		op["responses"] = responses
		if paths[d.Path] == nil {
			paths[d.Path] = map[string]any{}
		}
		paths[d.Path][strings.ToLower(d.Method)] = op
	}
	for path, ops := range publicPaths() {
		paths[path] = ops
	}
	comps := map[string]any{}
	for name, spec := range schemas {
		comps[name] = typeSchema(reflect.TypeOf(spec.value), spec, strings.HasSuffix(name, "Input"), true)
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "samla API", "version": version,
			"description": "Dates YYYY-MM-DD, periods YYYY-MM, money in whole kroner (*_nok), municipalities by their number as a string. " +
				fmt.Sprintf("Lists page with limit (1–%d, default %d) and offset; X-Total-Count tells how many match. ", maxLimit, defaultLimit) +
				"Invalid input is a 422 naming every wrong field; a coded field's error lists the allowed values."},
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

// choicesByRoute holds, for each API route, the allowed values of its coded
// body fields and query parameters, as the document states them.
var choicesByRoute = func() map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for _, d := range apiDocs {
		m := map[string][]string{}
		for _, q := range d.Query {
			if enum, ok := queryEnums[d.Tag][q]; ok {
				m[q] = enum
			}
		}
		for f, enum := range schemas[d.Body+"Input"].enums {
			m[f] = enum
		}
		out[d.Method+" "+d.Path] = m
	}
	return out
}()

var routeParam = regexp.MustCompile(`:(\w+)(<[^>]*>)?`)

// allowedChoices lists the allowed values of each field that failed as "choice".
func allowedChoices(c fiber.Ctx, fields map[string]string) map[string][]string {
	var out map[string][]string
	choices := choicesByRoute[c.Method()+" "+routeParam.ReplaceAllString(c.Route().Path, "{$1}")]
	for f, reason := range fields {
		if enum, ok := choices[f]; ok && reason == "choice" {
			if out == nil {
				out = map[string][]string{}
			}
			out[f] = enum
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
