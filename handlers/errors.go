package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

// statusOf maps an error code to an HTTP status.
var statusOf = map[string]int{
	models.EINVALID:   fiber.StatusUnprocessableEntity,
	models.ENOTFOUND:  fiber.StatusNotFound,
	models.EFORBIDDEN: fiber.StatusForbidden,
	models.EUNAUTH:    fiber.StatusUnauthorized,
	models.ECONFLICT:  fiber.StatusConflict,
	models.EINTERNAL:  fiber.StatusInternalServerError,
	"full":            fiber.StatusServiceUnavailable,
}

// apiError is the JSON shape of every API error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// Allowed lists, for each field whose value is not one of its choices,
	// the values it takes.
	Allowed map[string][]string `json:"allowed,omitempty"`
	// Items names the open mandatory checklist items of a refused phase
	// change (code checklist_open).
	Items []models.ChecklistItem `json:"items,omitempty"`
}

// handleError is the one place errors become responses. Internal errors are
// logged with their cause and shown only as "something went wrong" with the
// request id.
func (s *Server) handleError(c fiber.Ctx, err error) error {
	code, status, message := models.EINTERNAL, fiber.StatusInternalServerError, "Something went wrong"
	var fields map[string]string
	var me *models.Error
	var fe *fiber.Error
	var ce *models.ChecklistOpenError
	switch {
	case errors.As(err, &ce):
		code, status, message = models.CodeChecklistOpen, fiber.StatusUnprocessableEntity, ce.Error()
	case errors.As(err, &me):
		code, message, fields = me.Code, me.Message, me.Fields
		status = statusOf[code]
	case errors.As(err, &fe):
		status, message = fe.Code, fe.Message
		code = codeOfStatus(status)
	}
	if status == 0 {
		status = fiber.StatusInternalServerError
	}
	if status == fiber.StatusRequestEntityTooLarge {
		message = fmt.Sprintf("the request is larger than %d MB; a file may have %d MB", maxBody>>20, maxUpload>>20)
	}
	full := code == "full"
	switch {
	case full:
		// Said once a minute, not once a request.
		if now := time.Now().Unix(); s.fullLogged.Swap(now) < now-60 {
			s.log.Error("the disk is full: writes are refused until there is room", "id", requestIDOf(c), "err", err)
		}
	case status >= 500:
		s.log.Error("request failed", "id", requestIDOf(c), "method", c.Method(), "path", logPath(c.Path()), "err", err)
		message = "Something went wrong (request id " + requestIDOf(c) + ")"
	}
	if wantsJSON(c) {
		if code == models.EUNAUTH {
			c.Set("WWW-Authenticate", `Bearer realm="samla"`)
		}
		body := apiErrorBody{Code: code, Message: message, Fields: fields, Allowed: allowedChoices(c, fields)}
		if ce != nil {
			body.Items = ce.Items
		}
		for _, f := range sortedKeys(body.Allowed) {
			body.Message += fmt.Sprintf("; %s must be one of: %s", f, strings.Join(body.Allowed[f], ", "))
		}
		return c.Status(status).JSON(apiError{body})
	}
	// A browser that is not logged in goes to the login page, and back after.
	if code == models.EUNAUTH && c.Method() == fiber.MethodGet {
		return c.Redirect().Status(fiber.StatusSeeOther).To("/login?next=" + url.QueryEscape(c.OriginalURL()))
	}
	p := s.page(c, "")
	key := "error.500"
	switch {
	case full:
		key = "error.full"
	case err == errCSRF:
		key = "error.400"
	case status == fiber.StatusForbidden, status == fiber.StatusUnauthorized:
		key = "error.403"
	case status == fiber.StatusNotFound || status == fiber.StatusMethodNotAllowed:
		key = "error.404"
	case status == fiber.StatusRequestEntityTooLarge:
		key = "error.413"
	case status < 500:
		key = "error.400"
	}
	p.Title = p.T(key + ".title")
	text := p.T(key + ".text")
	switch {
	case err == errCSRF:
		text = p.T("error.csrf")
	case key == "error.413":
		text = p.T(key+".text", maxBody>>20, maxUpload>>20)
	}
	p.Data = struct {
		Text   string
		ShowID bool
		Retry  *retryForm
	}{text, status >= 500 && !full, retryOf(c, full)}
	return s.render(c, status, "error", p)
}

// retryForm carries what a person typed into a form that a full disk
// refused, so that one button sends it again: nothing typed is lost.
type retryForm struct {
	Action string
	Fields []retryField
}

type retryField struct{ Name, Value string }

// retryOf keeps the fields of a refused form post (not passwords, not the
// old CSRF token, not file uploads, which cannot be sent again).
func retryOf(c fiber.Ctx, full bool) *retryForm {
	if !full || c.Method() != fiber.MethodPost || strings.HasPrefix(c.Get("Content-Type"), "multipart/") {
		return nil
	}
	r := &retryForm{Action: c.OriginalURL()}
	for k, v := range c.Request().PostArgs().All() {
		name := string(k)
		if name == "_csrf" || strings.Contains(name, "password") || strings.Contains(name, "secret") {
			continue
		}
		r.Fields = append(r.Fields, retryField{name, string(v)})
	}
	return r
}

func codeOfStatus(status int) string {
	for code, st := range statusOf {
		if st == status {
			return code
		}
	}
	if status >= 500 {
		return models.EINTERNAL
	}
	return models.EINVALID
}

// wantsJSON: an API client — a path under /api/, a Bearer token, or an
// Accept that asks for JSON — gets JSON errors and a 401, never a redirect
// to the login page (PDF and export routes included).
func wantsJSON(c fiber.Ctx) bool {
	return strings.HasPrefix(c.Path(), "/api/") || strings.HasPrefix(c.Get("Authorization"), "Bearer ") ||
		strings.Contains(c.Get("Accept"), "application/json") && !strings.Contains(c.Get("Accept"), "text/html")
}

// render writes a page; a template error becomes a plain 500 without
// recursion into the error page.
func (s *Server) render(c fiber.Ctx, status int, name string, p *views.Page) error {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := s.views.RenderTo(buf, name, p); err != nil {
		s.log.Error("render failed", "id", requestIDOf(c), "page", name, "err", err)
		c.Status(fiber.StatusInternalServerError).Type("txt")
		return c.SendString("Noe gikk galt / Something went wrong: " + requestIDOf(c))
	}
	c.Status(status).Type("html", "utf-8")
	c.Response().SetBody(buf.Bytes()) // a copy, into the server's own buffer: this one is used again
	return nil
}

// renderBuffers hold pages while they are rendered: a page of the projects
// list is 70 KB, and a new buffer for each is garbage for the collector.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 { // a rare large page is not kept
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}
