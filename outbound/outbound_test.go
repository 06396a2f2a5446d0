package outbound

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// fakeDNS answers from a table, so the tests do not depend on the network.
func fakeDNS(table map[string]string) func(context.Context, string) ([]netip.Addr, error) {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		s, ok := table[host]
		if !ok {
			return nil, errors.New("no such host")
		}
		var out []netip.Addr
		for _, a := range strings.Split(s, ",") {
			out = append(out, netip.MustParseAddr(a))
		}
		return out, nil
	}
}

func guard(t *testing.T, allow string) *Guard {
	t.Helper()
	g, err := Parse(allow)
	if err != nil {
		t.Fatal(err)
	}
	g.lookup = fakeDNS(map[string]string{
		"hooks.example.com":    "93.184.216.34",
		"dual.example.com":     "93.184.216.34,2606:2800:220:1:248:1893:25c8:1946",
		"sneaky.example.com":   "93.184.216.34,10.0.0.5",
		"loop.example.com":     "127.0.0.1",
		"intranet.example.no":  "10.20.0.7",
		"relay.kommune.no":     "10.20.30.40",
		"mapped.example.com":   "::ffff:169.254.169.254",
		"metadata.example.com": "169.254.169.254",
	})
	return g
}

func TestCheckURL(t *testing.T) {
	g := guard(t, "")
	cases := []struct {
		url  string
		code string // "" = admitted
	}{
		{"https://hooks.example.com/webhook", ""},
		{"https://dual.example.com/x", ""},
		{"https://93.184.216.34/x", ""},
		{"https://[2606:2800:220:1:248:1893:25c8:1946]/x", ""},
		{"https://hooks.example.com.:8443/x", ""},
		{"HTTPS://HOOKS.EXAMPLE.COM/x", ""},

		// the list
		{"https://169.254.169.254/latest/meta-data/", "address_not_allowed"},
		{"http://169.254.169.254/latest/meta-data/", "address_not_allowed"},
		{"https://metadata.google.internal/computeMetadata/v1/", "address_not_allowed"},
		{"https://metadata.google.internal./computeMetadata/v1/", "address_not_allowed"},
		{"https://metadata.example.com/", "address_not_allowed"},
		{"https://10.0.0.1/", "address_not_allowed"},
		{"https://192.168.1.1/", "address_not_allowed"},
		{"https://192.168.255.254:8443/", "address_not_allowed"},
		{"https://172.16.0.1/", "address_not_allowed"},
		{"https://172.31.255.255/", "address_not_allowed"},
		{"https://[fd00::1]/", "address_not_allowed"},
		{"https://0.0.0.0/", "address_not_allowed"},
		{"https://[::]/", "address_not_allowed"},
		{"https://[::ffff:169.254.169.254]/", "address_not_allowed"},
		{"https://[::ffff:a9fe:a9fe]/", "address_not_allowed"},
		{"https://[::ffff:8.8.8.8]/", "address_not_allowed"},
		{"https://2852039166/", "host"},
		{"https://0xA9FEA9FE/", "host"},
		{"https://0xa9.0xfe.0xa9.0xfe/", "host"},
		{"https://0251.0376.0251.0376/", "host"},
		{"https://169.254.43518/", "host"},
		{"https://127.1/", "host"},
		{"https://010.0.0.1/", "host"},

		// more of the same kinds
		{"https://127.0.0.1/", "address_not_allowed"},
		{"https://127.8.9.10/", "address_not_allowed"},
		{"https://[::1]/", "address_not_allowed"},
		{"https://localhost/", "address_not_allowed"},
		{"https://LocalHost./", "address_not_allowed"},
		{"https://app.localhost/", "address_not_allowed"},
		{"https://loop.example.com/", "address_not_allowed"},
		{"https://intranet.example.no/", "address_not_allowed"},
		{"https://sneaky.example.com/", "address_not_allowed"},
		{"https://mapped.example.com/", "address_not_allowed"},
		{"https://100.64.0.1/", "address_not_allowed"},
		{"https://100.127.255.254/", "address_not_allowed"},
		{"https://100.100.100.200/", "address_not_allowed"}, // Alibaba metadata (CGNAT range)
		{"https://169.254.0.1/", "address_not_allowed"},
		{"https://[fe80::1]/", "address_not_allowed"},
		{"https://[fe80::1%25eth0]/", "address_not_allowed"},
		{"https://[fc00::1]/", "address_not_allowed"},
		{"https://[fd00:ec2::254]/", "address_not_allowed"},
		{"https://224.0.0.1/", "address_not_allowed"},
		{"https://239.255.255.250/", "address_not_allowed"},
		{"https://[ff02::1]/", "address_not_allowed"},
		{"https://255.255.255.255/", "address_not_allowed"},
		{"https://240.0.0.1/", "address_not_allowed"},
		{"https://0.1.2.3/", "address_not_allowed"},
		{"https://192.0.2.10/", "address_not_allowed"},
		{"https://[::127.0.0.1]/", "address_not_allowed"},
		{"https://[::ffff:0:127.0.0.1]/", "address_not_allowed"},
		{"https://[64:ff9b::10.0.0.1]/", "address_not_allowed"},
		{"https://[64:ff9b::a9fe:a9fe]/", "address_not_allowed"},
		{"https://[2002:a9fe:a9fe::1]/", "address_not_allowed"},
		{"https://[2002:7f00:1::1]/", "address_not_allowed"},

		// scheme, form, resolution
		{"http://hooks.example.com/", "scheme"},
		{"http://93.184.216.34/", "scheme"},
		{"ftp://hooks.example.com/", "scheme"},
		{"file:///etc/passwd", "url"},
		{"gopher://hooks.example.com/", "scheme"},
		{"https://user:pw@hooks.example.com/", "url"},
		{"hooks.example.com/webhook", "url"},
		{"https:///nohost", "url"},
		{"https://nowhere.example.com/", "unresolvable"},
	}
	for _, tc := range cases {
		err := g.CheckURL(context.Background(), tc.url)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: refused (%v), want admitted", tc.url, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: err = %v, want *Error %q", tc.url, err, tc.code)
			continue
		}
		if e.Code != tc.code {
			t.Errorf("%s: code %q (%s), want %q", tc.url, e.Code, e.Message, tc.code)
		}
		if e.Message == "" {
			t.Errorf("%s: no message", tc.url)
		}
	}
}

func TestAllow(t *testing.T) {
	g := guard(t, "10.20.0.0/16, 127.0.0.0/8,fd12::/16")
	cases := []struct {
		url  string
		code string
	}{
		{"https://relay.kommune.no/hook", ""},
		{"https://10.20.1.2/hook", ""},
		{"https://10.21.0.1/hook", "address_not_allowed"},
		{"https://[fd12::7]/hook", ""},
		{"https://[fd13::7]/hook", "address_not_allowed"},
		{"https://127.0.0.1:9999/hook", ""},
		{"http://127.0.0.1:9999/hook", ""},
		{"http://localhost:9999/hook", "address_not_allowed"}, // localhost is ::1 too, which 127.0.0.0/8 does not admit
		{"http://[::1]:9999/hook", "address_not_allowed"},     // ::1 is not in 127.0.0.0/8
		{"http://relay.kommune.no/hook", "scheme"},            // admitted, but not loopback: TLS
		{"http://10.20.1.2/hook", "scheme"},
		{"https://169.254.169.254/", "address_not_allowed"},
		{"https://[::ffff:127.0.0.1]/", "address_not_allowed"},
	}
	for _, tc := range cases {
		err := g.CheckURL(context.Background(), tc.url)
		got := ""
		if e := AsError(err); e != nil {
			got = e.Code
		} else if err != nil {
			got = "other: " + err.Error()
		}
		if got != tc.code {
			t.Errorf("%s: %q (%v), want %q", tc.url, got, err, tc.code)
		}
	}
}

func TestParse(t *testing.T) {
	g, err := Parse(" 10.0.0.0/8 ,192.168.1.7, ::1 ,")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.168.1.7/32", "::1/128"}
	if len(g.Allow) != len(want) {
		t.Fatalf("allow = %v", g.Allow)
	}
	for i, w := range want {
		if g.Allow[i].String() != w {
			t.Errorf("allow[%d] = %s, want %s", i, g.Allow[i], w)
		}
	}
	if g, err := Parse(""); err != nil || len(g.Allow) != 0 {
		t.Errorf("Parse(\"\") = %v, %v", g, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "intranet", "10.0.0.0/8;192.168.0.0/16", "fe80::1%eth0"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func hookServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return srv, port
}

func TestClientAllowedLoopback(t *testing.T) {
	_, port := hookServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	g := guard(t, "127.0.0.0/8")
	resp, err := g.Client(5 * time.Second).Get("http://127.0.0.1:" + port + "/")
	if err != nil {
		t.Fatalf("allowed loopback refused: %v", err)
	}
	resp.Body.Close()
}

// The name passes the check at save time (it resolved to a public address
// then) but connects to 127.0.0.1 later: the dialer refuses.
func TestClientRebinding(t *testing.T) {
	hits := 0
	_, port := hookServer(t, func(w http.ResponseWriter, r *http.Request) { hits++ })
	g := guard(t, "")
	g.lookup = fakeDNS(map[string]string{"localhost.rebind.test": "93.184.216.34"})
	if err := g.CheckURL(context.Background(), "https://localhost.rebind.test/"); err != nil {
		t.Fatalf("save-time check: %v", err)
	}
	// the system resolver knows "localhost" as 127.0.0.1: what the rebinding name turns into
	for _, u := range []string{"https://localhost:" + port + "/", "http://localhost:" + port + "/", "https://127.0.0.1:" + port + "/"} {
		_, err := g.Client(5 * time.Second).Get(u)
		if e := AsError(err); e == nil || e.Code != "address_not_allowed" {
			t.Errorf("%s: err = %v, want address_not_allowed", u, err)
		}
	}
	if hits != 0 {
		t.Errorf("server was reached %d times", hits)
	}
}

// A loopback address admitted for https is not admitted for plain http
// unless it is loopback and in the allow list; a public one never is.
func TestClientPlainHTTP(t *testing.T) {
	_, port := hookServer(t, func(w http.ResponseWriter, r *http.Request) {})
	g := guard(t, "127.0.0.2/32")
	_, err := g.Client(5 * time.Second).Get("http://127.0.0.1:" + port + "/")
	if e := AsError(err); e == nil || e.Code != "address_not_allowed" {
		t.Errorf("127.0.0.1 not in allow: err = %v", err)
	}
	// dial-time check of plain http (the name hides the address from the form check)
	g = guard(t, "127.0.0.1/32")
	resp, err := g.Client(5 * time.Second).Get("http://localhost:" + port + "/")
	if err != nil {
		t.Fatalf("localhost admitted by allow: %v", err)
	}
	resp.Body.Close()
}

func TestClientRedirects(t *testing.T) {
	g := guard(t, "127.0.0.0/8")
	reached := false
	_, inner := hookServer(t, func(w http.ResponseWriter, r *http.Request) { reached = true })
	for _, target := range []string{
		"http://10.0.0.1/",
		"https://169.254.169.254/latest/meta-data/",
		"http://2852039166/",
		"https://[::ffff:127.0.0.1]:" + inner + "/",
		"http://[::1]:" + inner + "/",
		"ftp://127.0.0.1/",
	} {
		_, port := hookServer(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target, http.StatusFound)
		})
		_, err := g.Client(5 * time.Second).Get("http://127.0.0.1:" + port + "/")
		if AsError(err) == nil {
			t.Errorf("redirect to %s: err = %v, want a refusal", target, err)
		}
	}
	if reached {
		t.Error("a refused redirect target was reached")
	}
	// a redirect to an admitted address is followed
	_, port := hookServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://127.0.0.1:"+inner+"/", http.StatusFound)
	})
	resp, err := g.Client(5 * time.Second).Get("http://127.0.0.1:" + port + "/")
	if err != nil || !reached {
		t.Fatalf("admitted redirect: %v, reached %v", err, reached)
	}
	resp.Body.Close()
}

func TestClientIgnoresProxyEnv(t *testing.T) {
	proxied := false
	_, pport := hookServer(t, func(w http.ResponseWriter, r *http.Request) { proxied = true })
	_, port := hookServer(t, func(w http.ResponseWriter, r *http.Request) {})
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:"+pport)
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:"+pport)
	t.Setenv("NO_PROXY", "")
	g := guard(t, "127.0.0.0/8")
	resp, err := g.Client(5 * time.Second).Get("http://127.0.0.1:" + port + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if proxied {
		t.Error("the request went through the proxy from the environment")
	}
}

func TestNilGuard(t *testing.T) {
	var g *Guard
	if err := g.CheckURL(context.Background(), "https://10.0.0.1/"); AsError(err) == nil {
		t.Errorf("nil guard admitted a private address: %v", err)
	}
}
