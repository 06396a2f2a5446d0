package locale

func init() {
	register(reportMessages)
}

var reportMessages = map[string][2]string{
	"nav.reports": {"Rapporter", "Reports"},

	"pdf.generated":              {"Generert %s", "Generated %s"},
	"pdf.page":                   {"Side %d av {nb}", "Page %d of {nb}"},
	"pdf.summary":                {"Sammendrag", "Summary"},
	"pdf.none":                   {"Ingen.", "None."},
	"pdf.case":                   {"Sak", "Case"},
	"pdf.projects":               {"Alle aktive prosjekter", "All active projects"},
	"pdf.project_municipalities": {"Prosjekt og kommuner", "Project and municipalities"},
	"pdf.projects.others":        {"Ikke med i listen (ikke aktive): %s.", "Not in the list (not active): %s."},
	"pdf.lead":                   {"%s (ansvarlig)", "%s (lead)"},
	"pdf.projects.count":         {"Prosjekter kommunen deltar i", "Projects the municipality takes part in"},
	"pdf.red":                    {"Røde prosjekter", "Red projects"},
	"pdf.status_by_area":         {"Status per tjenesteområde", "Status by service area"},
	"pdf.benefits.vs":            {"%s av %s planlagt (%s årsverk)", "%s of %s planned (%s FTE)"},
	"pdf.shares.total":           {"Kostnadsandeler per år", "Cost shares per year"},
	"pdf.portfolio.title":        {"Porteføljerapport", "Portfolio report"},
	"pdf.portfolio.subtitle":     {"%s aktive prosjekter", "%s active projects"},
	"pdf.portfolio.subject":      {"Status, økonomi, gevinster og beslutninger i hele porteføljen", "Status, finances, benefits and decisions across the portfolio"},
	"pdf.project.subject":        {"Prosjektrapport", "Project report"},
	"pdf.municipality.title":     {"Rapport for %s", "Report for %s"},
	"pdf.municipality.subject":   {"Deltakelse, kostnadsandeler, gevinster og vedtak for kommunen", "Participation, cost shares, benefits and decisions for the municipality"},
	"pdf.minutes.title":          {"Protokoll: %s", "Minutes: %s"},
	"pdf.minutes.subject":        {"Protokoll fra styringsgruppemøte", "Minutes of a steering-group meeting"},

	"apidocs.title":    {"API-beskrivelse", "API description"},
	"apidocs.intro":    {"Alle adresser under /api/v1 krever innlogging eller en API-nøkkel (Authorization: Bearer …). Maskinlesbar beskrivelse (OpenAPI 3):", "Every address under /api/v1 needs a login or an API token (Authorization: Bearer …). Machine-readable description (OpenAPI 3):"},
	"apidocs.route":    {"Adresse", "Route"},
	"apidocs.what":     {"Hva", "What"},
	"apidocs.query":    {"Parametre", "Parameters"},
	"apidocs.body":     {"Innhold", "Body"},
	"apidocs.answer":   {"Svar", "Answer"},
	"rpt.title":        {"Rapporter", "Reports"},
	"rpt.available":    {"Rapporter du kan laste ned", "Reports you can download"},
	"rpt.portfolio":    {"Porteføljerapport (PDF)", "Portfolio report (PDF)"},
	"rpt.municipality": {"Kommunerapport (PDF)", "Municipality report (PDF)"},
	"rpt.meeting":      {"Møteprotokoll (PDF)", "Meeting minutes (PDF)"},
	"rpt.project":      {"Prosjektrapport (PDF)", "Project report (PDF)"},
	"rpt.project.hint": {"Prosjektrapporten lastes ned fra prosjektets side.", "The project report is downloaded from the project's page."},
	"rpt.download":     {"Last ned", "Download"},
	"rpt.archive":      {"Arkiv over genererte rapporter", "Archive of generated reports"},
	"rpt.archive.none": {"Ingen rapporter er arkivert ennå.", "No reports are archived yet."},
	"rpt.when":         {"Generert", "Generated"},
	"rpt.what":         {"Rapport", "Report"},
	"rpt.by":           {"Av", "By"},
	"rpt.size":         {"Størrelse", "Size"},
}
