package locale

func init() {
	register(mailMessages)
}

var mailMessages = map[string][2]string{
	"mail.report.subject": {"%s", "%s"},
	"mail.report.body": {"Hei!\n\nVedlagt er «%s» fra samla.\n\nFlere rapporter og tallene bak finner du her: %s\n\nDenne e-posten er sendt automatisk.",
		"Hello,\n\nAttached is “%s” from samla.\n\nMore reports and the figures behind them: %s\n\nThis e-mail was sent automatically."},
	"mail.reminder.first.subject": {"Påminnelse: statusrapport for %s", "Reminder: status report for %s"},
	"mail.reminder.first.body": {"Hei %s!\n\nStatusrapporten for «%s» for %s er ikke levert. Fristen er den %d. i måneden.\n\nLever rapporten her: %s\n",
		"Hello %s,\n\nThe status report for “%s” for %s is not in yet. The deadline is day %d of the month.\n\nFile it here: %s\n"},
	"mail.reminder.second.subject": {"Statusrapport mangler: %s", "Status report missing: %s"},
	"mail.reminder.second.body": {"Hei %s!\n\nStatusrapporten for «%s» for %s mangler, og fristen (den %d.) er passert. Prosjektet vises som «mangler rapport» for styringsgruppen.\n\nLever rapporten her: %s\n",
		"Hello %s,\n\nThe status report for “%s” for %s is missing, and the deadline (day %d) has passed. The project shows as “report missing” to the steering group.\n\nFile it here: %s\n"},
	"mail.alert.subject":   {"Ukens varsler fra samla (uke %d)", "This week's alerts from samla (week %d)"},
	"mail.alert.deadlines": {"Kontrakter og opsjoner med frist snart:", "Contracts and options due soon:"},
	"mail.alert.actions":   {"Forfalte oppfølgingspunkter:", "Overdue action items:"},
	"mail.alert.benefits":  {"Gevinster bak plan:", "Benefits behind plan:"},
}
