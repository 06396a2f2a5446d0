package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"samla/models"
)

type demoBenefit struct {
	title, typ, indicator, unit, ownerRole string
	target                                 float64 // per year of realisation
}

// demoBenefits are typical benefits per service area.
var demoBenefits = map[string][]demoBenefit{
	"health_care": {
		{"Frigjort tid i hjemmetjenesten", models.BenefitTime, "Timer kjøring og oppmøte spart", "timer", "Enhetsleder hjemmetjeneste", 4000},
		{"Færre innleggelser", models.BenefitEconomic, "Sparte kostnader til korttidsopphold", "kr", "Kommunalsjef helse", 900_000},
		{"Økt trygghet for brukerne", models.BenefitQuality, "Brukertilfredshet (1–6)", "poeng", "Kommunalsjef helse", 0},
	},
	"education": {
		{"Mindre tid til administrasjon for lærere", models.BenefitTime, "Timer spart per år", "timer", "Rektor", 2500},
		{"Sparte lisenskostnader", models.BenefitEconomic, "Lisenskostnader", "kr", "Kommunalsjef oppvekst", 400_000},
	},
	"administration": {
		{"Frigjort saksbehandlertid", models.BenefitTime, "Timer saksbehandling spart", "timer", "Arkivleder", 3000},
		{"Reduserte porto- og trykkekostnader", models.BenefitEconomic, "Porto og trykk", "kr", "Økonomisjef", 350_000},
		{"Mer tid til opplæring i overgangen", models.BenefitDisbenefit, "Ekstra opplæringskostnader", "kr", "HR-sjef", 80_000},
	},
	"information_security": {
		{"Færre sikkerhetshendelser", models.BenefitQuality, "Hendelser per kvartal (lavere er bedre)", "hendelser", "Sikkerhetsleder", 0},
		{"Sparte kostnader til revisjon", models.BenefitEconomic, "Kostnader til ekstern revisjon", "kr", "Kommunedirektør", 150_000},
	},
	"social_services":   {{"Raskere saksbehandling av sosialhjelp", models.BenefitTime, "Timer per søknad spart", "timer", "NAV-leder", 1200}},
	"child_welfare":     {{"Frigjort tid i barnevernet", models.BenefitTime, "Timer dokumentasjon spart", "timer", "Barnevernleder", 1500}},
	"planning_building": {{"Kortere saksbehandlingstid for byggesaker", models.BenefitTime, "Timer per byggesak spart", "timer", "Byggesaksleder", 1800}},
	"other":             {{"Sparte kostnader", models.BenefitEconomic, "Kostnader", "kr", "Kommunedirektør", 200_000}},
}

// loadDemoBenefits gives each project in execution or later 1–3 benefits
// with a monthly plan and measurements up to last month: some ahead of
// plan, some behind, and not every municipality measured yet.
func (tx *Tx) loadDemoBenefits(scale string) error {
	rng := rand.New(rand.NewPCG(1695, 7))
	now := tx.db.Now().In(tx.db.location())
	lastMonth := models.LastClosedPeriod(now)
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, service_area, coalesce(start_date, ''), lead_municipality FROM projects
		WHERE phase IN ('execution', 'closing', 'realisation', 'done') ORDER BY id`)
	if err != nil {
		return err
	}
	type proj struct {
		id          int64
		area, start string
		lead        string
	}
	var projects []proj
	for rows.Next() {
		var p proj
		if err := rows.Scan(&p.id, &p.area, &p.start, &p.lead); err != nil {
			rows.Close()
			return err
		}
		projects = append(projects, p)
	}
	rows.Close()
	insB, err := tx.PrepareContext(tx.ctx, `INSERT INTO benefits (project_id, title, type, indicator, unit, owner, owner_role, owner_municipality,
		baseline, baseline_date, target, target_date, granularity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'month', ?, ?)`)
	if err != nil {
		return err
	}
	defer insB.Close()
	insP, err := tx.PrepareContext(tx.ctx, `INSERT INTO benefit_plan (benefit_id, period, value) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insP.Close()
	insM, err := tx.PrepareContext(tx.ctx, `INSERT INTO benefit_measurements (benefit_id, period, municipality, value, comment, actor, at)
		VALUES (?, ?, ?, ?, '', 'demo', ?)`)
	if err != nil {
		return err
	}
	defer insM.Close()
	owners := []string{"Anne Andersen", "Bjørn Berg", "Cecilie Dahl", "Dag Eriksen", "Eva Fjeld", "Frode Gundersen"}
	for _, p := range projects {
		seeds := demoBenefits[p.area]
		if len(seeds) == 0 {
			seeds = demoBenefits["other"]
		}
		start, err := time.Parse("2006-01-02", p.start)
		if err != nil {
			continue
		}
		participants, err := tx.projectParticipants(p.id)
		if err != nil {
			return err
		}
		baseline := models.PeriodOf(start)
		months := 12 * (1 + rng.IntN(2))
		for k := 0; k < min(len(seeds), 1+rng.IntN(3)); k++ {
			seed := seeds[(k+int(p.id))%len(seeds)]
			scaleUp := float64(len(participants)) / 4
			target := math.Round(seed.target * math.Max(scaleUp, 0.5) * float64(months) / 12)
			base := 0.0
			if seed.typ == models.BenefitQuality {
				base, target = 3.4, 4.6
				if seed.unit == "hendelser" {
					base, target = 12, 4
				}
			}
			end := baseline.Add(months + 6)
			res, err := insB.ExecContext(tx.ctx, p.id, seed.title, seed.typ, seed.indicator, seed.unit,
				owners[rng.IntN(len(owners))], seed.ownerRole, p.lead, base, baseline.Start().Format("2006-01-02"),
				target, end.Start().AddDate(0, 1, -1).Format("2006-01-02"), tx.now, tx.now)
			if err != nil {
				return fmt.Errorf("demo benefit: %w", err)
			}
			id, _ := res.LastInsertId()
			// The plan ramps up after six months of implementation.
			perMonth := target / float64(months)
			for m := 6; m < months+6; m++ {
				v := perMonth
				if seed.typ == models.BenefitQuality {
					v = base + (target-base)*float64(m-5)/float64(months)
				}
				if _, err := insP.ExecContext(tx.ctx, id, string(baseline.Add(m)), math.Round(v*100)/100); err != nil {
					return err
				}
			}
			if rng.IntN(6) == 0 {
				continue // not measured yet
			}
			pace := 0.6 + rng.Float64()*0.7 // below 0.95 behind, above 1.05 ahead
			measured := participants
			if len(participants) > 16 || scale == ScaleNational {
				measured = []string{""}
			}
			skip := map[string]bool{}
			for _, m := range measured[1:] { // the first is always measured
				if rng.IntN(4) == 0 {
					skip[m] = true
				}
			}
			for m := 6; m < months+6; m++ {
				period := baseline.Add(m)
				if period > lastMonth {
					break
				}
				for _, mun := range measured {
					if skip[mun] {
						continue
					}
					v := perMonth * pace / float64(len(measured)-len(skip)) * (0.8 + rng.Float64()*0.4)
					if seed.typ == models.BenefitQuality {
						v = base + (target-base)*pace*float64(m-5)/float64(months)
					}
					if _, err := insM.ExecContext(tx.ctx, id, string(period), mun, math.Round(v*10)/10, tx.now); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
