package models

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"unicode/utf8"
)

// MaturityLevels is how many described levels each area has (1–5).
const MaturityLevels = 5

// Size bands of municipalities by population (inhabitants).
const (
	BandSmall  = "small"  // under 5 000
	BandMedium = "medium" // 5 000–20 000
	BandLarge  = "large"  // over 20 000
)

// Bands in their order.
var Bands = []string{BandSmall, BandMedium, BandLarge}

// BandOf is the size band of a municipality with this population.
func BandOf(population int64) string {
	switch {
	case population < 5000:
		return BandSmall
	case population <= 20000:
		return BandMedium
	}
	return BandLarge
}

// BelowBy is how far (in levels) under the programme's median a score must
// be for its area to be marked.
const BelowBy = 1

// MaturityArea is one area of the maturity framework (KS: eight areas),
// with a text for each of its five levels.
type MaturityArea struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Levels      []string `json:"levels"`
}

var areaID = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// ValidateAreas checks a whole framework: at least one area, each with an
// id (lower-case letters, digits and _), a unique one, a name and five level
// texts. Field names are "areas.N.field".
func ValidateAreas(areas []MaturityArea) error {
	f := FieldErrors{}
	if len(areas) == 0 {
		f.Add("areas", "required")
	}
	if len(areas) > 40 {
		f.Add("areas", "too_many")
	}
	seen := map[string]bool{}
	for i := range areas {
		a := &areas[i]
		key := func(s string) string { return "areas." + strconv.Itoa(i) + "." + s }
		a.ID = TrimText(a.ID)
		switch {
		case !areaID.MatchString(a.ID):
			f.Add(key("id"), "invalid")
		case seen[a.ID]:
			f.Add(key("id"), "taken")
		}
		seen[a.ID] = true
		requireText(f, key("name"), &a.Name, 120)
		if utf8.RuneCountInString(a.Description) > 2000 {
			f.Add(key("description"), "too_long")
		}
		if len(a.Levels) != MaturityLevels {
			f.Add(key("levels"), "five")
			continue
		}
		for j := range a.Levels {
			requireText(f, key("levels"), &a.Levels[j], 500)
		}
	}
	return f.Err()
}

// MaturityRound is one measurement of the programme's municipalities
// (modenhetsmåling): open for answers from opens to closes, both included.
type MaturityRound struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Year   int    `json:"year"`
	Opens  Date   `json:"opens"`
	Closes Date   `json:"closes"`
}

// Validate checks a round.
func (r *MaturityRound) Validate() error {
	f := FieldErrors{}
	requireText(f, "name", &r.Name, 120)
	if r.Year < 2000 || r.Year > 2100 {
		f.Add("year", "range")
	}
	if r.Opens.IsZero() {
		f.Add("opens", "required")
	}
	if r.Closes.IsZero() {
		f.Add("closes", "required")
	}
	if !r.Opens.IsZero() && !r.Closes.IsZero() && r.Closes.Before(r.Opens) {
		f.Add("closes", "before_start")
	}
	return f.Err()
}

// OpenOn reports whether the round takes answers on a day.
func (r MaturityRound) OpenOn(day Date) bool {
	return !day.Before(r.Opens) && !r.Closes.Before(day)
}

// MaturityAnswer is one municipality's answer to a round: a score (1–5)
// and a comment per area.
type MaturityAnswer struct {
	RoundID      int64             `json:"round_id"`
	Municipality string            `json:"municipality"`
	Scores       map[string]int    `json:"scores"`
	Comments     map[string]string `json:"comments"`
	AnsweredBy   string            `json:"answered_by"`
	UpdatedAt    string            `json:"updated_at"`
}

// Validate checks the scores and comments against the framework's areas:
// every score 1–5 of a known area, comments of known areas and not too long.
func (a *MaturityAnswer) Validate(areas []MaturityArea) error {
	f := FieldErrors{}
	known := map[string]bool{}
	for _, ar := range areas {
		known[ar.ID] = true
	}
	for id, s := range a.Scores {
		switch {
		case !known[id]:
			f.Add("scores."+id, "unknown")
		case s < 1 || s > MaturityLevels:
			f.Add("scores."+id, "range")
		}
	}
	for id, c := range a.Comments {
		c = TrimText(c)
		a.Comments[id] = c
		switch {
		case !known[id]:
			f.Add("comments."+id, "unknown")
		case utf8.RuneCountInString(c) > 2000:
			f.Add("comments."+id, "too_long")
		}
		if c == "" {
			delete(a.Comments, id)
		}
	}
	return f.Err()
}

// Scorecard is one municipality's målkort for a round: its scores, their
// average, its change since the previous round, and the areas where it is a
// whole level or more below the programme's median.
type Scorecard struct {
	Number      string         `json:"number"`
	Name        string         `json:"name"`
	Population  int64          `json:"population"`
	Band        string         `json:"band"`
	Answered    bool           `json:"answered"`
	Scores      map[string]int `json:"scores"`
	Average     float64        `json:"average"`
	BelowMedian []string       `json:"below_median"`
	// Change is the score minus the previous round's, for the areas scored
	// in both.
	Change map[string]int `json:"change"`
}

// MaturityResults are a round's figures: the programme's median per area,
// each size band's, and every member municipality's scorecard.
type MaturityResults struct {
	RoundID         int64                         `json:"round_id"`
	PreviousRoundID int64                         `json:"previous_round_id"` // 0: none
	Answered        int                           `json:"answered"`
	Median          map[string]float64            `json:"median"`
	Bands           map[string]map[string]float64 `json:"bands"`
	Municipalities  []Scorecard                   `json:"municipalities"`
}

// ComputeMaturity works out a round's results. The median of an area is
// over the municipalities that answered the round with a score for it; a
// band's median over those of the band. An area is below the median when
// its score ≤ median − 1. The average is the mean of the municipality's
// scores, to two decimals. previous holds the answers of the round before
// (nil: none). Municipalities come in members' order.
func ComputeMaturity(areas []MaturityArea, members []Municipality, answers, previous []MaturityAnswer) MaturityResults {
	byNumber := map[string]MaturityAnswer{}
	for _, a := range answers {
		byNumber[a.Municipality] = a
	}
	before := map[string]MaturityAnswer{}
	for _, a := range previous {
		before[a.Municipality] = a
	}
	out := MaturityResults{Median: map[string]float64{}, Bands: map[string]map[string]float64{}, Municipalities: make([]Scorecard, 0, len(members))}
	all := map[string][]int{}
	band := map[string]map[string][]int{}
	for _, b := range Bands {
		band[b] = map[string][]int{}
		out.Bands[b] = map[string]float64{}
	}
	for _, m := range members {
		sc := Scorecard{Number: m.Number, Name: m.Name, Population: m.Population, Band: BandOf(m.Population),
			Scores: map[string]int{}, BelowMedian: []string{}, Change: map[string]int{}}
		a, ok := byNumber[m.Number]
		sum, n := 0, 0
		for _, ar := range areas {
			s := a.Scores[ar.ID]
			if s == 0 {
				continue
			}
			sc.Scores[ar.ID] = s
			all[ar.ID] = append(all[ar.ID], s)
			band[sc.Band][ar.ID] = append(band[sc.Band][ar.ID], s)
			sum, n = sum+s, n+1
			if p := before[m.Number].Scores[ar.ID]; p != 0 {
				sc.Change[ar.ID] = s - p
			}
		}
		sc.Answered = ok && n > 0
		if n > 0 {
			sc.Average = math.Round(100*float64(sum)/float64(n)) / 100
			out.Answered++
		}
		out.Municipalities = append(out.Municipalities, sc)
	}
	for _, ar := range areas {
		if v := all[ar.ID]; len(v) > 0 {
			out.Median[ar.ID] = Median(v)
		}
		for _, b := range Bands {
			if v := band[b][ar.ID]; len(v) > 0 {
				out.Bands[b][ar.ID] = Median(v)
			}
		}
	}
	for i := range out.Municipalities {
		sc := &out.Municipalities[i]
		for _, ar := range areas {
			s, ok := sc.Scores[ar.ID]
			if ok && float64(s) <= out.Median[ar.ID]-BelowBy {
				sc.BelowMedian = append(sc.BelowMedian, ar.ID)
			}
		}
	}
	return out
}

// ScorecardOf picks one municipality out of a round's results.
func (r MaturityResults) ScorecardOf(number string) (Scorecard, bool) {
	for _, sc := range r.Municipalities {
		if sc.Number == number {
			return sc, true
		}
	}
	return Scorecard{}, false
}

// SortScorecards orders scorecards by average, highest first, then name.
func SortScorecards(list []Scorecard) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Average != list[j].Average {
			return list[i].Average > list[j].Average
		}
		return list[i].Name < list[j].Name
	})
}

// DefaultMaturityAreas is KS's framework of eight areas, the framework
// until the programme office changes it.
func DefaultMaturityAreas() []MaturityArea {
	return []MaturityArea{
		{ID: "user_centred", Name: "Brukeren i sentrum", Description: "Tjenester utformes ut fra innbyggernes og næringslivets behov, og brukerne tas med i utviklingen.",
			Levels: []string{
				"Tjenestene utformes ut fra organisasjonens egne rutiner; brukerne spørres sjelden.",
				"Enkelte tjenester har brukerundersøkelser, men funnene følges lite opp.",
				"Brukerbehov kartlegges i de viktigste utviklingsprosjektene.",
				"Brukerinvolvering er en fast del av tjenesteutviklingen, og tjenestene henger sammen på tvers.",
				"Tjenestene utvikles sammen med brukerne, er sammenhengende og proaktive, og effekten måles.",
			}},
		{ID: "ict_innovation", Name: "IKT for innovasjon og produktivitet", Description: "Teknologi brukes til å fornye arbeidsprosesser og frigjøre tid.",
			Levels: []string{
				"IKT ses som drift og kostnad; nye løsninger kommer tilfeldig.",
				"Enkelte enheter prøver ut nye løsninger uten felles retning.",
				"Kommunen har en plan for hvordan IKT skal støtte fornying av prosessene.",
				"Gevinster planlegges og følges opp, og gode løsninger spres mellom enhetene.",
				"Innovasjon med teknologi er en del av ledelsen og kulturen, og gevinstene tas ut systematisk.",
			}},
		{ID: "digital_competence", Name: "Digital kompetanse og deltakelse", Description: "Ledere og ansatte har kompetansen som trengs, og innbyggerne får hjelp til å delta digitalt.",
			Levels: []string{
				"Kompetansebehovet er ikke kartlagt, og opplæring skjer når noen ber om det.",
				"Noen ledere og ansatte har fått opplæring, men uten plan.",
				"Kommunen har en kompetanseplan for digitalisering og tilbyr opplæring til innbyggerne.",
				"Ledere på alle nivå har gjennomført digitaliseringsprogram, og ansatte følges opp.",
				"Digital kompetanse fornyes løpende, måles og deles med andre kommuner.",
			}},
		{ID: "effective_digitalisation", Name: "Effektiv digitalisering", Description: "Digitaliseringen styres, prioriteres og gjennomføres med felles løsninger og arkitektur.",
			Levels: []string{
				"Det finnes ingen felles styring av digitalisering.",
				"Digitalisering er omtalt i planer, men prioriteres enhet for enhet.",
				"Kommunen har en digitaliseringsstrategi med prioriterte tiltak og budsjett.",
				"Porteføljen styres samlet, og nasjonale fellesløsninger tas i bruk.",
				"Digitalisering er en del av virksomhetsstyringen og samordnes i regionen.",
			}},
		{ID: "information_security", Name: "Informasjonssikkerhet, personvern og dokumentasjon", Description: "Informasjon behandles sikkert og lovlig, og arkivet er i orden.",
			Levels: []string{
				"Ansvar og rutiner for informasjonssikkerhet og personvern er uklare.",
				"Ansvaret er plassert, men risikovurderinger gjøres sjelden.",
				"Kommunen har et styringssystem for informasjonssikkerhet og en oversikt over behandlinger.",
				"Risiko vurderes jevnlig, avvik følges opp og ansatte får opplæring.",
				"Sikkerhet og personvern er innebygd i alle løsninger, og styringssystemet revideres.",
			}},
		{ID: "health_welfare", Name: "Helse og velferd", Description: "Velferdsteknologi og digitale helsetjenester tas i bruk i tjenestene.",
			Levels: []string{
				"Velferdsteknologi er lite kjent og ikke i bruk.",
				"Enkelte løsninger prøves ut i et lite omfang.",
				"Sentrale løsninger (trygghetsalarm, e-melding, digitalt tilsyn) er i bruk.",
				"Velferdsteknologi er en del av tjenestetilbudet, og gevinstene måles.",
				"Tjenestene er sammenhengende med innbyggeren, fastlegen og sykehuset, og utvikles sammen med dem.",
			}},
		{ID: "education", Name: "Utdanning og oppvekst", Description: "Barnehager og skoler bruker digitale verktøy i læringen og i kontakten med hjemmet.",
			Levels: []string{
				"Digitale verktøy brukes lite og ulikt i barnehager og skoler.",
				"Utstyr er på plass, men bruken avhenger av den enkelte.",
				"Kommunen har en plan for digital læring og felles løsninger for kontakt med hjemmet.",
				"Ansatte har kompetanse, og digitale verktøy brukes i læringen i alle enheter.",
				"Digital læring er en del av kvalitetsarbeidet og utvikles med elever og foreldre.",
			}},
		{ID: "planning_building", Name: "Plan, bygg og geodata", Description: "Plan- og byggesaker og geodata er digitale og tilgjengelige.",
			Levels: []string{
				"Plan- og byggesaker behandles på papir, og kartdata er lite tilgjengelige.",
				"Noen søknader kommer digitalt, men behandlingen er manuell.",
				"Byggesøknader tas imot digitalt (eByggesak), og planregisteret er digitalt.",
				"Saksbehandlingen er digital fra søknad til vedtak, og geodata deles.",
				"Planer og geodata er åpne og maskinlesbare, og innbyggerne følger saken sin digitalt.",
			}},
	}
}

// CanAnswerMaturity: editors and admins answer for any municipality, at any
// time (a late answer, a correction, an import); a municipal contact for
// their own municipality while the round is open.
func CanAnswerMaturity(u *User, r MaturityRound, municipality string, today Date) bool {
	if u == nil {
		return false
	}
	if u.Role.EditsPortfolio() {
		return true
	}
	return u.Role == RoleContact && u.Municipality != "" && u.Municipality == municipality && r.OpenOn(today)
}
