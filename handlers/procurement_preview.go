package handlers

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v3"

	"samla/models"
	"samla/views"
)

// costPreview is each participant's share of the annual cost as the form
// stands, before anything is saved (models.AllocateCosts, the one rule the
// saved procurement uses too).
type costPreview struct {
	P        *views.Page
	Shares   []models.CostShare
	TotalNOK int64
	// Problem is why nothing can be shown yet (a translated text).
	Problem string
}

// previewOf splits the form's annual cost over the form's municipalities.
func (s *Server) previewOf(c fiber.Ctx, p *views.Page, form map[string]string) (costPreview, error) {
	out := costPreview{P: p}
	list, err := s.DB.Municipalities(c.Context())
	if err != nil {
		return out, err
	}
	byNumber := map[string]models.Municipality{}
	for _, m := range list {
		byNumber[m.Number] = m
	}
	total, okTotal := parseInt(form["annual_cost_nok"])
	equal, okEqual := parseInt(form["equal_pct"])
	if form["equal_pct"] == "" {
		equal, okEqual = 0, true
	}
	key := models.CostKey{EqualPct: int(max(min(equal, 1000), -1000)), Basis: form["basis"]}
	var parts []models.Participant
	for _, n := range strings.Split(form["municipalities"], ",") {
		m, ok := byNumber[n]
		if !ok {
			continue
		}
		w, _ := parseInt(form["weight_"+n]) // as saving reads it: "1 000" is 1000
		parts = append(parts, models.Participant{Municipality: n, Population: m.Population, Weight: w})
	}
	switch {
	case !okTotal || total <= 0:
		out.Problem = p.T("proc.preview.no_cost")
	case !okEqual || key.EqualPct < 0 || key.EqualPct > 100:
		out.Problem = p.T("proc.preview.bad_key")
	case len(parts) == 0:
		out.Problem = p.T("proc.preview.no_participants")
	}
	if out.Problem != "" {
		return out, nil
	}
	shares, err := models.AllocateCosts(total, key, parts)
	if models.Fields(err) != nil || errors.Is(err, models.ErrNoBasis) {
		out.Problem = p.T("proc.preview.no_basis")
		return out, nil
	} else if err != nil {
		return out, err
	}
	for i := range shares {
		shares[i].Name = byNumber[shares[i].Municipality].Name
	}
	out.Shares, out.TotalNOK = shares, total
	return out, nil
}

// previewCosts answers the form's htmx request with the shares as typed.
func (s *Server) previewCosts(c fiber.Ctx) error {
	form := map[string]string{}
	for _, k := range []string{"annual_cost_nok", "equal_pct", "basis"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	chosen := formValues(c, "municipalities")
	form["municipalities"] = strings.Join(chosen, ",")
	for _, m := range chosen {
		form["weight_"+m] = c.FormValue("weight_" + m)
	}
	pv, err := s.previewOf(c, s.page(c, ""), form)
	if err != nil {
		return err
	}
	body, err := s.views.Fragment("cost-preview", pv)
	if err != nil {
		return err
	}
	c.Type("html", "utf-8")
	return c.Send(body)
}
