package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeCert writes a self-signed certificate for 127.0.0.1 with a serial.
func writeCert(t *testing.T, dir string, serial int64) (string, string) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "samla.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	cert, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert+".tmp", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile+".tmp", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	os.Rename(keyFile+".tmp", keyFile)
	os.Rename(cert+".tmp", cert)
	return cert, keyFile
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// samla serves HTTPS itself: TLS 1.2 or newer, the certificate read again
// when the files change (no restart for a renewal), plain HTTP on a second
// address redirected, and metrics on their own address.
func TestServeHTTPS(t *testing.T) {
	dir := t.TempDir()
	cert, key := writeCert(t, dir, 1)
	addr, plain, metricsAddr := freeAddr(t), freeAddr(t), freeAddr(t)
	t.Setenv("SAMLA_TLS_CERT", cert)
	t.Setenv("SAMLA_TLS_KEY", key)
	t.Setenv("SAMLA_HTTP_ADDR", plain)
	t.Setenv("SAMLA_METRICS_ADDR", metricsAddr)
	t.Setenv("SAMLA_BASE_URL", "https://"+addr)
	t.Setenv("SAMLA_LOG_FORMAT", "json")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "-addr", addr, "-db", filepath.Join(dir, "s.db")}, strings.NewReader(""), &out, &out)
	}()
	defer func() { cancel(); <-done }()
	serial := func(tlsVersion uint16) (int64, error) {
		conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true, MaxVersion: tlsVersion})
		if err != nil {
			return 0, err
		}
		defer conn.Close()
		return conn.ConnectionState().PeerCertificates[0].SerialNumber.Int64(), nil
	}
	var err error
	for i := 0; i < 100; i++ {
		if _, err = serial(tls.VersionTLS13); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("no TLS: %v\n%s", err, out.String())
	}
	if _, err := serial(tls.VersionTLS11); err == nil {
		t.Error("TLS 1.1 was accepted")
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if r, err := client.Get("https://" + addr + "/healthz"); err != nil || r.StatusCode != 200 {
		t.Fatalf("healthz over HTTPS: %v", err)
	}
	if r, err := client.Get("http://" + plain + "/projects?x=1"); err != nil || r.StatusCode != 301 || r.Header.Get("Location") != "https://"+addr+"/projects?x=1" {
		t.Errorf("plain HTTP is not redirected: %v %v", err, r)
	}
	if r, err := http.Get("http://" + metricsAddr + "/metrics"); err != nil || r.StatusCode != 200 {
		t.Errorf("metrics: %v", err)
	}
	// A renewed certificate is served without a restart.
	time.Sleep(1100 * time.Millisecond)
	writeCert(t, dir, 2)
	time.Sleep(1100 * time.Millisecond)
	if s, err := serial(tls.VersionTLS13); err != nil || s != 2 {
		t.Errorf("after renewal: serial %d, %v", s, err)
	}
	if !strings.Contains(out.String(), `"msg":"samla is ready"`) {
		t.Errorf("the log is not JSON: %.300s", out.String())
	}
}

// Bad configuration is one message naming every problem, and nothing
// starts: an unreadable certificate, a taken metrics address.
func TestServeBadTLSAndTakenAddress(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SAMLA_TLS_CERT", filepath.Join(dir, "missing.pem"))
	t.Setenv("SAMLA_TLS_KEY", filepath.Join(dir, "missing-key.pem"))
	t.Setenv("SAMLA_LOG_FORMAT", "xml")
	code, _, stderr := runCLI(t, "", "serve", "-db", filepath.Join(dir, "x.db"), "-addr", freeAddr(t))
	if code != 1 || !strings.Contains(stderr, "SAMLA_TLS_CERT") || !strings.Contains(stderr, "SAMLA_LOG_FORMAT") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	t.Setenv("SAMLA_TLS_CERT", "")
	t.Setenv("SAMLA_TLS_KEY", "")
	t.Setenv("SAMLA_LOG_FORMAT", "text")
	t.Setenv("SAMLA_METRICS_ADDR", taken.Addr().String())
	code, _, stderr = runCLI(t, "", "serve", "-db", filepath.Join(dir, "x.db"), "-addr", freeAddr(t))
	if code != 1 || !strings.Contains(stderr, "SAMLA_METRICS_ADDR") {
		t.Errorf("a taken metrics address: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err == nil {
		t.Error("the server started (the database was made) despite a taken address")
	}
}
