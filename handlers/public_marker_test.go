package handlers_test

import (
	"fmt"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"samla/data"
	"samla/models"
)

// plantMarkers writes a unique marker into every text that is not public
// and returns them: status reports, risks, the budgets of projects that do
// not publish theirs, users and their e-mail addresses, the audit trail,
// the titles and texts of projects that are not public, exempt cases'
// titles, backgrounds, proposals and decisions, ideas, the project log,
// final assessments, funding notes, phase-change reasons, checklists, grant
// conditions, the solutions of projects that are not public, and more that
// is internal.
func plantMarkers(t *testing.T, e *env) []string {
	t.Helper()
	var stmts []string
	add := func(q string) { stmts = append(stmts, q) }
	for _, col := range []string{"overall_comment", "time_comment", "cost_comment", "quality_comment", "risk_comment", "benefits_comment", "summary", "next_steps", "decision_needed"} {
		add(fmt.Sprintf(`UPDATE status_reports SET %s = 'MRKstatus%s' || id`, col, col))
	}
	add(`UPDATE risks SET title = 'MRKrisktitle' || id, mitigation = 'MRKriskmit' || id, owner = 'MRKriskowner' || id`)
	add(`UPDATE projects SET budget_nok = 918273645 WHERE budget_public = 0`)
	add(`UPDATE users SET name = 'MRKusername' || id, email = 'mrkuser' || id || '@marker.example'`)
	add(`UPDATE audit SET actor = 'MRKauditactor', before = '{"x":"MRKauditbefore"}', after = '{"x":"MRKauditafter"}'`)
	add(`UPDATE projects SET title = 'MRKhiddenproject' || id, description = 'MRKhiddendesc' || id, search = 'mrkhiddenproject' || id WHERE public = 0`)
	add(`UPDATE projects SET documents_url = 'https://mrkdocs.example/' || id`)
	add(`UPDATE cases SET background = 'MRKbackground' || id`)
	add(`UPDATE cases SET title = 'MRKexempttitle' || id, proposal = 'MRKexemptproposal' || id, decision = 'MRKexemptdecision' || id,
		search = 'mrkexempttitle' || id WHERE exempt = 1`)
	add(`UPDATE meetings SET video_url = 'https://mrkvideo.example/' || id`)
	add(`UPDATE meeting_participants SET name = 'MRKparticipant' || id`)
	add(`UPDATE action_items SET description = 'MRKaction' || id, owner = 'MRKactionowner' || id`)
	add(`UPDATE body_members SET name = 'MRKmember' || id, email = 'mrkmember' || id || '@marker.example'`)
	add(`UPDATE rollouts SET comment = 'MRKrollout', contact_email = 'mrkrollout@marker.example'`)
	add(`UPDATE benefits SET title = 'MRKbenefit' || id, owner = 'MRKbenefitowner'`)
	add(`UPDATE procurements SET title = 'MRKprocurement' || id`)
	add(`UPDATE milestones SET title = 'MRKmilestone' || id`)
	add(`UPDATE solutions SET description = 'MRKsolutiondesc', owner = 'MRKsolutionowner'`)
	add(`UPDATE solutions SET name = 'MRKhiddensolution' || id WHERE project_id IN (SELECT id FROM projects WHERE public = 0)`)
	add(`UPDATE ideas SET title = 'MRKidea' || id, need = 'MRKideaneed', proposal = 'MRKideaproposal', expected_benefits = 'MRKideabenefits', status_reason = 'MRKideareason'`)
	add(`UPDATE log_entries SET title = 'MRKlog' || id, description = 'MRKlogdesc', consequence = 'MRKlogcons', recommendation = 'MRKlogrec', author = 'MRKlogauthor'`)
	add(`UPDATE final_assessments SET text = 'MRKassessment'`)
	add(`UPDATE project_funding SET note = 'MRKfundingnote'`)
	add(`UPDATE phase_changes SET reason = 'MRKphasereason'`)
	add(`UPDATE checklist_items SET reason = 'MRKchecklistreason', url = 'https://mrkchecklist.example/'`)
	add(`UPDATE grants SET conditions = 'MRKgrantconditions', title = 'MRKgrant' || id`)
	err := e.db.Update(t.Context(), models.System, func(tx *data.Tx) error {
		for _, q := range stmts {
			if _, err := tx.Exec(q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return []string{"MRK", "mrk", "918273645", "918 273 645", "918\u00a0273\u00a0645", "marker.example"}
}

var publicLinks = regexp.MustCompile(`(?:href|src)="([^"]+)"`)

// Every public page, feed, JSON and PDF reachable from /public is crawled
// after markers were planted in every non-public text: none appears. An
// exempt case shows its number, public title and basis, and nothing else.
func TestPublicPagesHoldNoMarker(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is needed (poppler-utils)")
	}
	e := newEnv(t)
	ctx := t.Context()
	// One more exempt case, without a public title, decided at an approved meeting.
	cases, err := e.db.Cases(ctx, data.CaseFilter{Status: models.CaseDecided})
	if err != nil || len(cases) < 2 {
		t.Fatalf("demo cases: %v %d", err, len(cases))
	}
	var exempt []models.Case
	for _, c := range cases {
		if c.Exempt {
			exempt = append(exempt, c)
		}
	}
	if len(exempt) != 1 || !exempt[0].Final || exempt[0].PublicTitle == "" {
		t.Fatalf("the demo should have one exempt decided case with a public title at an approved meeting: %+v", exempt)
	}
	err = e.db.Update(ctx, models.System, func(tx *data.Tx) error {
		_, err := tx.Exec(`UPDATE cases SET exempt = 1, exempt_basis = 'Offl. § 14', public_title = '' WHERE id = (
			SELECT c.id FROM cases c JOIN meetings m ON m.id = c.meeting_id WHERE c.status = 'decided' AND m.status = 'approved' AND c.exempt = 0 ORDER BY c.id DESC LIMIT 1)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	markers := plantMarkers(t, e)

	dir := t.TempDir()
	seen := map[string]bool{}
	queue := []string{"/public", "/public?lang=en", "/public/feed.atom", "/public/catalogue.json",
		"/public?q=mrkhiddenproject", "/public/decisions?q=mrkexempttitle", "/public/decisions?q=MRKbackground"}
	kinds := map[string]int{}
	for len(queue) > 0 {
		target := queue[0]
		queue = queue[1:]
		if seen[target] {
			continue
		}
		seen[target] = true
		r := e.anon(target)
		if r.status != 200 {
			t.Errorf("%s: %d", target, r.status)
			continue
		}
		text := r.body
		ct := r.header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "application/pdf"):
			kinds["pdf"]++
			pdf := filepath.Join(dir, fmt.Sprintf("%d.pdf", len(seen)))
			os.WriteFile(pdf, []byte(r.body), 0o600)
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", target, err)
			}
			text = string(out)
		case strings.HasPrefix(ct, "text/html"):
			kinds["html"]++
		default:
			kinds[ct]++
		}
		plain := html.UnescapeString(text)
		if u, _ := url.Parse(target); u.Query().Get("q") != "" {
			// What the visitor typed is shown back; nothing is found by it.
			q := u.Query().Get("q")
			plain = strings.ReplaceAll(strings.ReplaceAll(plain, q, ""), url.QueryEscape(q), "")
			if !strings.Contains(plain, ">0 prosjekter<") && !strings.Contains(plain, ">0 projects<") && !strings.Contains(plain, ">0 vedtak<") && !strings.Contains(plain, ">0 decisions<") {
				t.Errorf("%s finds something", target)
			}
		}
		for _, m := range markers {
			if strings.Contains(plain, m) {
				i := strings.Index(plain, m)
				t.Errorf("%s shows %q: …%s…", target, m, plain[max(0, i-80):min(len(plain), i+80)])
			}
		}
		for _, m := range publicLinks.FindAllStringSubmatch(text, -1) {
			link := html.UnescapeString(m[1])
			if u, err := url.Parse(link); err == nil && u.Host == "localhost:8080" {
				link = u.RequestURI()
			}
			link, _, _ = strings.Cut(link, "#")
			if strings.HasPrefix(link, "/public") && !seen[link] && len(seen) < 600 {
				queue = append(queue, link)
			}
		}
		// The feed's entries link by absolute address.
		for _, m := range regexp.MustCompile(`<link href="http://localhost:8080(/public[^"#]*)`).FindAllStringSubmatch(text, -1) {
			queue = append(queue, html.UnescapeString(m[1]))
		}
	}
	if kinds["pdf"] == 0 || kinds["html"] < 20 {
		t.Errorf("crawled too little: %v (%d addresses)", kinds, len(seen))
	}
	t.Logf("crawled %d addresses: %v", len(seen), kinds)

	// The exempt cases on their meeting's page: number, public title or
	// "Unntatt offentlighet", and the basis.
	for _, c := range append(exempt, models.Case{}) {
		if c.ID == 0 {
			list, _ := e.db.Cases(ctx, data.CaseFilter{Status: models.CaseDecided})
			for _, x := range list {
				if x.Exempt && x.PublicTitle == "" {
					c = x
				}
			}
		}
		page := e.anon(fmt.Sprintf("/public/meetings/%d", c.MeetingID))
		want := c.PublicTitle
		if want == "" {
			want = "Unntatt offentlighet"
		}
		expect(t, "exempt case", page, 200, "Sak "+c.Number+": "+want, html.EscapeString(c.ExemptBasis))
	}
}
