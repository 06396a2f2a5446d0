package locale

import "strings"

// Plurals and agreement: a count's words follow the number. In bokmål a
// colour agrees with the noun in number and gender ("1 rød rapport",
// "1 rødt prosjekt", "2 røde rapporter"), and a list of counts ends in the
// noun whose form follows the last number ("1 gul og 1 rød rapport",
// "2 gule og 3 røde rapporter").

// Noun is a countable thing in both languages.
type Noun struct {
	One, Many [2]string // [nb, en]
	Neuter    bool      // bokmål gender of the noun (et prosjekt)
}

// Nouns the pages count.
var (
	NounReport  = Noun{One: [2]string{"rapport", "report"}, Many: [2]string{"rapporter", "reports"}}
	NounProject = Noun{One: [2]string{"prosjekt", "project"}, Many: [2]string{"prosjekter", "projects"}, Neuter: true}
	NounCase    = Noun{One: [2]string{"sak", "case"}, Many: [2]string{"saker", "cases"}}
)

// statusWords are the colours as adjectives: [nb common, nb neuter, nb
// plural, en].
var statusWords = map[string][4]string{
	"green":   {"grønn", "grønt", "grønne", "green"},
	"yellow":  {"gul", "gult", "gule", "yellow"},
	"red":     {"rød", "rødt", "røde", "red"},
	"missing": {"uten rapport", "uten rapport", "uten rapport", "without a report"},
}

func langIndex(lang string) int {
	if lang == "en" {
		return 1
	}
	return 0
}

// Count is "1 rapport" or "3 rapporter", with the number as Number writes it.
func Count(lang string, n int64, noun Noun) string {
	return Number(n) + " " + noun.word(lang, n)
}

func (noun Noun) word(lang string, n int64) string {
	if n == 1 {
		return noun.One[langIndex(lang)]
	}
	return noun.Many[langIndex(lang)]
}

// StatusAdjective is a status colour agreeing with a count of the noun.
func StatusAdjective(lang, status string, n int64, noun Noun) string {
	w, ok := statusWords[status]
	if !ok {
		return status
	}
	switch {
	case lang == "en":
		return w[3]
	case n != 1:
		return w[2]
	case noun.Neuter:
		return w[1]
	}
	return w[0]
}

// StatusCounts lists counts by status in the order given, each colour
// agreeing with its number, joined by commas and "og"/"and", ending in the
// noun in the form the last number asks for. Statuses with no count are
// left out; with none at all it is "0 rapporter".
func StatusCounts(lang string, counts map[string]int64, order []string, noun Noun) string {
	var parts []string
	var last int64
	for _, st := range order {
		n := counts[st]
		if n == 0 {
			continue
		}
		parts = append(parts, Number(n)+" "+StatusAdjective(lang, st, n, noun))
		last = n
	}
	if len(parts) == 0 {
		return Count(lang, 0, noun)
	}
	and := " og "
	if lang == "en" {
		and = " and "
	}
	text := parts[len(parts)-1]
	if len(parts) > 1 {
		text = strings.Join(parts[:len(parts)-1], ", ") + and + text
	}
	return text + " " + noun.word(lang, last)
}

// CaseStatusKey is the text key of a case's status in words that follow
// its kind: a decision case is "vedtatt", a discussion case "drøftet" and an
// information case "tatt til orientering" once dealt with.
func CaseStatusKey(kind, status string) string {
	if status == "decided" && (kind == "discussion" || kind == "information") {
		return "coutcome." + kind
	}
	return "cstatus." + status
}
