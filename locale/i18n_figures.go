package locale

func init() { register(figureMessages) }

// figureMessages name the key figures and say, beside each, how it is
// counted (docs/figures.md has the same definitions).
var figureMessages = map[string][2]string{
	"fig.def.active_projects":       {"Fase konsept, planlegge, gjennomføre eller avslutte.", "Phase concept, planning, execution or closing."},
	"fig.apart":                     {"Telles for seg:", "Counted apart:"},
	"fig.ideas":                     {"idéer", "ideas"},
	"fig.in_realisation":            {"i gevinstrealisering", "in benefits realisation"},
	"fig.done":                      {"fullført", "done"},
	"fig.cancelled":                 {"avbrutt", "cancelled"},
	"fig.def.red":                   {"Av de aktive prosjektene, etter siste statusrapport.", "Of the active projects, by their latest status report."},
	"fig.def.yellow":                {"Av de aktive prosjektene, etter siste statusrapport.", "Of the active projects, by their latest status report."},
	"fig.def.green":                 {"Av de aktive prosjektene, etter siste statusrapport.", "Of the active projects, by their latest status report."},
	"fig.def.missing":               {"Aktive prosjekter uten rapport for forrige måned etter fristen.", "Active projects without a report for last month after the deadline."},
	"fig.budget":                    {"Budsjett, aktive prosjekter", "Budget, active projects"},
	"fig.spent":                     {"Forbrukt, aktive prosjekter", "Spent, active projects"},
	"fig.def.budget_nok":            {"Sum av prosjektbudsjettene, alle år (ikke årets programbudsjett).", "Sum of the project budgets, all years (not this year's programme budget)."},
	"fig.def.spent_nok":             {"Forbrukt etter siste statusrapport, alle år.", "Spent by the latest status report, all years."},
	"fig.of_planned":                {"av", "of"},
	"fig.freed_fte":                 {"planlagt hittil; %s årsverk er frigjort", "planned to date; %s FTE freed"},
	"fig.def.benefits":              {"Alle målinger i kroner mot planen fram til forrige måned.", "All measurements in kroner against the plan up to last month."},
	"fig.def.pending_cases":         {"Saker som venter på eller står på en saksliste.", "Cases waiting for or on an agenda."},
	"fig.def.municipalities_behind": {"Minst 20 prosentpoeng under medianen for løsninger i bruk.", "At least 20 points below the median share of solutions in use."},
	"fig.def.deadlines":             {"Kontraktslutt og opsjonsfrister, samme liste som på anskaffelsessiden.", "Contract ends and option deadlines, the same list as on the procurements page."},
	"fig.all_years":                 {"alle år", "all years"},

	"phase.active":                      {"Aktive (konsept–avslutte)", "Active (concept–closing)"},
	"proj.count.figure.active_projects": {"aktive prosjekter", "active projects"},
	"proj.count.figure.red":             {"aktive prosjekter med rød status", "active projects with red status"},
	"proj.count.figure.yellow":          {"aktive prosjekter med gul status", "active projects with yellow status"},
	"proj.count.figure.green":           {"aktive prosjekter med grønn status", "active projects with green status"},
	"proj.count.figure.missing":         {"aktive prosjekter uten statusrapport", "active projects without a status report"},
	"proc.deadlines.count":              {"kontraktslutter og opsjonsfrister", "contract ends and option deadlines"},
	"proc.tender_deadlines":             {"Tilbudsfrister", "Tender deadlines"},
}

func init() { register(paymentMessages) }

// paymentMessages word what a municipality pays: its yearly statement.
var paymentMessages = map[string][2]string{
	"pay.total":             {"Kommunen betaler i %d (årsoppgaven):", "The municipality pays in %d (the yearly statement):"},
	"pay.breakdown":         {"– medlemsbidrag %s, anskaffelser %s, prosjekter %s.", "– contribution %s, procurements %s, projects %s."},
	"pay.facts":             {"Betaler i %d (årsoppgaven)", "Pays in %d (the yearly statement)"},
	"pay.statement":         {"Se årsoppgaven linje for linje", "See the yearly statement line by line"},
	"pay.shares.note":       {"Andelene under er kommunens del av hver anskaffelses årlige kostnad. Årsoppgaven tar med de kontraktene som løper i året.", "The shares below are the municipality's part of each procurement's annual cost. The yearly statement counts the contracts that run in the year."},
	"digest.figures":        {"Programmet nå: %s aktive prosjekter (røde: %s, gule: %s, uten rapport: %s), %s saker til styringsgruppen, %s kontrakt- og opsjonsfrister.", "The programme now: %s active projects (red: %s, yellow: %s, without a report: %s), %s cases for the steering group, %s contract and option deadlines."},
	"ben.f.targets":         {"Mål per kommune (valgfritt)", "Target per municipality (optional)"},
	"ben.f.targets.hint":    {"Én linje per kommune: kommunenummer = kommunens del av endringen fra utgangsverdi til mål, for eksempel 1833 = 1200. Uten dem følger kommunens andel innbyggertallet blant prosjektets kommuner.", "One line per municipality: number = its part of the change from baseline to target, e.g. 1833 = 1200. Without them a municipality's share follows its population among the project's municipalities."},
	"err.targets":           {"Skriv én linje per kommune, for eksempel 1833 = 1200.", "Write one line per municipality, e.g. 1833 = 1200."},
	"err.participant":       {"Hver kommune må delta i prosjektet, og bare én gang.", "Each municipality must take part in the project, once."},
	"ben.share.of":          {"Kommunens andel: %s %% av målet", "The municipality's share: %s %% of the target"},
	"roll.chart.top":        {"Diagrammet viser de %d løsningene som er kommet lengst; tabellen har alle %d.", "The chart shows the %d solutions furthest along; the table has all %d."},
	"created.procurement":   {"Anskaffelsen er opprettet.", "The procurement is created."},
	"created.project":       {"Prosjektet er opprettet.", "The project is created."},
	"created.meeting":       {"Møtet er opprettet.", "The meeting is created."},
	"proc.shares.key.equal": {"Kostnaden fordeles likt mellom kommunene.", "The cost is split equally between the municipalities."},
	"proc.shares.key.basis": {"Kostnaden fordeles etter %s.", "The cost is split by %s."},
	"coutcome.discussion":   {"Drøftet", "Discussed"},
	"coutcome.information":  {"Tatt til orientering", "Noted"},
	"st.called":             {"Innkalt", "Called"},
	"err.amount":            {"Skriv et beløp i kroner, for eksempel 900 000.", "Write an amount in kroner, for example 900 000."},
	"pdf.pays":              {"Kommunen betaler i %d", "The municipality pays in %d"},
	"pdf.pays.value":        {"%s (medlemsbidrag %s, anskaffelser %s, prosjekter %s)", "%s (contribution %s, procurements %s, projects %s)"},
}
