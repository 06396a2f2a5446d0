package reports

import (
	"context"
	"fmt"
	"strings"

	"samla/data"
	"samla/locale"
	"samla/models"
)

// YearPlan turns this year's plan (årshjul) into cases for the bodies'
// meetings and reminds the programme office (editors) a month before an
// item's month, once per item and year.
func (s *Service) YearPlan(ctx context.Context) (made, reminded int, err error) {
	today := models.DateOf(s.DB.Now().In(s.Loc))
	office, err := s.DB.EmailsWithRole(ctx, models.RoleEditor)
	if err != nil {
		return 0, 0, err
	}
	made, err = s.DB.RunYearPlan(ctx, today, func(tx *data.Tx, due []data.YearPlanDue) error {
		var mails []data.OutgoingMail
		for _, d := range due {
			month := locale.MonthName(d.Item.Month, "nb")
			for _, to := range office {
				mails = append(mails, data.OutgoingMail{Idem: fmt.Sprintf("yearplan/%d/%d/%s", d.Item.ID, d.Year, to), Kind: "reminder", Recipient: to,
					Subject: locale.T("nb", "mail.yearplan.subject", d.Item.Title, month),
					Body:    locale.T("nb", "mail.yearplan.body", d.Item.Title, d.Item.BodyName, month, d.Year, s.BaseURL+"/year-plan")})
			}
		}
		var err error
		reminded, err = tx.Enqueue(mails...)
		return err
	})
	return made, reminded, err
}

// AudienceLabel names a mailing's audience for people.
func (s *Service) AudienceLabel(ctx context.Context, a models.Audience, lang string) string {
	switch a.Kind {
	case "body":
		var id int64
		fmt.Sscan(a.ID, &id)
		if b, err := s.DB.Body(ctx, id); err == nil {
			return locale.T(lang, "mailing.audience.body", b.Name)
		}
	case "municipality":
		if m, err := s.DB.Municipality(ctx, a.ID); err == nil {
			return locale.T(lang, "mailing.audience.municipality", m.Name)
		}
	}
	return locale.T(lang, "mailing.audience."+a.Kind)
}

// SendMailing archives a mailing as a PDF and queues one e-mail per
// recipient in the outbox; a newsletter carries a link that opts out.
func (s *Service) SendMailing(ctx context.Context, actor models.Actor, m models.Mailing) (models.Mailing, error) {
	if err := m.Validate(); err != nil {
		return m, err
	}
	pdf, err := s.builder("nb").Mailing(ctx, m, s.AudienceLabel(ctx, m.Audience, "nb"))
	if err != nil {
		return m, err
	}
	return s.DB.CreateMailing(ctx, actor, m, models.DateOf(s.DB.Now().In(s.Loc)), pdf.PDF, func(m models.Mailing, to string) data.OutgoingMail {
		body := m.Body
		if m.Newsletter {
			if token := s.DB.UnsubscribeToken(to); token != "" {
				body += "\n\n-- \n" + locale.T("nb", "mail.unsubscribe", strings.TrimSuffix(s.BaseURL, "/")+"/unsubscribe/"+token)
			}
		}
		return data.OutgoingMail{Subject: m.Subject, Body: body}
	})
}
