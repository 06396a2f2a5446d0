package handlers_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"samla/models"
)

// at sets the store's clock to a fixed time.
func (e *env) at(t time.Time) { e.db.Now = func() time.Time { return t } }

// A municipal contact fills in their own municipality's round while it is
// open (200), not another's (403), and not after the round closes (403);
// editors answer for any municipality, also after the close.
func TestContactAnswersOwnRoundOnly(t *testing.T) {
	e := newEnv(t)
	e.at(time.Date(2027, 3, 10, 10, 0, 0, 0, time.UTC))
	editor, contact := e.token(models.RoleEditor), e.token(models.RoleContact) // Træna, 1835
	r := e.api("POST", "/api/v1/maturity/rounds", editor, `{"name":"Modenhet 2027","year":2027,"opens":"2027-03-01","closes":"2027-03-31"}`)
	expect(t, "open a round", r, 201, `"name":"Modenhet 2027"`, `"closes":"2027-03-31"`)
	round := decode[models.MaturityRound](t, r.body)
	path := fmt.Sprintf("/api/v1/maturity/rounds/%d/municipalities/", round.ID)
	expect(t, "a contact opens no round", e.api("POST", "/api/v1/maturity/rounds", contact, `{"name":"x","year":2027,"opens":"2027-03-01","closes":"2027-03-31"}`), 403)
	expect(t, "own municipality", e.api("PUT", path+"1835", contact, `{"scores":{"user_centred":3,"digital_competence":2},"comments":{"user_centred":"Brukerundersøkelse i 2026"}}`),
		200, `"municipality":"1835"`, `"user_centred":3`, `Brukerundersøkelse i 2026`)
	expect(t, "another municipality", e.api("PUT", path+"1833", contact, `{"scores":{"user_centred":3}}`), 403)
	expect(t, "a viewer", e.api("PUT", path+"1835", e.token(models.RoleViewer), `{"scores":{"user_centred":3}}`), 403)
	bad := e.api("PUT", path+"1835", contact, `{"scores":{"user_centred":6,"nonsense":2}}`)
	if f := fieldErrors(t, bad.body); bad.status != 422 || f["scores.user_centred"] != "range" || f["scores.nonsense"] != "unknown" {
		t.Errorf("bad scores: %d %v", bad.status, f)
	}
	expect(t, "the answer kept", e.api("GET", path+"1835", contact, ""), 200, `"digital_competence":2`)
	e.at(time.Date(2027, 4, 1, 10, 0, 0, 0, time.UTC)) // the day after the close
	closed := e.api("PUT", path+"1835", contact, `{"scores":{"user_centred":4}}`)
	expect(t, "after the close", closed, 403, `not open`)
	expect(t, "an editor after the close", e.api("PUT", path+"1833", editor, `{"scores":{"user_centred":4}}`), 200)
	// Reopened by moving the close, the contact may answer again.
	expect(t, "move the close", e.api("PATCH", fmt.Sprintf("/api/v1/maturity/rounds/%d", round.ID), editor, `{"closes":"2027-04-07"}`), 200, `"closes":"2027-04-07"`)
	expect(t, "reopened", e.api("PUT", path+"1835", contact, `{"scores":{"user_centred":4}}`), 200, `"user_centred":4`)
	expect(t, "bad round", e.api("PATCH", fmt.Sprintf("/api/v1/maturity/rounds/%d", round.ID), editor, `{"closes":"2027-01-01","opens":"1.3.2027"}`), 422, `"opens":"date"`)
}

// The results follow the rule exactly, on a hand-computed example in an
// otherwise empty programme: six municipalities in all three size bands.
//
//	user_centred:  S1 2, S2 3, S3 1, M1 4, M2 5, L1 3 → median 3; marked (≤ 2): S1, S3
//	ict_innovation: S1 4, S2 5, M1 2, M2 3, L1 4 (S3 left it out) → median 4; marked (≤ 3): M1, M2
//	small: 2 | 4.5; medium: 4.5 | 2.5; large: 3 | 4
func TestMaturityResultsByHand(t *testing.T) {
	e, admin := emptyEnv(t)
	for _, m := range [][3]any{{"1001", "S1", 1000}, {"1002", "S2", 4999}, {"1003", "S3", 3000}, {"1004", "M1", 5000}, {"1005", "M2", 20000}, {"1006", "L1", 20001}, {"1007", "N", 800}} {
		expect(t, "municipality", e.api("POST", "/api/v1/municipalities", admin, fmt.Sprintf(`{"number":%q,"name":%q,"population":%d}`, m[0], m[1], m[2])), 201)
	}
	areas := decode[[]models.MaturityArea](t, e.api("GET", "/api/v1/maturity/areas", admin, "").body)
	if len(areas) != 8 || areas[2].Name != "Digital kompetanse og deltakelse" || len(areas[0].Levels) != 5 {
		t.Fatalf("default framework: %+v", areas)
	}
	prev := decode[models.MaturityRound](t, e.api("POST", "/api/v1/maturity/rounds", admin, `{"name":"2025","year":2025,"opens":"2025-03-01","closes":"2025-03-31"}`).body)
	round := decode[models.MaturityRound](t, e.api("POST", "/api/v1/maturity/rounds", admin, `{"name":"2026","year":2026,"opens":"2026-03-01","closes":"2026-03-31"}`).body)
	answer := func(r int64, number string, a, b int) {
		t.Helper()
		body := fmt.Sprintf(`{"scores":{"user_centred":%d,"ict_innovation":%d}}`, a, b)
		if b == 0 {
			body = fmt.Sprintf(`{"scores":{"user_centred":%d}}`, a)
		}
		expect(t, "answer "+number, e.api("PUT", fmt.Sprintf("/api/v1/maturity/rounds/%d/municipalities/%s", r, number), admin, body), 200)
	}
	answer(prev.ID, "1001", 1, 4)
	answer(prev.ID, "1005", 5, 0)
	for _, a := range []struct {
		n    string
		a, b int
	}{{"1001", 2, 4}, {"1002", 3, 5}, {"1003", 1, 0}, {"1004", 4, 2}, {"1005", 5, 3}, {"1006", 3, 4}} {
		answer(round.ID, a.n, a.a, a.b)
	}
	r := e.api("GET", fmt.Sprintf("/api/v1/maturity/rounds/%d/results", round.ID), admin, "")
	expect(t, "results", r, 200)
	res := decode[models.MaturityResults](t, r.body)
	if want := map[string]float64{"user_centred": 3, "ict_innovation": 4}; !reflect.DeepEqual(res.Median, want) {
		t.Errorf("median %v, want %v", res.Median, want)
	}
	wantBands := map[string]map[string]float64{"small": {"user_centred": 2, "ict_innovation": 4.5}, "medium": {"user_centred": 4.5, "ict_innovation": 2.5},
		"large": {"user_centred": 3, "ict_innovation": 4}}
	if !reflect.DeepEqual(res.Bands, wantBands) {
		t.Errorf("bands %v, want %v", res.Bands, wantBands)
	}
	want := map[string]struct {
		band    string
		average float64
		below   []string
		change  map[string]int
	}{
		"1001": {"small", 3, []string{"user_centred"}, map[string]int{"user_centred": 1, "ict_innovation": 0}},
		"1002": {"small", 4, []string{}, map[string]int{}},
		"1003": {"small", 1, []string{"user_centred"}, map[string]int{}},
		"1004": {"medium", 3, []string{"ict_innovation"}, map[string]int{}},
		"1005": {"medium", 4, []string{"ict_innovation"}, map[string]int{"user_centred": 0}},
		"1006": {"large", 3.5, []string{}, map[string]int{}},
		"1007": {"small", 0, []string{}, map[string]int{}},
	}
	for _, sc := range res.Municipalities {
		w := want[sc.Number]
		if sc.Band != w.band || sc.Average != w.average || !reflect.DeepEqual(sc.BelowMedian, w.below) || !reflect.DeepEqual(sc.Change, w.change) {
			t.Errorf("%s: %+v, want %+v", sc.Name, sc, w)
		}
	}
	if res.Answered != 6 || res.PreviousRoundID != prev.ID {
		t.Errorf("answered %d, previous %d", res.Answered, res.PreviousRoundID)
	}
	// A changed framework: five levels each, unique ids.
	bad := e.api("PUT", "/api/v1/maturity/areas", admin, `[{"id":"a","name":"A","description":"","levels":["1","2","3"]},{"id":"a","name":"","description":"","levels":["1","2","3","4","5"]}]`)
	if f := fieldErrors(t, bad.body); bad.status != 422 || f["areas.0.levels"] != "five" || f["areas.1.id"] != "taken" || f["areas.1.name"] != "required" {
		t.Errorf("bad framework: %d %v", bad.status, f)
	}
	expect(t, "new framework", e.api("PUT", "/api/v1/maturity/areas", admin, `[{"id":"user_centred","name":"Brukeren først","description":"","levels":["1","2","3","4","5"]}]`), 200, `Brukeren først`)
	res = decode[models.MaturityResults](t, e.api("GET", fmt.Sprintf("/api/v1/maturity/rounds/%d/results", round.ID), admin, "").body)
	if len(res.Median) != 1 || res.Median["user_centred"] != 3 {
		t.Errorf("results over the new framework: %v", res.Median)
	}
}

// A participant list from a course provider imports with a dry run that
// names the wrong rows, writes nothing while a row is wrong, and then the
// figures per municipality match the list.
func TestParticipantImport(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	r := e.api("POST", "/api/v1/courses", editor, `{"title":"Digital ledelse","provider":"KS","kind":"programme","start":"2026-09-01","end":"2027-05-31"}`)
	expect(t, "course", r, 201, `"kind":"programme"`)
	co := decode[models.Course](t, r.body)
	path := fmt.Sprintf("/api/v1/courses/%d/participants/import", co.ID)
	before := decode[models.Competence](t, e.api("GET", "/api/v1/municipalities/1813/competence", editor, "").body)
	csv := "Navn;E-post;Kommune;Rolle;Fullført\n" +
		"Kari Nordmann;kari@bronnoy.example;1813;Leder;Ja\n" +
		"Ola Hansen;ola@bronnoy.example;Brønnøy;ansatt;nei\n" +
		"Per Olsen;per@rana.example;1833 Rana;leder;nei\n" +
		"Feil Kommune;feil@example.no;9999;leder;ja\n" +
		"Uten rolle;uten@example.no;1833;sjef;ja\n"
	dry := upload(e, path+"?dry_run=true", editor, "deltakere.csv", []byte(csv))
	expect(t, "dry run", dry, 200, `"dry_run":true`, `"created":3`, `"rejected":2`)
	res := decode[struct {
		Rows []struct {
			Row            int
			Action, Column string
			Error          string
		}
	}](t, dry.body)
	got := map[int]string{}
	for _, row := range res.Rows {
		if row.Action == "rejected" {
			got[row.Row] = row.Column + ":" + row.Error
		}
	}
	if want := map[int]string{5: "municipality:unknown", 6: "role:choice"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rejected rows %v, want %v", got, want)
	}
	expect(t, "not all or nothing", upload(e, path, editor, "deltakere.csv", []byte(csv)), 422, `"rejected":2`)
	if n := decode[models.Course](t, e.api("GET", fmt.Sprintf("/api/v1/courses/%d", co.ID), editor, "").body).Participants; n != 0 {
		t.Fatalf("a rejected import wrote %d participants", n)
	}
	good := strings.Join(strings.Split(csv, "\n")[:4], "\n") + "\n"
	expect(t, "import", upload(e, path, editor, "deltakere.csv", []byte(good)), 200, `"created":3`, `"rejected":0`)
	// English headers and commas; the same person again is a change.
	expect(t, "again", upload(e, path, editor, "update.csv", []byte("name,email,municipality,role,completed\nOla Hansen,ola@bronnoy.example,1813,employee,yes\n")), 200, `"changed":1`)
	after := decode[models.Competence](t, e.api("GET", "/api/v1/municipalities/1813/competence", editor, "").body)
	if after.Participants-before.Participants != 2 || after.Completed-before.Completed != 2 || after.Leaders-before.Leaders != 1 {
		t.Errorf("Brønnøy: %+v (before %+v)", after, before)
	}
	found := false
	for _, c := range after.Courses {
		if c.CourseID == co.ID && c.Participants == 2 && c.Leaders == 1 && c.Completed == 2 {
			found = true
		}
	}
	if !found {
		t.Errorf("the course is not in Brønnøy's list: %+v", after.Courses)
	}
	rana := decode[models.Competence](t, e.api("GET", "/api/v1/municipalities/1833/competence", editor, "").body)
	list := decode[[]models.CourseParticipant](t, e.api("GET", fmt.Sprintf("/api/v1/courses/%d/participants", co.ID), editor, "").body)
	if len(list) != 3 {
		t.Errorf("%d participants, want 3", len(list))
	}
	n := 0
	for _, c := range rana.Courses {
		if c.CourseID == co.ID {
			n = c.Participants
		}
	}
	if n != 1 {
		t.Errorf("Rana has %d in the course, want 1", n)
	}
	// The page shows the figures on the municipality page.
	page := e.sessionAs(models.RoleViewer).do("GET", "/municipalities/1813", nil)
	expect(t, "municipality page", page, 200, "Digital kompetanse og deltakelse", fmt.Sprintf(`data-competence="%d"`, after.Participants))
	expect(t, "PUT replaces", e.api("PUT", fmt.Sprintf("/api/v1/courses/%d/participants", co.ID), editor, `[{"name":"Ny","email":"","municipality":"1813","role":"leader","completed":false}]`), 200)
	expect(t, "PUT bad row", e.api("PUT", fmt.Sprintf("/api/v1/courses/%d/participants", co.ID), editor, `[{"name":"","email":"x","municipality":"1813","role":"boss","completed":false}]`), 422, `"0.role":"choice"`, `"0.name":"required"`)
	_ = context.Background()
}

// The workbook export of the rounds imports back unchanged; a CSV of a
// round with a wrong score is rejected row by row and writes nothing.
func TestMaturityWorkbookRoundTrip(t *testing.T) {
	e := newEnv(t)
	editor := e.token(models.RoleEditor)
	rounds := decode[[]models.MaturityRound](t, e.api("GET", "/api/v1/maturity/rounds", editor, "").body)
	if len(rounds) != 2 || rounds[0].Year != rounds[1].Year+1 {
		t.Fatalf("demo rounds: %+v", rounds)
	}
	book := e.sessionAs(models.RoleViewer).do("GET", "/export/maturity.xlsx", nil)
	if book.status != 200 || !strings.HasPrefix(book.body, "PK") {
		t.Fatalf("export: %d", book.status)
	}
	path := fmt.Sprintf("/api/v1/maturity/rounds/%d/import", rounds[1].ID)
	r := upload(e, path+"?dry_run=true", editor, "modenhet.xlsx", []byte(book.body))
	expect(t, "the export back", r, 200, `"rejected":0`, `"created":0`, `"changed":0`, `"action":"unchanged"`)
	csv := "number;name;user_centred;ict_innovation;user_centred_comment\n1833;Rana;5;4;Nytt innbyggertorg\n1835;Træna;7;2;\n9999;Ukjent;3;3;\n"
	r = upload(e, path, editor, "runde.csv", []byte(csv))
	expect(t, "bad rows", r, 422, `"rejected":2`, `"column":"user_centred","error":"range"`, `"column":"municipality","error":"not_member"`)
	a := decode[models.MaturityAnswer](t, e.api("GET", fmt.Sprintf("/api/v1/maturity/rounds/%d/municipalities/1833", rounds[1].ID), editor, "").body)
	if a.Comments["user_centred"] == "Nytt innbyggertorg" {
		t.Fatal("a rejected import wrote a row")
	}
	r = upload(e, path, editor, "runde.csv", []byte(strings.Join(strings.Split(csv, "\n")[:2], "\n")))
	expect(t, "good row", r, 200, `"changed":1`)
	a = decode[models.MaturityAnswer](t, e.api("GET", fmt.Sprintf("/api/v1/maturity/rounds/%d/municipalities/1833", rounds[1].ID), editor, "").body)
	if a.Scores["user_centred"] != 5 || a.Comments["user_centred"] != "Nytt innbyggertorg" || len(a.Scores) != 2 {
		t.Errorf("imported answer: %+v", a)
	}
	expect(t, "contact may not import", upload(e, path, e.token(models.RoleContact), "runde.csv", []byte(csv)), 403)
	// The contact's open round is work on their home.
	work, err := e.db.MaturityWork(context.Background(), e.user(models.RoleContact), models.DateOf(e.db.Now()))
	if err != nil || len(work) != 1 || work[0].Kind != "maturity" || work[0].RefID != rounds[0].ID || !strings.HasSuffix(work[0].URL, "/municipalities/1835") {
		t.Errorf("contact's work: %+v, %v", work, err)
	}
	if w, _ := e.db.MaturityWork(context.Background(), e.user(models.RoleEditor), models.DateOf(e.db.Now())); len(w) != 0 {
		t.Errorf("an editor has maturity work: %+v", w)
	}
}
