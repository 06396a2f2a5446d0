package handlers

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/views"
)

// staticFile is an embedded asset, ready to send plain or gzipped.
type staticFile struct {
	body, gzipped []byte
	contentType   string
	etag          string
}

// loadStatic reads every embedded asset once at start. Serving them from
// memory keeps them off the file-server path (fasthttp's big-file reader
// races with response compression).
func loadStatic(fsys fs.FS) (map[string]*staticFile, error) {
	files := map[string]*staticFile{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(p))
		switch {
		case strings.HasSuffix(p, ".LICENSE"), strings.HasSuffix(p, ".NOTICE"), strings.HasSuffix(p, "MANIFEST"):
			ct = "text/plain; charset=utf-8"
		case ct == "":
			ct = "application/octet-stream"
		}
		// The fingerprint of the asset's URL is its content hash already.
		f := &staticFile{body: body, contentType: ct, etag: `"` + views.AssetVersion("/static/"+p) + `"`}
		if strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			f.gzipped = buf.Bytes()
		}
		files["/static/"+p] = f
		return nil
	})
	return files, err
}

func (s *Server) serveStatic(c fiber.Ctx) error {
	f, ok := s.static[c.Path()]
	if !ok || strings.HasSuffix(c.Path(), ".sh") {
		return fiber.ErrNotFound
	}
	c.Set("Content-Type", f.contentType)
	// A fingerprinted URL names this content for good; others may change.
	if v := c.Query("v"); v != "" && v == views.AssetVersion(c.Path()) {
		c.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Set("Cache-Control", "public, max-age=3600")
	}
	c.Set("ETag", f.etag)
	c.Set("Vary", "Accept-Encoding")
	if c.Get("If-None-Match") == f.etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	if f.gzipped != nil && strings.Contains(c.Get("Accept-Encoding"), "gzip") {
		c.Set("Content-Encoding", "gzip")
		return c.Send(f.gzipped)
	}
	return c.Send(f.body)
}
