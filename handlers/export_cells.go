package handlers

import (
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"samla/locale"
	"samla/models"
)

// A workbook is for people as well as for the import: row 1 has Norwegian
// column names, row 2 the codes the import reads (it takes either), and
// cells are typed — dates as dates, kroner with a thousands format,
// percentages — with coded values in Norwegian words.

// colLabels are the Norwegian names of the export's columns.
var colLabels = map[string]string{
	"id": "ID", "title": "Tittel", "description": "Beskrivelse", "service_area": "Tjenesteområde", "phase": "Fase",
	"lead_municipality": "Ansvarlig kommune", "municipalities": "Deltakende kommuner", "leader_email": "Prosjektleder (e-post)",
	"budget_nok": "Budsjett (kr)", "start_date": "Startdato", "end_date": "Sluttdato", "national_solution": "Nasjonal løsning",
	"documents_url": "Dokumenter", "status": "Status", "progress_pct": "Framdrift (%)", "spent_nok": "Forbruk (kr)",
	"forecast_nok": "Prognose (kr)", "archived": "Arkivert", "project_id": "Prosjekt-ID", "project": "Prosjekt", "period": "Periode",
	"overall": "Samlet", "time": "Tid", "cost": "Kostnad", "quality": "Kvalitet", "risk": "Risiko", "benefits": "Gevinster",
	"overall_comment": "Kommentar", "summary": "Oppsummering", "next_steps": "Neste steg", "decision_needed": "Beslutningsbehov",
	"reported_by": "Rapportert av", "reported_at": "Rapportert", "procedure": "Prosedyre", "stage": "Fase i anskaffelsen",
	"estimated_value_nok": "Anslått verdi (kr)", "supplier": "Leverandør", "contract_start": "Kontraktstart", "contract_end": "Kontraktslutt", "tender_deadline": "Tilbudsfrist",
	"annual_cost_nok": "Årlig kostnad (kr)", "equal_pct": "Likt fordelt (%)", "basis": "Fordelingsgrunnlag", "municipality": "Kommune",
	"share_pct": "Andel (%)", "amount_nok": "Beløp (kr)", "benefit_id": "Gevinst-ID", "type": "Type", "indicator": "Indikator",
	"unit": "Enhet", "owner": "Eier", "owner_role": "Eiers rolle", "owner_municipality": "Eiers kommune", "baseline": "Nullpunkt",
	"baseline_date": "Dato for nullpunkt", "target": "Mål", "target_date": "Måldato", "granularity": "Måles per", "realised": "Realisert",
	"realised_pct": "Realisert (%)", "value_nok": "Verdi (kr)", "value": "Måling", "comment": "Kommentar til måling",
	"number": "Nummer", "meeting_date": "Møtedato", "kind": "Sakstype", "proposal": "Forslag til vedtak", "decision": "Vedtak",
	"procurement": "Anskaffelse", "case": "Sak", "due_date": "Frist", "done_date": "Utført", "name": "Navn", "population": "Innbyggere",
	"population_date": "Innbyggere per", "member": "Medlem", "what": "Hva", "ref_id": "Referanse",
}

// colCodes are the translation prefixes of coded columns: the workbook
// shows the Norwegian word, the import takes the word or the code.
var colCodes = map[string]string{
	"service_area": "area.", "phase": "phase.", "status": "status.", "overall": "status.", "time": "status.", "cost": "status.",
	"quality": "status.", "risk": "status.", "benefits": "status.", "procedure": "procedure.", "stage": "stage.", "type": "btype.",
	"granularity": "gran.", "kind": "ckind.", "basis": "basis.",
}

func colKind(col string) string {
	switch {
	case strings.HasSuffix(col, "_nok"):
		return "kr"
	case strings.HasSuffix(col, "_pct"):
		return "pct"
	case strings.HasSuffix(col, "_date") || col == "contract_start" || col == "contract_end" || col == "tender_deadline":
		return "date"
	case col == "id" || col == "project_id" || col == "benefit_id" || col == "population":
		return "int"
	case col == "baseline" || col == "target" || col == "realised" || col == "value":
		return "number"
	}
	return "text"
}

// codeOf turns a Norwegian (or English) word of a coded column back into its code.
var codeOf = func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for col, prefix := range colCodes {
		m := map[string]string{}
		for _, lang := range models.Languages {
			for _, code := range codesOf(prefix) {
				m[strings.ToLower(locale.T(lang, prefix+code))] = code
			}
		}
		out[col] = m
	}
	return out
}()

func codesOf(prefix string) []string {
	switch prefix {
	case "area.":
		return models.ServiceAreas
	case "phase.":
		return models.Phases
	case "status.":
		return models.ProjectStatuses
	case "procedure.":
		return models.Procedures
	case "stage.":
		return models.Stages
	case "btype.":
		return models.BenefitTypes
	case "gran.":
		return models.Granularities
	case "ckind.":
		return models.CaseKinds
	case "basis.":
		return []string{models.BasisPopulation, models.BasisWeights}
	}
	return nil
}

// formulaStart are the first characters that make a spreadsheet read a
// cell as a formula (OWASP "CSV injection").
const formulaStart = "=+-@\t\r"

// neutralise makes text that a spreadsheet would run as a formula inert by
// putting an apostrophe before it; numbers such as -1200 stay as they are.
func neutralise(s string) string {
	if s == "" || !strings.ContainsRune(formulaStart, rune(s[0])) {
		return s
	}
	if _, ok := models.ParseNumber(s); ok {
		return s
	}
	return "'" + s
}

// unneutralise undoes neutralise when a file comes back in.
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(formulaStart, rune(s[1])) {
		return s[1:]
	}
	return s
}

// xlsxStyles are the number formats of typed cells.
type xlsxStyles struct{ date, kr, pct, number, header, code int }

func newXLSXStyles(book *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	date, kr, pct, num := "dd.mm.yyyy", "#,##0", "0.0", "#,##0.##"
	for _, x := range []struct {
		dst   *int
		style *excelize.Style
	}{
		{&s.date, &excelize.Style{CustomNumFmt: &date}},
		{&s.kr, &excelize.Style{CustomNumFmt: &kr}},
		{&s.pct, &excelize.Style{CustomNumFmt: &pct}},
		{&s.number, &excelize.Style{CustomNumFmt: &num}},
		{&s.header, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&s.code, &excelize.Style{Font: &excelize.Font{Color: "666666", Italic: true}}},
	} {
		if *x.dst, err = book.NewStyle(x.style); err != nil {
			return s, err
		}
	}
	return s, nil
}

// xlsxCell is one value as a typed cell.
func (st xlsxStyles) cell(col, v string) any {
	if v == "" {
		return nil
	}
	switch colKind(col) {
	case "kr", "int":
		if n, ok := parseInt(v); ok {
			style := st.kr
			if colKind(col) == "int" {
				style = 0
			}
			return excelize.Cell{StyleID: style, Value: n}
		}
	case "pct", "number":
		if f, ok := models.ParseNumber(v); ok {
			style := st.pct
			if colKind(col) == "number" {
				style = st.number
			}
			return excelize.Cell{StyleID: style, Value: f}
		}
	case "date":
		if d, err := time.Parse("2006-01-02", v); err == nil {
			return excelize.Cell{StyleID: st.date, Value: d}
		}
	}
	if prefix, ok := colCodes[col]; ok && locale.HasMessage(prefix+v) {
		return locale.T("nb", prefix+v)
	}
	if col == "archived" || col == "member" {
		return v == "true"
	}
	return neutralise(v)
}
