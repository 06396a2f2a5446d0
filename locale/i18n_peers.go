package locale

func init() {
	register(peerMessages)
}

var peerMessages = map[string][2]string{
	"nav.network":         {"Nettverk", "Network"},
	"job.peers":           {"Lese andre nettverks prosjektkataloger (hver time)", "Read other networks' project catalogues (hourly)"},
	"net.title":           {"Nettverk", "Network"},
	"net.lead":            {"Prosjekter i andre nettverk som bruker samla, lest fra deres offentlige prosjektkatalog hver time.", "Projects of other networks that use samla, read from their public project catalogue every hour."},
	"net.peers":           {"Andre nettverk", "Other networks"},
	"net.peers.none":      {"Ingen andre nettverk er lagt til.", "No other networks have been added."},
	"net.f.name":          {"Navn", "Name"},
	"net.f.base_url":      {"Adresse", "Address"},
	"net.f.base_url.hint": {"Adressen til det andre nettverkets samla, for eksempel https://samla.diginordland.no", "The address of the other network's samla, for example https://samla.diginordland.no"},
	"net.projects":        {"Prosjekter", "Projects"},
	"net.last_read":       {"Sist lest", "Last read"},
	"net.actions":         {"Handlinger", "Actions"},
	"net.failed":          {"Siste lesing feilet: %s", "The last read failed: %s"},
	"net.kept":            {"Forrige gode kopi vises.", "The last good copy is shown."},
	"net.refresh":         {"Les nå", "Read now"},
	"net.remove":          {"Fjern", "Remove"},
	"net.add":             {"Legg til nettverk", "Add network"},
	"net.projects.title":  {"Prosjekter i andre nettverk", "Projects in other networks"},
	"net.search":          {"Søk i prosjektene", "Search the projects"},
	"net.count":           {"%s prosjekter", "%s projects"},
	"net.f.project":       {"Prosjekt", "Project"},
	"net.f.network":       {"Nettverk", "Network"},
	"net.similar":         {"Liknende prosjekter i andre nettverk", "Similar projects in other networks"},
	"err.unreadable":      {"Fant ingen prosjektkatalog fra samla på denne adressen, eller den kunne ikke leses.", "No samla project catalogue was found at this address, or it could not be read."},
	"net.all":             {"Alle prosjekter i andre nettverk", "All projects in other networks"},
}
