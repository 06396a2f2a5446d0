package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"time"

	"samla/models"
	"samla/outbound"
)

// PeerReader reads other networks' public catalogues through the outbound
// guard: https only (plain http only to an admitted loopback address),
// never a private or link-local address, a time-out, a size limit, a
// conditional request, and the document validated before it is kept.
type PeerReader struct {
	Guard   *outbound.Guard
	Client  *http.Client
	MaxSize int64
}

// PeerTimeout and PeerMaxSize bound a read of a peer's catalogue.
const (
	PeerTimeout = 15 * time.Second
	PeerMaxSize = 16 << 20
)

// NewPeerReader makes a reader with the guard; nil: the operator's
// exceptions from SAMLA_OUTBOUND_ALLOW.
func NewPeerReader(g *outbound.Guard) (*PeerReader, error) {
	if g == nil {
		var err error
		if g, err = outbound.Parse(os.Getenv("SAMLA_OUTBOUND_ALLOW")); err != nil {
			return nil, fmt.Errorf("SAMLA_OUTBOUND_ALLOW: %w", err)
		}
	}
	return &PeerReader{Guard: g, Client: g.Client(PeerTimeout), MaxSize: PeerMaxSize}, nil
}

// PeerError says why a catalogue could not be read, in words for the page.
type PeerError struct {
	Code    string // outbound's codes, or "unreachable", "status", "too_large", "invalid"
	Message string
}

func (e *PeerError) Error() string { return e.Message }

// Read fetches the peer's catalogue; cat is nil when it has not changed
// since the validators given (a 304).
func (r *PeerReader) Read(ctx context.Context, baseURL, etag, lastModified string) (cat *models.Catalogue, newETag, newLastModified string, err error) {
	target := baseURL + "/public/catalogue.json"
	if err := r.Guard.CheckURL(ctx, target); err != nil {
		if oe := outbound.AsError(err); oe != nil {
			return nil, "", "", &PeerError{Code: oe.Code, Message: oe.Message}
		}
		return nil, "", "", &PeerError{Code: "url", Message: err.Error()}
	}
	req, err := http.NewRequestWithContext(ctx, "GET", target, nil)
	if err != nil {
		return nil, "", "", &PeerError{Code: "url", Message: err.Error()}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "samla-peer")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := r.Client.Do(req)
	if err != nil {
		if oe := outbound.AsError(err); oe != nil {
			return nil, "", "", &PeerError{Code: oe.Code, Message: oe.Message}
		}
		return nil, "", "", &PeerError{Code: "unreachable", Message: "the site could not be reached"}
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && (etag != "" || lastModified != "") {
		return nil, etag, lastModified, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", "", &PeerError{Code: "status", Message: fmt.Sprintf("the site answered %d", resp.StatusCode)}
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		return nil, "", "", &PeerError{Code: "invalid", Message: "the answer is not JSON"}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, r.MaxSize+1))
	if err != nil {
		return nil, "", "", &PeerError{Code: "unreachable", Message: "the answer broke off"}
	}
	if int64(len(body)) > r.MaxSize {
		return nil, "", "", &PeerError{Code: "too_large", Message: fmt.Sprintf("the catalogue is larger than %d MB", r.MaxSize>>20)}
	}
	var c models.Catalogue
	if err := json.Unmarshal(body, &c); err != nil {
		return nil, "", "", &PeerError{Code: "invalid", Message: "the catalogue is not a samla catalogue"}
	}
	if err := c.Validate(); err != nil {
		return nil, "", "", &PeerError{Code: "invalid", Message: "the catalogue is not a samla catalogue: " + err.Error()}
	}
	return &c, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), nil
}

// RefreshPeer reads one peer and records the outcome: a failure keeps the
// last good copy and shows why.
func (r *PeerReader) RefreshPeer(ctx context.Context, db peerStore, p models.Peer) error {
	cat, etag, lm, err := r.Read(ctx, p.BaseURL, p.ETag, p.LastModified)
	if err != nil {
		var pe *PeerError
		msg := err.Error()
		if errors.As(err, &pe) {
			msg = pe.Message
		}
		if ferr := db.PeerFailed(ctx, p.ID, msg); ferr != nil {
			return ferr
		}
		return err
	}
	return db.PeerRead(ctx, p.ID, cat, etag, lm)
}

type peerStore interface {
	Peers(ctx context.Context) ([]models.Peer, error)
	PeerRead(ctx context.Context, id int64, cat *models.Catalogue, etag, lastModified string) error
	PeerFailed(ctx context.Context, id int64, reason string) error
}

// RefreshPeers is the hourly job: every peer is read, each on its own.
func (s *Service) RefreshPeers(ctx context.Context) (read, failed int, err error) {
	r, err := NewPeerReader(s.Outbound)
	if err != nil {
		return 0, 0, err
	}
	peers, err := s.DB.Peers(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, p := range peers {
		if err := r.RefreshPeer(ctx, s.DB, p); err != nil {
			var pe *PeerError
			if !errors.As(err, &pe) {
				return read, failed, err
			}
			s.Log.Warn("peer not read", "peer", p.ID, "url", p.BaseURL, "err", err)
			failed++
			continue
		}
		read++
	}
	return read, failed, nil
}
