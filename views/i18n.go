package views

import "fmt"

// messages maps a key to its bokmål and English text. Keys used in
// templates and handlers must exist here; views_test checks both languages.
var messages = map[string][2]string{
	// shell
	"app.skip":         {"Hopp til hovedinnhold", "Skip to main content"},
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
	"mun.title":       {"Kommuner", "Municipalities"},
	"mun.number":      {"Kommunenummer", "Municipality number"},
	"mun.name":        {"Navn", "Name"},
	"mun.population":  {"Innbyggere", "Population"},
	"mun.member":      {"Medlem av samarbeidet", "Member of the programme"},
	"mun.members":     {"%d kommuner, %s innbyggere", "%d municipalities, %s inhabitants"},
	"mun.new":         {"Ny kommune", "New municipality"},
	"mun.edit":        {"Endre kommune", "Edit municipality"},
	"mun.yes":         {"Ja", "Yes"},
	"mun.no":          {"Nei", "No"},
	"mun.hint.number": {"Fire siffer, det offisielle kommunenummeret.", "Four digits, the official municipality number."},
	"mun.users":       {"Brukere knyttet til kommunen", "Users attached to the municipality"},

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
	"err.number":        {"Må være et helt tall.", "Must be a whole number."},
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
	"audit.title":                {"Endringslogg", "Audit trail"},
	"audit.at":                   {"Tidspunkt", "Time"},
	"audit.actor":                {"Hvem", "Who"},
	"audit.entity":               {"Hva", "What"},
	"audit.action":               {"Handling", "Action"},
	"audit.change":               {"Før og etter", "Before and after"},
	"audit.filter":               {"Filtrer", "Filter"},
	"audit.older":                {"Eldre endringer", "Older changes"},
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
	"error.403.title": {"Ingen tilgang", "Access denied"},
	"error.403.text":  {"Du har ikke tilgang til denne siden. Kontakt programkontoret hvis du mener du skal ha det.", "You do not have access to this page. Contact the programme office if you think you should."},
	"error.404.title": {"Siden finnes ikke", "Page not found"},
	"error.404.text":  {"Vi fant ikke det du lette etter. Sjekk adressen, eller gå til oversikten.", "We could not find what you were looking for. Check the address, or go to the overview."},
	"error.500.title": {"Noe gikk galt", "Something went wrong"},
	"error.500.text":  {"En feil oppstod hos oss. Prøv igjen om litt. Oppgi denne referansen hvis du kontakter brukerstøtte:", "An error occurred on our side. Try again shortly. Give this reference if you contact support:"},
	"error.400.title": {"Ugyldig forespørsel", "Bad request"},
	"error.400.text":  {"Forespørselen kunne ikke behandles. Last siden på nytt og prøv igjen.", "The request could not be processed. Reload the page and try again."},
	"error.csrf":      {"Skjemaet var utløpt eller manglet sikkerhetsnøkkel. Last siden på nytt og prøv igjen.", "The form had expired or lacked its security token. Reload the page and try again."},
	"error.back":      {"Gå til oversikten", "Go to the overview"},
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

// HasMessage reports whether key has a text.
func HasMessage(key string) bool {
	_, ok := messages[key]
	return ok
}
