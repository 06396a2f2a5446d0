package handlers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v3"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"samla/data"
	"samla/models"
)

// MaxImport is the largest file an import takes.
const MaxImport = 5 << 20

// importRow is the outcome of one row: created, changed, unchanged or
// rejected (with the column and the reason).
type importRow struct {
	Row    int    `json:"row"`
	Action string `json:"action"`
	Key    string `json:"key"`
	Column string `json:"column,omitempty"`
	Error  string `json:"error,omitempty"`
	// Changes name, for a changed row, each field that changes.
	Changes []fieldChange `json:"changes,omitempty"`
}

// fieldChange is one field of a changed row: its value before and after.
type fieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// changesOf lists the columns whose values differ between two rows of the
// same header; the import writes a row only when this is not empty.
func changesOf(header []string, before, after []string, only map[string]bool) []fieldChange {
	var out []fieldChange
	for i, col := range header {
		if only[col] && before[i] != after[i] {
			out = append(out, fieldChange{col, before[i], after[i]})
		}
	}
	return out
}

type importResult struct {
	Kind     string      `json:"kind"`
	File     string      `json:"file"`
	DryRun   bool        `json:"dry_run"`
	Created  int         `json:"created"`
	Changed  int         `json:"changed"`
	Rejected int         `json:"rejected"`
	Rows     []importRow `json:"rows"`
}

// table is the rows of a CSV file or of one sheet of a workbook, by column name.
type table struct {
	header   map[string]int
	rows     [][]string
	first    int               // the file's row number of rows[0]
	workbook bool              // cells are raw workbook values
	names    map[string]string // a column's header as written (the keys are lower case)
}

// get reads a column of a row as the import expects it: a neutralised
// formula character removed, a Norwegian word of a coded column turned back
// into its code, a workbook's date serial into YYYY-MM-DD.
func (t table) get(row []string, col string) string {
	i, ok := t.header[col]
	if !ok || i >= len(row) {
		return ""
	}
	v := unneutralise(strings.TrimSpace(row[i]))
	if code, ok := codeOf[col][strings.ToLower(v)]; ok {
		return code
	}
	if colKind(col) == "date" && t.workbook {
		if serial, err := strconv.ParseFloat(v, 64); err == nil && serial > 0 {
			if d, err := excelize.ExcelDateToTime(serial, false); err == nil {
				return d.Format("2006-01-02")
			}
		}
	}
	if (col == "archived" || col == "member") && t.workbook {
		switch v {
		case "1", "TRUE":
			return "true"
		case "0", "FALSE":
			return "false"
		}
	}
	return v
}

var errNotTable = errors.New("not a CSV or XLSX file")

// readSheet streams the named sheet of a workbook (or its only sheet)
// within the import's limits: the inflated size is checked before
// anything is unzipped, large parts go to a temporary file, and rows are
// read one by one, never the whole sheet at once.
func readSheet(content []byte, sheetName string) ([][]string, error) {
	if err := inflatedSize(content); err != nil {
		return nil, err
	}
	if err := scanSheets(content); err != nil {
		return nil, err
	}
	book, err := excelize.OpenReader(bytes.NewReader(content), excelize.Options{
		UnzipSizeLimit: ImportMaxInflated, UnzipXMLSizeLimit: ImportMaxXMLPart})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, errInflated
		}
		return nil, errNotTable
	}
	defer book.Close()
	name := sheetName
	if idx, _ := book.GetSheetIndex(name); idx < 0 {
		if list := book.GetSheetList(); len(list) == 1 {
			name = list[0]
		} else {
			return nil, fmt.Errorf("the workbook has no sheet %q", sheetName)
		}
	}
	rows, err := book.Rows(name)
	if err != nil {
		return nil, errNotTable
	}
	defer rows.Close()
	limits := newTableLimits()
	var records [][]string
	kept := 0 // rows up to the last one with cells (as GetRows trims)
	for rows.Next() {
		row, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, errNotTable
		}
		if err := limits.row(len(row)); err != nil {
			return nil, err
		}
		records = append(records, row)
		if len(row) > 0 {
			kept = len(records)
		}
	}
	if err := rows.Error(); err != nil {
		return nil, errNotTable
	}
	return records[:kept], nil
}

// readTable reads a CSV file (comma or semicolon, with or without a byte
// order mark) or the named sheet of an XLSX workbook.
func readTable(content []byte, sheetName string) (table, error) {
	var records [][]string
	workbook := false
	switch {
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		var err error
		if records, err = readSheet(content, sheetName); err != nil {
			return table{}, err
		}
		workbook = true
	default:
		content = bytes.TrimPrefix(content, []byte("\ufeff"))
		if bytes.IndexByte(content, 0) >= 0 {
			return table{}, errNotTable
		}
		if !utf8Valid(content) {
			// Norwegian Excel saves "CSV (semikolondelt)" in Windows-1252.
			decoded, err := charmap.Windows1252.NewDecoder().Bytes(content)
			if err != nil || !windows1252Text(decoded) {
				return table{}, errors.New("the file is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8 or as an XLSX workbook")
			}
			content = decoded
		}
		r := csv.NewReader(bytes.NewReader(content))
		r.Comma = ','
		if bytes.Count(content, []byte(";")) >= bytes.Count(content, []byte(",")) {
			r.Comma = ';'
		}
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		r.ReuseRecord = false
		limits := newTableLimits()
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return table{}, errNotTable
			}
			if err := limits.row(len(rec)); err != nil {
				return table{}, err
			}
			records = append(records, rec)
		}
	}
	if len(records) == 0 {
		return table{}, fmt.Errorf("the file is empty")
	}
	// The header is the row of column codes: the first row, or the second
	// under a row of Norwegian names (as samla's workbook has it). Names
	// alone are accepted as well.
	head, first := 0, 2
	if len(records) > 1 && codeCount(records[1]) > codeCount(records[0]) {
		head, first = 1, 3
	}
	t := table{header: map[string]int{}, names: map[string]string{}, rows: records[head+1:], first: first, workbook: workbook}
	for i, h := range records[head] {
		h = strings.TrimSpace(h)
		if code, ok := labelCode[strings.ToLower(h)]; ok && head == 0 {
			h = code
		}
		if _, taken := t.header[strings.ToLower(h)]; !taken {
			t.header[strings.ToLower(h)] = i
			t.names[strings.ToLower(h)] = h
		}
	}
	return t, nil
}

// labelCode turns a column's Norwegian name back into its code.
var labelCode = func() map[string]string {
	out := map[string]string{}
	for code, label := range colLabels {
		out[strings.ToLower(label)] = code
	}
	return out
}()

// codeCount is how many cells of a row are column codes.
func codeCount(row []string) int {
	n := 0
	for _, c := range row {
		if _, ok := colLabels[strings.TrimSpace(c)]; ok {
			n++
		}
	}
	return n
}

// windows1252Text: decoded text without control characters other than
// line ends and tabs, as a spreadsheet's CSV is.
func windows1252Text(b []byte) bool {
	for _, r := range string(b) {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r >= 0x80 && r < 0xa0 {
			return false
		}
	}
	return true
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

// ssbRegion reads Statistics Norway's "1833 Rana (Raane)" (or "K-1833 …").
var ssbRegion = regexp.MustCompile(`^(?:K-)?(\d{4})\s+(.+)$`)

// ssbTable turns SSB table 07459's CSV export (title lines, then a header
// "region";…;"2024") into number, name, population and date columns.
func ssbTable(content []byte) (table, bool) {
	t, err := readTable(content, "")
	if err != nil {
		return t, false
	}
	all := append([][]string{keys(t.header)}, t.rows...)
	for i, rec := range all {
		if len(rec) < 2 || !strings.EqualFold(strings.Trim(rec[0], `" `), "region") {
			continue
		}
		// One row per municipality and year, the years in order, so that
		// every year's population is kept and the newest becomes current.
		type yearCol struct {
			year string
			col  int
		}
		var years []yearCol
		for j, h := range rec {
			if y := strings.Trim(h, `" `); j > 0 && regexp.MustCompile(`^\d{4}$`).MatchString(y) {
				years = append(years, yearCol{y, j})
			}
		}
		sort.Slice(years, func(a, b int) bool { return years[a].year < years[b].year })
		if len(years) == 0 {
			years = []yearCol{{"", len(rec) - 1}}
		}
		out := table{header: map[string]int{"number": 0, "name": 1, "population": 2, "population_date": 3}, first: t.first + i}
		for _, y := range years {
			for _, r := range all[i+1:] {
				m := ssbRegion.FindStringSubmatch(strings.Trim(r[0], `" `))
				if m == nil || len(r) <= y.col {
					continue
				}
				date := ""
				if y.year != "" {
					date = y.year + "-01-01"
				}
				out.rows = append(out.rows, []string{m[1], m[2], strings.Trim(r[y.col], `" `), date})
			}
		}
		return out, true
	}
	return t, false
}

func keys(m map[string]int) []string {
	out := make([]string, len(m))
	for k, i := range m {
		out[i] = k
	}
	return out
}

// errDryRun rolls back a dry run after every row was tried.
var errDryRun = errors.New("dry run")

// apiImport imports projects, municipalities or measurements: every row is
// tried in one transaction, and the import is kept only when no row is
// rejected; a dry run always rolls back and shows the outcome row by row.
func (s *Server) apiImport(c fiber.Ctx) error {
	kind := c.Params("kind")
	sheetName, required := "", []string(nil)
	switch kind {
	case "projects":
		sheetName, required = SheetProjects, []string{"title", "service_area", "phase", "lead_municipality"}
	case "municipalities":
		if !currentUser(c).Role.IsAdmin() {
			return errForbidden
		}
		sheetName, required = SheetMunicipalities, []string{"number", "name", "population"}
	case "measurements":
		sheetName, required = SheetBenefits, []string{"project", "title", "period", "value"}
	case "solutions":
		sheetName, required = SheetSolutions, []string{"name", "kind", "service_area"}
	case "rollouts":
		sheetName, required = SheetRollout, []string{"number"}
	case "ideas":
		sheetName, required = SheetIdeas, []string{"title", "need", "service_area", "municipality"}
	case "log":
		sheetName, required = SheetLog, []string{"project", "title", "entry_date"}
	default:
		return models.ErrNotFound
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return models.FieldErrors{"file": "required"}.Err()
	}
	release, err := s.startImport(currentUser(c).ID)
	if err != nil {
		return err
	}
	defer release()
	if fh.Size > MaxImport {
		return &models.Error{Code: models.EINVALID, Message: fmt.Sprintf("%s is larger than %d MB", fh.Filename, MaxImport>>20), Fields: map[string]string{"file": "too_large"}}
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	content, err := io.ReadAll(io.LimitReader(f, MaxImport+1))
	f.Close()
	if err != nil {
		return err
	}
	var t table
	if kind == "municipalities" {
		if ssb, ok := ssbTable(content); ok {
			t = ssb
		}
	}
	if t.header == nil {
		if t, err = readTable(content, sheetName); err != nil {
			var le *limitError
			if errors.As(err, &le) {
				return le.asModel(fh.Filename)
			}
			return &models.Error{Code: models.EINVALID, Message: fmt.Sprintf("%s: %v", fh.Filename, err), Fields: map[string]string{"file": "format"}}
		}
	}
	for _, col := range required {
		if _, ok := t.header[col]; !ok {
			return &models.Error{Code: models.EINVALID, Message: fmt.Sprintf("%s: the column %q is missing", fh.Filename, col), Fields: map[string]string{"file": "missing_column:" + col}}
		}
	}
	res := importResult{Kind: kind, File: fh.Filename, DryRun: c.Query("dry_run") == "true"}
	err = s.DB.Update(c.Context(), actorOf(c), func(tx *data.Tx) error {
		for i, row := range t.rows {
			if emptyRow(row) {
				continue
			}
			r := importRow{Row: t.first + i}
			switch kind {
			case "municipalities":
				importMunicipality(tx, t, row, &r)
			case "projects":
				importProject(tx, t, row, &r)
			case "measurements":
				importMeasurement(tx, t, row, &r)
			case "solutions":
				importSolution(tx, t, row, &r)
			case "rollouts":
				importRolloutRow(tx, t, row, &r)
			case "ideas":
				importIdea(tx, t, row, &r)
			case "log":
				importLogEntry(tx, t, row, &r)
			}
			switch r.Action {
			case "created":
				res.Created++
			case "changed":
				res.Changed++
			case "rejected":
				res.Rejected++
			}
			res.Rows = append(res.Rows, r)
		}
		if res.DryRun || res.Rejected > 0 {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return err
	}
	if res.Rejected > 0 && !res.DryRun {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return c.JSON(res)
}

func emptyRow(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// reject marks a row rejected, naming the column when a field is wrong.
func reject(r *importRow, err error) {
	r.Action = "rejected"
	if f := models.Fields(err); f != nil {
		for col, reason := range f {
			r.Column, r.Error = col, reason
			break
		}
		return
	}
	r.Error = err.Error()
}

func importMunicipality(tx *data.Tx, t table, row []string, r *importRow) {
	m := models.Municipality{Number: t.get(row, "number"), Name: t.get(row, "name"), Member: true}
	r.Key = m.Number
	pop, ok := parseInt(t.get(row, "population"))
	if !ok {
		r.Action, r.Column, r.Error = "rejected", "population", "number"
		return
	}
	m.Population = pop
	if d := t.get(row, "population_date"); d != "" {
		pd, err := models.ParseDate(d)
		if err != nil {
			r.Action, r.Column, r.Error = "rejected", "population_date", "date"
			return
		}
		m.PopulationDate = pd
	}
	if v := t.get(row, "member"); v != "" {
		m.Member = v == "true" || v == "1" || strings.EqualFold(v, "ja")
	}
	existing, err := tx.Municipality(m.Number)
	switch {
	case err == nil:
		if _, ok := t.header["member"]; !ok {
			m.Member = existing.Member
		}
		if m.PopulationDate.IsZero() {
			m.PopulationDate = existing.PopulationDate
		}
		if m.PopulationDate.Before(existing.PopulationDate) {
			// An earlier year (SSB's table has several): kept for that
			// year's keys; the municipality keeps its newer figure.
			if err := tx.SetPopulation(m.Number, m.PopulationDate.Year(), m.Population); err != nil {
				reject(r, err)
				return
			}
			r.Action = "changed"
			return
		}
		head := []string{"name", "population", "population_date", "member"}
		r.Changes = changesOf(head, municipalityRow(existing)[1:], municipalityRow(m)[1:], map[string]bool{"name": true, "population": true, "population_date": true, "member": true})
		if len(r.Changes) == 0 {
			r.Action = "unchanged"
			return
		}
		if err := tx.UpdateMunicipality(m); err != nil {
			reject(r, err)
			return
		}
		r.Action = "changed"
	case errors.Is(err, models.ErrNotFound):
		if m.PopulationDate.IsZero() {
			m.PopulationDate = models.Date{Time: time.Date(time.Now().Year(), 1, 1, 0, 0, 0, 0, time.UTC)}
		}
		if err := m.Validate(); err != nil {
			reject(r, err)
			return
		}
		if err := tx.CreateMunicipality(m); err != nil {
			reject(r, err)
			return
		}
		r.Action = "created"
	default:
		reject(r, err)
	}
}

func importProject(tx *data.Tx, t table, row []string, r *importRow) {
	p := models.Project{Title: t.get(row, "title"), Description: t.get(row, "description"), ServiceArea: t.get(row, "service_area"),
		Phase: t.get(row, "phase"), LeadMunicipality: t.get(row, "lead_municipality"), LeaderEmail: t.get(row, "leader_email"),
		NationalSolution: t.get(row, "national_solution"), DocumentsURL: t.get(row, "documents_url")}
	r.Key = p.Title
	p.Municipalities = strings.FieldsFunc(t.get(row, "municipalities"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	if v := t.get(row, "budget_nok"); v != "" {
		n, ok := parseInt(v)
		if !ok {
			r.Action, r.Column, r.Error = "rejected", "budget_nok", "number"
			return
		}
		p.BudgetNOK = n
	}
	for _, d := range []struct {
		col string
		dst *models.Date
	}{{"start_date", &p.StartDate}, {"end_date", &p.EndDate}} {
		v, err := models.ParseDate(t.get(row, d.col))
		if err != nil {
			r.Action, r.Column, r.Error = "rejected", d.col, "date"
			return
		}
		*d.dst = v
	}
	p.Archived = t.get(row, "archived") == "true"
	var err error
	if id, perr := strconv.ParseInt(t.get(row, "id"), 10, 64); perr == nil {
		if existing, gerr := tx.Project(id); gerr == nil && existing.Title == p.Title {
			p.ID = id
		}
	}
	if p.ID != 0 {
		existing, gerr := tx.Project(p.ID)
		if gerr != nil {
			reject(r, gerr)
			return
		}
		p.Public, p.BudgetPublic = existing.Public, existing.BudgetPublic // not in the file
		// Compare as the export writes them, on the columns the import reads.
		p.IncludeLead()
		sort.Strings(p.Municipalities)
		sort.Strings(existing.Municipalities)
		if existing.LeaderEmail == "" && t.get(row, "leader_email") != "" {
			if known, uerr := tx.HasUser(p.LeaderEmail); uerr == nil && !known {
				p.LeaderEmail = "" // came in without its leader before; still none
			}
		}
		r.Changes = changesOf(projectHeader, projectRow(existing), projectRow(p), projectImported(t))
		if len(r.Changes) == 0 {
			r.Action = "unchanged"
			return
		}
		_, err = tx.UpdateProject(p, "import")
		r.Action = "changed"
	} else {
		if _, perr := tx.ProjectByTitle(p.Title); perr == nil {
			r.Action, r.Column, r.Error = "rejected", "title", "taken"
			return
		}
		_, err = tx.CreateProject(p)
		r.Action = "created"
	}
	if f := models.Fields(err); f != nil && f["leader_email"] == "unknown" && len(f) == 1 {
		// A leader not (yet) among the users: the project comes in without one.
		p.LeaderEmail = ""
		if p.ID != 0 {
			_, err = tx.UpdateProject(p, "import")
		} else {
			_, err = tx.CreateProject(p)
		}
		r.Error = "leader_not_found"
	}
	if err != nil {
		reject(r, err)
	}
}

func importMeasurement(tx *data.Tx, t table, row []string, r *importRow) {
	projectTitle, title := t.get(row, "project"), t.get(row, "title")
	r.Key = projectTitle + " / " + title
	p, err := tx.ProjectByTitle(projectTitle)
	if err != nil {
		r.Action, r.Column, r.Error = "rejected", "project", "unknown"
		return
	}
	b, err := tx.BenefitByTitle(p.ID, title)
	created := false
	if errors.Is(err, models.ErrNotFound) {
		// The benefit is defined in the same row (the export's Gevinster sheet).
		b = models.Benefit{ProjectID: p.ID, Title: title, Type: t.get(row, "type"), Indicator: t.get(row, "indicator"), Unit: t.get(row, "unit"),
			Owner: t.get(row, "owner"), OwnerRole: t.get(row, "owner_role"), OwnerMunicipality: t.get(row, "owner_municipality"), Granularity: t.get(row, "granularity")}
		if b.Granularity == "" {
			b.Granularity = "month"
		}
		for _, n := range []struct {
			col string
			dst *float64
		}{{"baseline", &b.Baseline}, {"target", &b.Target}} {
			v, ok := models.ParseNumber(t.get(row, n.col))
			if !ok {
				r.Action, r.Column, r.Error = "rejected", n.col, "number"
				return
			}
			*n.dst = v
		}
		for _, d := range []struct {
			col string
			dst *models.Date
		}{{"baseline_date", &b.BaselineDate}, {"target_date", &b.TargetDate}} {
			v, err := models.ParseDate(t.get(row, d.col))
			if err != nil {
				r.Action, r.Column, r.Error = "rejected", d.col, "date"
				return
			}
			*d.dst = v
		}
		if b, err = tx.SaveBenefit(b); err != nil {
			reject(r, err)
			return
		}
		created = true
	} else if err != nil {
		reject(r, err)
		return
	}
	r.Action = "unchanged"
	if created {
		r.Action = "created"
	}
	if t.get(row, "period") == "" {
		return // a benefit without measurements
	}
	v, ok := models.ParseNumber(t.get(row, "value"))
	if !ok {
		r.Action, r.Column, r.Error = "rejected", "value", "number"
		return
	}
	m := models.Measurement{BenefitID: b.ID, Period: t.get(row, "period"), Value: v, Municipality: t.get(row, "municipality"), Comment: t.get(row, "comment")}
	if old, err := tx.MeasurementAt(b.ID, m.Period, m.Municipality); err == nil {
		r.Changes = changesOf([]string{"value", "comment"}, []string{f64(old.Value), old.Comment}, []string{f64(m.Value), m.Comment},
			map[string]bool{"value": true, "comment": true})
		if len(r.Changes) == 0 {
			return // unchanged
		}
	}
	if err := tx.RecordMeasurement(&b, &m); err != nil {
		reject(r, err)
		return
	}
	if !created {
		r.Action = "changed"
	}
}
