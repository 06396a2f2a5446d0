// Command samla runs a regional municipal digitalisation programme: a web
// application and its scheduled jobs in one binary, on one SQLite file.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Europe/Oslo on any host

	"github.com/gofiber/fiber/v3"

	"github.com/mattn/go-sqlite3"

	"samla/data"
	"samla/handlers"
	"samla/models"
	"samla/outbound"
	"samla/reports"
)

// version, commit and buildDate are set by scripts/release with
// -ldflags "-X main.version=… -X main.commit=… -X main.buildDate=…".
var (
	version   = "dev"
	commit    = "unknown"
	buildDate = "unknown"
)

// buildStamp is the commit and date of the build: what the release set at
// link time, else the VCS stamp Go writes into every build from a git
// checkout (vcs.revision, vcs.time; "+modified" when the tree had changes).
func buildStamp(commit, date string, read func() (*debug.BuildInfo, bool)) (string, string) {
	info, ok := read()
	if !ok {
		return commit, date
	}
	var rev, at string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if commit == "unknown" && rev != "" {
		commit = rev
		if dirty {
			commit += "+modified"
		}
	}
	if date == "unknown" && at != "" {
		date = at
	}
	return commit, date
}

// exitError carries the exit status: 1 for a failure, 2 for wrong usage.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// errHelp is returned after the usage was printed on request (-h, --help):
// not a failure, so the exit status is 0.
var errHelp = errors.New("help shown")

func usageError(format string, args ...any) error {
	return &exitError{2, fmt.Sprintf(format, args...)}
}

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if err == nil || errors.Is(err, errHelp) {
		return
	}
	code := 1
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if code >= 0 {
		fmt.Fprintln(os.Stderr, "samla: "+sentence(err.Error()))
	}
	os.Exit(code)
}

// sentence makes an error read as one sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

const usage = `usage: samla [command] [flags]

commands:
  serve    [-addr :8080] [-db samla.db] [-demo]   web server and scheduler (default)
  migrate  [-db F] [-status]                      apply migrations (a copy is kept first), exit; -status lists applied and pending
  user add -email E -name N -role R [-municipality NR]   password from SAMLA_PASSWORD, else stdin
  token create -email E [-label L]                print a new API token
  report   portfolio|project|municipality|meeting [-id ID] [-number NR] -o F.pdf [-db F]   write a PDF report
  backup   -o F.db [-db F]                        consistent copy of a live database
  demo     -scale helgeland|nordland|national [-db F]   fill an empty database with demo data
  sso add -name N -issuer URL -client-id ID [-municipality NR] [-domain D]... [-role R] [-password-off]
                                                  client secret from SAMLA_SSO_SECRET, else stdin; prints the id
  sso list | sso remove -id ID                    sign-in providers (OpenID Connect)
  openapi                                         print the API's OpenAPI document (as /api/openapi.json)
  version`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		args = append([]string{"help"}, args[1:]...)
	}
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return cmdServe(ctx, args, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args, stdout, stderr)
	case "user":
		if len(args) == 0 || args[0] != "add" {
			return usageError("use: samla user add -email E -name N -role R")
		}
		return cmdUserAdd(ctx, args[1:], stdin, stdout, stderr)
	case "token":
		if len(args) == 0 || args[0] != "create" {
			return usageError("use: samla token create -email E [-label L]")
		}
		return cmdTokenCreate(ctx, args[1:], stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args, stdout, stderr)
	case "report":
		return cmdReport(ctx, args, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, args, stdout, stderr)
	case "sso":
		return cmdSSO(ctx, args, stdin, stdout, stderr)
	case "openapi":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(handlers.OpenAPI(version))
	case "version":
		sqliteVersion, _, _ := sqlite3.Version()
		c, d := buildStamp(commit, buildDate, debug.ReadBuildInfo)
		fmt.Fprintf(stdout, "samla %s\ncommit %s\nbuilt %s\n%s %s/%s\nSQLite %s\n", version, c, d,
			runtime.Version(), runtime.GOOS, runtime.GOARCH, sqliteVersion)
		return nil
	case "help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return usageError("unknown command %q; run 'samla help' for the list", cmd)
}

// config is the whole configuration: environment first, flags over it.
type config struct {
	Addr, DB, BaseURL, TZ, Lang, AdminEmail, AdminPassword, SMTPURL, MailFrom, MailReplyTo, Proxies string
	MetricsAddr, LogFormat, TLSCert, TLSKey, HTTPAddr, Litestream                                   string
	certs                                                                                           *certReloader
	Demo                                                                                            bool
	baseURL                                                                                         *url.URL
	loc                                                                                             *time.Location
	proxies                                                                                         []netip.Prefix
	OutboundAllow                                                                                   string
	outbound                                                                                        *outbound.Guard
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func loadConfig() config {
	return config{
		Addr:          envOr("SAMLA_ADDR", ":8080"),
		DB:            envOr("SAMLA_DB", "samla.db"),
		BaseURL:       os.Getenv("SAMLA_BASE_URL"),
		TZ:            envOr("SAMLA_TZ", "Europe/Oslo"),
		Lang:          envOr("SAMLA_LANG", "nb"),
		AdminEmail:    envOr("SAMLA_ADMIN_EMAIL", "admin@localhost"),
		AdminPassword: os.Getenv("SAMLA_ADMIN_PASSWORD"),
		SMTPURL:       os.Getenv("SAMLA_SMTP_URL"),
		MailFrom:      envOr("SAMLA_MAIL_FROM", "samla@localhost"),
		MailReplyTo:   os.Getenv("SAMLA_MAIL_REPLY_TO"),
		Proxies:       os.Getenv("SAMLA_TRUSTED_PROXIES"),
		MetricsAddr:   os.Getenv("SAMLA_METRICS_ADDR"),
		LogFormat:     envOr("SAMLA_LOG_FORMAT", "text"),
		TLSCert:       os.Getenv("SAMLA_TLS_CERT"),
		TLSKey:        os.Getenv("SAMLA_TLS_KEY"),
		HTTPAddr:      os.Getenv("SAMLA_HTTP_ADDR"),
		Litestream:    os.Getenv("SAMLA_LITESTREAM"),
		OutboundAllow: os.Getenv("SAMLA_OUTBOUND_ALLOW"),
	}
}

// validate checks the configuration as a whole and names every problem.
func (c *config) validate() error {
	var problems []string
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		problems = append(problems, fmt.Sprintf("the listen address %q is not host:port (SAMLA_ADDR or -addr), e.g. :8080", c.Addr))
	}
	if c.DB == "" {
		problems = append(problems, "the database path is empty (SAMLA_DB or -db)")
	}
	// Without SAMLA_BASE_URL the base is the listen address, known only
	// once it is taken (listenBase).
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, fmt.Sprintf("the base URL %q is not an http or https address (SAMLA_BASE_URL)", c.BaseURL))
		}
		c.baseURL = u
	}
	loc, err := time.LoadLocation(c.TZ)
	if err != nil {
		problems = append(problems, fmt.Sprintf("the time zone %q is unknown (SAMLA_TZ), e.g. Europe/Oslo", c.TZ))
	}
	c.loc = loc
	if !models.ValidLang(c.Lang) {
		problems = append(problems, fmt.Sprintf("the language %q is not nb or en (SAMLA_LANG)", c.Lang))
	}
	if !models.ValidEmail(c.AdminEmail) {
		problems = append(problems, fmt.Sprintf("the administrator address %q is not an e-mail address (SAMLA_ADMIN_EMAIL)", c.AdminEmail))
	}
	if c.AdminPassword != "" && models.ValidatePassword(c.AdminPassword) != nil {
		problems = append(problems, fmt.Sprintf("the administrator password must have at least %d characters (SAMLA_ADMIN_PASSWORD)", models.MinPasswordLength))
	}
	if c.SMTPURL != "" {
		s, err := url.Parse(c.SMTPURL)
		if err != nil || (s.Scheme != "smtp" && s.Scheme != "smtps") || s.Hostname() == "" {
			// The URL may hold a password: never repeat it.
			problems = append(problems, "the mail server address is not smtp://user:pass@host:port or smtps://… (SAMLA_SMTP_URL)")
		}
	}
	proxies, err := handlers.ParseTrustedProxies(c.Proxies)
	if err != nil {
		problems = append(problems, fmt.Sprintf("the trusted proxies are addresses or CIDRs separated by commas (SAMLA_TRUSTED_PROXIES): %v", err))
	}
	c.proxies = proxies
	if c.outbound, err = outbound.Parse(c.OutboundAllow); err != nil {
		problems = append(problems, fmt.Sprintf("the outbound exceptions are CIDRs separated by commas (SAMLA_OUTBOUND_ALLOW), such as 10.20.0.0/16: %v", err))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, fmt.Sprintf("the log format %q is not text or json (SAMLA_LOG_FORMAT)", c.LogFormat))
	}
	if c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
			problems = append(problems, fmt.Sprintf("the metrics address %q is not host:port (SAMLA_METRICS_ADDR), e.g. 127.0.0.1:9090", c.MetricsAddr))
		}
	}
	switch {
	case (c.TLSCert == "") != (c.TLSKey == ""):
		problems = append(problems, "HTTPS needs both a certificate and its key (SAMLA_TLS_CERT and SAMLA_TLS_KEY)")
	case c.TLSCert != "":
		if c.certs, err = newCertReloader(c.TLSCert, c.TLSKey); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if c.HTTPAddr != "" && c.TLSCert == "" {
		problems = append(problems, "SAMLA_HTTP_ADDR redirects to HTTPS, which needs SAMLA_TLS_CERT and SAMLA_TLS_KEY")
	}
	if _, err := reports.ParseSender(c.MailFrom); err != nil {
		problems = append(problems, fmt.Sprintf("the sender (SAMLA_MAIL_FROM): %v", err))
	}
	if c.MailReplyTo != "" {
		if _, err := reports.ParseSender(c.MailReplyTo); err != nil {
			problems = append(problems, fmt.Sprintf("the reply address (SAMLA_MAIL_REPLY_TO): %v", err))
		}
	}
	if _, err := strconv.ParseBool(c.Litestream); c.Litestream != "" && err != nil {
		problems = append(problems, fmt.Sprintf("SAMLA_LITESTREAM is %q, not true or false", c.Litestream))
	}
	if len(problems) > 0 {
		return &exitError{1, strings.Join(problems, ". ")}
	}
	return nil
}

// parseFlags parses flags; -h prints usage and wrong flags are a usage error.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, usage)
			return errHelp
		}
		return usageError("%s", err)
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// openDB opens and migrates the database; with SAMLA_LITESTREAM=true it
// leaves WAL checkpoints to Litestream.
func openDB(ctx context.Context, path string) (*data.DB, error) {
	open := data.Open
	if on, _ := strconv.ParseBool(os.Getenv("SAMLA_LITESTREAM")); on {
		open = data.OpenReplicated
	}
	db, err := open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open the database %s", strings.TrimPrefix(err.Error(), path+": "))
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot prepare the database %s: %v", path, err)
	}
	if db.SecretKey, err = data.LoadSecretKey(path, os.Getenv("SAMLA_SECRET_KEY")); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func newLogger(w io.Writer) *slog.Logger {
	return newLoggerAs(w, "text")
}

// newLoggerAs logs as text or, for log collectors, as JSON.
func newLoggerAs(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := loadConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite file")
	fs.BoolVar(&cfg.Demo, "demo", false, "load the Helgeland demo into an empty database")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	log := newLoggerAs(stderr, cfg.LogFormat)
	// Every address is taken before anything starts: a problem with one
	// is named with the others, never a half-started server.
	lns, err := listenAll(cfg)
	if err != nil {
		return err
	}
	defer lns.close()
	if cfg.BaseURL == "" {
		cfg.baseURL = listenBase(lns.main.Addr(), cfg.TLSCert != "")
		cfg.BaseURL = cfg.baseURL.String()
		log.Warn("SAMLA_BASE_URL is not set: links in e-mails and PDFs use the listen address, which people elsewhere may not reach; set SAMLA_BASE_URL to the address they use", "url", cfg.BaseURL)
	}
	// A soft memory limit makes the collector return memory sooner on a
	// shared server; GOMEMLIMIT in the environment wins. At 60 MiB the
	// collector ran all the time under load (a third fewer pages a second
	// at national scale); 128 MiB costs nothing at rest (about 35 MB).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(128 << 20)
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Loc = cfg.loc
	if cfg.Demo {
		if err := loadDemo(ctx, db, data.ScaleHelgeland, log); err != nil && !errors.Is(err, data.ErrNotEmpty) {
			return err
		} else if err != nil {
			log.Info("demo data not loaded: the database already has data", "db", cfg.DB)
		}
	}
	if err := ensureAdmin(ctx, db, cfg, log); err != nil {
		return err
	}
	var mailer *reports.Mailer
	if cfg.SMTPURL != "" {
		if mailer, err = reports.NewMailer(cfg.SMTPURL, cfg.MailFrom, cfg.MailReplyTo); err != nil {
			return err
		}
	} else {
		log.Warn("no mail server (SAMLA_SMTP_URL): e-mail waits in the outbox")
	}
	jobs := reports.NewScheduler(&reports.Service{DB: db, Mailer: mailer, BaseURL: strings.TrimRight(cfg.BaseURL, "/"), Loc: cfg.loc, Log: log, Outbound: cfg.outbound})
	if err := jobs.Start(ctx); err != nil {
		return fmt.Errorf("cannot start the scheduled jobs: %v", err)
	}
	defer jobs.Stop()
	srv, err := handlers.New(db, handlers.Config{BaseURL: cfg.baseURL, Lang: cfg.Lang, Location: cfg.loc, Log: log, Version: version, TrustedProxies: cfg.proxies,
		Jobs: jobs, MailConfigured: mailer != nil, Outbound: cfg.outbound})
	if err != nil {
		return err
	}
	ln := lns.main
	if cfg.certs != nil {
		ln = tls.NewListener(ln, cfg.certs.tlsConfig())
	}
	if lns.metrics != nil {
		go (&http.Server{Handler: srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second}).Serve(lns.metrics)
		log.Info("metrics", "addr", lns.metrics.Addr().String())
	}
	if lns.redirect != nil {
		go (&http.Server{Handler: redirectToHTTPS(cfg.baseURL), ReadHeaderTimeout: 10 * time.Second}).Serve(lns.redirect)
	}
	log.Info("samla is ready", "version", version, "addr", ln.Addr().String(), "https", cfg.certs != nil, "db", cfg.DB, "url", cfg.BaseURL)
	// What starting left behind (migrations, parsing, the first reads) is
	// garbage: hand it back now rather than at the first collection, so a
	// server at rest holds only what it uses.
	go debug.FreeOSMemory()

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() {
		served <- srv.App.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true})
	}()
	select {
	case err := <-served:
		return fmt.Errorf("the web server stopped: %v", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.App.ShutdownWithContext(shutdownCtx); err != nil {
		log.Warn("shutdown was not clean", "err", err)
	}
	log.Info("shutting down: stopping jobs")
	jobs.Stop()
	if err := db.Close(); err != nil {
		return fmt.Errorf("closing the database: %v", err)
	}
	log.Info("stopped")
	return nil
}

// listenBase is the base URL of the address samla listens on: an
// unspecified host (":8080", "0.0.0.0") becomes localhost.
func listenBase(addr net.Addr, https bool) *url.URL {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		host, port = addr.String(), ""
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsUnspecified() || host == "" {
		host = "localhost"
	}
	u := &url.URL{Scheme: "http", Host: net.JoinHostPort(host, port)}
	if https {
		u.Scheme = "https"
	}
	return u
}

// ensureAdmin creates the first administrator when no user exists. A
// random password is logged once, for the person who started the server.
func ensureAdmin(ctx context.Context, db *data.DB, cfg config, log *slog.Logger) error {
	n, err := db.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	password, generated := cfg.AdminPassword, false
	if password == "" {
		password, generated = randomPassword(), true
	}
	u := models.User{Email: cfg.AdminEmail, Name: "Administrator", Role: models.RoleAdmin, Lang: cfg.Lang}
	if _, err := db.CreateUser(ctx, models.System, u, password); err != nil {
		return fmt.Errorf("cannot create the first administrator: %v", err)
	}
	if generated {
		log.Info("first administrator created; change this password after logging in", "email", cfg.AdminEmail, "password", password)
	} else {
		log.Info("first administrator created", "email", cfg.AdminEmail)
	}
	return nil
}

func loadDemo(ctx context.Context, db *data.DB, scale string, log *slog.Logger) error {
	start := time.Now()
	users, err := db.LoadDemo(ctx, scale)
	if err != nil {
		return err
	}
	log.Info("demo data loaded", "scale", scale, "seconds", time.Since(start).Seconds())
	for _, u := range users {
		log.Info("demo user (demo only)", "role", u.Role, "email", u.Email, "password", u.Password)
	}
	return nil
}

func randomPassword() string {
	const letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := []byte(strings.Repeat("x", 20))
	rnd := make([]byte, len(b))
	if _, err := rand.Read(rnd); err != nil {
		panic(err) // the system's random source is gone: nothing is safe
	}
	for i := range b {
		b[i] = letters[int(rnd[i])%len(letters)]
	}
	return string(b)
}

func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", envOr("SAMLA_DB", "samla.db"), "SQLite file")
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	path := dbFlag(fs)
	status := fs.Bool("status", false, "list applied and pending migrations; change nothing")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *status {
		db, err := data.Open(*path)
		if err != nil {
			return fmt.Errorf("cannot open the database %s", *path)
		}
		defer db.Close()
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, m := range st.Applied {
			fmt.Fprintf(stdout, "applied  %s  %s\n", m.Name, m.AppliedAt.Format(time.RFC3339))
		}
		for _, m := range st.Pending {
			fmt.Fprintf(stdout, "pending  %s\n", m.Name)
		}
		for _, v := range st.Unknown {
			fmt.Fprintf(stdout, "unknown  %03d (made by a newer samla)\n", v)
		}
		return nil
	}
	db, err := openDB(ctx, *path)
	if err != nil {
		return err
	}
	v, err := db.MigrationVersion(ctx)
	if err != nil {
		db.Close()
		return err
	}
	fmt.Fprintf(stderr, "database %s is at migration %d\n", *path, v)
	return db.Close()
}

func cmdUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	path := dbFlag(fs)
	email := fs.String("email", "", "e-mail address")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "admin, editor, leader, steering or viewer")
	mun := fs.String("municipality", "", "municipality number")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *email == "" || *name == "" || *role == "" {
		return usageError("-email, -name and -role are required")
	}
	password, ok := os.LookupEnv("SAMLA_PASSWORD")
	if !ok {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no password given: set SAMLA_PASSWORD or write it on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	db, err := openDB(ctx, *path)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.CreateUser(ctx, models.Actor{Email: "cli"}, models.User{
		Email: *email, Name: *name, Role: models.Role(*role), Municipality: *mun}, password)
	if f := models.Fields(err); f != nil {
		return fmt.Errorf("the user was not created: %s", describeFields(f))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %d created: %s (%s)\n", u.ID, u.Email, u.Role)
	return nil
}

// describeFields turns field errors into words for the command line.
func describeFields(f map[string]string) string {
	reasons := map[string]string{
		"required": "is required", "email": "is not an e-mail address", "taken": "is already in use",
		"choice": "is not one of the allowed values", "four_digits": "must be four digits",
		"unknown": "does not exist", "too_short": fmt.Sprintf("must have at least %d characters", models.MinPasswordLength),
	}
	var parts []string
	for _, k := range []string{"email", "name", "role", "municipality", "password", "label"} {
		if r, ok := f[k]; ok {
			why := reasons[r]
			if why == "" {
				why = "is invalid (" + r + ")"
			}
			parts = append(parts, k+" "+why)
		}
	}
	return strings.Join(parts, ", ")
}

func cmdTokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	path := dbFlag(fs)
	email := fs.String("email", "", "the user the token acts as")
	label := fs.String("label", "", "what the token is for")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *email == "" {
		return usageError("-email is required")
	}
	db, err := openDB(ctx, *path)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, *email)
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("no user has the e-mail address %s", *email)
	}
	if err != nil {
		return err
	}
	secret, _, err := db.CreateToken(ctx, models.Actor{Email: "cli"}, u.ID, *label)
	if f := models.Fields(err); f != nil {
		return fmt.Errorf("the token was not created: %s", describeFields(f))
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, secret)
	return nil
}

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	path := dbFlag(fs)
	out := fs.String("o", "", "the backup file to write")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *out == "" {
		return usageError("-o is required: the file to write the backup to")
	}
	if _, err := os.Stat(*path); err != nil {
		return fmt.Errorf("there is no database at %s", *path)
	}
	db, err := data.Open(*path)
	if err != nil {
		return fmt.Errorf("cannot open the database %s", strings.TrimPrefix(err.Error(), *path+": "))
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *out)
	return nil
}

// programZone is the time zone SAMLA_TZ names (Europe/Oslo by default),
// for the commands that date what they make.
func programZone() (*time.Location, error) {
	tz := envOr("SAMLA_TZ", "Europe/Oslo")
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("the time zone %q is unknown (SAMLA_TZ), e.g. Europe/Oslo: %v", tz, err)
	}
	return loc, nil
}

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	path := dbFlag(fs)
	scale := fs.String("scale", data.ScaleHelgeland, "helgeland, nordland or national")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if !data.ValidScale(*scale) {
		return usageError("-scale must be helgeland, nordland or national, not %q", *scale)
	}
	// The demo is dated in the programme's time zone, as the server reads
	// it: in UTC a demo made after midnight in Oslo began a month earlier.
	loc, err := programZone()
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Loc = loc
	return loadDemo(ctx, db, *scale, newLogger(stdout))
}

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("use: samla report portfolio|project|municipality|meeting -o F.pdf")
	}
	kind := args[0]
	fs := flag.NewFlagSet("report "+kind, flag.ContinueOnError)
	path := dbFlag(fs)
	out := fs.String("o", "", "the PDF file to write")
	id := fs.Int64("id", 0, "project or meeting id")
	number := fs.String("number", "", "municipality number")
	lang := fs.String("lang", envOr("SAMLA_LANG", "nb"), "nb or en")
	if err := parseFlags(fs, args[1:], stderr); err != nil {
		return err
	}
	if *out == "" {
		return usageError("-o is required: the PDF file to write")
	}
	if !models.ValidLang(*lang) {
		return usageError("-lang must be nb or en")
	}
	loc, err := programZone()
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Loc = loc
	b := &reports.Builder{DB: db, Loc: loc, Lang: *lang}
	var r reports.Report
	switch kind {
	case "portfolio":
		r, err = b.Portfolio(ctx)
	case "project":
		if *id == 0 {
			return usageError("-id is required for a project report")
		}
		r, err = b.Project(ctx, *id)
	case "municipality":
		if !models.ValidMunicipalityNumber(*number) {
			return usageError("-number must be a four-digit municipality number")
		}
		r, err = b.Municipality(ctx, *number)
	case "meeting":
		if *id == 0 {
			return usageError("-id is required for meeting minutes")
		}
		r, err = b.Meeting(ctx, *id)
	default:
		return usageError("unknown report %q; use portfolio, project, municipality or meeting", kind)
	}
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("there is no such %s", kind)
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, r.PDF, 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %v", *out, err)
	}
	fmt.Fprintf(stdout, "%s written to %s (%d bytes)\n", r.Title, *out, len(r.PDF))
	return nil
}

// listeners are the addresses samla serves on.
type listeners struct{ main, metrics, redirect net.Listener }

func (l listeners) close() {
	for _, x := range []net.Listener{l.metrics, l.redirect} {
		if x != nil {
			x.Close()
		}
	}
}

// listenAll takes every address at once and names each that is taken.
func listenAll(cfg config) (listeners, error) {
	var l listeners
	var problems []string
	var err error
	if l.main, err = net.Listen("tcp", cfg.Addr); err != nil {
		problems = append(problems, fmt.Sprintf("cannot listen on %s (SAMLA_ADDR or -addr): %v", cfg.Addr, err))
	}
	if cfg.MetricsAddr != "" {
		if l.metrics, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			problems = append(problems, fmt.Sprintf("cannot listen on %s for metrics (SAMLA_METRICS_ADDR): %v", cfg.MetricsAddr, err))
		}
	}
	if cfg.HTTPAddr != "" {
		if l.redirect, err = net.Listen("tcp", cfg.HTTPAddr); err != nil {
			problems = append(problems, fmt.Sprintf("cannot listen on %s for the redirect to HTTPS (SAMLA_HTTP_ADDR): %v", cfg.HTTPAddr, err))
		}
	}
	if len(problems) > 0 {
		if l.main != nil {
			l.main.Close()
		}
		l.close()
		return l, &exitError{1, strings.Join(problems, ". ")}
	}
	return l, nil
}

// redirectToHTTPS sends plain HTTP to the same path on the HTTPS base URL.
func redirectToHTTPS(base *url.URL) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := *base
		target.Scheme = "https"
		target.Path, target.RawQuery = r.URL.Path, r.URL.RawQuery
		http.Redirect(w, r, target.String(), http.StatusMovedPermanently)
	})
}
