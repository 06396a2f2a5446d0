package handlers

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"mime"
	"path"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v3"

	"samla/views"
)

// staticFile is an embedded asset, sent plain or gzipped. Its bytes are
// read, and compressed, when it is first asked for, so that start-up stays
// quick and light.
type staticFile struct {
	fsys          fs.FS
	name          string
	once          sync.Once
	body, gzipped []byte
	contentType   string
	etag          string
}

// load reads the asset and compresses what is text, once.
func (f *staticFile) load() {
	f.once.Do(func() {
		// The fingerprint of the asset's URL is its content hash already.
		f.etag = `"` + views.AssetVersion("/static/"+f.name) + `"`
		f.body, _ = fs.ReadFile(f.fsys, f.name)
		if strings.HasPrefix(f.contentType, "text/") || strings.Contains(f.contentType, "javascript") {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(f.body)
			zw.Close()
			f.gzipped = buf.Bytes()
		}
	})
}

// loadStatic lists every embedded asset at start. Serving them from
// memory keeps them off the file-server path (fasthttp's big-file reader
// races with response compression).
func loadStatic(fsys fs.FS) (map[string]*staticFile, error) {
	files := map[string]*staticFile{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(p))
		switch {
		case strings.HasSuffix(p, ".LICENSE"), strings.HasSuffix(p, ".NOTICE"), strings.HasSuffix(p, "MANIFEST"):
			ct = "text/plain; charset=utf-8"
		case strings.HasSuffix(p, ".ico"):
			// Not in Go's table; the system's may lack it too.
			ct = "image/x-icon"
		case ct == "":
			ct = "application/octet-stream"
		}
		files["/static/"+p] = &staticFile{fsys: fsys, name: p, contentType: ct}
		return nil
	})
	return files, err
}

func (s *Server) serveStatic(c fiber.Ctx) error {
	return s.sendStatic(c, c.Path())
}

// serveFavicon answers the /favicon.ico every browser asks for with the
// embedded icon (views/static/favicon.ico).
func (s *Server) serveFavicon(c fiber.Ctx) error {
	return s.sendStatic(c, "/static/favicon.ico")
}

func (s *Server) sendStatic(c fiber.Ctx, name string) error {
	f, ok := s.static[name]
	if !ok || strings.HasSuffix(name, ".sh") {
		return fiber.ErrNotFound
	}
	f.load()
	c.Set("Content-Type", f.contentType)
	// A fingerprinted URL names this content for good; others may change.
	if v := c.Query("v"); v != "" && v == views.AssetVersion(name) {
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
