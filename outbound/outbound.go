// Package outbound guards every request samla makes to an address that
// someone typed into the app (channel webhooks, peers): such an address must
// not let samla be used to reach into the network it runs in (cloud metadata,
// the municipality's own intranet, the host itself).
//
// The rules are checked twice: when the address is saved (CheckURL, so the
// user hears about it at once) and on the address actually connected to
// (Client's dialer), so a name that resolves to a public address at save time
// and to 127.0.0.1 later (DNS rebinding) is refused all the same. Redirects
// are checked hop by hop.
package outbound

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Error says why an address is refused. Code is stable ("url", "scheme",
// "host", "address_not_allowed", "unresolvable"); Message is English for
// logs and people; handlers translate by Code.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return "outbound: " + e.Message }

func refuse(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Guard holds the operator's exceptions. The zero Guard (or nil) admits
// public addresses over https only.
type Guard struct {
	// Allow lists ranges admitted despite the rules (SAMLA_OUTBOUND_ALLOW):
	// a municipality's own Teams relay on its network, 127.0.0.0/8 in tests.
	Allow []netip.Prefix

	// lookup resolves a name; nil means the system resolver. Tests set it.
	lookup func(ctx context.Context, host string) ([]netip.Addr, error)
}

// Parse reads a comma-separated list of CIDRs (a bare address counts as a
// single-address range); "" means no exceptions.
func Parse(allow string) (*Guard, error) {
	g := &Guard{}
	for _, part := range strings.Split(allow, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			g.Allow = append(g.Allow, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("%q is not an address range such as 10.20.0.0/16", part)
		}
		g.Allow = append(g.Allow, netip.PrefixFrom(a, a.BitLen()))
	}
	return g, nil
}

func (g *Guard) allowed(a netip.Addr) bool {
	if g == nil {
		return false
	}
	for _, p := range g.Allow {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Ranges that are not "the internet": loopback, private, shared (CGNAT),
// link-local, documentation, benchmarking, reserved, broadcast.
var blockedV4 = prefixes(
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
	"172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
	"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
)

// IPv6: unspecified, loopback, IPv4-compatible/mapped/translated forms
// (refused whatever they embed: they are ways of writing an IPv4 address
// that filters overlook), discard, documentation, site- and link-local,
// unique-local, multicast.
var blockedV6 = prefixes(
	"::/96", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "100::/64",
	"2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
)

// Prefixes that carry an IPv4 address which is what is finally reached.
var embedsV4 = []struct {
	p      netip.Prefix
	offset int
}{
	{netip.MustParsePrefix("64:ff9b::/96"), 12}, // NAT64
	{netip.MustParsePrefix("2002::/16"), 2},     // 6to4
}

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// CheckAddr says whether samla may connect to a.
func (g *Guard) CheckAddr(a netip.Addr) error {
	if g.allowed(a) || g.allowed(a.WithZone("")) {
		return nil
	}
	if a.Zone() != "" {
		return refuse("address_not_allowed", "the address %s carries a zone and is local to this machine", a)
	}
	if blocked(a) {
		return refuse("address_not_allowed", "the address %s is not on the public internet (loopback, private, link-local or reserved); SAMLA_OUTBOUND_ALLOW can admit it", a)
	}
	return nil
}

func blocked(a netip.Addr) bool {
	if a.IsUnspecified() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() ||
		a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() || a.IsMulticast() {
		return true
	}
	list := blockedV6
	if a.Is4() {
		list = blockedV4
		if a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
			return true
		}
	}
	for _, p := range list {
		if p.Contains(a) {
			return true
		}
	}
	if a.Is6() {
		b := a.As16()
		for _, e := range embedsV4 {
			if e.p.Contains(a) {
				v4 := netip.AddrFrom4([4]byte(b[e.offset : e.offset+4]))
				if blocked(v4) {
					return true
				}
			}
		}
	}
	return false
}

// Names that never need DNS to be known as local: the metadata services of
// the big clouds and localhost (RFC 6761). Checked without asking a
// resolver, so the answer does not depend on the network the test runs in.
var knownNames = map[string][]netip.Addr{
	"metadata.google.internal":   {netip.MustParseAddr("169.254.169.254")},
	"metadata.goog":              {netip.MustParseAddr("169.254.169.254")},
	"metadata":                   {netip.MustParseAddr("169.254.169.254")},
	"instance-data":              {netip.MustParseAddr("169.254.169.254")},
	"instance-data.ec2.internal": {netip.MustParseAddr("169.254.169.254")},
	"localhost":                  {netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1")},
}

// hostAddr reads a URL host that is written as an address. It refuses the
// forms that resolvers accept but people (and filters) do not read as
// addresses: 2852039166, 0xA9FEA9FE, 0251.0376.0251.0376, 169.254.43518.
func hostAddr(host string) (netip.Addr, bool, error) {
	h := strings.TrimSuffix(host, ".")
	if h == "" {
		return netip.Addr{}, false, refuse("host", "the address has no host")
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return a, true, nil
	}
	if strings.Contains(h, ":") || strings.Contains(h, "%") {
		return netip.Addr{}, false, refuse("host", "the host %q is not a valid address", host)
	}
	labels := strings.Split(h, ".")
	if numericLabel(labels[len(labels)-1]) {
		return netip.Addr{}, false, refuse("host", "the host %q is a number, not a name; write an address as four decimal numbers (such as 192.0.2.10) or use a name", host)
	}
	return netip.Addr{}, false, nil
}

func numericLabel(s string) bool {
	if s == "" {
		return false
	}
	digits := s
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		digits = s[2:]
		for _, r := range digits {
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
		return true
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// CheckURL checks an address when it is saved: the scheme, the way the host
// is written, and every address the name resolves to now. It returns *Error.
func (g *Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Opaque != "" {
		return refuse("url", "%q is not an absolute web address", raw)
	}
	return g.checkURL(ctx, u)
}

func (g *Guard) checkURL(ctx context.Context, u *url.URL) error {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return refuse("scheme", "the address must start with https://")
	}
	if u.User != nil {
		return refuse("url", "the address must not carry a user name or password")
	}
	host := u.Hostname()
	addrs, err := g.resolve(ctx, host)
	if err != nil {
		return err
	}
	for _, a := range addrs {
		if err := g.CheckAddr(a); err != nil {
			return err
		}
		if scheme == "http" && !g.plainOK(a) {
			return refuse("scheme", "the address must start with https://")
		}
	}
	return nil
}

// plainOK: unencrypted http only to a loopback address the operator admitted
// (the tests' servers); everything else travels over TLS.
func (g *Guard) plainOK(a netip.Addr) bool {
	a = a.WithZone("")
	return a.Unmap().IsLoopback() && g.allowed(a)
}

func (g *Guard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	a, isAddr, err := hostAddr(host)
	if err != nil {
		return nil, err
	}
	if isAddr {
		return []netip.Addr{a}, nil
	}
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	if known, ok := knownNames[name]; ok {
		return known, nil
	}
	if strings.HasSuffix(name, ".localhost") {
		return knownNames["localhost"], nil
	}
	lookup := g.systemLookup
	if g != nil && g.lookup != nil {
		lookup = g.lookup
	}
	addrs, err := lookup(ctx, name)
	if err != nil || len(addrs) == 0 {
		return nil, refuse("unresolvable", "the name %q could not be looked up", host)
	}
	return addrs, nil
}

func (g *Guard) systemLookup(ctx context.Context, host string) ([]netip.Addr, error) {
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

type plainKey struct{}

// Client returns an HTTP client for addresses entered in the app. Its dialer
// checks the address it is about to connect to (after every DNS answer, so
// rebinding cannot slip past), each redirect is checked like a new address,
// and proxies from the environment are not used (a proxy would connect on
// our behalf, out of the dialer's sight).
func (g *Guard) Client(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{
		Timeout:   10 * time.Second,
		KeepAlive: 30 * time.Second,
	}
	base := &http.Transport{
		Proxy:                 nil,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		ResponseHeaderTimeout: timeout,
		DialContext: func(ctx context.Context, network, address string) (net.Conn, error) {
			plain, _ := ctx.Value(plainKey{}).(bool)
			d := *dialer
			d.Control = func(network, address string, _ syscall.RawConn) error {
				ap, err := netip.ParseAddrPort(address)
				if err != nil {
					return refuse("address_not_allowed", "cannot read the address %q", address)
				}
				if err := g.CheckAddr(ap.Addr()); err != nil {
					return err
				}
				if plain && !g.plainOK(ap.Addr()) {
					return refuse("scheme", "unencrypted http is only allowed to an admitted loopback address")
				}
				return nil
			}
			return d.DialContext(ctx, network, address)
		},
	}
	return &http.Client{
		Timeout:   timeout,
		Transport: &guardTransport{g: g, base: base},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return refuse("redirect", "too many redirects")
			}
			return g.checkForm(req.URL)
		},
	}
}

// checkForm checks what can be checked without resolving: the scheme and
// the way the host is written (the dialer checks the resolved address).
func (g *Guard) checkForm(u *url.URL) error {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return refuse("scheme", "the address must start with https://")
	}
	if u.User != nil {
		return refuse("url", "the address must not carry a user name or password")
	}
	a, isAddr, err := hostAddr(u.Hostname())
	if err != nil {
		return err
	}
	if isAddr {
		if err := g.CheckAddr(a); err != nil {
			return err
		}
		if scheme == "http" && !g.plainOK(a) {
			return refuse("scheme", "the address must start with https://")
		}
	}
	return nil
}

type guardTransport struct {
	g    *Guard
	base *http.Transport
}

func (t *guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.g.checkForm(req.URL); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	if strings.EqualFold(req.URL.Scheme, "http") {
		req = req.WithContext(context.WithValue(req.Context(), plainKey{}, true))
	}
	return t.base.RoundTrip(req)
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the pool.
func (t *guardTransport) CloseIdleConnections() { t.base.CloseIdleConnections() }

// AsError returns the guard's refusal inside err (as wrapped by net/http),
// or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
