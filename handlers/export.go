package handlers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"
	"github.com/xuri/excelize/v2"

	"samla/data"
	"samla/models"
)

// sheet is one table of an export: a CSV file or a workbook sheet.
type sheet struct {
	Name   string // the sheet's name in the workbook
	Header []string
	Rows   [][]string
}

// Sheet names of the workbook; imports read their own sheet by these names.
const (
	SheetMunicipalities = "Kommuner"
	SheetProjects       = "Prosjekter"
	SheetReports        = "Statusrapporter"
	SheetProcurements   = "Anskaffelser"
	SheetBenefits       = "Gevinster"
	SheetDecisions      = "Vedtak"
	SheetActions        = "Oppfølgingspunkter"
	SheetSolutions      = "Løsninger"
	SheetRollout        = "Innføring"
)

func i64(n int64) string { return strconv.FormatInt(n, 10) }
func f64(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

var projectHeader = []string{"id", "title", "description", "service_area", "phase", "lead_municipality", "municipalities", "leader_email",
	"budget_nok", "start_date", "end_date", "national_solution", "documents_url", "status", "progress_pct", "spent_nok", "forecast_nok", "archived"}

func (s *Server) projectsSheet(c fiber.Ctx, f data.ProjectFilter) (sheet, map[int64]string, error) {
	f.Limit, f.Offset = 0, 0
	list, _, err := s.DB.Projects(c.Context(), f)
	if err != nil {
		return sheet{}, nil, err
	}
	sh := sheet{Name: SheetProjects, Header: projectHeader}
	ids := map[int64]string{}
	for _, p := range list {
		ids[p.ID] = p.Title
		sh.Rows = append(sh.Rows, projectRow(p))
	}
	return sh, ids, nil
}

// projectRow is a project as the export writes it, in projectHeader's order.
func projectRow(p models.Project) []string {
	return []string{i64(p.ID), p.Title, p.Description, p.ServiceArea, p.Phase, p.LeadMunicipality,
		strings.Join(p.Municipalities, ","), p.LeaderEmail, i64(p.BudgetNOK), p.StartDate.String(), p.EndDate.String(),
		p.NationalSolution, p.DocumentsURL, p.Status, strconv.Itoa(p.ProgressPct), i64(p.SpentNOK), i64(p.ForecastNOK), strconv.FormatBool(p.Archived)}
}

// projectImported are the columns of projectHeader that an import reads
// from the file (the others are computed), of those the file has.
func projectImported(t table) map[string]bool {
	out := map[string]bool{}
	for _, col := range []string{"title", "description", "service_area", "phase", "lead_municipality", "municipalities", "leader_email",
		"budget_nok", "start_date", "end_date", "national_solution", "documents_url", "archived"} {
		if _, ok := t.header[col]; ok {
			out[col] = true
		}
	}
	return out
}

func (s *Server) reportsSheet(c fiber.Ctx, ids map[int64]string) (sheet, error) {
	list, err := s.DB.AllStatusReports(c.Context(), ids)
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{Name: SheetReports, Header: []string{"project_id", "project", "period", "overall", "time", "cost", "quality", "risk", "benefits",
		"overall_comment", "progress_pct", "spent_nok", "forecast_nok", "summary", "next_steps", "decision_needed", "reported_by", "reported_at"}}
	for _, r := range list {
		sh.Rows = append(sh.Rows, []string{i64(r.ProjectID), r.ProjectTitle, string(r.Period), r.Overall, r.Time, r.Cost, r.Quality, r.Risk, r.Benefits,
			r.OverallComment, strconv.Itoa(r.ProgressPct), i64(r.SpentNOK), i64(r.ForecastNOK), r.Summary, r.NextSteps, r.DecisionNeeded,
			r.ReportedBy, r.ReportedAt.Format("2006-01-02 15:04")})
	}
	return sh, nil
}

func (s *Server) procurementsSheet(c fiber.Ctx) (sheet, error) {
	list, err := s.DB.Procurements(c.Context(), data.ProcurementFilter{Stage: c.Query("stage"), Municipality: c.Query("municipality")})
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{Name: SheetProcurements, Header: []string{"id", "title", "procedure", "stage", "estimated_value_nok", "lead_municipality", "supplier",
		"contract_start", "contract_end", "tender_deadline", "annual_cost_nok", "equal_pct", "basis", "municipality", "share_pct", "amount_nok"}}
	for _, p := range list {
		shares, _, err := s.DB.CostShares(c.Context(), p)
		if models.Fields(err) != nil {
			shares = nil
		} else if err != nil {
			return sheet{}, err
		}
		base := []string{i64(p.ID), p.Title, p.Procedure, p.Stage, i64(p.EstimatedValueNOK), p.LeadMunicipality, p.Supplier,
			p.ContractStart.String(), p.ContractEnd.String(), p.TenderDeadline.String(), i64(p.AnnualCostNOK), strconv.Itoa(p.CostKey.EqualPct), p.CostKey.Basis}
		if len(shares) == 0 {
			sh.Rows = append(sh.Rows, append(append([]string{}, base...), "", "", ""))
		}
		for _, x := range shares {
			sh.Rows = append(sh.Rows, append(append([]string{}, base...), x.Municipality, strconv.FormatFloat(x.SharePct, 'f', 4, 64), i64(x.AmountNOK)))
		}
	}
	return sh, nil
}

// benefitHeader: one row per measurement, each with its benefit's
// definition, so that an import can create a benefit that is missing.
var benefitHeader = []string{"benefit_id", "project", "title", "type", "indicator", "unit", "owner", "owner_role", "owner_municipality",
	"baseline", "baseline_date", "target", "target_date", "granularity", "realised", "realised_pct", "value_nok", "period", "municipality", "value", "comment"}

func (s *Server) benefitsSheet(c fiber.Ctx, ids map[int64]string) (sheet, error) {
	list, err := s.DB.Benefits(c.Context(), data.BenefitFilter{})
	if err != nil {
		return sheet{}, err
	}
	ms, err := s.DB.AllMeasurements(c.Context())
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{Name: SheetBenefits, Header: benefitHeader}
	for _, b := range list {
		if _, ok := ids[b.ProjectID]; ids != nil && !ok {
			continue
		}
		base := []string{i64(b.ID), b.ProjectTitle, b.Title, b.Type, b.Indicator, b.Unit, b.Owner, b.OwnerRole, b.OwnerMunicipality,
			f64(b.Baseline), b.BaselineDate.String(), f64(b.Target), b.TargetDate.String(), b.Granularity,
			f64(b.Realised), strconv.FormatFloat(b.RealisedPct, 'f', 1, 64), i64(b.ValueNOK)}
		if len(ms[b.ID]) == 0 {
			sh.Rows = append(sh.Rows, append(append([]string{}, base...), "", "", "", ""))
		}
		for _, m := range ms[b.ID] {
			sh.Rows = append(sh.Rows, append(append([]string{}, base...), m.Period, m.Municipality, f64(m.Value), m.Comment))
		}
	}
	return sh, nil
}

func (s *Server) decisionsSheet(c fiber.Ctx) (sheet, error) {
	list, err := s.DB.Cases(c.Context(), decisionFilter(c))
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{Name: SheetDecisions, Header: []string{"number", "meeting_date", "kind", "title", "proposal", "decision", "project", "procurement"}}
	for _, cs := range list {
		sh.Rows = append(sh.Rows, []string{cs.Number, cs.MeetingDate.String(), cs.Kind, cs.Title, cs.Proposal, cs.Decision, cs.ProjectTitle, cs.ProcurementTitle})
	}
	return sh, nil
}

func (s *Server) actionsSheet(c fiber.Ctx) (sheet, error) {
	list, err := s.DB.Actions(c.Context(), 0, false)
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{Name: SheetActions, Header: []string{"case", "description", "owner", "due_date", "done_date"}}
	for _, a := range list {
		sh.Rows = append(sh.Rows, []string{a.CaseNumber, a.Description, a.Owner, a.DueDate.String(), a.DoneDate.String()})
	}
	return sh, nil
}

func (s *Server) municipalitiesSheet(c fiber.Ctx) (sheet, error) {
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return sheet{}, err
	}
	sh := sheet{Name: SheetMunicipalities, Header: []string{"number", "name", "population", "population_date", "member"}}
	for _, m := range list {
		sh.Rows = append(sh.Rows, municipalityRow(m))
	}
	return sh, nil
}

func municipalityRow(m models.Municipality) []string {
	return []string{m.Number, m.Name, i64(m.Population), m.PopulationDate.String(), strconv.FormatBool(m.Member)}
}

// writeCSV writes UTF-8 with a byte order mark and semicolons, which
// Norwegian Excel opens as it should.
func writeCSV(sh sheet) []byte {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.UseCRLF = true
	w.Write(sh.Header)
	for _, r := range sh.Rows {
		out := make([]string, len(r))
		for i, v := range r {
			out[i] = neutralise(v)
		}
		w.Write(out)
	}
	w.Flush()
	return buf.Bytes()
}

func sendFile(c fiber.Ctx, contentType, filename string, body []byte) error {
	c.Set("Content-Type", contentType)
	c.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	c.Set("Cache-Control", "private, no-store")
	return c.Send(body)
}

// exportCSV sends one kind as CSV; the list pages' filters apply.
func (s *Server) exportCSV(c fiber.Ctx) error {
	kind := c.Params("kind")
	var sh sheet
	var err error
	switch kind {
	case "projects":
		sh, _, err = s.projectsSheet(c, projectFilterOf(c))
	case "status-reports":
		var ids map[int64]string
		if _, ids, err = s.projectsSheet(c, projectFilterOf(c)); err == nil {
			sh, err = s.reportsSheet(c, ids)
		}
	case "procurements":
		sh, err = s.procurementsSheet(c)
	case "benefits":
		sh, err = s.benefitsSheet(c, nil)
	case "decisions":
		sh, err = s.decisionsSheet(c)
	case "ideas":
		sh, err = s.ideasSheet(c)
	case "log":
		sh, err = s.logSheet(c)
	default:
		return models.ErrNotFound
	}
	if err != nil {
		return err
	}
	return sendFile(c, "text/csv; charset=utf-8", kind+".csv", writeCSV(sh))
}

// exportXLSX sends the whole portfolio as one workbook, a sheet per kind.
func (s *Server) exportXLSX(c fiber.Ctx) error {
	var sheets []sheet
	mun, err := s.municipalitiesSheet(c)
	if err != nil {
		return err
	}
	projects, ids, err := s.projectsSheet(c, data.ProjectFilter{})
	if err != nil {
		return err
	}
	sheets = append(sheets, mun, projects)
	for _, build := range []func() (sheet, error){
		func() (sheet, error) { return s.reportsSheet(c, ids) },
		func() (sheet, error) { return s.procurementsSheet(c) },
		func() (sheet, error) { return s.benefitsSheet(c, ids) },
		func() (sheet, error) { return s.decisionsSheet(c) },
		func() (sheet, error) { return s.actionsSheet(c) },
		func() (sheet, error) { return s.solutionsSheet(c) },
		func() (sheet, error) { return s.rolloutSheet(c) },
		func() (sheet, error) { return s.ideasSheet(c) },
		func() (sheet, error) { return s.logSheet(c) },
	} {
		sh, err := build()
		if err != nil {
			return err
		}
		sheets = append(sheets, sh)
	}
	book, err := workbook(sheets)
	if err != nil {
		return err
	}
	return sendFile(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "portefolje.xlsx", book)
}

// workbook writes sheets as an XLSX workbook: Norwegian column names over a
// row of codes, typed cells.
func workbook(sheets []sheet) ([]byte, error) {
	book := excelize.NewFile()
	defer book.Close()
	styles, err := newXLSXStyles(book)
	if err != nil {
		return nil, err
	}
	for i, sh := range sheets {
		if i == 0 {
			book.SetSheetName("Sheet1", sh.Name)
		} else if _, err := book.NewSheet(sh.Name); err != nil {
			return nil, err
		}
		sw, err := book.NewStreamWriter(sh.Name)
		if err != nil {
			return nil, err
		}
		if err := sw.SetColWidth(1, len(sh.Header), 16); err != nil {
			return nil, err
		}
		labels, codes := make([]any, len(sh.Header)), make([]any, len(sh.Header))
		for k, h := range sh.Header {
			label := colLabels[h]
			if label == "" {
				label = h
			}
			labels[k] = excelize.Cell{StyleID: styles.header, Value: label}
			codes[k] = excelize.Cell{StyleID: styles.code, Value: h}
		}
		if err := sw.SetRow("A1", labels); err != nil {
			return nil, err
		}
		if err := sw.SetRow("A2", codes); err != nil {
			return nil, err
		}
		for r, vals := range sh.Rows {
			row := make([]any, len(vals))
			for k, v := range vals {
				row[k] = styles.cell(sh.Header[k], v)
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+3)
			if err := sw.SetRow(cell, row); err != nil {
				return nil, err
			}
		}
		if err := sw.Flush(); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := book.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
