package models

import (
	"math"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

// Idea statuses, from submission to the steering group's decision.
const (
	IdeaSubmitted   = "submitted"
	IdeaAssessing   = "assessing"
	IdeaPrioritised = "prioritised"
	IdeaApproved    = "approved"
	IdeaRejected    = "rejected"
	IdeaParked      = "parked"
)

// IdeaStatuses in their order.
var IdeaStatuses = []string{IdeaSubmitted, IdeaAssessing, IdeaPrioritised, IdeaApproved, IdeaRejected, IdeaParked}

// IdeaOutcomes are what a decided case about an idea can do with it.
var IdeaOutcomes = []string{IdeaApproved, IdeaRejected, IdeaParked}

// Decided: the idea is approved or rejected; municipalities join the
// project, if any, instead.
func (i Idea) Decided() bool { return i.Status == IdeaApproved || i.Status == IdeaRejected }

// Open: the idea is still to be prioritised (submitted, being assessed or
// prioritised); a parked one waits, a decided one is done.
func (i Idea) Open() bool {
	return i.Status == IdeaSubmitted || i.Status == IdeaAssessing || i.Status == IdeaPrioritised
}

// ValidIdeaStatus checks an idea status.
func ValidIdeaStatus(s string) bool { return oneOf(s, IdeaStatuses) }

// Idea is a proposal for a joint project, before the steering group has
// made it one.
type Idea struct {
	ID               int64       `json:"id"`
	Title            string      `json:"title"`
	Need             string      `json:"need"`
	Proposal         string      `json:"proposal"`
	ServiceArea      string      `json:"service_area"`
	Municipality     string      `json:"municipality"` // the proposer
	MunicipalityName string      `json:"municipality_name"`
	Supporters       []Supporter `json:"supporters"`
	ExpectedBenefits string      `json:"expected_benefits"`
	EstimatedCostNOK int64       `json:"estimated_cost_nok"`
	Status           string      `json:"status"`
	StatusReason     string      `json:"status_reason"`
	Scores           []IdeaScore `json:"scores"`
	TotalScore       float64     `json:"total_score"`
	Scored           bool        `json:"scored"`
	Rank             int         `json:"rank"`
	CaseID           int64       `json:"case_id"`
	ProjectID        int64       `json:"project_id"`
	SubmittedBy      string      `json:"submitted_by"`
	CreatedAt        time.Time   `json:"created_at"`
	UpdatedAt        time.Time   `json:"updated_at"`
}

// Supporter is a municipality that wants the idea too ("vi vil også være med").
type Supporter struct {
	Municipality string `json:"municipality"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Date         Date   `json:"date"`
}

// IdeaScore is one criterion's score of an idea, 1–5.
type IdeaScore struct {
	CriterionID int64 `json:"criterion_id"`
	Score       int   `json:"score"`
}

// Criterion is one of the weighted criteria the programme office scores ideas on.
type Criterion struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Weight      int    `json:"weight"`
	Description string `json:"description"`
}

// Validate checks an idea.
func (i *Idea) Validate() error {
	f := FieldErrors{}
	requireText(f, "title", &i.Title, 200)
	requireText(f, "need", &i.Need, 10000)
	if utf8.RuneCountInString(i.Proposal) > 10000 {
		f.Add("proposal", "too_long")
	}
	if utf8.RuneCountInString(i.ExpectedBenefits) > 10000 {
		f.Add("expected_benefits", "too_long")
	}
	if utf8.RuneCountInString(i.StatusReason) > 2000 {
		f.Add("status_reason", "too_long")
	}
	if !ValidServiceArea(i.ServiceArea) {
		f.Add("service_area", "choice")
	}
	if !ValidMunicipalityNumber(i.Municipality) {
		f.Add("municipality", "required")
	}
	if !ValidIdeaStatus(i.Status) {
		f.Add("status", "choice")
	}
	kroner(f, "estimated_cost_nok", i.EstimatedCostNOK)
	return f.Err()
}

// Municipalities are the proposer and every supporter, proposer first.
func (i Idea) Municipalities() []string {
	out := []string{i.Municipality}
	seen := map[string]bool{i.Municipality: true}
	for _, s := range i.Supporters {
		if !seen[s.Municipality] {
			seen[s.Municipality] = true
			out = append(out, s.Municipality)
		}
	}
	return out
}

// Wants reports whether a municipality proposed or joined the idea.
func (i Idea) Wants(municipality string) bool {
	for _, m := range i.Municipalities() {
		if m == municipality {
			return true
		}
	}
	return false
}

// ValidateCriteria checks a criteria list: names and weights 1–100.
func ValidateCriteria(list []Criterion) error {
	f := FieldErrors{}
	if len(list) == 0 {
		f.Add("criteria", "at_least_one")
	}
	for n, c := range list {
		c.Name = TrimText(c.Name)
		if c.Name == "" || utf8.RuneCountInString(c.Name) > 100 {
			f.Add(listField("criteria", n, "name"), "required")
		}
		if c.Weight < 1 || c.Weight > 100 {
			f.Add(listField("criteria", n, "weight"), "range")
		}
		if utf8.RuneCountInString(c.Description) > 1000 {
			f.Add(listField("criteria", n, "description"), "too_long")
		}
	}
	return f.Err()
}

// ValidateScores checks scores against the criteria: known criteria, 1–5.
func ValidateScores(scores []IdeaScore, criteria []Criterion) error {
	f := FieldErrors{}
	known := map[int64]bool{}
	for _, c := range criteria {
		known[c.ID] = true
	}
	seen := map[int64]bool{}
	for n, s := range scores {
		switch {
		case !known[s.CriterionID]:
			f.Add(listField("scores", n, "criterion_id"), "unknown")
		case seen[s.CriterionID]:
			f.Add(listField("scores", n, "criterion_id"), "duplicate")
		}
		seen[s.CriterionID] = true
		if s.Score < 1 || s.Score > 5 {
			f.Add(listField("scores", n, "score"), "one_to_five")
		}
	}
	return f.Err()
}

func listField(list string, n int, field string) string {
	return list + "[" + strconv.Itoa(n) + "]." + field
}

// TotalScore is the weighted total of an idea's scores, 0–100:
// 100 × Σ(weight × (score − 1)) ÷ Σ(weight × 4) over the criteria that are
// scored, rounded to one decimal. ok is false when no criterion is scored.
func TotalScore(scores []IdeaScore, criteria []Criterion) (total float64, ok bool) {
	weight := map[int64]int{}
	for _, c := range criteria {
		weight[c.ID] = c.Weight
	}
	var num, den int
	for _, s := range scores {
		w, known := weight[s.CriterionID]
		if !known || s.Score < 1 || s.Score > 5 {
			continue
		}
		num += w * (s.Score - 1)
		den += w * 4
	}
	if den == 0 {
		return 0, false
	}
	return math.Round(1000*float64(num)/float64(den)) / 10, true
}

// RankIdeas sets each idea's total score and its rank on the
// prioritisation list: scored ideas that are still open (not approved,
// rejected or parked) by total score, highest first; ties by more
// municipalities, then the older idea. Others get rank 0. The list is
// sorted in rank order, unranked ideas after in their given order.
func RankIdeas(ideas []Idea, criteria []Criterion) {
	for n := range ideas {
		ideas[n].TotalScore, ideas[n].Scored = TotalScore(ideas[n].Scores, criteria)
		ideas[n].Rank = 0
	}
	open := func(i Idea) bool { return i.Scored && i.Open() }
	sort.SliceStable(ideas, func(a, b int) bool {
		x, y := ideas[a], ideas[b]
		if open(x) != open(y) {
			return open(x)
		}
		if !open(x) {
			return false
		}
		if x.TotalScore != y.TotalScore {
			return x.TotalScore > y.TotalScore
		}
		if len(x.Supporters) != len(y.Supporters) {
			return len(x.Supporters) > len(y.Supporters)
		}
		return x.ID < y.ID
	})
	for n := range ideas {
		if open(ideas[n]) {
			ideas[n].Rank = n + 1
		}
	}
}

// CanSupportFor returns the municipality a user joins an idea for: an
// editor names any (want), anyone else their own municipality.
func CanSupportFor(u *User, want string) (string, bool) {
	if u == nil {
		return "", false
	}
	if u.Role.EditsPortfolio() && want != "" {
		return want, true
	}
	if u.Municipality == "" || want != "" && want != u.Municipality {
		return "", false
	}
	return u.Municipality, true
}
