package main

import (
	"crypto/tls"
	"fmt"
	"os"
	"sync"
	"time"
)

// certReloader serves the certificate in SAMLA_TLS_CERT and SAMLA_TLS_KEY
// and reads them again when either file changes, so a renewed certificate
// needs no restart. A renewal that cannot be read keeps the old one.
type certReloader struct {
	certFile, keyFile string
	mu                sync.Mutex
	cert              *tls.Certificate
	modCert, modKey   time.Time
	checked           time.Time
}

func newCertReloader(certFile, keyFile string) (*certReloader, error) {
	r := &certReloader{certFile: certFile, keyFile: keyFile}
	if err := r.load(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *certReloader) load() error {
	cs, err1 := os.Stat(r.certFile)
	ks, err2 := os.Stat(r.keyFile)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("the certificate or key cannot be read (SAMLA_TLS_CERT, SAMLA_TLS_KEY)")
	}
	cert, err := tls.LoadX509KeyPair(r.certFile, r.keyFile)
	if err != nil {
		return fmt.Errorf("the certificate and key do not make a pair (SAMLA_TLS_CERT, SAMLA_TLS_KEY): %v", err)
	}
	r.cert, r.modCert, r.modKey = &cert, cs.ModTime(), ks.ModTime()
	return nil
}

// GetCertificate looks at the files at most once a second.
func (r *certReloader) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.checked) > time.Second {
		r.checked = time.Now()
		cs, err1 := os.Stat(r.certFile)
		ks, err2 := os.Stat(r.keyFile)
		if err1 == nil && err2 == nil && (!cs.ModTime().Equal(r.modCert) || !ks.ModTime().Equal(r.modKey)) {
			old := r.cert
			if err := r.load(); err != nil {
				r.cert = old // keep serving the certificate we have
			}
		}
	}
	return r.cert, nil
}

// tlsConfig is TLS 1.2 or newer with the reloading certificate.
func (r *certReloader) tlsConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: r.GetCertificate, NextProtos: []string{"http/1.1"}}
}
