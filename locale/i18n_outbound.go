package locale

func init() {
	register(outboundMessages)
}

// outboundMessages: why an address entered in the app is refused, and the
// limits of imports.
var outboundMessages = map[string][2]string{
	"err.address_not_allowed": {"Adressen peker inn i et lukket nett (denne maskinen, et privat eller lokalt nett). Bare adresser på internett er tillatt; driftsansvarlig kan åpne egne nett med SAMLA_OUTBOUND_ALLOW.", "The address points into a closed network (this machine, a private or local network). Only addresses on the internet are allowed; the operator can open chosen networks with SAMLA_OUTBOUND_ALLOW."},
	"sso.err.mismatch":        {"Innloggingstjenesten %s svarer, men oppsettet dens stemmer ikke med oppsettet i samla (utstederadressen er en annen). Administratoren må rette utstederen under Innlogging på administrasjonssiden; logg inn med passord så lenge.", "The sign-in service %s answers, but its configuration does not match samla's (the issuer address differs). The administrator must correct the issuer under sign-in on the admin page; sign in with a password meanwhile."},
	"err.bidi":                {"Teksten inneholder usynlige retningstegn (U+202A–U+202E eller U+2066–U+2069) som kan vise teksten baklengs. Skriv den inn på nytt uten dem.", "The text contains invisible direction characters (U+202A–U+202E or U+2066–U+2069) that can show it reversed. Type it again without them."},
	"err.numeric_host":        {"Skriv maskinnavnet, eller en IP-adresse som fire tall med punktum (som 192.0.2.10).", "Write the host name, or an IP address as four numbers with dots (such as 192.0.2.10)."},
}
