package locale

func init() {
	for k, v := range figureMessages {
		messages[k] = v
	}
}

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
	"fig.planned_fte":               {"planlagt hittil (%s årsverk frigjort)", "planned to date (%s FTE freed)"},
	"fig.def.benefits":              {"Alle målinger i kroner mot planen fram til forrige måned.", "All measurements in kroner against the plan up to last month."},
	"fig.def.pending_cases":         {"Saker som venter på eller står på en saksliste.", "Cases waiting for or on an agenda."},
	"fig.def.municipalities_behind": {"Minst 20 prosentpoeng under medianen for løsninger i bruk.", "At least 20 points below the median share of solutions in use."},
	"fig.def.deadlines":             {"Kontraktslutt og opsjonsfrister, samme liste som på anskaffelsessiden.", "Contract ends and option deadlines, the same list as on the procurements page."},
	"fig.projects.active":           {"Aktive prosjekter (konsept–avslutte)", "Active projects (concept–closing)"},

	"phase.active":                      {"Aktive (konsept–avslutte)", "Active (concept–closing)"},
	"proj.count.figure.active_projects": {"aktive prosjekter", "active projects"},
	"proj.count.figure.red":             {"aktive prosjekter med rød status", "active projects with red status"},
	"proj.count.figure.yellow":          {"aktive prosjekter med gul status", "active projects with yellow status"},
	"proj.count.figure.green":           {"aktive prosjekter med grønn status", "active projects with green status"},
	"proj.count.figure.missing":         {"aktive prosjekter uten statusrapport", "active projects without a status report"},
	"proc.deadlines.count":              {"kontraktslutter og opsjonsfrister", "contract ends and option deadlines"},
	"proc.tender_deadlines":             {"Tilbudsfrister", "Tender deadlines"},
}
