package locale

import "fmt"

// messages maps a key to its bokmål and English text. Keys used in
// templates and handlers must exist here; views_test checks both languages.
var messages = map[string][2]string{
	// shell
	"app.skip":         {"Hopp til hovedinnhold", "Skip to main content"},
	"app.scroll.hint":  {"Tabellen er bredere enn skjermen: rull sideveis i den.", "The table is wider than the screen: scroll it sideways."},
	"app.menu":         {"Hovedmeny", "Main menu"},
	"app.language":     {"Språk", "Language"},
	"app.lang.switch":  {"English", "Norsk (bokmål)"},
	"app.account":      {"Min konto", "My account"},
	"app.logout":       {"Logg ut", "Log out"},
	"app.loggedin":     {"Innlogget som %s (%s)", "Logged in as %s (%s)"},
	"app.footer":       {"samla – styring av digitaliseringsprogram", "samla – running a digitalisation programme"},
	"nav.dashboard":    {"Oversikt", "Overview"},
	"nav.municipality": {"Kommuner", "Municipalities"},
	"nav.admin":        {"Administrasjon", "Administration"},
	"nav.audit":        {"Endringslogg", "Audit trail"},

	// roles
	"role.admin":    {"Administrator", "Administrator"},
	"role.editor":   {"Programkontor", "Programme office"},
	"role.leader":   {"Prosjektleder", "Project leader"},
	"role.steering": {"Styringsgruppe", "Steering group"},
	"role.viewer":   {"Leser", "Viewer"},
	"role.contact":  {"Kommunekontakt", "Municipal contact"},

	// login
	"login.title":     {"Logg inn", "Log in"},
	"login.email":     {"E-postadresse", "E-mail address"},
	"login.password":  {"Passord", "Password"},
	"login.submit":    {"Logg inn", "Log in"},
	"login.failed":    {"Feil e-postadresse eller passord.", "Wrong e-mail address or password."},
	"login.throttled": {"For mange mislykkede forsøk. Vent %d minutter og prøv igjen.", "Too many failed attempts. Wait %d minutes and try again."},
	"login.intro":     {"Logg inn for å se porteføljen til %s.", "Log in to see the portfolio of %s."},
	"logout.done":     {"Du er logget ut.", "You are logged out."},

	// dashboard shell
	"dash.title":          {"Oversikt", "Overview"},
	"dash.welcome":        {"Velkommen, %s.", "Welcome, %s."},
	"dash.municipalities": {"Kommuner i samarbeidet", "Municipalities in the programme"},
	"dash.population":     {"Innbyggere i alt", "Total population"},
	"dash.users":          {"Brukere", "Users"},

	// municipalities
	"mun.title":                {"Kommuner", "Municipalities"},
	"mun.number":               {"Kommunenummer", "Municipality number"},
	"mun.name":                 {"Navn", "Name"},
	"mun.population":           {"Innbyggere", "Population"},
	"mun.member":               {"Medlem av samarbeidet", "Member of the programme"},
	"mun.members":              {"%d kommuner, %s innbyggere", "%d municipalities, %s inhabitants"},
	"mun.new":                  {"Ny kommune", "New municipality"},
	"mun.edit":                 {"Endre kommune", "Edit municipality"},
	"mun.yes":                  {"Ja", "Yes"},
	"mun.no":                   {"Nei", "No"},
	"mun.hint.number":          {"Fire siffer, det offisielle kommunenummeret.", "Four digits, the official municipality number."},
	"mun.population_date":      {"Innbyggertall per", "Population counted on"},
	"mun.population_date.hint": {"Datoen tallet gjelder, vanligvis 1. januar (SSB tabell 07459).", "The date the figure is for, usually 1 January (Statistics Norway table 07459)."},
	"mun.per":                  {"per %s", "as of %s"},
	"mun.projects":             {"Prosjekter kommunen deltar i", "Projects the municipality takes part in"},
	"mun.users":                {"Brukere knyttet til kommunen", "Users attached to the municipality"},

	// forms
	"form.save":         {"Lagre", "Save"},
	"form.cancel":       {"Avbryt", "Cancel"},
	"form.create":       {"Opprett", "Create"},
	"form.errors":       {"Skjemaet har feil. Rett opp feltene under.", "The form has errors. Correct the fields below."},
	"form.saved":        {"Endringene er lagret.", "Your changes are saved."},
	"form.required":     {"påkrevd", "required"},
	"err.required":      {"Må fylles ut.", "Required."},
	"err.four_digits":   {"Må være fire siffer.", "Must be four digits."},
	"err.taken":         {"Er allerede i bruk.", "Is already in use."},
	"err.not_negative":  {"Kan ikke være negativt.", "Cannot be negative."},
	"err.number":        {"Skriv et tall, for eksempel 1 310 000 eller 12,5.", "Write a number, for example 1 310 000 or 12.5."},
	"err.too_long":      {"Er for lang.", "Is too long."},
	"err.too_short":     {"Må ha minst 10 tegn.", "Must have at least 10 characters."},
	"err.email":         {"Må være en gyldig e-postadresse.", "Must be a valid e-mail address."},
	"err.choice":        {"Velg en av mulighetene.", "Choose one of the options."},
	"err.unknown":       {"Finnes ikke.", "Does not exist."},
	"err.range":         {"Er utenfor gyldig område.", "Is out of range."},
	"err.wrong":         {"Er feil.", "Is wrong."},
	"err.mismatch":      {"Passordene er ikke like.", "The passwords do not match."},
	"err.last_admin":    {"Det må finnes minst én aktiv administrator.", "There must be at least one active administrator."},
	"err.invalid":       {"Er ugyldig.", "Is invalid."},
	"err.changed":       {"Noen andre endret dette mens du redigerte. Det du skrev er beholdt; se over og lagre på nytt.", "Someone else changed this while you were editing. What you typed is kept; check it and save again."},
	"err.type":          {"Har feil type.", "Has the wrong type."},
	"err.unknown_field": {"Ukjent felt.", "Unknown field."},
	"err.read_only":     {"Kan ikke endres.", "Cannot be changed."},

	// admin
	"admin.title":                {"Administrasjon", "Administration"},
	"admin.users":                {"Brukere", "Users"},
	"admin.user.new":             {"Ny bruker", "New user"},
	"admin.user.edit":            {"Endre bruker", "Edit user"},
	"admin.user.name":            {"Navn", "Name"},
	"admin.user.email":           {"E-postadresse", "E-mail address"},
	"admin.user.role":            {"Rolle", "Role"},
	"admin.user.mun":             {"Kommune", "Municipality"},
	"admin.user.mun.none":        {"Ingen", "None"},
	"admin.user.password":        {"Passord", "Password"},
	"admin.user.password.hint":   {"Minst 10 tegn. La stå tomt for å beholde passordet.", "At least 10 characters. Leave empty to keep the password."},
	"admin.user.disabled":        {"Deaktivert (kan ikke logge inn)", "Disabled (cannot log in)"},
	"admin.user.status":          {"Status", "Status"},
	"admin.user.active":          {"Aktiv", "Active"},
	"admin.user.inactive":        {"Deaktivert", "Disabled"},
	"admin.tokens":               {"API-nøkler", "API tokens"},
	"admin.token.label":          {"Beskrivelse", "Label"},
	"admin.token.user":           {"Bruker", "User"},
	"admin.token.user_email":     {"Brukerens e-postadresse", "The user's e-mail address"},
	"admin.users.search":         {"Søk i brukere (navn, e-post, rolle, kommunenummer)", "Search users (name, e-mail, role, municipality number)"},
	"admin.users.count":          {"%s brukere.", "%s users."},
	"admin.token.created":        {"Opprettet", "Created"},
	"admin.token.used":           {"Sist brukt", "Last used"},
	"admin.token.new":            {"Ny API-nøkkel", "New API token"},
	"admin.token.revoke":         {"Trekk tilbake", "Revoke"},
	"admin.token.revoked":        {"Trukket tilbake", "Revoked"},
	"admin.token.shown":          {"Kopier nøkkelen nå. Den vises bare denne ene gangen:", "Copy the token now. It is shown only this once:"},
	"admin.settings":             {"Innstillinger", "Settings"},
	"set.programme_name":         {"Navn på samarbeidet", "Programme name"},
	"set.hours_per_fte":          {"Timer per årsverk", "Hours per full-time equivalent"},
	"set.report_deadline_day":    {"Frist for statusrapport (dag i måneden)", "Status report deadline (day of month)"},
	"set.national_threshold_nok": {"Nasjonal terskelverdi (kr eks. mva.)", "National threshold (NOK excl. VAT)"},
	"set.eea_threshold_nok":      {"EØS-terskelverdi (kr eks. mva.)", "EEA threshold (NOK excl. VAT)"},
	"set.expiry_horizon_months":  {"Varsle om kontrakter som utløper innen (måneder)", "Warn of contracts ending within (months)"},
	"set.backup_dir":             {"Mappe for nattlig sikkerhetskopi", "Folder for the nightly backup"},
	"set.backup_keep":            {"Antall sikkerhetskopier som beholdes", "Number of backups kept"},
	"set.hour_value_nok":         {"Verdi av en frigjort time (kr)", "Value of an hour freed (NOK)"},
	"set.area_hour_values":       {"Timeverdi per tjenesteområde (kr)", "Hour value per service area (NOK)"},
	"set.area_hour_values.hint":  {"0 betyr at standardverdien over brukes.", "0 means the default above is used."},
	"audit.title":                {"Endringslogg", "Audit trail"},
	"audit.at":                   {"Tidspunkt", "Time"},
	"audit.actor":                {"Hvem", "Who"},
	"audit.entity":               {"Hva", "What"},
	"audit.action":               {"Handling", "Action"},
	"audit.change":               {"Før og etter", "Before and after"},
	"audit.filter":               {"Filtrer", "Filter"},
	"audit.older":                {"Eldre endringer", "Older changes"},
	"audit.from":                 {"Fra dato", "From date"},
	"audit.to":                   {"Til dato", "To date"},
	"audit.csv":                  {"Last ned som CSV", "Download as CSV"},
	"audit.none":                 {"Ingen endringer funnet.", "No changes found."},
	"audit.id":                   {"Id", "Id"},
	"audit.before":               {"Før", "Before"},
	"audit.after":                {"Etter", "After"},

	// account
	"account.title":    {"Min konto", "My account"},
	"account.password": {"Bytt passord", "Change password"},
	"account.current":  {"Nåværende passord", "Current password"},
	"account.new":      {"Nytt passord", "New password"},
	"account.repeat":   {"Gjenta nytt passord", "Repeat new password"},
	"account.changed":  {"Passordet er byttet. Andre innlogginger er avsluttet.", "Your password is changed. Other sessions were ended."},

	// errors
	"error.403.title":  {"Ingen tilgang", "Access denied"},
	"error.403.text":   {"Du har ikke tilgang til denne siden. Kontakt programkontoret hvis du mener du skal ha det.", "You do not have access to this page. Contact the programme office if you think you should."},
	"error.404.title":  {"Siden finnes ikke", "Page not found"},
	"error.404.text":   {"Vi fant ikke det du lette etter. Sjekk adressen, eller gå til oversikten.", "We could not find what you were looking for. Check the address, or go to the overview."},
	"error.500.title":  {"Noe gikk galt", "Something went wrong"},
	"error.500.text":   {"En feil oppstod hos oss. Prøv igjen om litt. Oppgi denne referansen hvis du kontakter brukerstøtte:", "An error occurred on our side. Try again shortly. Give this reference if you contact support:"},
	"error.400.title":  {"Ugyldig forespørsel", "Bad request"},
	"error.400.text":   {"Forespørselen kunne ikke behandles. Last siden på nytt og prøv igjen.", "The request could not be processed. Reload the page and try again."},
	"error.413.title":  {"For mye på én gang", "Too much at once"},
	"error.413.text":   {"Det du sendte, er større enn %d MB. En fil kan være på høyst %d MB: del den opp, eller legg den i arkivet og lim inn en lenke.", "What you sent is larger than %d MB. A file may be at most %d MB: split it, or put it in the archive and paste a link."},
	"error.csrf":       {"Skjemaet var utløpt eller manglet sikkerhetsnøkkel. Last siden på nytt og prøv igjen.", "The form had expired or lacked its security token. Reload the page and try again."},
	"error.full.title": {"Lagringsplassen er full", "The storage is full"},
	"error.full.retry": {"Prøv igjen med det du skrev", "Try again with what you typed"},
	"error.full.text":  {"Ingenting ble lagret. Det du skrev, er tatt vare på her: prøv igjen om litt med knappen under. Driftsansvarlig ser feilen i loggen og overvåkingen.", "Nothing was saved. What you typed is kept here: try again shortly with the button below. The operator sees the fault in the log and monitoring."},
	"error.back":       {"Gå til oversikten", "Go to the overview"},
}

// T returns the text for key in lang, formatted with args. An unknown key
// shows itself, so a missing text is visible rather than blank.
func T(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// register adds a file's texts. Two files that name the same key would
// leave one text silently in place of the other, so that stops the start.
func register(m map[string][2]string) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("locale: text " + k + " is defined twice")
		}
		messages[k] = v
	}
}

// HasMessage reports whether key has a text.
func HasMessage(key string) bool {
	_, ok := messages[key]
	return ok
}

func init() {
	register(projectMessages)
}

var projectMessages = map[string][2]string{
	"nav.projects": {"Prosjekter", "Projects"},

	"phase.idea":        {"Idé", "Idea"},
	"phase.concept":     {"Konsept", "Concept"},
	"phase.planning":    {"Planlegge", "Planning"},
	"phase.execution":   {"Gjennomføre", "Execution"},
	"phase.closing":     {"Avslutte", "Closing"},
	"phase.realisation": {"Realisere", "Realisation"},
	"phase.done":        {"Fullført", "Done"},
	"phase.cancelled":   {"Avbrutt", "Cancelled"},

	"area.health_care":          {"Helse og omsorg", "Health and care"},
	"area.education":            {"Oppvekst", "Education"},
	"area.administration":       {"Forvaltning", "Administration"},
	"area.planning_building":    {"Plan og bygg", "Planning and building"},
	"area.social_services":      {"Sosialtjeneste", "Social services"},
	"area.child_welfare":        {"Barnevern", "Child welfare"},
	"area.information_security": {"Informasjonssikkerhet", "Information security"},
	"area.other":                {"Annet", "Other"},

	"status.green":   {"Grønn", "Green"},
	"status.yellow":  {"Gul", "Yellow"},
	"status.red":     {"Rød", "Red"},
	"status.missing": {"Mangler rapport", "Report missing"},
	"status.none":    {"Ingen rapport", "No report"},

	"dim.overall":  {"Samlet", "Overall"},
	"dim.time":     {"Tid", "Time"},
	"dim.cost":     {"Kostnad", "Cost"},
	"dim.quality":  {"Kvalitet", "Quality"},
	"dim.risk":     {"Risiko", "Risk"},
	"dim.benefits": {"Gevinster", "Benefits"},

	"proj.title":               {"Prosjekter", "Projects"},
	"proj.new":                 {"Nytt prosjekt", "New project"},
	"proj.edit":                {"Endre prosjekt", "Edit project"},
	"proj.f.title":             {"Tittel", "Title"},
	"proj.f.description":       {"Beskrivelse", "Description"},
	"proj.f.service_area":      {"Tjenesteområde", "Service area"},
	"proj.f.phase":             {"Fase", "Phase"},
	"proj.f.phase_reason":      {"Begrunnelse for faseendring", "Reason for the phase change"},
	"proj.f.phase_reason.hint": {"Fylles ut når fasen endres, f.eks. vedtak i styringsgruppen.", "Fill in when the phase changes, e.g. the steering group's decision."},
	"proj.f.lead":              {"Ansvarlig kommune", "Lead municipality"},
	"proj.f.municipalities":    {"Deltakende kommuner", "Participating municipalities"},
	"proj.f.leader":            {"Prosjektleder", "Project leader"},
	"proj.f.leader.none":       {"Ikke valgt", "Not chosen"},
	"proj.f.budget":            {"Budsjett (kr)", "Budget (NOK)"},
	"proj.f.start":             {"Startdato", "Start date"},
	"proj.f.end":               {"Sluttdato", "End date"},
	"proj.f.national":          {"Nasjonal fellesløsning", "National shared solution"},
	"proj.f.national.hint":     {"Valgfritt, f.eks. KS Fiks, ID-porten, Digipost.", "Optional, e.g. KS Fiks, ID-porten, Digipost."},
	"proj.f.docs":              {"Lenke til dokumenter", "Link to documents"},
	"proj.f.docs.hint":         {"Valgfritt, en https-adresse.", "Optional, an https address."},
	"proj.status":              {"Status", "Status"},
	"proj.progress":            {"Fremdrift", "Progress"},
	"proj.spent":               {"Forbrukt", "Spent"},
	"proj.forecast":            {"Prognose", "Forecast"},
	"proj.updated":             {"Oppdatert", "Updated"},
	"proj.filter":              {"Filtrer", "Filter"},
	"proj.filter.all":          {"Alle", "All"},
	"proj.filter.q":            {"Søk", "Search"},
	"proj.filter.archived":     {"Vis arkiverte prosjekter", "Show archived projects"},
	"proj.sort":                {"Sorter etter", "Sort by"},
	"proj.sort.title":          {"Tittel", "Title"},
	"proj.sort.phase":          {"Fase", "Phase"},
	"proj.sort.status":         {"Status", "Status"},
	"proj.sort.budget":         {"Budsjett", "Budget"},
	"proj.sort.end":            {"Sluttdato", "End date"},
	"proj.sort.updated":        {"Sist oppdatert", "Last updated"},
	"proj.sort.leader":         {"Prosjektleder", "Project leader"},
	"proj.count":               {"%s prosjekter", "%s projects"},
	"proj.none":                {"Ingen prosjekter passer filteret.", "No projects match the filter."},
	"proj.archived":            {"Arkivert", "Archived"},
	"proj.archived.note":       {"Prosjektet er arkivert. Det vises ikke i lister, men ingenting er slettet.", "The project is archived. It is not listed, but nothing is deleted."},
	"proj.archive":             {"Arkiver prosjektet", "Archive the project"},
	"proj.restore":             {"Gjenopprett prosjektet", "Restore the project"},
	"proj.facts":               {"Fakta", "Facts"},
	"proj.latest":              {"Siste statusrapport", "Latest status report"},
	"proj.latest.none":         {"Prosjektet har ingen statusrapport ennå.", "The project has no status report yet."},
	"proj.history":             {"Statushistorikk", "Status history"},
	"proj.history.caption":     {"Status per måned og dimensjon, nyeste først", "Status per month and dimension, newest first"},
	"proj.month":               {"Måned", "Month"},
	"proj.report.new":          {"Ny statusrapport", "New status report"},
	"proj.summary":             {"Hva er gjort", "What was done"},
	"proj.next":                {"Neste steg", "Next steps"},
	"proj.decision":            {"Beslutningsbehov", "Decision needed"},
	"proj.phases":              {"Faseendringer", "Phase changes"},
	"proj.phase.change":        {"%s → %s", "%s → %s"},
	"proj.documents":           {"Dokumenter", "Documents"},
	"proj.leader.none":         {"Ingen", "None"},
	"page.prev":                {"Forrige side", "Previous page"},
	"page.next":                {"Neste side", "Next page"},
	"page.of":                  {"Side %d av %d", "Page %d of %d"},
	"page.nav":                 {"Sider", "Pages"},

	"rep.title":         {"Statusrapport", "Status report"},
	"rep.for":           {"Statusrapport for %s", "Status report for %s"},
	"rep.period":        {"Måned", "Month"},
	"rep.period.hint":   {"Måneden rapporten gjelder (ÅÅÅÅ-MM). En ny rapport for samme måned erstatter den forrige.", "The month the report is for (YYYY-MM). A new report for the same month replaces the earlier one."},
	"rep.prefilled":     {"Skjemaet er fylt ut fra forrige rapport (%s). Endre det som er endret.", "The form is filled in from the previous report (%s). Change what has changed."},
	"rep.comment":       {"Kommentar – %s", "Comment – %s"},
	"rep.comment.col":   {"Kommentar", "Comment"},
	"rep.dimension":     {"Dimensjon", "Dimension"},
	"rep.progress":      {"Fremdrift (%)", "Progress (%)"},
	"rep.spent":         {"Forbrukt hittil (kr)", "Spent so far (NOK)"},
	"rep.forecast":      {"Prognose totalkostnad (kr)", "Forecast total cost (NOK)"},
	"rep.summary":       {"Hva er gjort denne måneden", "What was done this month"},
	"rep.next":          {"Neste steg", "Next steps"},
	"rep.decision":      {"Beslutningsbehov for styringsgruppen", "Decision needed from the steering group"},
	"rep.decision.hint": {"La stå tomt hvis ingen beslutning trengs.", "Leave empty if no decision is needed."},
	"rep.submit":        {"Send statusrapport", "Submit status report"},
	"rep.saved":         {"Statusrapporten er lagret.", "The status report is saved."},
	"rep.replaced":      {"Statusrapporten erstattet rapporten for samme måned. Den forrige finnes i endringsloggen.", "The status report replaced the one for the same month. The earlier one is in the audit trail."},
	"rep.by":            {"Rapportert av %s %s", "Reported by %s %s"},

	"ms.title":        {"Milepæler", "Milestones"},
	"ms.f.title":      {"Milepæl", "Milestone"},
	"ms.due":          {"Frist", "Due"},
	"ms.done":         {"Fullført", "Done"},
	"ms.add":          {"Legg til milepæl", "Add milestone"},
	"ms.mark":         {"Marker som fullført", "Mark as done"},
	"ms.none":         {"Ingen milepæler.", "No milestones."},
	"ms.late":         {"Forsinket", "Late"},
	"ms.open":         {"Ikke fullført", "Not done"},
	"ms.delete":       {"Slett", "Delete"},
	"risk.title":      {"Risikoer", "Risks"},
	"risk.f.title":    {"Risiko", "Risk"},
	"risk.prob":       {"Sannsynlighet (1–5)", "Probability (1–5)"},
	"risk.cons":       {"Konsekvens (1–5)", "Consequence (1–5)"},
	"risk.score":      {"Risikotall", "Score"},
	"risk.mitigation": {"Tiltak", "Mitigation"},
	"risk.owner":      {"Eier", "Owner"},
	"risk.state":      {"Status", "State"},
	"risk.open":       {"Åpen", "Open"},
	"risk.closed":     {"Lukket", "Closed"},
	"risk.add":        {"Legg til risiko", "Add risk"},
	"risk.close":      {"Lukk", "Close"},
	"risk.reopen":     {"Gjenåpne", "Reopen"},
	"risk.none":       {"Ingen risikoer registrert.", "No risks recorded."},

	"err.at_least_one": {"Velg minst én.", "Choose at least one."},
	"err.before_start": {"Kan ikke være før startdatoen.", "Cannot be before the start date."},
	"err.url":          {"Må være en nettadresse som begynner med https://.", "Must be a web address starting with https://."},
	"err.date":         {"Må være en dato (dd.mm.åååå).", "Must be a date."},
	"err.period":       {"Må være en måned (ÅÅÅÅ-MM).", "Must be a month (YYYY-MM)."},
	"err.rag":          {"Velg grønn, gul eller rød.", "Choose green, yellow or red."},
	"err.percent":      {"Må være mellom 0 og 100.", "Must be between 0 and 100."},
	"err.one_to_five":  {"Må være fra 1 til 5.", "Must be from 1 to 5."},
}
