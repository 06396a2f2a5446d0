package handlers

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/gofiber/fiber/v3"

	"samla/models"
)

const (
	sessionCookie = "samla_session"
	preCookie     = "samla_pre"
	langCookie    = "samla_lang"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyUser
	keySession
	keyViaToken
)

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// requestID gives every request an id that shows in the log, in the
// X-Request-ID header and on the error page.
func (s *Server) requestID(c fiber.Ctx) error {
	id := randomHex(8)
	c.Locals(keyRequestID, id)
	c.Set("X-Request-ID", id)
	return c.Next()
}

func requestIDOf(c fiber.Ctx) string {
	id, _ := c.Locals(keyRequestID).(string)
	return id
}

// logRequests writes one line per request. Query strings are left out: they
// are not needed to follow a request and may carry personal data.
func (s *Server) logRequests(c fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := c.App().Config().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	attrs := []any{"id", requestIDOf(c), "method", c.Method(), "path", logPath(c.Path()),
		"status", c.Response().StatusCode(), "ms", time.Since(start).Milliseconds()}
	if u := currentUser(c); u != nil {
		attrs = append(attrs, "user", u.ID)
	}
	s.log.Info("request", attrs...)
	return nil
}

// secretPath matches the paths whose last part is a secret: a calendar
// feed's token, a newsletter's opt-out link.
var secretPath = regexp.MustCompile(`^/(calendar|unsubscribe)/[^/]+`)

// logPath is a path as the log may keep it: a secret in it is replaced.
func logPath(p string) string {
	return secretPath.ReplaceAllString(p, "/$1/[redacted]")
}

// contentSecurityPolicy allows nothing from another host and no inline script.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) securityHeaders(c fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	if s.secure() {
		c.Set("Strict-Transport-Security", "max-age=31536000")
	}
	return c.Next()
}

func (s *Server) secure() bool { return s.cfg.BaseURL != nil && s.cfg.BaseURL.Scheme == "https" }

func (s *Server) healthz(c fiber.Ctx) error { return c.SendString("ok") }

func (s *Server) readyz(c fiber.Ctx) error {
	if err := s.DB.Ping(c.Context()); err != nil {
		s.log.Error("database not ready", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable")
	}
	if since := s.DB.FullSince(); !since.IsZero() {
		return c.Status(fiber.StatusServiceUnavailable).SendString("storage full since " + since.UTC().Format(time.RFC3339) + ": writes are refused")
	}
	return c.SendString("ready")
}

// authenticate finds who is asking: an API token in the Authorization
// header, or a browser session cookie. Nobody is an anonymous request.
func (s *Server) authenticate(c fiber.Ctx) error {
	if h := c.Get("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return errUnauthenticated
		}
		u, err := s.DB.TokenUser(c.Context(), strings.TrimSpace(secret))
		if errors.Is(err, models.ErrNotFound) {
			return errUnauthenticated
		}
		if err != nil {
			return err
		}
		c.Locals(keyUser, &u)
		c.Locals(keyViaToken, true)
		return c.Next()
	}
	if secret := c.Cookies(sessionCookie); secret != "" {
		u, err := s.DB.SessionUser(c.Context(), secret)
		switch {
		case err == nil:
			c.Locals(keyUser, &u)
			c.Locals(keySession, secret)
		case errors.Is(err, models.ErrNotFound):
			s.clearCookie(c, sessionCookie)
		default:
			return err
		}
	}
	return c.Next()
}

func currentUser(c fiber.Ctx) *models.User {
	u, _ := c.Locals(keyUser).(*models.User)
	return u
}

func actorOf(c fiber.Ctx) models.Actor {
	if u := currentUser(c); u != nil {
		return models.Actor{UserID: u.ID, Email: u.Email}
	}
	return models.Actor{Email: "anonymous"}
}

func sessionOf(c fiber.Ctx) string {
	s, _ := c.Locals(keySession).(string)
	return s
}

// csrfToken is bound to the browser's session, or before login to a random
// cookie: a page from another site can neither read nor forge it.
func (s *Server) csrfToken(c fiber.Ctx) string {
	if sess := sessionOf(c); sess != "" {
		return s.sign("session:" + sess)
	}
	pre := c.Cookies(preCookie)
	if pre == "" {
		pre = randomHex(16)
		s.setCookie(c, preCookie, pre, 0)
		// Later calls in this request must see the same value.
		c.Request().Header.SetCookie(preCookie, pre)
	}
	return s.sign("pre:" + pre)
}

func (s *Server) sign(v string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte(v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

var errCSRF = &models.Error{Code: models.EFORBIDDEN, Message: "csrf"}

// checkCSRF refuses a state-changing request from a browser without the
// form's token (field _csrf, or header X-CSRF-Token for htmx and scripts).
// Requests with an API token carry no ambient credentials and need none.
func (s *Server) checkCSRF(c fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if via, _ := c.Locals(keyViaToken).(bool); via {
		return c.Next()
	}
	// An API call without any credentials has nothing to forge; its route
	// answers 401.
	if currentUser(c) == nil && strings.HasPrefix(c.Path(), "/api/") {
		return c.Next()
	}
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	if got == "" || sessionOf(c) == "" && c.Cookies(preCookie) == "" {
		return errCSRF
	}
	if !hmac.Equal([]byte(got), []byte(s.csrfToken(c))) {
		return errCSRF
	}
	return c.Next()
}

func (s *Server) setCookie(c fiber.Ctx, name, value string, maxAge time.Duration) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: value, Path: "/", HTTPOnly: true, SameSite: "Lax",
		Secure: s.secure() || s.viaHTTPS(c), MaxAge: int(maxAge.Seconds()), SessionOnly: maxAge == 0,
	})
}

func (s *Server) clearCookie(c fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", HTTPOnly: true, SameSite: "Lax",
		Secure: s.secure() || s.viaHTTPS(c), Expires: time.Unix(1, 0)})
}
