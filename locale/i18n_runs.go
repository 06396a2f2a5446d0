package locale

func init() {
	register(runMessages)
}

// runMessages are the texts of report runs on the jobs page.
var runMessages = map[string][2]string{
	"runs.title":    {"Rapportkjøringer", "Report runs"},
	"runs.run":      {"Kjøring %d av utsendelse %d", "Run %d of schedule %d"},
	"runs.running":  {"Pågår", "Running"},
	"runs.done":     {"Ferdig", "Done"},
	"runs.cut":      {"Avbrutt", "Cut off"},
	"runs.cut.hint": {"(samla ble stoppet underveis; «Kjør nå» for utsendelsen fullfører kjøringen uten å sende noe to ganger)", "(samla stopped midway; “Run now” for the schedule finishes the run without sending anything twice)"},
	"runs.failed":   {"Feilet", "Failed"},
	"runs.progress": {"%d av %d rapporter laget, %d e-poster i utboksen", "%d of %d reports made, %d e-mails in the outbox"},
	"runs.none":     {"Ingen rapportkjøringer ennå.", "No report runs yet."},
}
