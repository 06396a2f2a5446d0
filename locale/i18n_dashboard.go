package locale

func init() {
	register(dashboardMessages)
}

var dashboardMessages = map[string][2]string{
	"dash.filters":          {"Avgrens oversikten", "Narrow the overview"},
	"dash.apply":            {"Vis", "Show"},
	"dash.count":            {"Antall", "Count"},
	"dash.kf.active":        {"Aktive prosjekter", "Active projects"},
	"dash.kf.red":           {"Røde prosjekter", "Red projects"},
	"dash.kf.yellow":        {"Gule prosjekter", "Yellow projects"},
	"dash.kf.green":         {"Grønne prosjekter", "Green projects"},
	"dash.kf.missing":       {"Mangler statusrapport", "Status report missing"},
	"dash.kf.budget":        {"Budsjett", "Budget"},
	"dash.kf.spent":         {"Forbrukt", "Spent"},
	"dash.kf.benefits":      {"Gevinster realisert", "Benefits realised"},
	"dash.kf.benefits.plan": {"av %s planlagt (%s årsverk)", "of %s planned (%s FTE)"},
	"dash.kf.pending":       {"Saker til styringsgruppen", "Cases for the steering group"},
	"dash.kf.deadlines":     {"Kontrakter og opsjoner med frist innen %d mnd.", "Contracts and options due within %d months"},
	"dash.charts":           {"Diagrammer", "Charts"},
	"dash.table":            {"Vis tallene", "Show the numbers"},
	"dash.chart.empty":      {"Ingen data for utvalget.", "No data for the selection."},

	"dash.chart.phase_status":           {"Prosjekter etter fase og status", "Projects by phase and status"},
	"dash.chart.phase_status.summary":   {"%s aktive prosjekter, hvorav %s røde; %s prosjekter i alle faser.", "%s active projects, %s of them red; %s projects in all phases."},
	"dash.chart.trend":                  {"Prosjekter etter status, siste 12 måneder", "Projects by status, the last 12 months"},
	"dash.chart.trend.summary":          {"Prosjekter etter status ved utgangen av hver måned. %s: %s.", "Projects by status at the end of each month. %s: %s."},
	"dash.chart.trend.so_far":           {"%s (hittil)", "%s (so far)"},
	"dash.chart.budget":                 {"Budsjett, forbruk og prognose per tjenesteområde", "Budget, spent and forecast by service area"},
	"dash.chart.budget.summary":         {"Samlet budsjett %s, forbrukt %s, prognose %s.", "Total budget %s, spent %s, forecast %s."},
	"dash.chart.benefits":               {"Gevinster realisert mot plan (kroner, akkumulert)", "Benefits realised against plan (NOK, cumulative)"},
	"dash.chart.benefits.summary":       {"Realisert %s mot planlagt %s hittil.", "Realised %s against %s planned so far."},
	"dash.chart.participation":          {"Deltakelse: kommune og tjenesteområde", "Participation: municipality and service area"},
	"dash.chart.participation.county":   {"Deltakelse: fylke og tjenesteområde", "Participation: county and service area"},
	"dash.chart.participation.counties": {"Antall prosjekter med deltakere fra fylket, per tjenesteområde, for %d fylker. Velg et fylke for å se kommunene.", "Number of projects with participants from the county, per service area, for %d counties. Choose a county to see its municipalities."},
	"dash.chart.participation.summary":  {"Antall prosjekter per kommune og tjenesteområde for %d kommuner.", "Number of projects per municipality and service area for %d municipalities."},
	"dash.chart.pipeline":               {"Anskaffelser etter fase", "Procurements by stage"},
	"dash.chart.pipeline.summary":       {"%s anskaffelser, hvorav %s løpende kontrakter.", "%s procurements, %s of them contracts in force."},
	"dash.chart.contracts":              {"Kontrakter på tidslinje", "Contracts on a timeline"},
	"dash.chart.contracts.summary":      {"%d kontrakter fra start til slutt; først utløper «%s» %s.", "%d contracts from start to end; the first to end is “%s” on %s."},

	"mun.projects.all": {"Vis alle %d prosjekter", "Show all %d projects"},
	"mun.shares":       {"Kostnadsandeler", "Cost shares"},
	"mun.shares.total": {"Kommunens andel per år i alt: %s", "The municipality's share per year in total: %s"},
	"mun.decisions":    {"Vedtak som gjelder kommunen", "Decisions concerning the municipality"},
	"mun.contracts":    {"Kontrakter som utløper snart", "Contracts ending soon"},
}
