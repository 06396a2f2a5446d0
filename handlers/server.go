// Package handlers is samla's HTTP layer: Fiber routes for the HTML pages
// and the JSON API, authentication, CSRF, role checks and one error handler.
package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/compress"
	"github.com/gofiber/fiber/v3/middleware/recover"

	"samla/data"
	"samla/handlers/keep"
	"samla/handlers/public"
	"samla/models"
	"samla/outbound"
	"samla/reports"
	"samla/views"
)

// Config is what the HTTP layer needs from the command line and environment.
type Config struct {
	BaseURL  *url.URL
	Lang     string
	Location *time.Location
	Log      *slog.Logger
	Version  string
	// Jobs runs schedules and system jobs; MailConfigured says whether
	// e-mail can leave the outbox (SAMLA_SMTP_URL).
	Jobs           *reports.Scheduler
	MailConfigured bool
	// HTTPClient talks to identity providers (default: 15 s time-out).
	HTTPClient *http.Client
	// TrustedProxies may say in X-Forwarded-For and X-Forwarded-Proto who
	// the client is and how it came (SAMLA_TRUSTED_PROXIES).
	TrustedProxies []netip.Prefix
	// Outbound guards requests to addresses entered in the app (channels);
	// nil admits public https addresses only (SAMLA_OUTBOUND_ALLOW).
	Outbound *outbound.Guard
}

// Server holds the dependencies of the handlers.
type Server struct {
	App      *fiber.App
	DB       *data.DB
	cfg      Config
	log      *slog.Logger
	views    *views.Renderer
	csrfKey  []byte
	throttle *Throttle
	routes   []Route
	static   map[string]*staticFile
	// sso keeps each identity provider's discovered configuration.
	sso        ssoClients
	httpClient *http.Client
	// pages keeps the most read pages as rendered (see pagecache.go);
	// renders are the slots a page not kept is rendered in, one per core;
	// rendering counts the pages being rendered in them, unslotted those
	// that waited too long for one (pagecache.go).
	pages     *keep.Cache[[]byte]
	renders   chan struct{}
	rendering atomic.Int32
	unslotted atomic.Int64
	// projectViews keeps what a project's page reads (projects.go).
	projectViews *keep.Cache[projectView]
	// options keeps long option lists (municipalities, leaders; projects.go).
	options *keep.Cache[optionList]
	// public serves the public pages (handlers/public).
	public     *public.Site
	signedIn   atomic.Int64 // signed-in requests under way (the public pages yield to them)
	network    network
	metrics    *metrics
	fullLogged atomic.Int64 // when a full disk was last logged (Unix seconds)
	opsMu      sync.Mutex
	ops        opsFigures
	opsAt      time.Time
}

// maxUpload is the largest file a form takes (a checklist document, a
// grant report, a signed agreement, a mandate). A request may be larger by
// the rest of its form, so that a file just over the limit reaches its
// handler, which says so at the field and keeps what was typed; only a
// request over maxBody gets a 413 page.
const (
	maxUpload = 8 << 20
	maxBody   = maxUpload + 2<<20
)

// Route is one registered route and who may use it, for the role tests.
type Route struct {
	Method, Path string
	Allow        Rule
}

// Rule tells whether a role may use a route; nil means no login needed.
type Rule func(models.Role) bool

// Access rules of CONTRACT's role table.
var (
	Public   Rule
	LoggedIn Rule = func(models.Role) bool { return true }
	Admins   Rule = models.Role.IsAdmin
	Editors  Rule = models.Role.EditsPortfolio
	// MeasurementWriters may record benefit measurements: project writers for
	// their projects, municipal contacts for their municipality (the handler
	// checks which).
	MeasurementWriters Rule = func(r models.Role) bool { return ProjectWriters(r) || r == models.RoleContact }
	// RolloutWriters may reach rollout rows; which rows, the handler decides.
	RolloutWriters Rule = func(r models.Role) bool { return r.EditsPortfolio() || r == models.RoleContact }
	Steering       Rule = models.Role.RecordsSteering
)

// New builds the Fiber application with every route.
func New(db *data.DB, cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Jobs == nil {
		cfg.Jobs = reports.NewScheduler(&reports.Service{DB: db, Loc: cfg.Location, Log: cfg.Log, Outbound: cfg.Outbound})
	}
	r, err := views.NewRenderer(cfg.Location)
	if err != nil {
		return nil, err
	}
	key, err := db.Secret(context.Background(), "csrf")
	if err != nil {
		return nil, err
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	s := &Server{DB: db, cfg: cfg, log: cfg.Log, views: r, csrfKey: key, throttle: NewThrottle(db.Now), httpClient: cfg.HTTPClient, pages: newPageCache(),
		renders:      make(chan struct{}, runtime.GOMAXPROCS(0)),
		projectViews: keep.New[projectView](pageTTL, pageCacheBytes, pageCacheMax),
		options:      keep.New[optionList](pageTTL, pageCacheBytes, pageCacheMax)}
	s.App = fiber.New(fiber.Config{
		AppName:      "samla",
		ErrorHandler: s.handleError,
		Immutable:    true,
		BodyLimit:    maxBody,
		ReadTimeout:  30 * time.Second,
		WriteTimeout: 60 * time.Second,
		IdleTimeout:  120 * time.Second,
	})
	if s.static, err = loadStatic(views.Static()); err != nil {
		return nil, err
	}
	s.metrics = newMetrics(s)
	s.App.Use(s.requestID, s.observe, s.logRequests, recover.New(), s.securityHeaders)
	s.App.Get("/healthz", s.healthz)
	s.App.Get("/readyz", s.readyz)
	s.App.Get("/static/*", s.serveStatic)
	s.App.Get("/favicon.ico", s.serveFavicon)
	// Pages and API answers are compressed; static files come compressed already.
	s.App.Use(compress.New())
	s.App.Use(s.authenticate, s.checkCSRF)
	s.registerRoutes()
	s.App.Use(func(c fiber.Ctx) error { return fiber.ErrNotFound })
	return s, nil
}

// registerRoutes is the one list of routes, each with who may use it.
func (s *Server) registerRoutes() {
	// Sign-in and the shell.
	s.handle("GET", "/login", Public, s.loginPage)
	s.handle("POST", "/login", Public, s.login)
	s.handle("POST", "/logout", Public, s.logout)
	s.handle("GET", "/login/sso", Public, s.ssoByEmail)
	s.handle("GET", "/login/sso/callback", Public, s.ssoCallback)
	s.handle("GET", "/login/sso/:id", Public, s.ssoStart)
	s.handle("GET", "/login/sso/:id/logout", Public, s.ssoLogout)
	s.handle("POST", "/admin/sso", Admins, s.addProvider)
	s.handle("POST", "/admin/sso/:id/remove", Admins, s.removeProvider)
	s.handle("POST", "/lang", Public, s.setLang)
	s.handle("GET", "/", LoggedIn, s.cachedPage(s.home))
	s.handle("GET", "/account", LoggedIn, s.accountPage)
	s.handle("POST", "/account/newsletter", LoggedIn, s.setNewsletter)
	s.handle("POST", "/account/calendar", LoggedIn, s.renewCalendar)
	s.handle("POST", "/account/digest", LoggedIn, s.setDigest)
	s.handle("GET", "/calendar/:token.ics", Public, s.calendarFeed)
	s.handle("GET", "/steering/meetings/:id.ics", LoggedIn, s.meetingICS)
	s.handle("POST", "/account/password", LoggedIn, s.changePassword)

	// Projects and status reports.
	s.handle("GET", "/projects", LoggedIn, s.cachedPage(s.projectsPage))
	s.handle("GET", "/projects/new", Editors, s.newProjectPage)
	s.handle("POST", "/projects/new", Editors, s.createProject)
	s.handle("GET", "/projects/pick", Editors, s.pickProjects)
	s.handle("GET", "/projects/:id", LoggedIn, s.cachedPage(s.projectPage))
	s.handle("GET", "/projects/:id/edit", Editors, s.editProjectPage)
	s.handle("POST", "/projects/:id/edit", Editors, s.updateProject)
	s.handle("POST", "/projects/:id/archive", Editors, s.archiveProject)
	s.handle("POST", "/projects/:id/restore", Editors, s.restoreProject)
	s.handle("GET", "/projects/:id/status/new", ProjectWriters, s.newStatusPage)
	s.handle("POST", "/projects/:id/status", ProjectWriters, s.createStatus)
	s.handle("POST", "/projects/:id/milestones", ProjectWriters, s.addMilestone)
	s.handle("POST", "/projects/:id/milestones/:mid/done", ProjectWriters, s.milestoneDone)
	s.handle("POST", "/projects/:id/milestones/:mid/delete", ProjectWriters, s.deleteMilestone)
	s.handle("POST", "/projects/:id/risks", ProjectWriters, s.addRisk)
	s.handle("POST", "/projects/:id/risks/:rid/close", ProjectWriters, s.riskOpen(false))
	s.handle("POST", "/projects/:id/risks/:rid/reopen", ProjectWriters, s.riskOpen(true))
	s.handle("POST", "/projects/:id/risks/:rid/delete", ProjectWriters, s.deleteRisk)

	// Benefits realisation.
	s.handle("GET", "/benefits", LoggedIn, s.benefitsPage)
	s.handle("GET", "/benefits/:id", LoggedIn, s.benefitPage)
	s.handle("GET", "/benefits/:id/edit", Editors, s.editBenefitPage)
	s.handle("POST", "/benefits/:id/edit", Editors, s.updateBenefit)
	s.handle("POST", "/benefits/:id/measurements", MeasurementWriters, s.recordMeasurement)
	s.handle("GET", "/projects/:id/benefits/new", Editors, s.newBenefitPage)
	s.handle("POST", "/projects/:id/benefits/new", Editors, s.createBenefit)

	// Steering group.
	s.handle("GET", "/steering", LoggedIn, s.steeringPage)
	s.handle("GET", "/steering/decisions", LoggedIn, s.decisionsPage)
	s.handle("GET", "/steering/meetings/new", Steering, s.newMeetingPage)
	s.handle("POST", "/steering/meetings/new", Steering, s.createMeeting)
	s.handle("GET", "/steering/meetings/:id", LoggedIn, s.meetingPage)
	s.handle("GET", "/steering/meetings/:id/edit", Steering, s.editMeetingPage)
	s.handle("POST", "/steering/meetings/:id/edit", Steering, s.updateMeeting)
	s.handle("POST", "/steering/meetings/:id/status", Steering, s.setMeetingStatus)
	s.handle("POST", "/steering/meetings/:id/cases", Steering, s.addAgendaCase)
	s.handle("POST", "/steering/meetings/:id/actions", Steering, s.addAction)
	s.handle("GET", "/steering/cases/new", Steering, s.newCasePage)
	s.handle("POST", "/steering/cases/new", Steering, s.createCase)
	s.handle("POST", "/steering/cases/:id/agenda", Steering, s.putOnAgenda)
	s.handle("POST", "/steering/cases/:id/decide", Steering, s.decideCase)
	s.handle("POST", "/steering/actions/:id/done", Steering, s.actionDone)
	s.handle("POST", "/steering/cases/:id/refer", Steering, s.referCase)
	s.handle("GET", "/bodies", LoggedIn, s.bodiesPage)
	s.handle("GET", "/bodies/new", Editors, s.newBodyPage)
	s.handle("POST", "/bodies/new", Editors, s.createBody)
	s.handle("GET", "/bodies/:id", LoggedIn, s.bodyPage)
	s.handle("GET", "/bodies/:id/edit", Editors, s.editBodyPage)
	s.handle("POST", "/bodies/:id/edit", Editors, s.updateBody)
	s.handle("POST", "/bodies/:id/members", Editors, s.addMember)
	s.handle("POST", "/bodies/:id/members/:mid/end", Editors, s.endMember)
	s.handle("GET", "/year-plan", LoggedIn, s.yearPlanPage)
	s.handle("POST", "/year-plan", Editors, s.addYearPlanItem)
	s.handle("POST", "/year-plan/:id/delete", Editors, s.deleteYearPlanItem)
	s.handle("GET", "/mailings", Editors, s.mailingsPage)
	s.handle("POST", "/mailings", Editors, s.sendMailing)
	s.handle("GET", "/unsubscribe/:token", Public, s.unsubscribePage)
	s.handle("POST", "/unsubscribe/:token", Public, s.unsubscribePage)

	// Joint procurements.
	s.handle("GET", "/procurements", LoggedIn, s.procurementsPage)
	s.handle("GET", "/procurements/new", Editors, s.newProcurementPage)
	s.handle("POST", "/procurements/new", Editors, s.createProcurement)
	s.handle("GET", "/procurements/:id", LoggedIn, s.procurementPage)
	s.handle("GET", "/procurements/:id/edit", Editors, s.editProcurementPage)
	s.handle("POST", "/procurements/:id/edit", Editors, s.updateProcurement)
	s.handle("POST", "/procurements/:id/options", Editors, s.addOption)
	s.handle("POST", "/procurements/:id/benefit", Editors, s.savingsBenefit)
	s.handle("POST", "/procurements/:id/options/:oid/:decision<regex(exercised|declined)>", Editors, s.decideOption)

	// PDF reports.
	s.handle("GET", "/reports", LoggedIn, s.reportsPage)
	s.handle("GET", "/reports/link", LoggedIn, s.reportLink)
	s.handle("GET", "/reports/portfolio.pdf", LoggedIn, s.portfolioPDF)
	s.handle("GET", "/reports/projects/:id.pdf", LoggedIn, s.projectPDF)
	s.handle("GET", "/reports/municipalities/:number.pdf", LoggedIn, s.municipalityPDF)
	s.handle("GET", "/reports/meetings/:id.pdf", LoggedIn, s.meetingPDF)
	s.handle("GET", "/reports/archive/:id.pdf", LoggedIn, s.archivedPDF)

	// Scheduled delivery and jobs.
	s.handle("GET", "/admin/schedules", Editors, s.schedulesPage)
	s.handle("POST", "/admin/schedules", Admins, s.createSchedule)
	s.handle("POST", "/admin/schedules/:id/toggle", Admins, s.toggleSchedule)
	s.handle("POST", "/admin/schedules/:id/delete", Admins, s.deleteSchedule)
	s.handle("POST", "/admin/schedules/:id/run", Admins, s.runSchedule)
	s.handle("GET", "/admin/jobs", Admins, s.jobsPage)
	s.handle("GET", "/admin/channels", Admins, s.channelsPage)
	s.handle("POST", "/admin/channels", Admins, s.createChannel)
	s.handle("POST", "/admin/channels/:id/delete", Admins, s.deleteChannel)
	s.handle("POST", "/admin/jobs/:name/run", Admins, s.runJob)
	s.handle("POST", "/admin/deliveries/retry-stuck", Admins, s.retryStuck)

	// Export.
	s.handle("GET", "/export/portfolio.xlsx", LoggedIn, s.exportXLSX)
	s.handle("GET", "/export/:kind.csv", LoggedIn, s.exportCSV)

	// Municipalities.
	s.handle("GET", "/municipalities", LoggedIn, s.municipalitiesPage)
	s.handle("GET", "/municipalities/new", Admins, s.newMunicipalityPage)
	s.handle("POST", "/municipalities/new", Admins, s.createMunicipality)
	s.handle("GET", "/municipalities/:number", LoggedIn, s.cachedPage(s.municipalityPage))

	s.handle("GET", "/budget", LoggedIn, s.budgetPage)
	s.handle("POST", "/budget/contributions/:year", Editors, s.setContribution)
	s.handle("GET", "/grants", LoggedIn, s.grantsPage)
	s.handle("GET", "/grants/new", Editors, s.newGrantPage)
	s.handle("POST", "/grants/new", Editors, s.createGrant)
	s.handle("GET", "/grants/:id", LoggedIn, s.grantPage)
	s.handle("GET", "/grants/:id/edit", Editors, s.editGrantPage)
	s.handle("POST", "/grants/:id/edit", Editors, s.updateGrant)
	s.handle("POST", "/grants/:id/case", Editors, s.grantToSteering)
	s.handle("POST", "/grants/:id/report", Editors, s.uploadGrantReport)
	s.handle("POST", "/projects/:id/funding", Editors, s.addFunding)
	s.handle("POST", "/projects/:id/funding/remove", Editors, s.removeFunding)
	s.handle("GET", "/municipalities/:number/statement", LoggedIn, s.statementPage)
	s.handle("GET", "/reports/municipalities/:number/statement-:year.pdf", LoggedIn, s.statementPDF)
	s.handle("GET", "/export/statements-:year.xlsx", LoggedIn, s.exportStatements)

	s.handle("GET", "/adoption", LoggedIn, s.adoptionPage)
	s.handle("GET", "/solutions/new", Editors, s.newSolutionPage)
	s.handle("POST", "/solutions/new", Editors, s.createSolution)
	s.handle("GET", "/solutions/:id", LoggedIn, s.solutionPage)
	s.handle("GET", "/solutions/:id/edit", Editors, s.editSolutionPage)
	s.handle("POST", "/solutions/:id/edit", Editors, s.updateSolution)
	// A rollout row: editors any, a municipal contact their own (checked in the handler).
	s.handle("GET", "/solutions/:id/rollouts/:number", RolloutWriters, s.rolloutPage)
	s.handle("POST", "/solutions/:id/rollouts/:number", RolloutWriters, s.saveRollout)
	s.handle("GET", "/municipalities/:number/edit", Admins, s.editMunicipalityPage)
	s.handle("POST", "/municipalities/:number/edit", Admins, s.updateMunicipality)

	// Administration.
	s.handle("GET", "/admin", Admins, s.adminPage)
	s.handle("POST", "/admin/settings", Admins, s.saveSettings)
	s.handle("GET", "/admin/users/new", Admins, s.newUserPage)
	s.handle("POST", "/admin/users/new", Admins, s.createUser)
	s.handle("GET", "/admin/users/:id", Admins, s.editUserPage)
	s.handle("POST", "/admin/users/:id", Admins, s.updateUser)
	s.handle("POST", "/admin/tokens", Admins, s.createToken)
	s.handle("POST", "/admin/tokens/:id/revoke", Admins, s.revokeToken)
	s.handle("GET", "/admin/audit", Admins, s.auditPage)
	s.handle("GET", "/admin/audit.csv", Admins, s.auditCSV)

	// JSON API.
	s.handle("GET", "/api/openapi.json", LoggedIn, s.apiOpenAPI)
	s.handle("GET", "/api/docs", LoggedIn, s.apiDocsPage)
	s.handle("GET", "/api/v1/me", LoggedIn, s.apiMe)
	s.handle("GET", "/api/v1/municipalities", LoggedIn, s.apiMunicipalities)
	s.handle("POST", "/api/v1/municipalities", Admins, s.apiCreateMunicipality)
	s.handle("GET", "/api/v1/municipalities/:number", LoggedIn, s.apiMunicipality)
	s.handle("GET", "/api/v1/municipalities/:number/adoption", LoggedIn, s.apiMunicipalityAdoption)
	s.handle("GET", "/api/v1/solutions", LoggedIn, s.apiSolutions)
	s.handle("POST", "/api/v1/solutions", Editors, s.apiCreateSolution)
	s.handle("GET", "/api/v1/solutions/:id", LoggedIn, s.apiSolution)
	s.handle("PATCH", "/api/v1/solutions/:id", Editors, s.apiPatchSolution)
	s.handle("GET", "/api/v1/solutions/:id/rollouts", LoggedIn, s.apiRollouts)
	s.handle("PUT", "/api/v1/solutions/:id/rollouts/:number", RolloutWriters, s.apiSetRollout)
	s.handle("GET", "/api/v1/adoption", LoggedIn, s.apiAdoption)
	s.handle("GET", "/api/v1/grants", LoggedIn, s.apiGrants)
	s.handle("POST", "/api/v1/grants", Editors, s.apiCreateGrant)
	s.handle("GET", "/api/v1/grants/:id", LoggedIn, s.apiGrant)
	s.handle("PATCH", "/api/v1/grants/:id", Editors, s.apiPatchGrant)
	s.handle("GET", "/api/v1/contributions", LoggedIn, s.apiContributions)
	s.handle("PUT", "/api/v1/contributions/:year", Editors, s.apiSetContribution)
	s.handle("GET", "/api/v1/projects/:id/funding", LoggedIn, s.apiProjectFunding)
	s.handle("PUT", "/api/v1/projects/:id/funding", Editors, s.apiSetProjectFunding)
	s.handle("GET", "/api/v1/municipalities/:number/statement", LoggedIn, s.apiStatement)
	s.handle("PATCH", "/api/v1/municipalities/:number", Admins, s.apiPatchMunicipality)
	s.handle("GET", "/api/v1/audit", Admins, s.apiAudit)
	s.handle("GET", "/api/v1/benefits", LoggedIn, s.apiBenefits)
	s.handle("POST", "/api/v1/benefits", Editors, s.apiCreateBenefit)
	s.handle("GET", "/api/v1/benefits/totals", LoggedIn, s.apiBenefitTotals)
	s.handle("GET", "/api/v1/benefits/:id", LoggedIn, s.apiBenefit)
	s.handle("PATCH", "/api/v1/benefits/:id", Editors, s.apiPatchBenefit)
	s.handle("GET", "/api/v1/benefits/:id/measurements", LoggedIn, s.apiMeasurements)
	s.handle("POST", "/api/v1/benefits/:id/measurements", MeasurementWriters, s.apiRecordMeasurement)
	s.handle("GET", "/api/v1/meetings", LoggedIn, s.apiMeetings)
	s.handle("POST", "/api/v1/meetings", Steering, s.apiCreateMeeting)
	s.handle("GET", "/api/v1/meetings/:id", LoggedIn, s.apiMeeting)
	s.handle("PATCH", "/api/v1/meetings/:id", Steering, s.apiPatchMeeting)
	s.handle("POST", "/api/v1/meetings/:id/cases", Steering, s.apiCreateMeetingCase)
	s.handle("POST", "/api/v1/meetings/:id/actions", Steering, s.apiCreateAction)
	s.handle("GET", "/api/v1/cases", LoggedIn, s.apiCases)
	s.handle("POST", "/api/v1/cases", Steering, s.apiCreateCase)
	s.handle("GET", "/api/v1/cases/:id", LoggedIn, s.apiCase)
	s.handle("PATCH", "/api/v1/cases/:id", Steering, s.apiPatchCase)
	s.handle("GET", "/api/v1/decisions", LoggedIn, s.apiDecisions)
	s.handle("GET", "/api/v1/actions", LoggedIn, s.apiActions)
	s.handle("PATCH", "/api/v1/actions/:id", Steering, s.apiPatchAction)
	s.handle("POST", "/api/v1/me/calendar-token", LoggedIn, s.apiCalendarToken)
	s.handle("PATCH", "/api/v1/me", LoggedIn, s.apiPatchMe)
	s.handle("GET", "/api/v1/channels", Admins, s.apiChannels)
	s.handle("POST", "/api/v1/channels", Admins, s.apiCreateChannel)
	s.handle("DELETE", "/api/v1/channels/:id", Admins, s.apiDeleteChannel)
	s.handle("GET", "/api/v1/bodies", LoggedIn, s.apiBodies)
	s.handle("POST", "/api/v1/bodies", Editors, s.apiCreateBody)
	s.handle("GET", "/api/v1/bodies/:id", LoggedIn, s.apiBody)
	s.handle("PATCH", "/api/v1/bodies/:id", Editors, s.apiPatchBody)
	s.handle("GET", "/api/v1/year-plan", LoggedIn, s.apiYearPlan)
	s.handle("POST", "/api/v1/year-plan", Editors, s.apiCreateYearPlanItem)
	s.handle("DELETE", "/api/v1/year-plan/:id", Editors, s.apiDeleteYearPlanItem)
	s.handle("GET", "/api/v1/mailings", Editors, s.apiMailings)
	s.handle("POST", "/api/v1/mailings", Editors, s.apiCreateMailing)
	s.handle("GET", "/api/v1/mailings/:id", Editors, s.apiMailing)
	s.handle("POST", "/api/v1/import/:kind", Editors, s.apiImport)
	s.handle("GET", "/api/v1/report-schedules", Editors, s.apiSchedules)
	s.handle("POST", "/api/v1/report-schedules", Admins, s.apiCreateSchedule)
	s.handle("PATCH", "/api/v1/report-schedules/:id", Admins, s.apiPatchSchedule)
	s.handle("DELETE", "/api/v1/report-schedules/:id", Admins, s.apiDeleteSchedule)
	s.handle("POST", "/api/v1/report-schedules/:id/run", Admins, s.apiRunSchedule)
	s.handle("GET", "/api/v1/report-deliveries", Editors, s.apiDeliveries)
	s.handle("GET", "/api/v1/procurements", LoggedIn, s.apiProcurements)
	s.handle("POST", "/api/v1/procurements", Editors, s.apiCreateProcurement)
	s.handle("GET", "/api/v1/procurements/deadlines", LoggedIn, s.apiDeadlines)
	s.handle("GET", "/api/v1/procurements/:id", LoggedIn, s.apiProcurement)
	s.handle("PATCH", "/api/v1/procurements/:id", Editors, s.apiPatchProcurement)
	s.handle("GET", "/api/v1/procurements/:id/cost-shares", LoggedIn, s.apiCostShares)
	s.handle("GET", "/api/v1/procurements/:id/stages", LoggedIn, s.apiStageHistory)
	s.handle("GET", "/api/v1/projects", LoggedIn, s.apiProjects)
	s.handle("POST", "/api/v1/projects", Editors, s.apiCreateProject)
	s.handle("GET", "/api/v1/projects/:id", LoggedIn, s.apiProject)
	s.handle("PATCH", "/api/v1/projects/:id", Editors, s.apiPatchProject)
	s.handle("DELETE", "/api/v1/projects/:id", Editors, s.apiArchiveProject)
	s.handle("GET", "/api/v1/projects/:id/status-reports", LoggedIn, s.apiStatusReports)
	s.handle("POST", "/api/v1/projects/:id/status-reports", ProjectWriters, s.apiCreateStatusReport)
	s.handle("GET", "/api/v1/projects/:id/phase-changes", LoggedIn, s.apiPhaseChanges)
	s.handle("GET", "/api/v1/projects/:id/milestones", LoggedIn, s.apiMilestones)
	s.handle("POST", "/api/v1/projects/:id/milestones", ProjectWriters, s.apiCreateMilestone)
	s.handle("PATCH", "/api/v1/projects/:id/milestones/:mid", ProjectWriters, s.apiPatchMilestone)
	s.handle("DELETE", "/api/v1/projects/:id/milestones/:mid", ProjectWriters, s.apiDeleteMilestone)
	s.handle("GET", "/api/v1/projects/:id/risks", LoggedIn, s.apiRisks)
	s.handle("POST", "/api/v1/projects/:id/risks", ProjectWriters, s.apiCreateRisk)
	s.handle("PATCH", "/api/v1/projects/:id/risks/:rid", ProjectWriters, s.apiPatchRisk)
	s.handle("DELETE", "/api/v1/projects/:id/risks/:rid", ProjectWriters, s.apiDeleteRisk)
	s.registerPublicRoutes()
	s.registerReportRunRoutes()
	s.registerFigureRoutes()
	s.handle("GET", "/overview", LoggedIn, s.cachedPage(s.dashboard))
	s.registerIdeaRoutes()
	s.registerMaturityRoutes()
	s.registerHomeRoutes()
}

// handle registers a route behind its access rule, checked on the server
// before the handler runs.
func (s *Server) handle(method, path string, allow Rule, h fiber.Handler) {
	s.routes = append(s.routes, Route{Method: method, Path: path, Allow: allow})
	guarded := h
	if allow != nil {
		guarded = func(c fiber.Ctx) error {
			u := currentUser(c)
			if u == nil {
				return errUnauthenticated
			}
			if !allow(u.Role) {
				return errForbidden
			}
			s.signedIn.Add(1)
			defer s.signedIn.Add(-1)
			return h(c)
		}
	}
	s.App.Add([]string{method}, path, guarded)
}

// Routes lists the registered routes with their rules.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

var (
	errUnauthenticated = &models.Error{Code: models.EUNAUTH, Message: "log in first"}
	errForbidden       = &models.Error{Code: models.EFORBIDDEN, Message: "your role does not allow this"}
)
