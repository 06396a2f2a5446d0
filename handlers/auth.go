package handlers

import (
	"errors"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
	"samla/views"
)

func (s *Server) loginPage(c fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect().Status(fiber.StatusSeeOther).To(safeNext(c.Query("next")))
	}
	p := s.page(c, "login.title")
	p.Form["next"] = c.Query("next")
	return s.renderLogin(c, p, "", fiber.StatusOK)
}

// loginData is the login page: a message, a button per identity provider,
// and after a logout from one, the way to end the session there too.
type loginData struct {
	Message   string
	Providers []models.Provider
	LogoutAt  models.Provider
}

func (s *Server) renderLogin(c fiber.Ctx, p *views.Page, message string, status int) error {
	providers, err := s.DB.Providers(c.Context())
	if err != nil {
		return err
	}
	d := loginData{Message: message, Providers: providers}
	if id, err := strconv.ParseInt(c.Query("provider"), 10, 64); err == nil && c.Query("saved") == "logout" {
		for _, pr := range providers {
			if pr.ID == id {
				d.LogoutAt = pr
			}
		}
	}
	p.Data = d
	return s.render(c, status, "login", p)
}

// login checks e-mail and password. Wrong password and unknown user get the
// same answer; too many failures per account or address are refused for a while.
func (s *Server) login(c fiber.Ctx) error {
	email := models.NormalizeEmail(c.FormValue("email"))
	password := c.FormValue("password")
	p := s.page(c, "login.title")
	formOf(c, p, "email", "next")
	acct, addr := "account:"+email, "address:"+s.clientIP(c)
	blocked, wait := s.throttle.Blocked(acct, throttlePerAccount)
	if !blocked {
		blocked, wait = s.throttle.Blocked(addr, throttlePerAddress)
	}
	if blocked {
		s.log.Warn("login throttled", "id", requestIDOf(c), "ip", s.clientIP(c))
		return s.renderLogin(c, p, p.T("login.throttled", int(math.Ceil(wait.Minutes()))), fiber.StatusTooManyRequests)
	}
	if off, err := s.DB.PasswordOff(c.Context(), email); err != nil {
		return err
	} else if off {
		return s.renderLogin(c, p, p.T("sso.password_off"), fiber.StatusUnauthorized)
	}
	u, err := s.DB.Authenticate(c.Context(), email, password)
	if errors.Is(err, data.ErrBadCredentials) {
		s.throttle.Fail(acct, addr)
		s.log.Info("login failed", "id", requestIDOf(c), "ip", s.clientIP(c))
		return s.renderLogin(c, p, p.T("login.failed"), fiber.StatusUnauthorized)
	}
	if err != nil {
		return err
	}
	s.throttle.Reset(acct)
	s.log.Info("login", "id", requestIDOf(c), "user", u.ID, "ip", s.clientIP(c))
	secret, err := s.DB.CreateSessionFrom(c.Context(), u.ID, s.clientIP(c))
	if err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, secret, data.SessionMax)
	s.clearCookie(c, preCookie)
	return c.Redirect().Status(fiber.StatusSeeOther).To(safeNext(c.FormValue("next")))
}

// safeNext allows only a local path as the place to return to after login.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

// logout ends the samla session; a user who came from an identity
// provider is offered to end the session there too.
func (s *Server) logout(c fiber.Ctx) error {
	target := "/login?saved=logout"
	if sess := sessionOf(c); sess != "" {
		ended, err := s.DB.EndSession(c.Context(), sess)
		if err != nil {
			return err
		}
		if ended.ProviderID != 0 {
			target += "&provider=" + strconv.FormatInt(ended.ProviderID, 10)
			// The provider ends its session too, told which one by the ID
			// token; if it cannot be reached, the login page offers the way.
			if p, cl, err := s.ssoClient(c.Context(), ended.ProviderID); err == nil {
				if end, err := s.endSessionURL(p, cl, ended.IDToken); err == nil {
					target = end
				}
			}
		}
	}
	s.clearCookie(c, sessionCookie)
	return c.Redirect().Status(fiber.StatusSeeOther).To(target)
}

// setLang switches the UI language: remembered on the user, and in a cookie
// for the login page.
func (s *Server) setLang(c fiber.Ctx) error {
	lang := c.FormValue("lang")
	if !models.ValidLang(lang) {
		return models.FieldErrors{"lang": "choice"}.Err()
	}
	if u := currentUser(c); u != nil {
		if err := s.DB.SetLang(c.Context(), actorOf(c), u.ID, lang); err != nil {
			return err
		}
	}
	s.setCookie(c, langCookie, lang, 365*24*time.Hour)
	back := "/"
	if ref, err := url.Parse(c.Get("Referer")); err == nil && ref.Path != "" {
		back = safeNext(ref.RequestURI())
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(back)
}

func (s *Server) accountPage(c fiber.Ctx) error {
	return s.renderAccount(c, fiber.StatusOK, nil)
}

func (s *Server) renderAccount(c fiber.Ctx, status int, errs models.FieldErrors) error {
	return s.renderAccountWith(c, status, errs, nil)
}

// renderAccountWith shows the account page; a calendar link just made is
// shown this once.
func (s *Server) renderAccountWith(c fiber.Ctx, status int, errs models.FieldErrors, calendar *calendarLinkJSON) error {
	p := s.page(c, "account.title")
	p.Errors = errs
	out, err := s.DB.NewsletterOptedOut(c.Context(), p.User.Email)
	if err != nil {
		return err
	}
	var webcal template.URL
	if calendar != nil {
		webcal = template.URL(calendar.Webcal) // our own address; html/template knows no webcal:
	}
	p.Data = struct {
		NewsletterOff bool
		Calendar      *calendarLinkJSON
		Webcal        template.URL
		Digest        string
	}{out, calendar, webcal, p.User.Digest}
	return s.render(c, status, "account", p)
}

// setNewsletter turns newsletters off (or on again) for the user's address.
func (s *Server) setNewsletter(c fiber.Ctx) error {
	if err := s.DB.SetNewsletterOptOut(c.Context(), actorOf(c), currentUser(c).Email, c.FormValue("newsletter") != "on"); err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/account?saved=1#newsletter")
}

func (s *Server) changePassword(c fiber.Ctx) error {
	u := currentUser(c)
	next := c.FormValue("password")
	var err error
	if next != c.FormValue("repeat") {
		err = models.FieldErrors{"repeat": "mismatch"}.Err()
	} else {
		err = s.DB.ChangePassword(c.Context(), actorOf(c), u.ID, c.FormValue("current"), next, sessionOf(c))
	}
	if fields := models.Fields(err); fields != nil {
		return s.renderAccount(c, fiber.StatusUnprocessableEntity, fields)
	}
	if err != nil {
		return err
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/account?saved=password")
}
