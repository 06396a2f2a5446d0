package reports

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/idna"
)

// Mailer sends e-mail through the SMTP server of SAMLA_SMTP_URL:
// smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS).
type Mailer struct {
	URL *url.URL
	// From is the sender, with an optional display name; the envelope
	// carries only its address.
	From *mail.Address
	// ReplyTo, when set, is where replies go (the programme office).
	ReplyTo *mail.Address
	Timeout time.Duration
	// TLS is the client TLS configuration (tests trust their own server).
	TLS *tls.Config

	mu       sync.Mutex
	utf8     bool
	utf8Seen time.Time
}

// ParseSender reads a sender or reply address: "samla@helgeland.example"
// or "Digitale Helgeland <samla@helgeland.example>".
func ParseSender(s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("%q is not an e-mail address (a name may come first: Digitale Helgeland <samla@helgeland.example>)", s)
	}
	if _, _, err := envelopeAddress(a.Address); err != nil {
		return nil, fmt.Errorf("%q is not an e-mail address: %v", s, err)
	}
	return a, nil
}

// NewMailer checks the SMTP URL, the sender and the reply address (empty:
// none); the message never repeats the URL's password.
func NewMailer(rawURL, from, replyTo string) (*Mailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("the mail server address is not smtp://… or smtps://…")
	}
	m := &Mailer{URL: u, Timeout: 30 * time.Second}
	if m.From, err = ParseSender(from); err != nil {
		return nil, fmt.Errorf("the sender address (SAMLA_MAIL_FROM): %v", err)
	}
	if replyTo != "" {
		if m.ReplyTo, err = ParseSender(replyTo); err != nil {
			return nil, fmt.Errorf("the reply address (SAMLA_MAIL_REPLY_TO): %v", err)
		}
	}
	return m, nil
}

// PermanentError is a refusal that no retry will change: the outbox marks
// the message failed at once.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// IsPermanent reports whether err is a permanent refusal.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// envelopeAddress is an address as SMTP carries it: the domain in ASCII
// (IDNA), and whether the local part needs SMTPUTF8.
func envelopeAddress(addr string) (ascii string, utf8Local bool, err error) {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return "", false, fmt.Errorf("no domain in %q", addr)
	}
	local, domain := addr[:at], addr[at+1:]
	ace, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return "", false, fmt.Errorf("the domain %q is not a valid internationalised domain name", domain)
	}
	for _, r := range local {
		if r >= 0x80 {
			utf8Local = true
			break
		}
	}
	return local + "@" + ace, utf8Local, nil
}

// NeedsSMTPUTF8 reports whether an address has a non-ASCII local part,
// which only a relay that offers SMTPUTF8 can carry.
func NeedsSMTPUTF8(addr string) bool {
	_, utf8Local, err := envelopeAddress(addr)
	return err == nil && utf8Local
}

// Message is one e-mail with an optional PDF attachment.
type Message struct {
	To, Subject, Body string
	MessageID         string // stable per delivery, so receivers can drop a duplicate
	Filename          string
	PDF               []byte
}

// Build renders a MIME message: the text as plain text with an HTML
// alternative, the PDF as an attachment, and the headers that mark it as
// automatic so that out-of-office replies stay away.
func (m *Mailer) Build(msg Message, now time.Time) ([]byte, error) {
	to, utf8Local, err := envelopeAddress(msg.To)
	if err != nil {
		return nil, &PermanentError{err}
	}
	if utf8Local {
		to = msg.To // RFC 6532: the relay takes UTF-8 headers with SMTPUTF8
	}
	var buf bytes.Buffer
	mixed := multipart.NewWriter(&buf)
	h := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	h("From", m.From.String())
	h("To", "<"+to+">")
	if m.ReplyTo != nil {
		h("Reply-To", m.ReplyTo.String())
	}
	h("Subject", mime.QEncoding.Encode("utf-8", msg.Subject))
	h("Date", now.Format(time.RFC1123Z))
	if msg.MessageID != "" {
		h("Message-ID", "<"+msg.MessageID+">")
	}
	h("Auto-Submitted", "auto-generated")
	h("X-Auto-Response-Suppress", "All")
	h("MIME-Version", "1.0")
	h("Content-Type", `multipart/mixed; boundary="`+mixed.Boundary()+`"`)
	buf.WriteString("\r\n")

	var alt bytes.Buffer
	altw := multipart.NewWriter(&alt)
	if err := writeQP(altw, "text/plain; charset=utf-8", msg.Body); err != nil {
		return nil, err
	}
	if err := writeQP(altw, "text/html; charset=utf-8", m.htmlBody(msg)); err != nil {
		return nil, err
	}
	if err := altw.Close(); err != nil {
		return nil, err
	}
	part, err := mixed.CreatePart(textproto.MIMEHeader{"Content-Type": {`multipart/alternative; boundary="` + altw.Boundary() + `"`}})
	if err != nil {
		return nil, err
	}
	part.Write(alt.Bytes())
	if len(msg.PDF) > 0 {
		part, err := mixed.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType("application/pdf", map[string]string{"name": msg.Filename})},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": msg.Filename})},
			"Content-Transfer-Encoding": {"base64"},
		})
		if err != nil {
			return nil, err
		}
		enc := base64.StdEncoding.EncodeToString(msg.PDF)
		for len(enc) > 76 {
			part.Write([]byte(enc[:76] + "\r\n"))
			enc = enc[76:]
		}
		part.Write([]byte(enc + "\r\n"))
	}
	if err := mixed.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeQP(w *multipart.Writer, contentType, text string) error {
	part, err := w.CreatePart(textproto.MIMEHeader{"Content-Type": {contentType}, "Content-Transfer-Encoding": {"quoted-printable"}})
	if err != nil {
		return err
	}
	qp := quotedprintable.NewWriter(part)
	if _, err := qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n"))); err != nil {
		return err
	}
	return qp.Close()
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// htmlBody is the text in the site's look: the sender's name as a header,
// paragraphs, and links that can be clicked.
func (m *Mailer) htmlBody(msg Message) string {
	name := m.From.Name
	if name == "" {
		name = "samla"
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>`)
	b.WriteString(html.EscapeString(msg.Subject))
	b.WriteString(`</title></head><body style="margin:0;padding:0;background:#f4f5f6">` +
		`<div style="max-width:640px;margin:0 auto;background:#ffffff;font-family:Inter,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1e2b3c">` +
		`<div style="background:#0062ba;color:#ffffff;padding:12px 24px;font-weight:600;font-size:18px">`)
	b.WriteString(html.EscapeString(name))
	b.WriteString(`</div><div style="padding:16px 24px">`)
	for _, para := range strings.Split(strings.ReplaceAll(msg.Body, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		escaped := html.EscapeString(para)
		escaped = linkPattern.ReplaceAllStringFunc(escaped, func(u string) string {
			return `<a href="` + u + `" style="color:#0062ba">` + u + `</a>`
		})
		b.WriteString(`<p style="margin:0 0 16px">` + strings.ReplaceAll(escaped, "\n", "<br>") + `</p>`)
	}
	b.WriteString(`</div></div></body></html>`)
	return b.String()
}

// dial connects and greets the relay: TLS as the URL says, STARTTLS when
// offered, login when the URL has a user.
func (m *Mailer) dial(ctx context.Context) (*smtp.Client, error) {
	host := m.URL.Hostname()
	port := m.URL.Port()
	if port == "" {
		port = map[string]string{"smtp": "587", "smtps": "465"}[m.URL.Scheme]
	}
	addr := net.JoinHostPort(host, port)
	tlsConf := m.TLS
	if tlsConf == nil {
		tlsConf = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	dialer := &net.Dialer{Timeout: m.Timeout}
	var conn net.Conn
	var err error
	if m.URL.Scheme == "smtps" {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, tlsConf)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", addr, err)
	}
	conn.SetDeadline(time.Now().Add(m.Timeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("smtp greeting: %w", err)
	}
	if err := c.Hello("samla"); err != nil {
		c.Close()
		return nil, fmt.Errorf("smtp hello: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && m.URL.Scheme == "smtp" {
		if err := c.StartTLS(tlsConf); err != nil {
			c.Close()
			return nil, fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if user := m.URL.User; user != nil {
		pass, _ := user.Password()
		if err := c.Auth(smtp.PlainAuth("", user.Username(), pass, host)); err != nil {
			c.Close()
			return nil, fmt.Errorf("smtp login refused")
		}
	}
	return c, nil
}

// SupportsSMTPUTF8 asks the relay (at most every ten minutes) whether it
// takes addresses with a non-ASCII local part.
func (m *Mailer) SupportsSMTPUTF8(ctx context.Context) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if time.Since(m.utf8Seen) < 10*time.Minute {
		return m.utf8, nil
	}
	c, err := m.dial(ctx)
	if err != nil {
		return false, err
	}
	defer c.Close()
	m.utf8, _ = c.Extension("SMTPUTF8")
	m.utf8Seen = time.Now()
	c.Quit()
	return m.utf8, nil
}

// permanent marks a relay's 5xx answer as final.
func permanent(err error, what string) error {
	wrapped := fmt.Errorf("%s: %w", what, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return &PermanentError{wrapped}
	}
	return wrapped
}

// Send delivers one message. A refusal no retry can mend (a 5xx answer, an
// address the relay cannot carry) is a PermanentError.
func (m *Mailer) Send(ctx context.Context, msg Message, now time.Time) error {
	data, err := m.Build(msg, now)
	if err != nil {
		return err
	}
	rcpt, utf8Local, _ := envelopeAddress(msg.To)
	c, err := m.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("SMTPUTF8"); utf8Local && !ok {
		return &PermanentError{fmt.Errorf("the mail server does not offer SMTPUTF8, which the address %s needs", msg.To)}
	}
	if utf8Local {
		rcpt = msg.To
	}
	if err := c.Mail(m.From.Address); err != nil {
		return permanent(err, "smtp sender refused")
	}
	if err := c.Rcpt(rcpt); err != nil {
		return permanent(err, "smtp recipient "+rcpt+" refused")
	}
	w, err := c.Data()
	if err != nil {
		return permanent(err, "smtp data")
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if err := w.Close(); err != nil {
		return permanent(err, "smtp message refused")
	}
	return c.Quit()
}
