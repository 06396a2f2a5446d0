package locale

func init() {
	register(ssoMessages)
}

var ssoMessages = map[string][2]string{
	"sso.title":        {"Logg inn med kommunens konto", "Sign in with your municipality's account"},
	"sso.with":         {"Logg inn med %s", "Sign in with %s"},
	"sso.by_email":     {"Eller skriv e-postadressen din, så finner vi riktig innlogging", "Or type your e-mail address, and we find the right sign-in"},
	"sso.continue":     {"Fortsett", "Continue"},
	"sso.password":     {"Logg inn med passord", "Sign in with a password"},
	"sso.password_off": {"Brukere fra din kommune logger inn med kommunens konto, ikke passord. Velg knappen for kommunen over.", "Users from your municipality sign in with the municipality's account, not a password. Choose your municipality's button above."},
	"sso.logout_there": {"Du er logget ut av samla. Logg også ut hos %s", "You are signed out of samla. Also sign out at %s"},

	"sso.err.unreachable": {"Innloggingstjenesten (%s) svarer ikke nå. Prøv igjen om litt, eller logg inn med passord.", "The sign-in service (%s) is not answering. Try again shortly, or sign in with a password."},
	"sso.err.replay":      {"Innloggingen er utløpt eller allerede brukt. Start innloggingen på nytt.", "The sign-in has expired or was already used. Start the sign-in again."},
	"sso.err.token":       {"Svaret fra innloggingstjenesten %s kunne ikke godkjennes. Start innloggingen på nytt; kontakt brukerstøtte hvis det skjer igjen.", "The answer from the sign-in service %s could not be accepted. Start the sign-in again; contact support if it happens again."},
	"sso.err.clock":       {"Innloggingen fra %s er utløpt, eller klokken hos tjenesten eller hos oss går feil. Prøv igjen; kontakt brukerstøtte hvis det skjer igjen.", "The sign-in from %s has expired, or the clock at the service or ours is wrong. Try again; contact support if it happens again."},
	"sso.err.denied":      {"Innloggingen hos %s ble avbrutt eller avvist.", "The sign-in at %s was cancelled or refused."},
	"sso.err.domain":      {"E-postadressen din hører ikke til %s. Bruk innloggingen for din egen kommune.", "Your e-mail address does not belong to %s. Use your own municipality's sign-in."},
	"sso.err.disabled":    {"Brukeren din i samla er deaktivert. Kontakt programkontoret.", "Your samla user is disabled. Contact the programme office."},
	"sso.err.email":       {"%s oppga ingen bekreftet e-postadresse, så vi kan ikke koble deg til en bruker. Kontakt programkontoret.", "%s gave no verified e-mail address, so we cannot link you to a user. Contact the programme office."},
	"sso.err.no_provider": {"Vi fant ingen innlogging for den e-postadressen. Logg inn med passord, eller kontakt programkontoret.", "We found no sign-in for that e-mail address. Sign in with a password, or contact the programme office."},
	"sso.err.ref":         {"(Referanse: %s)", "(Reference: %s)"},

	"sso.providers":           {"Innlogging med kommunenes konto (OpenID Connect)", "Sign-in with the municipalities' accounts (OpenID Connect)"},
	"sso.providers.lead":      {"Registrer samla hos kommunens identitetstjeneste (Entra ID, Feide, Google) med tilbakeadressen /login/sso/callback.", "Register samla with the municipality's identity service (Entra ID, Feide, Google) with the redirect address /login/sso/callback."},
	"sso.add":                 {"Legg til innlogging", "Add sign-in"},
	"sso.remove":              {"Fjern", "Remove"},
	"sso.f.name":              {"Navn på knappen (for eksempel «Rana kommune»)", "Name on the button (for example “Rana kommune”)"},
	"sso.f.issuer":            {"Utsteder (issuer)", "Issuer"},
	"sso.f.issuer.hint":       {"For eksempel https://login.microsoftonline.com/<tenant>/v2.0, eller …/common/v2.0 for flere tenanter.", "For example https://login.microsoftonline.com/<tenant>/v2.0, or …/common/v2.0 for several tenants."},
	"sso.f.client_id":         {"Klient-ID", "Client ID"},
	"sso.f.client_secret":     {"Klienthemmelighet (vises ikke igjen)", "Client secret (not shown again)"},
	"sso.f.municipality":      {"Kommune nye brukere hører til", "Municipality of new users"},
	"sso.f.municipality.none": {"Ingen (programkontoret)", "None (the programme office)"},
	"sso.f.domains":           {"E-postdomener", "E-mail domains"},
	"sso.f.domains.hint":      {"Kommaseparert, for eksempel rana.kommune.no.", "Comma-separated, for example rana.kommune.no."},
	"sso.f.default_role":      {"Rolle for nye brukere", "Role of new users"},
	"sso.f.groups_claim":      {"Krav med grupper (valgfritt)", "Groups claim (optional)"},
	"sso.f.groups_claim.hint": {"For eksempel groups eller roles.", "For example groups or roles."},
	"sso.f.group_roles":       {"Grupper til roller (valgfritt)", "Groups to roles (optional)"},
	"sso.f.group_roles.hint":  {"gruppe=rolle, kommaseparert, for eksempel samla-redaktor=editor.", "group=role, comma-separated, for example samla-editors=editor."},
	"sso.f.password_off":      {"Brukerne må logge inn med kommunens konto (ikke passord)", "Its users must sign in with the municipality's account (no password)"},

	"err.domain":             {"Må være et domene, for eksempel rana.kommune.no.", "Must be a domain, for example rana.kommune.no."},
	"err.pairs":              {"Skriv gruppe=rolle.", "Write group=role."},
	"err.needs_municipality": {"Kommunekontakter må høre til en kommune.", "Municipal contacts must belong to a municipality."},
}
