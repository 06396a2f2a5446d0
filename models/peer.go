package models

import (
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Peer is another network's samla site whose public catalogue is read.
type Peer struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	BaseURL string `json:"base_url"`
	// LastRead is when the catalogue was last read well (or found unchanged);
	// LastError why the latest read failed ("" when it did not).
	LastRead    *time.Time `json:"last_read"`
	LastError   string     `json:"last_error"`
	LastErrorAt *time.Time `json:"last_error_at"`
	Projects    int        `json:"projects"`
	// ETag and LastModified make the next read conditional.
	ETag         string `json:"-"`
	LastModified string `json:"-"`
}

// NormalizeBaseURL checks a peer's base address (https://samla.example.no,
// optionally with a path) and returns it without a trailing slash.
func NormalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", FieldErrors{"base_url": "url"}.Err()
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u.String(), nil
}

// PeerProject is a project of a peer's catalogue, with the peer it is from.
type PeerProject struct {
	PeerID   int64  `json:"peer_id"`
	PeerName string `json:"peer_name"`
	CatalogueProject
}

// Similar are the peers' projects like one of ours (a project or an idea,
// given by title, text, service area and solution names): the same
// solution, or the same service area and at least two shared words. The
// best matches come first, at most n.
func Similar(title, text, area string, solutions []string, candidates []PeerProject, n int) []PeerProject {
	ours := map[string]bool{}
	for _, s := range solutions {
		if s = Fold(strings.TrimSpace(s)); s != "" {
			ours[s] = true
		}
	}
	words := significantWords(title + " " + text)
	type scored struct {
		p     PeerProject
		score int
	}
	var out []scored
	for _, c := range candidates {
		score := 0
		for _, s := range c.Solutions {
			if ours[Fold(strings.TrimSpace(s))] {
				score += 100
			}
		}
		if area != "" && c.ServiceArea == area {
			shared := 0
			for w := range significantWords(c.Title + " " + c.Summary) {
				if words[w] {
					shared++
				}
			}
			if shared >= 2 {
				score += 10 * shared
			}
		}
		if score > 0 {
			out = append(out, scored{c, score})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return Fold(out[i].p.Title) < Fold(out[j].p.Title)
	})
	list := make([]PeerProject, 0, min(n, len(out)))
	for i := 0; i < len(out) && i < n; i++ {
		list = append(list, out[i].p)
	}
	return list
}

// stopWords are common Norwegian and English words that say nothing of a
// project's subject.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`og i på for til med som av det den de et en er ikke om fra ved vil skal kan har alle felles
		kommune kommuner kommunene prosjekt prosjektet prosjekter innføring ny nytt nye digital digitale løsning løsningen
		and the for with from that this are not all new project projects municipality municipalities solution`) {
		stopWords[w] = true
	}
}

// significantWords are the folded words of at least four letters that are not stop words.
func significantWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) >= 4 && !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

// SolutionsMentioned are the names among candidates' solutions that text
// names (folded): an idea has no solution of its own, but says which one
// it is about.
func SolutionsMentioned(text string, candidates []PeerProject) []string {
	folded := Fold(text)
	seen := map[string]bool{}
	var out []string
	for _, c := range candidates {
		for _, s := range c.Solutions {
			k := Fold(strings.TrimSpace(s))
			if k != "" && !seen[k] && strings.Contains(folded, k) {
				seen[k] = true
				out = append(out, s)
			}
		}
	}
	return out
}
