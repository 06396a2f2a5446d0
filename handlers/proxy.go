package handlers

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v3"
)

// ParseTrustedProxies reads SAMLA_TRUSTED_PROXIES: addresses or CIDRs,
// separated by commas. Every entry that is neither is named in the error.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var bad []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		} else {
			bad = append(bad, fmt.Sprintf("%q", f))
		}
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("not an address or CIDR: %s", strings.Join(bad, ", "))
	}
	return out, nil
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// peer is the address the connection comes from.
func peer(c fiber.Ctx) netip.Addr {
	a, _ := netip.AddrFromSlice(c.RequestCtx().RemoteIP())
	return a.Unmap()
}

// clientIP is who a request comes from: the connection's address, or,
// when that is a trusted proxy, the nearest address in X-Forwarded-For that
// is not one (read from the right: what a client writes itself stands to
// the left of what the proxies add). From anyone else the header is
// ignored, so it cannot be forged to dodge the login throttle.
func (s *Server) clientIP(c fiber.Ctx) string {
	p := peer(c)
	if !s.trusted(p) {
		return p.String()
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !s.trusted(a) {
			return a.Unmap().String()
		}
	}
	return p.String()
}

// viaHTTPS: the request reached samla over HTTPS, directly or through a
// trusted proxy that says so in X-Forwarded-Proto.
func (s *Server) viaHTTPS(c fiber.Ctx) bool {
	if c.RequestCtx().IsTLS() {
		return true
	}
	return s.trusted(peer(c)) && strings.EqualFold(strings.TrimSpace(strings.Split(c.Get(fiber.HeaderXForwardedProto), ",")[0]), "https")
}
