package handlers

import (
	"samla/handlers/public"

	"github.com/gofiber/fiber/v3"
)

// registerPublicRoutes adds the settings API, the public pages (no login,
// behind the public_site setting) and the network of peers.
func (s *Server) registerPublicRoutes() {
	s.handle("GET", "/api/v1/settings", Admins, s.apiSettings)
	s.handle("PATCH", "/api/v1/settings", Admins, s.apiPatchSettings)

	s.public = public.New(s.DB, s.views, public.Config{BaseURL: s.cfg.BaseURL, Lang: s.cfg.Lang, Location: s.cfg.Location, Log: s.log,
		SignedInBusy: func() bool { return s.signedIn.Load() > 0 }})
	for _, r := range s.public.Routes() {
		s.handle("GET", r.Path, Public, r.Handler)
	}
	// The public projects list is /public; a shortened project address
	// leads there.
	s.handle("GET", "/public/projects", Public, func(c fiber.Ctx) error {
		to := "/public"
		if q := string(c.Request().URI().QueryString()); q != "" {
			to += "?" + q
		}
		return c.Redirect().Status(fiber.StatusMovedPermanently).To(to)
	})

	s.handle("GET", "/network", LoggedIn, s.networkPage)
	s.handle("POST", "/network/peers", Admins, s.createPeerForm)
	s.handle("POST", "/network/peers/:id/refresh", Admins, s.refreshPeerForm)
	s.handle("POST", "/network/peers/:id/delete", Admins, s.deletePeerForm)
	s.handle("GET", "/api/v1/peers", Admins, s.apiPeers)
	s.handle("POST", "/api/v1/peers", Admins, s.apiCreatePeer)
	s.handle("DELETE", "/api/v1/peers/:id", Admins, s.apiDeletePeer)
	s.handle("POST", "/api/v1/peers/:id/refresh", Admins, s.apiRefreshPeer)
	s.handle("GET", "/api/v1/network/projects", LoggedIn, s.apiNetworkProjects)
}

// PublicSite is the public pages' server (for tests and metrics).
func (s *Server) PublicSite() *public.Site { return s.public }
