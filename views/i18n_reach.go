package views

func init() {
	for k, v := range reachMessages {
		messages[k] = v
	}
}

// reachMessages are the texts of calendars, channels and digests.
var reachMessages = map[string][2]string{
	"mstatus.cancelled":          {"Avlyst", "Cancelled"},
	"st.cancel":                  {"Avlys møtet", "Cancel the meeting"},
	"st.replan":                  {"Planlegg møtet igjen", "Plan the meeting again"},
	"st.cancelled":               {"Møtet er avlyst. Kalendere som abonnerer, får beskjed.", "The meeting is cancelled. Subscribed calendars are told."},
	"st.ics":                     {"Legg i kalenderen (.ics)", "Add to calendar (.ics)"},
	"account.calendar":           {"Kalender", "Calendar"},
	"account.calendar.lead":      {"Abonner på møtene i organene du sitter i, milepæler og rapportfrister i prosjektene du leder, frister i anskaffelser og tilskudd – i Outlook eller en annen kalender. Lenken er personlig; lager du en ny, slutter den gamle å virke.", "Subscribe to the meetings of your bodies, the milestones and report deadlines of your projects, procurement and grant deadlines – in Outlook or another calendar. The link is personal; a new one stops the old."},
	"account.calendar.new":       {"Lag ny kalenderlenke", "Make a new calendar link"},
	"account.calendar.made":      {"Ny kalenderlenke er laget. Den vises bare nå; den gamle virker ikke lenger.", "A new calendar link is made. It is shown only now; the old one no longer works."},
	"account.calendar.subscribe": {"Abonner i kalenderen (webcal)", "Subscribe in your calendar (webcal)"},
	"account.calendar.url":       {"Adressen (for «Legg til kalender fra Internett» i Outlook)", "The address (for \"Add calendar from the internet\" in Outlook)"},
	"account.digest":             {"Ukentlig oppsummering", "Weekly digest"},
	"account.digest.on":          {"Send meg en e-post hver mandag med det som er endret og det som venter på meg", "Send me an e-mail every Monday with what changed and what waits for me"},
	"err.smtputf8":               {"E-postserveren kan ikke sende til adresser med æ, ø, å eller andre tegn utenfor ASCII før @ (den mangler SMTPUTF8).", "The mail server cannot send to addresses with non-ASCII letters before the @ (it lacks SMTPUTF8)."},
}
