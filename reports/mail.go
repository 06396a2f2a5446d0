package reports

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"
)

// Mailer sends e-mail through the SMTP server of SAMLA_SMTP_URL:
// smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS).
type Mailer struct {
	URL     *url.URL
	From    string
	Timeout time.Duration
	// TLS is the client TLS configuration (tests trust their own server).
	TLS *tls.Config
}

// NewMailer checks the SMTP URL; the message never repeats its password.
func NewMailer(rawURL, from string) (*Mailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("the mail server address is not smtp://… or smtps://…")
	}
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("the sender address %q is not an e-mail address", from)
	}
	return &Mailer{URL: u, From: from, Timeout: 30 * time.Second}, nil
}

// Message is one e-mail with an optional PDF attachment.
type Message struct {
	To, Subject, Body string
	MessageID         string // stable per delivery, so receivers can drop a duplicate
	Filename          string
	PDF               []byte
}

// Build renders a MIME message: UTF-8 text, and the PDF as an attachment.
func (m *Mailer) Build(msg Message, now time.Time) ([]byte, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	h("From", (&mail.Address{Name: "samla", Address: m.From}).String())
	h("To", (&mail.Address{Address: msg.To}).String())
	h("Subject", mime.QEncoding.Encode("utf-8", msg.Subject))
	h("Date", now.Format(time.RFC1123Z))
	if msg.MessageID != "" {
		h("Message-ID", "<"+msg.MessageID+">")
	}
	h("MIME-Version", "1.0")
	h("Content-Type", `multipart/mixed; boundary="`+w.Boundary()+`"`)
	buf.WriteString("\r\n")
	part, err := w.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return nil, err
	}
	qp := quotedprintable.NewWriter(part)
	qp.Write([]byte(strings.ReplaceAll(msg.Body, "\n", "\r\n")))
	qp.Close()
	if len(msg.PDF) > 0 {
		part, err := w.CreatePart(textproto.MIMEHeader{
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
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Send delivers one message.
func (m *Mailer) Send(ctx context.Context, msg Message, now time.Time) error {
	data, err := m.Build(msg, now)
	if err != nil {
		return err
	}
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
	if m.URL.Scheme == "smtps" {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, tlsConf)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("connect to %s: %w", addr, err)
	}
	conn.SetDeadline(time.Now().Add(m.Timeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello("samla"); err != nil {
		return fmt.Errorf("smtp hello: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && m.URL.Scheme == "smtp" {
		if err := c.StartTLS(tlsConf); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if user := m.URL.User; user != nil {
		pass, _ := user.Password()
		if err := c.Auth(smtp.PlainAuth("", user.Username(), pass, host)); err != nil {
			return fmt.Errorf("smtp login refused")
		}
	}
	if err := c.Mail(m.From); err != nil {
		return fmt.Errorf("smtp sender refused: %w", err)
	}
	if err := c.Rcpt(msg.To); err != nil {
		return fmt.Errorf("smtp recipient %s refused: %w", msg.To, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp message refused: %w", err)
	}
	return c.Quit()
}
