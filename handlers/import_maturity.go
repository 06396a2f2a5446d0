package handlers

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

// uploadedTable reads the multipart field "file" as a CSV file or the named
// sheet of a workbook.
func uploadedTable(c fiber.Ctx, sheetName string) (table, string, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return table{}, "", models.FieldErrors{"file": "required"}.Err()
	}
	if fh.Size > MaxImport {
		return table{}, "", &models.Error{Code: models.EINVALID, Message: fmt.Sprintf("%s is larger than %d MB", fh.Filename, MaxImport>>20), Fields: map[string]string{"file": "too_large"}}
	}
	f, err := fh.Open()
	if err != nil {
		return table{}, "", err
	}
	content, err := io.ReadAll(io.LimitReader(f, MaxImport+1))
	f.Close()
	if err != nil {
		return table{}, "", err
	}
	t, err := readTable(content, sheetName)
	if err != nil {
		return t, fh.Filename, &models.Error{Code: models.EINVALID, Message: fmt.Sprintf("%s: %v", fh.Filename, err), Fields: map[string]string{"file": "format"}}
	}
	return t, fh.Filename, nil
}

// cell reads a column of a row by the first of its names the table has.
func (t table) cell(row []string, names ...string) (string, bool) {
	for _, n := range names {
		if i, ok := t.header[n]; ok {
			if i >= len(row) {
				return "", true
			}
			return unneutralise(strings.TrimSpace(row[i])), true
		}
	}
	return "", false
}

// roundSheetName is a round's sheet in the workbook: its name without the
// characters a sheet name cannot have, at most 31 letters.
func roundSheetName(r models.MaturityRound) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, r.Name)
	if name = strings.TrimSpace(name); name == "" {
		name = "Runde " + strconv.FormatInt(r.ID, 10)
	}
	if rs := []rune(name); len(rs) > 31 {
		name = string(rs[:31])
	}
	return name
}

// maturitySheet is a round as a sheet: a row per member municipality, a
// column per area with its score, and one with its comment.
func (s *Server) maturitySheet(c fiber.Ctx, r models.MaturityRound) (sheet, error) {
	areas, err := s.DB.MaturityAreas(c.Context())
	if err != nil {
		return sheet{}, err
	}
	members, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return sheet{}, err
	}
	answers, err := s.DB.MaturityAnswers(c.Context(), r.ID)
	if err != nil {
		return sheet{}, err
	}
	by := map[string]models.MaturityAnswer{}
	for _, a := range answers {
		by[a.Municipality] = a
	}
	sh := sheet{Name: roundSheetName(r), Header: []string{"number", "name"}}
	for _, a := range areas {
		sh.Header = append(sh.Header, a.ID)
	}
	for _, a := range areas {
		sh.Header = append(sh.Header, a.ID+"_comment")
	}
	sort.Slice(members, func(i, j int) bool { return members[i].Number < members[j].Number })
	for _, m := range members {
		if !m.Member {
			continue
		}
		row := []string{m.Number, m.Name}
		ans := by[m.Number]
		for _, a := range areas {
			v := ""
			if s := ans.Scores[a.ID]; s != 0 {
				v = strconv.Itoa(s)
			}
			row = append(row, v)
		}
		for _, a := range areas {
			row = append(row, ans.Comments[a.ID])
		}
		sh.Rows = append(sh.Rows, row)
	}
	return sh, nil
}

// exportMaturity sends every round as a workbook, a sheet per round.
func (s *Server) exportMaturity(c fiber.Ctx) error {
	rounds, err := s.DB.MaturityRounds(c.Context())
	if err != nil {
		return err
	}
	var sheets []sheet
	used := map[string]bool{}
	for _, r := range rounds {
		sh, err := s.maturitySheet(c, r)
		if err != nil {
			return err
		}
		for base, n := sh.Name, 2; used[sh.Name]; n++ {
			sh.Name = fmt.Sprintf("%.27s (%d)", base, n)
		}
		used[sh.Name] = true
		sheets = append(sheets, sh)
	}
	if len(sheets) == 0 {
		sheets = []sheet{{Name: "Modenhet", Header: []string{"number", "name"}}}
	}
	book, err := workbook(sheets)
	if err != nil {
		return err
	}
	return sendFile(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "modenhet.xlsx", book)
}

// apiImportMaturityRound takes a whole round from the workbook's sheet of
// the round (or a CSV of it): all rows or none.
func (s *Server) apiImportMaturityRound(c fiber.Ctx) error {
	r, err := loadParam(c, s.DB.MaturityRound)
	if err != nil {
		return err
	}
	res, err := s.importMaturityRound(c, r, c.Query("dry_run") == "true")
	if err != nil {
		return err
	}
	if res.Rejected > 0 && !res.DryRun {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return c.JSON(res)
}

func (s *Server) importMaturityRound(c fiber.Ctx, r models.MaturityRound, dryRun bool) (importResult, error) {
	t, filename, err := uploadedTable(c, roundSheetName(r))
	if err != nil {
		return importResult{}, err
	}
	if _, ok := t.header["number"]; !ok {
		return importResult{}, &models.Error{Code: models.EINVALID, Message: filename + `: the column "number" is missing`, Fields: map[string]string{"file": "missing_column:number"}}
	}
	areas, err := s.DB.MaturityAreas(c.Context())
	if err != nil {
		return importResult{}, err
	}
	res := importResult{Kind: "maturity", File: filename, DryRun: dryRun, Rows: []importRow{}}
	err = s.DB.Update(c.Context(), actorOf(c), func(tx *data.Tx) error {
		for i, row := range t.rows {
			if emptyRow(row) {
				continue
			}
			ir := importRow{Row: t.first + i}
			number, _ := t.cell(row, "number")
			ir.Key = number
			a := models.MaturityAnswer{RoundID: r.ID, Municipality: number, Scores: map[string]int{}, Comments: map[string]string{}}
			for _, ar := range areas {
				v, _ := t.cell(row, strings.ToLower(ar.ID))
				if v == "" {
					continue
				}
				n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
				if err != nil || n < 1 || n > models.MaturityLevels {
					ir.Action, ir.Column, ir.Error = "rejected", ar.ID, "range"
					break
				}
				a.Scores[ar.ID] = n
				if cm, _ := t.cell(row, strings.ToLower(ar.ID)+"_comment"); cm != "" {
					a.Comments[ar.ID] = cm
				}
			}
			if ir.Action == "" {
				before, _ := s.DB.MaturityAnswer(c.Context(), r.ID, number)
				if _, err := tx.SetMaturityAnswer(a); err != nil {
					if models.ErrorCode(err) != models.EINVALID {
						return err
					}
					reject(&ir, err)
				} else {
					ir.Action = "created"
					if before.UpdatedAt != "" {
						ir.Action = "changed"
						if fmt.Sprint(before.Scores) == fmt.Sprint(a.Scores) && fmt.Sprint(before.Comments) == fmt.Sprint(a.Comments) {
							ir.Action = "unchanged"
						}
					}
				}
			}
			count(&res, ir)
		}
		if res.DryRun || res.Rejected > 0 {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return res, err
	}
	return res, nil
}

func count(res *importResult, r importRow) {
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

// Column names course providers use, in Norwegian and English.
var (
	participantName         = []string{"name", "navn", "deltaker", "fullt navn", "full name", "participant"}
	participantEmail        = []string{"email", "e-post", "epost", "e-postadresse", "e-mail", "mail"}
	participantMunicipality = []string{"municipality", "kommune", "kommunenummer", "kommunenr", "municipality number"}
	participantRole         = []string{"role", "rolle", "stilling", "type"}
	participantCompleted    = []string{"completed", "fullført", "gjennomført", "bestått", "status"}
	leadingNumber           = regexp.MustCompile(`^(\d{4})\b`)
)

// parseRole reads a participant's role as providers write it.
func parseRole(v string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "leader", "leder", "ledere", "mellomleder", "toppleder", "manager":
		return models.ParticipantLeader, true
	case "employee", "ansatt", "medarbeider", "", "staff":
		return models.ParticipantEmployee, true
	}
	return "", false
}

// parseYesNo reads completed as providers write it.
func parseYesNo(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "ja", "yes", "true", "1", "x", "fullført", "gjennomført", "bestått", "completed", "done":
		return true, true
	case "nei", "no", "false", "0", "", "ikke fullført", "påmeldt", "enrolled", "not completed":
		return false, true
	}
	return false, false
}

// apiImportParticipants adds or updates a course's participants from a
// provider's list (CSV with comma or semicolon, or XLSX): a person is the
// same by e-mail, else by name and municipality. All rows or none.
func (s *Server) apiImportParticipants(c fiber.Ctx) error {
	co, err := loadParam(c, s.DB.Course)
	if err != nil {
		return err
	}
	res, err := s.importParticipants(c, co, c.Query("dry_run") == "true")
	if err != nil {
		return err
	}
	if res.Rejected > 0 && !res.DryRun {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return c.JSON(res)
}

func (s *Server) importParticipants(c fiber.Ctx, co models.Course, dryRun bool) (importResult, error) {
	t, filename, err := uploadedTable(c, "Deltakere")
	if err != nil {
		return importResult{}, err
	}
	if _, ok := t.cell(nil, participantName...); !ok {
		return importResult{}, &models.Error{Code: models.EINVALID, Message: filename + `: the column "navn" (name) is missing`, Fields: map[string]string{"file": "missing_column:name"}}
	}
	if _, ok := t.cell(nil, participantMunicipality...); !ok {
		return importResult{}, &models.Error{Code: models.EINVALID, Message: filename + `: the column "kommune" (municipality) is missing`, Fields: map[string]string{"file": "missing_column:municipality"}}
	}
	ctx := c.Context()
	existing, err := s.DB.Participants(ctx, co.ID)
	if err != nil {
		return importResult{}, err
	}
	municipalities, err := s.DB.Municipalities(ctx)
	if err != nil {
		return importResult{}, err
	}
	byName := map[string]string{}
	for _, m := range municipalities {
		byName[strings.ToLower(m.Name)] = m.Number
	}
	key := func(p models.CourseParticipant) string {
		if p.Email != "" {
			return p.Email
		}
		return strings.ToLower(p.Name) + "|" + p.Municipality
	}
	list := append([]models.CourseParticipant(nil), existing...)
	at := map[string]int{}
	for i, p := range list {
		at[key(p)] = i
	}
	res := importResult{Kind: "participants", File: filename, DryRun: dryRun, Rows: []importRow{}}
	for i, row := range t.rows {
		if emptyRow(row) {
			continue
		}
		ir := importRow{Row: t.first + i}
		var p models.CourseParticipant
		p.Name, _ = t.cell(row, participantName...)
		p.Email, _ = t.cell(row, participantEmail...)
		mun, _ := t.cell(row, participantMunicipality...)
		if m := leadingNumber.FindStringSubmatch(mun); m != nil {
			p.Municipality = m[1]
		} else if n, ok := byName[strings.ToLower(strings.TrimSpace(mun))]; ok {
			p.Municipality = n
		} else {
			p.Municipality = mun
		}
		ir.Key = p.Name
		role, _ := t.cell(row, participantRole...)
		done, _ := t.cell(row, participantCompleted...)
		var ok bool
		if p.Role, ok = parseRole(role); !ok {
			ir.Action, ir.Column, ir.Error = "rejected", "role", "choice"
		} else if p.Completed, ok = parseYesNo(done); !ok {
			ir.Action, ir.Column, ir.Error = "rejected", "completed", "yes_no"
		} else if f := models.Fields(p.Validate()); f != nil {
			reject(&ir, models.FieldErrors(f).Err())
		} else if _, known := byNumberOf(municipalities, p.Municipality); !known {
			ir.Action, ir.Column, ir.Error = "rejected", "municipality", "unknown"
		}
		if ir.Action == "" {
			if j, seen := at[key(p)]; seen {
				ir.Action = "unchanged"
				if list[j] != p {
					ir.Action = "changed"
					for _, ch := range participantChanges(list[j], p) {
						ir.Changes = append(ir.Changes, ch)
					}
				}
				list[j] = p
			} else {
				ir.Action = "created"
				at[key(p)] = len(list)
				list = append(list, p)
			}
		}
		count(&res, ir)
	}
	if res.DryRun || res.Rejected > 0 {
		return res, nil
	}
	if _, err := s.DB.SetParticipants(ctx, actorOf(c), co.ID, list); err != nil {
		return res, err
	}
	return res, nil
}

func byNumberOf(list []models.Municipality, number string) (models.Municipality, bool) {
	for _, m := range list {
		if m.Number == number {
			return m, true
		}
	}
	return models.Municipality{}, false
}

func participantChanges(a, b models.CourseParticipant) []fieldChange {
	var out []fieldChange
	add := func(field, x, y string) {
		if x != y {
			out = append(out, fieldChange{Field: field, Before: x, After: y})
		}
	}
	add("name", a.Name, b.Name)
	add("email", a.Email, b.Email)
	add("municipality", a.Municipality, b.Municipality)
	add("role", a.Role, b.Role)
	add("completed", strconv.FormatBool(a.Completed), strconv.FormatBool(b.Completed))
	return out
}
