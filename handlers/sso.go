package handlers

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gofiber/fiber/v3"
	"golang.org/x/oauth2"

	"samla/data"
	"samla/models"
)

// ssoCookie binds a sign-in to the browser that started it: the callback
// must come back with it, so a link with someone else's state is refused.
const ssoCookie = "samla_sso"

// clockSkew is how far a provider's clock may run ahead of samla's.
const clockSkew = 2 * time.Minute

// ssoClient is a provider's discovered configuration, kept for an hour.
type ssoClient struct {
	provider   *oidc.Provider
	oauth      oauth2.Config
	verifier   *oidc.IDTokenVerifier
	discovered string // the issuer as the discovery document names it
	endSession string
	fetched    time.Time
}

type ssoClients struct {
	sync.Mutex
	m map[int64]*ssoClient
}

// ssoError is a sign-in that went wrong: a text for people (a key) and the
// status the page is answered with.
type ssoError struct {
	key    string
	status int
	cause  error
}

func (e *ssoError) Error() string { return e.key + ": " + fmt.Sprint(e.cause) }

func ssoFail(key string, status int, cause error) error { return &ssoError{key, status, cause} }

// multiTenant is Entra ID's issuer for any tenant ("common", "organizations").
func multiTenant(issuer string) bool {
	issuer = strings.TrimSuffix(issuer, "/")
	return strings.HasSuffix(issuer, "/common/v2.0") || strings.HasSuffix(issuer, "/organizations/v2.0")
}

// client discovers (or reuses) a provider's configuration.
func (s *Server) ssoClient(ctx context.Context, id int64) (models.Provider, *ssoClient, error) {
	p, secret, err := s.DB.Provider(ctx, id)
	if err != nil {
		return p, nil, err
	}
	s.sso.Lock()
	defer s.sso.Unlock()
	if cl, ok := s.sso.m[id]; ok && time.Since(cl.fetched) < time.Hour && cl.oauth.ClientSecret == secret && cl.oauth.ClientID == p.ClientID {
		return p, cl, nil
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	dctx = oidc.ClientContext(dctx, s.httpClient)
	issuer := p.Issuer
	if multiTenant(issuer) {
		// Entra ID names the issuer with {tenantid} in its discovery
		// document, and without a trailing slash.
		issuer = strings.TrimSuffix(issuer, "/")
		i := strings.LastIndex(issuer, "/")
		j := strings.LastIndex(issuer[:i], "/")
		dctx = oidc.InsecureIssuerURLContext(dctx, issuer[:j+1]+models.EntraIssuerTemplate+issuer[i:])
	}
	prov, err := oidc.NewProvider(dctx, issuer)
	var mismatch *oidc.IssuerMismatchError
	if errors.As(err, &mismatch) && strings.TrimSuffix(mismatch.Discovered, "/") == strings.TrimSuffix(mismatch.Provided, "/") {
		// Only a trailing slash apart (a provider saved before samla kept
		// issuers as typed): the provider's own spelling is the one its
		// tokens carry, and the one they are checked against.
		issuer = mismatch.Discovered
		prov, err = oidc.NewProvider(dctx, issuer)
	}
	if errors.As(err, &mismatch) {
		return p, nil, ssoFail("sso.err.mismatch", fiber.StatusBadGateway, err)
	}
	if err != nil {
		return p, nil, ssoFail("sso.err.unreachable", fiber.StatusBadGateway, err)
	}
	var meta struct {
		Issuer     string `json:"issuer"`
		EndSession string `json:"end_session_endpoint"`
	}
	prov.Claims(&meta)
	cl := &ssoClient{
		provider: prov,
		oauth: oauth2.Config{ClientID: p.ClientID, ClientSecret: secret, Endpoint: prov.Endpoint(),
			RedirectURL: s.cfg.BaseURL.JoinPath("/login/sso/callback").String(),
			Scopes:      []string{oidc.ScopeOpenID, "profile", "email"}},
		verifier:   prov.Verifier(&oidc.Config{ClientID: p.ClientID, SkipIssuerCheck: multiTenant(issuer), Now: s.DB.Now}),
		discovered: meta.Issuer,
		endSession: meta.EndSession,
		fetched:    time.Now(),
	}
	if s.sso.m == nil {
		s.sso.m = map[int64]*ssoClient{}
	}
	s.sso.m[id] = cl
	return p, cl, nil
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ssoStart sends the browser to the provider: authorization code flow with
// PKCE (S256), state and nonce.
func (s *Server) ssoStart(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, cl, err := s.ssoClient(c.Context(), id)
	if err != nil {
		return s.ssoPage(c, p, err)
	}
	state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	if err := s.DB.StartSSOLogin(c.Context(), state, data.SSOLogin{ProviderID: id, Nonce: nonce, Verifier: verifier, Next: safeNext(c.Query("next"))}); err != nil {
		return err
	}
	s.setCookie(c, ssoCookie, state, data.LoginLifetime)
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce)}
	if hint := c.Query("login_hint"); hint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", hint))
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(cl.oauth.AuthCodeURL(state, opts...))
}

// ssoCallback finishes a sign-in: the state must be one under way, started
// in this browser and not used before; the code is exchanged with the PKCE
// verifier; the ID token's signature, issuer, audience, expiry and nonce
// are checked; then the user is found, linked or created.
func (s *Server) ssoCallback(c fiber.Ctx) error {
	state := c.Query("state")
	if state == "" || c.Cookies(ssoCookie) != state {
		return s.ssoPage(c, models.Provider{}, ssoFail("sso.err.replay", fiber.StatusBadRequest, errors.New("state missing or not this browser's")))
	}
	s.clearCookie(c, ssoCookie)
	login, err := s.DB.FinishSSOLogin(c.Context(), state)
	switch {
	case errors.Is(err, data.ErrLoginUnknown), errors.Is(err, data.ErrLoginUsed), errors.Is(err, data.ErrLoginExpired):
		return s.ssoPage(c, models.Provider{}, ssoFail("sso.err.replay", fiber.StatusBadRequest, err))
	case err != nil:
		return err
	}
	p, cl, err := s.ssoClient(c.Context(), login.ProviderID)
	if err != nil {
		return s.ssoPage(c, p, err)
	}
	if e := c.Query("error"); e != "" {
		return s.ssoPage(c, p, ssoFail("sso.err.denied", fiber.StatusUnauthorized, fmt.Errorf("%s: %s", e, c.Query("error_description"))))
	}
	ctx, cancel := context.WithTimeout(oidc.ClientContext(c.Context(), s.httpClient), 15*time.Second)
	defer cancel()
	tok, err := cl.oauth.Exchange(ctx, c.Query("code"), oauth2.VerifierOption(login.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return s.ssoPage(c, p, ssoFail("sso.err.token", fiber.StatusUnauthorized, err))
		}
		return s.ssoPage(c, p, ssoFail("sso.err.unreachable", fiber.StatusBadGateway, err))
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := cl.verifier.Verify(ctx, raw)
	var expired *oidc.TokenExpiredError
	switch {
	case errors.As(err, &expired):
		return s.ssoPage(c, p, ssoFail("sso.err.clock", fiber.StatusUnauthorized, err))
	case err != nil:
		return s.ssoPage(c, p, ssoFail("sso.err.token", fiber.StatusUnauthorized, err))
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified any    `json:"email_verified"` // a boolean, or "true" from some providers
		Name          string `json:"name"`
		PreferredName string `json:"preferred_username"`
		TenantID      string `json:"tid"`
	}
	if err := idt.Claims(&claims); err != nil {
		return s.ssoPage(c, p, ssoFail("sso.err.token", fiber.StatusUnauthorized, err))
	}
	switch {
	case idt.Nonce != login.Nonce:
		return s.ssoPage(c, p, ssoFail("sso.err.token", fiber.StatusUnauthorized, errors.New("nonce does not match")))
	case multiTenant(p.Issuer) && !models.IssuerMatches(p.Issuer, cl.discovered, idt.Issuer, claims.TenantID):
		return s.ssoPage(c, p, ssoFail("sso.err.token", fiber.StatusUnauthorized, fmt.Errorf("issuer %s", idt.Issuer)))
	case idt.IssuedAt.After(s.DB.Now().Add(clockSkew)):
		return s.ssoPage(c, p, ssoFail("sso.err.clock", fiber.StatusUnauthorized, fmt.Errorf("issued at %s", idt.IssuedAt)))
	}
	who := data.SSOIdentity{Subject: idt.Subject, Email: claims.Email, Name: claims.Name, EmailVerified: claims.EmailVerified == true || claims.EmailVerified == "true"}
	if who.Email == "" {
		// Some providers put the address only in the userinfo endpoint.
		if info, err := cl.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
			who.Email, who.EmailVerified = info.Email, info.EmailVerified
			var extra struct {
				Name string `json:"name"`
			}
			info.Claims(&extra)
			if who.Name == "" {
				who.Name = extra.Name
			}
		}
	}
	if p.GroupsClaim != "" {
		var all map[string]any
		idt.Claims(&all)
		if list, ok := all[p.GroupsClaim].([]any); ok {
			for _, g := range list {
				if gs, ok := g.(string); ok {
					who.Groups = append(who.Groups, gs)
				}
			}
		}
	}
	if who.Email == "" || !models.ValidEmail(models.NormalizeEmail(who.Email)) {
		return s.ssoPage(c, p, ssoFail("sso.err.email", fiber.StatusUnauthorized, errors.New("no e-mail address")))
	}
	if len(p.Domains) > 0 && !p.DomainAllowed(who.Email) {
		return s.ssoPage(c, p, ssoFail("sso.err.domain", fiber.StatusForbidden, fmt.Errorf("domain of %s", who.Email)))
	}
	u, created, err := s.DB.SSOUser(c.Context(), p, who)
	switch {
	case errors.Is(err, data.ErrUserDisabled):
		return s.ssoPage(c, p, ssoFail("sso.err.disabled", fiber.StatusForbidden, err))
	case errors.Is(err, data.ErrUnverifiedEmail):
		return s.ssoPage(c, p, ssoFail("sso.err.email", fiber.StatusForbidden, err))
	case models.Fields(err) != nil:
		return s.ssoPage(c, p, ssoFail("sso.err.email", fiber.StatusForbidden, err))
	case err != nil:
		return err
	}
	secret, err := s.DB.CreateSessionFrom(c.Context(), u.ID, s.clientIP(c))
	if err != nil {
		return err
	}
	if err := s.DB.MarkSessionSSO(c.Context(), secret, p.ID); err != nil {
		return err
	}
	if err := s.DB.KeepSessionIDToken(c.Context(), secret, raw); err != nil {
		return err
	}
	s.log.Info("sso login", "id", requestIDOf(c), "provider", p.ID, "user", u.ID, "new", created)
	s.setCookie(c, sessionCookie, secret, data.SessionMax)
	s.clearCookie(c, preCookie)
	return c.Redirect().Status(fiber.StatusSeeOther).To(safeNext(login.Next))
}

// ssoPage answers a sign-in that went wrong with the login page and a text
// a person understands; the cause goes to the log with the provider and
// the request id, never to the page.
func (s *Server) ssoPage(c fiber.Ctx, p models.Provider, err error) error {
	var se *ssoError
	if !errors.As(err, &se) {
		if models.ErrorCode(err) == models.ENOTFOUND {
			return err
		}
		se = &ssoError{"sso.err.unreachable", fiber.StatusBadGateway, err}
	}
	s.log.Warn("sso login failed", "id", requestIDOf(c), "provider", p.ID, "reason", se.key, "err", se.cause)
	page := s.page(c, "login.title")
	msg := page.T(se.key)
	if strings.Contains(msg, "%s") {
		msg = page.T(se.key, p.Name)
	}
	msg += " " + page.T("sso.err.ref", requestIDOf(c))
	return s.renderLogin(c, page, msg, se.status)
}

// ssoByEmail routes the e-mail typed on the login page to the provider of
// its domain.
func (s *Server) ssoByEmail(c fiber.Ctx) error {
	email := models.NormalizeEmail(c.Query("sso_email"))
	list, err := s.DB.Providers(c.Context())
	if err != nil {
		return err
	}
	for _, p := range list {
		if p.DomainAllowed(email) {
			q := url.Values{"login_hint": {email}}
			if n := c.Query("next"); n != "" {
				q.Set("next", safeNext(n))
			}
			return c.Redirect().Status(fiber.StatusSeeOther).To("/login/sso/" + strconv.FormatInt(p.ID, 10) + "?" + q.Encode())
		}
	}
	page := s.page(c, "login.title")
	page.Form["sso_email"] = email
	return s.renderLogin(c, page, page.T("sso.err.no_provider"), fiber.StatusNotFound)
}

// ssoLogout sends the browser on to the provider's end-session endpoint
// (after samla's own session has ended); without the session's ID token
// the provider may ask the user to confirm, or refuse.
func (s *Server) ssoLogout(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, cl, err := s.ssoClient(c.Context(), id)
	if err != nil {
		return s.ssoPage(c, p, err)
	}
	target, err := s.endSessionURL(p, cl, "")
	if err != nil {
		return s.ssoPage(c, p, err)
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To(target)
}

// endSessionURL is RP-initiated logout (OpenID Connect RP-Initiated Logout
// 1.0): the provider's end-session endpoint with the session's ID token as
// id_token_hint, our client id, and samla's login page to come back to
// (register BASE_URL/login as the post-logout redirect URI at the
// provider). Without an endpoint the user goes to the login page.
func (s *Server) endSessionURL(p models.Provider, cl *ssoClient, idToken string) (string, error) {
	back := s.cfg.BaseURL.JoinPath("/login").String()
	if cl.endSession == "" {
		return "/login?saved=logout", nil
	}
	u, err := url.Parse(cl.endSession)
	if err != nil {
		return "", ssoFail("sso.err.mismatch", fiber.StatusBadGateway, err)
	}
	q := u.Query()
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	q.Set("client_id", p.ClientID)
	q.Set("post_logout_redirect_uri", back)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// providerFromForm reads the admin page's provider form. Group roles are
// "group=role" pairs, separated by commas.
func providerFromForm(c fiber.Ctx) (models.Provider, string, models.FieldErrors) {
	f := models.FieldErrors{}
	p := models.Provider{Name: c.FormValue("sso_name"), Issuer: c.FormValue("sso_issuer"), ClientID: strings.TrimSpace(c.FormValue("sso_client_id")),
		Municipality: c.FormValue("sso_municipality"), DefaultRole: models.Role(c.FormValue("sso_default_role")),
		GroupsClaim: strings.TrimSpace(c.FormValue("sso_groups_claim")), PasswordOff: c.FormValue("sso_password_off") == "on",
		Domains: []string{}, GroupRoles: map[string]models.Role{}}
	for _, d := range strings.FieldsFunc(c.FormValue("sso_domains"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		p.Domains = append(p.Domains, d)
	}
	for _, pair := range strings.Split(c.FormValue("sso_group_roles"), ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		g, r, ok := strings.Cut(pair, "=")
		if !ok {
			f.Add("group_roles", "pairs")
			continue
		}
		p.GroupRoles[strings.TrimSpace(g)] = models.Role(strings.TrimSpace(r))
	}
	return p, c.FormValue("sso_client_secret"), f
}

// addProvider registers an identity provider from the admin page; the
// client secret is stored encrypted and not shown again.
func (s *Server) addProvider(c fiber.Ctx) error {
	p, secret, f := providerFromForm(c)
	var err error
	f, err = saveForm(f, p.Validate, func() (err error) {
		_, err = s.DB.AddProvider(c.Context(), actorOf(c), p, secret)
		return err
	})
	if err != nil {
		return err
	}
	if len(f) > 0 {
		form := map[string]string{}
		for _, k := range []string{"sso_name", "sso_issuer", "sso_client_id", "sso_municipality", "sso_domains", "sso_default_role", "sso_groups_claim", "sso_group_roles", "sso_password_off"} {
			form[k] = c.FormValue(k)
		}
		return s.renderAdmin(c, fiber.StatusUnprocessableEntity, form, prefixed("sso_", f, nil), "")
	}
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin?saved=1#sso-providers")
}

func (s *Server) removeProvider(c fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.DB.RemoveProvider(c.Context(), actorOf(c), id); err != nil {
		return err
	}
	s.sso.Lock()
	delete(s.sso.m, id)
	s.sso.Unlock()
	return c.Redirect().Status(fiber.StatusSeeOther).To("/admin?saved=1#sso-providers")
}
