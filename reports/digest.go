package reports

import (
	"context"
	"fmt"
	"strings"

	"samla/data"
	"samla/locale"
	"samla/models"
)

// Digests queues the weekly digest for each user who asked for it, in
// their language: what changed in their projects and municipality during
// the week, and what waits for them, with links. A week with nothing to
// tell sends nothing; a week's digest goes once, however often the job runs.
func (s *Service) Digests(ctx context.Context) (int, error) {
	users, err := s.DB.DigestUsers(ctx)
	if err != nil {
		return 0, err
	}
	now := s.DB.Now().In(s.Loc)
	today := models.DateOf(now)
	year, week := now.ISOWeek()
	fig, err := s.DB.Figures(ctx, models.DashFilter{})
	if err != nil {
		return 0, err
	}
	var mails []data.OutgoingMail
	for _, u := range users {
		d, err := s.DB.DigestFor(ctx, u, now.AddDate(0, 0, -7), today)
		if err != nil {
			return 0, err
		}
		if d.Empty() {
			continue
		}
		lang := u.Lang
		if !models.ValidLang(lang) {
			lang = "nb"
		}
		mails = append(mails, data.OutgoingMail{Idem: fmt.Sprintf("digest/%d-W%02d/%d", year, week, u.ID), Kind: "digest", Recipient: u.Email,
			Subject: locale.T(lang, "digest.subject", week), Body: s.digestText(d, fig, u, lang)})
	}
	return s.enqueue(ctx, mails)
}

// digestText writes a digest as text: a section per kind, a line per
// matter with its link.
func (s *Service) digestText(d data.Digest, fig models.Figures, u models.User, lang string) string {
	t := func(key string, args ...any) string { return locale.T(lang, key, args...) }
	base := strings.TrimRight(s.BaseURL, "/")
	var b strings.Builder
	b.WriteString(t("digest.hello", u.Name) + "\n")
	// The programme's key figures, as the overview shows them.
	b.WriteString("\n" + t("digest.figures", locale.Number(fig.ActiveProjects), locale.Number(fig.Red), locale.Number(fig.Yellow),
		locale.Number(fig.Missing), locale.Number(fig.PendingCases), locale.Number(fig.Deadlines)) + "\n")
	section := func(title string, items []data.DigestItem, line func(data.DigestItem) string) {
		if len(items) == 0 {
			return
		}
		b.WriteString("\n" + title + "\n")
		for _, it := range items {
			b.WriteString("- " + line(it) + "\n  " + base + it.Path + "\n")
		}
	}
	date := func(it data.DigestItem) string {
		if it.Date.IsZero() {
			return ""
		}
		return locale.Date(it.Date.Time) + ": "
	}
	section(t("digest.waiting.missing"), d.Missing, func(it data.DigestItem) string { return t("digest.missing", it.Title, locale.Month(it.What, lang)) })
	section(t("digest.waiting.actions"), d.Actions, func(it data.DigestItem) string { return t("digest.action", it.Title, locale.Date(it.Date.Time)) })
	section(t("digest.waiting.rollouts"), d.Rollouts, func(it data.DigestItem) string { return t("digest.rollout", it.Title, locale.Date(it.Date.Time)) })
	section(t("digest.waiting.pending"), d.Pending, func(it data.DigestItem) string { return it.Title + " (" + strings.TrimSpace(it.What) + ")" })
	section(t("digest.changed.reports"), d.Reports, func(it data.DigestItem) string {
		return date(it) + it.Title + " – " + t("status."+it.What)
	})
	section(t("digest.changed.phases"), d.Phases, func(it data.DigestItem) string { return date(it) + it.Title + " → " + t("phase."+it.What) })
	section(t("digest.changed.decisions"), d.Decisions, func(it data.DigestItem) string { return date(it) + it.What + ": " + it.Title })
	b.WriteString("\n" + t("digest.footer", base+"/account#digest") + "\n")
	return b.String()
}
