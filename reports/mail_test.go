package reports_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"samla/data"
	"samla/models"
	"samla/reports"
)

// checkMessage parses a message as a mail client would and checks what
// samla promises: a named sender, automatic-mail headers, a Message-ID on
// the site's host, text with an HTML alternative, and the PDF intact.
func checkMessage(t *testing.T, raw []byte, pdf []byte) *mail.Message {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("message does not parse: %v", err)
	}
	from, err := mail.ParseAddress(msg.Header.Get("From"))
	if err != nil || from.Name != "Digitale Helgeland" || from.Address != "samla@helgeland.example" {
		t.Fatalf("From %q: %v", msg.Header.Get("From"), err)
	}
	if _, err := mail.ParseAddressList(msg.Header.Get("To")); err != nil {
		t.Fatalf("To %q: %v", msg.Header.Get("To"), err)
	}
	if rt, err := mail.ParseAddress(msg.Header.Get("Reply-To")); err != nil || rt.Address != "post@helgeland.example" {
		t.Fatalf("Reply-To %q: %v", msg.Header.Get("Reply-To"), err)
	}
	if msg.Header.Get("Auto-Submitted") != "auto-generated" || msg.Header.Get("X-Auto-Response-Suppress") != "All" {
		t.Fatalf("automatic-mail headers missing: %v", msg.Header)
	}
	if id := msg.Header.Get("Message-ID"); !strings.HasSuffix(id, "@samla.helgeland.example>") {
		t.Fatalf("Message-ID %q", id)
	}
	if _, err := msg.Header.Date(); err != nil {
		t.Fatalf("Date: %v", err)
	}
	if _, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("Subject: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var kinds []string
	var attached []byte
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part: %v", err)
		}
		pt, pp, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("part type: %v", err)
		}
		switch pt {
		case "multipart/alternative":
			ar := multipart.NewReader(p, pp["boundary"])
			for {
				ap, err := ar.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("alternative: %v", err)
				}
				at, _, _ := mime.ParseMediaType(ap.Header.Get("Content-Type"))
				body, err := io.ReadAll(ap) // decodes quoted-printable
				if err != nil || len(body) == 0 {
					t.Fatalf("%s body: %v", at, err)
				}
				if at == "text/html" && !bytes.Contains(body, []byte("<html")) {
					t.Fatalf("html part: %.200s", body)
				}
				kinds = append(kinds, at)
			}
		case "application/pdf":
			if p.Header.Get("Content-Transfer-Encoding") != "base64" {
				t.Fatalf("PDF part encoding %q", p.Header.Get("Content-Transfer-Encoding"))
			}
			b, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
			if err != nil {
				t.Fatal(err)
			}
			attached = b
			kinds = append(kinds, pt)
		default:
			t.Fatalf("unexpected part %s", pt)
		}
	}
	want := []string{"text/plain", "text/html"}
	if pdf != nil {
		want = append(want, "application/pdf")
	}
	if !slices.Equal(kinds, want) {
		t.Fatalf("parts = %v, want %v", kinds, want)
	}
	if pdf != nil && !bytes.Equal(attached, pdf) {
		t.Fatalf("the PDF changed on the way: %d bytes, sent %d", len(attached), len(pdf))
	}
	return msg
}

func mailerFor(t *testing.T, smtpURL string) *reports.Mailer {
	t.Helper()
	m, err := reports.NewMailer(smtpURL, "Digitale Helgeland <samla@helgeland.example>", "Programkontoret <post@helgeland.example>")
	if err != nil {
		t.Fatal(err)
	}
	m.Timeout = 5 * time.Second
	return m
}

// The envelope carries bare ASCII addresses: the sender without its name,
// an internationalised domain in IDNA; an address the relay cannot carry
// fails at once instead of being retried.
func TestMailEnvelopeAndIDN(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	box := startMailbox(t)
	svc := service(t, db, box)
	svc.Mailer = mailerFor(t, "smtp://"+box.addr)
	svc.BaseURL = "https://samla.helgeland.example:8443/"
	if _, err := reports.NewMailer("smtp://"+box.addr, "Digitale Helgeland samla@helgeland.example", ""); err == nil {
		t.Fatal("a sender without angle brackets is accepted")
	}
	err := db.Update(ctx, models.System, func(tx *data.Tx) error {
		_, err := tx.Enqueue(
			data.OutgoingMail{Idem: "t/1", Kind: "alert", Recipient: "post@brønnøy.kommune.example", Subject: "Frister i desember", Body: "Se https://samla.helgeland.example/procurements\n\nHilsen"},
			data.OutgoingMail{Idem: "t/2", Kind: "alert", Recipient: "ærlig@vega.kommune.example", Subject: "Frister", Body: "Tekst"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sent, failed, err := svc.SendDue(ctx)
	if err != nil || sent != 1 || failed != 1 {
		t.Fatalf("sent %d, failed %d: %v", sent, failed, err)
	}
	box.mu.Lock()
	msgs := slices.Clone(box.messages)
	box.mu.Unlock()
	if len(msgs) != 1 || msgs[0].from != "samla@helgeland.example" || !slices.Equal(msgs[0].to, []string{"post@xn--brnny-wuac.kommune.example"}) {
		t.Fatalf("envelope = %+v", msgs)
	}
	checkMessage(t, msgs[0].data, nil)
	ds, _ := db.Deliveries(ctx, models.DeliveryFailed, 10)
	if len(ds) != 1 || ds[0].Recipient != "ærlig@vega.kommune.example" || ds[0].Attempts != 1 || !strings.Contains(ds[0].Error, "SMTPUTF8") {
		t.Fatalf("failed deliveries = %+v", ds)
	}
}

// TestMailThroughPostfix sends a scheduled report through Debian's postfix
// (scripts/test-postfix, started by .ci/run) and reads what it delivered
// into its Maildir: every message parses, with the PDF intact, for an
// internationalised domain and a UTF-8 local part alike.
func TestMailThroughPostfix(t *testing.T) {
	smtpURL, maildir := os.Getenv("SAMLA_TEST_SMTP"), os.Getenv("SAMLA_TEST_MAILDIR")
	if smtpURL == "" || maildir == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("postfix is not running; .ci/run starts it with scripts/test-postfix")
		}
		t.Skip("set SAMLA_TEST_SMTP and SAMLA_TEST_MAILDIR (scripts/test-postfix)")
	}
	db := demoDB(t)
	ctx := context.Background()
	svc := service(t, db, startMailbox(t))
	svc.Mailer = mailerFor(t, smtpURL)
	svc.BaseURL = "https://samla.helgeland.example"
	before := maildirFiles(t, maildir)
	to := []string{"direktor@brønnøy.kommune.example", "ærlig@vega.kommune.example"}
	sch, err := db.SaveSchedule(ctx, models.System, models.Schedule{Report: "portfolio", Cron: "0 7 * * 1", Recipients: models.Recipients{Addresses: to}, Lang: "nb", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := svc.RunSchedule(ctx, sch, "postfix-test"); err != nil || n != 2 {
		t.Fatalf("queued %d: %v", n, err)
	}
	if sent, failed, err := svc.SendDue(ctx); err != nil || sent != 2 || failed != 0 {
		t.Fatalf("sent %d, failed %d: %v", sent, failed, err)
	}
	archive, _ := db.ArchivedReports(ctx, 1)
	_, pdf, err := db.ArchivedPDF(ctx, archive[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	deadline := time.Now().Add(20 * time.Second)
	for len(got) < 2 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		got = nil
		for _, f := range maildirFiles(t, maildir) {
			if !slices.Contains(before, f) {
				got = append(got, f)
			}
		}
	}
	if len(got) != 2 {
		t.Fatalf("postfix delivered %d of 2 messages into %s", len(got), maildir)
	}
	var delivered []string
	for _, f := range got {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		msg := checkMessage(t, raw, pdf)
		if rp := msg.Header.Get("Return-Path"); rp != "<samla@helgeland.example>" {
			t.Fatalf("envelope sender as postfix saw it: %q", rp)
		}
		delivered = append(delivered, msg.Header.Get("Delivered-To"))
	}
	slices.Sort(delivered)
	if !slices.Equal(delivered, []string{"direktor@xn--brnny-wuac.kommune.example", "ærlig@vega.kommune.example"}) {
		t.Fatalf("Delivered-To = %q", delivered)
	}
}

func maildirFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "new", "*"))
	cur, _ := filepath.Glob(filepath.Join(dir, "cur", "*"))
	return append(files, cur...)
}
