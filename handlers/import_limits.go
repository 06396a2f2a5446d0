package handlers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"samla/models"
)

// The limits of one import, far above any real programme's (the demo's
// national scale, 5 000 projects, exports to a workbook of about 9 MB
// inflated) and low enough that a hostile file is refused within a
// second or two with the server's memory intact. See docs/security.md.
const (
	// ImportMaxInflated bounds the sum of a workbook's parts once unzipped.
	ImportMaxInflated = 64 << 20
	// ImportMaxXMLPart: a sheet or shared-string table above this is
	// unzipped to a temporary file and streamed instead of held in memory.
	ImportMaxXMLPart = 16 << 20
	// ImportMaxRows and ImportMaxCells bound one sheet (or a CSV file).
	ImportMaxRows  = 50_000
	ImportMaxCells = 500_000
	// ImportMaxColumns is Excel's own limit of a row (XFD).
	ImportMaxColumns = 16_384
	// ImportMaxTime bounds reading the file.
	ImportMaxTime = 10 * time.Second
)

// limitError names the limit a file went over.
type limitError struct{ reason, message string }

func (e *limitError) Error() string { return e.message }

func (e *limitError) asModel(file string) error {
	return &models.Error{Code: models.EINVALID, Message: fmt.Sprintf("%s: %s", file, e.message), Fields: map[string]string{"file": e.reason}}
}

var (
	errInflated = &limitError{"limit_inflated", fmt.Sprintf("the workbook unzips to more than %d MB, the limit of an import", ImportMaxInflated>>20)}
	errRows     = &limitError{"limit_rows", fmt.Sprintf("a sheet has more than %d rows, the limit of an import", ImportMaxRows)}
	errCells    = &limitError{"limit_cells", fmt.Sprintf("a sheet has more than %d cells, the limit of an import", ImportMaxCells)}
	errColumns  = &limitError{"limit_columns", fmt.Sprintf("a row has more than %d cells, the limit of an import", ImportMaxColumns)}
	errTime     = &limitError{"limit_time", fmt.Sprintf("reading the file took more than %d seconds, the limit of an import", int(ImportMaxTime/time.Second))}
)

// inflatedSize checks a workbook's declared sizes before anything is
// unzipped (archive/zip refuses a part that inflates beyond what it
// declares, so the declaration binds).
func inflatedSize(content []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return errNotTable
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > ImportMaxInflated {
			return errInflated
		}
	}
	return nil
}

// scanSheets counts the rows and cells of every worksheet in a workbook
// before excelize reads one, with a scanner that only looks at element
// names: a sheet of millions of cells in one row (which excelize takes
// minutes over) is refused in a second. Element prefixes (x:c) count too.
func scanSheets(content []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return errNotTable
	}
	deadline := time.Now().Add(ImportMaxTime)
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return errNotTable
		}
		err = scanSheet(bufio.NewReaderSize(rc, 64<<10), deadline)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func scanSheet(r *bufio.Reader, deadline time.Time) error {
	rows, cells, inRow := 0, 0, 0
	var name []byte
	for n := 0; ; n++ {
		b, err := r.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return errNotTable
		}
		if n%(1<<20) == 0 && time.Now().After(deadline) {
			return errTime
		}
		if b != '<' {
			continue
		}
		name = name[:0]
		for {
			c, err := r.ReadByte()
			if err != nil {
				return nil
			}
			if c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r' {
				r.UnreadByte()
				break
			}
			if len(name) < 16 {
				name = append(name, c)
			}
		}
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		switch string(name) {
		case "row":
			rows++
			inRow = 0
			if rows > ImportMaxRows {
				return errRows
			}
		case "c":
			cells++
			inRow++
			switch {
			case inRow > ImportMaxColumns:
				return errColumns
			case cells > ImportMaxCells:
				return errCells
			}
		}
	}
}

// tableLimits counts what a reader has read against the limits.
type tableLimits struct {
	rows, cells int
	deadline    time.Time
}

func newTableLimits() *tableLimits { return &tableLimits{deadline: time.Now().Add(ImportMaxTime)} }

func (l *tableLimits) row(cells int) error {
	l.rows++
	l.cells += cells
	switch {
	case l.rows > ImportMaxRows:
		return errRows
	case l.cells > ImportMaxCells:
		return errCells
	case time.Now().After(l.deadline):
		return errTime
	}
	return nil
}

// importsRunning holds who has an import running: one at a time per user
// (per server), so one account cannot fill the machine with parallel
// uploads.
var importsRunning sync.Map // importKey → struct{}

type importKey struct {
	s    *Server
	user int64
}

// startImport claims the user's import slot; the caller releases it.
func (s *Server) startImport(user int64) (release func(), err error) {
	key := importKey{s, user}
	if _, busy := importsRunning.LoadOrStore(key, struct{}{}); busy {
		return nil, models.Errorf(models.ECONFLICT, "an import of yours is already running; wait until it has finished and try again")
	}
	return func() { importsRunning.Delete(key) }, nil
}
