package data

import (
	"fmt"
	"math/rand/v2"
	"time"

	"samla/models"
)

// demoProcurement is a seed; dates are months from today, so that the demo
// always has contracts ending inside the warning horizon.
type demoProcurement struct {
	title, description, procedure, stage, lead, supplier string
	value, annual, alone                                 int64
	equalPct                                             int
	weights                                              bool
	startMonths, endMonths                               int // contract start/end from now; 0: none
	optionMonths                                         int // option deadline from now; 0: none
	project                                              string
	all                                                  bool
}

var helgelandProcurements = []demoProcurement{
	{"Velferdsteknologi: trygghetsalarmer og digitalt tilsyn", "Felles rammeavtale for trygghetsalarmer, sensorer og responssenter.", "open", "in_force", "1824", "Trygg Teknologi AS",
		9_600_000, 2_400_000, 3_100_000, 30, false, -44, 3, 1, "Digitalt tilsyn i sykehjem", true},
	{"Felles sak- og arkivsystem", "Noark 5-løsning med avlevering til IKA Nordland.", "restricted", "evaluation", "1833", "",
		9_500_000, 1_200_000, 1_650_000, 20, false, 0, 0, 0, "Felles sak- og arkivsystem", false},
	{"Læringsplattform for grunnskolen", "Avrop på nasjonal rammeavtale; lisenser per elev.", "framework_calloff", "in_force", "1824", "Læringsverket AS",
		5_400_000, 1_800_000, 2_300_000, 0, true, -27, 8, 2, "Felles læringsplattform for grunnskolen", true},
	{"Rammeavtale for økonomi- og lønnssystem (ERP)", "Behovsavklaring for felles ERP.", "open", "needs", "1824", "",
		14_000_000, 0, 0, 30, false, 0, 0, 0, "Felles økonomisystem (ERP)", true},
	{"Journalsystem for helse og omsorg", "Konkurranse med forhandling om ny journalløsning.", "negotiation", "tender_deadline", "1833", "",
		12_000_000, 2_100_000, 2_600_000, 25, false, 0, 0, 0, "Elektronisk pasientjournal i pleie og omsorg", false},
	{"Sikkerhetsovervåking (SOC) for alle kommunene", "Døgnkontinuerlig overvåking av nettverk og servere.", "open", "contract_signed", "1813", "Nordnorsk Sikkerhet AS",
		3_800_000, 950_000, 1_900_000, 50, false, 1, 37, 0, "Felles styringssystem for informasjonssikkerhet", true},
	{"Fagsystem for barnevern", "Avrop på KS' avtale for DigiBarnevern.", "framework_calloff", "in_force", "1824", "KS Digital",
		2_100_000, 600_000, 900_000, 30, false, -22, 14, 0, "DigiBarnevern", false},
	{"Chatbot for kommunenes nettsider", "Anskaffelse under terskelverdi.", "below_threshold", "announced", "1820", "",
		600_000, 150_000, 0, 100, false, 0, 0, 0, "Chatbot for innbyggerdialog", false},
	{"Kartverktøy og planregister", "Direkte anskaffelse ble vurdert; verdien krever kunngjøring.", "direct_award", "needs", "1820", "",
		1_600_000, 320_000, 0, 30, false, 0, 0, 0, "Digitalt planregister og kartforvaltning", false},
	{"Skoleadministrativt system", "Avlyst: ingen tilbud innenfor budsjett.", "open", "cancelled", "1832", "",
		2_400_000, 0, 0, 30, false, 0, 0, 0, "Skoleadministrativt system", false},
	{"Telefoni og sentralbord", "Avtalen er utløpt og erstattet av Teams-telefoni.", "open", "expired", "1833", "Telenor",
		1_800_000, 420_000, 0, 30, false, -70, -10, 0, "", true},
	{"Lisenser for kontorstøtte", "Avrop på statens avtale; kostnad etter antall brukere.", "framework_calloff", "in_force", "1833", "Atea",
		7_200_000, 3_600_000, 4_100_000, 0, true, -31, 5, 2, "", true},
}

var demoStageOrderDates = []int{-20, -17, -15, -13, -11, -10, -9, -8}

// loadDemoProcurements adds the demo procurements (more at larger scales,
// with random participants) with their stage histories.
func (tx *Tx) loadDemoProcurements(scale string, muns []models.Municipality) error {
	n := map[string]int{ScaleHelgeland: len(helgelandProcurements), ScaleNordland: 24, ScaleNational: 250}[scale]
	rng := rand.New(rand.NewPCG(2024, uint64(n)))
	now := tx.db.Now().In(tx.db.location())
	month := func(m int) models.Date {
		if m == 0 {
			return models.Date{}
		}
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
		return models.Date{Time: first.AddDate(0, m, 0).AddDate(0, 0, -1)}
	}
	projectID := map[string]int64{}
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, title FROM projects ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			rows.Close()
			return err
		}
		if _, ok := projectID[t]; !ok {
			projectID[t] = id
		}
	}
	rows.Close()
	for i := 0; i < n; i++ {
		seed := helgelandProcurements[i%len(helgelandProcurements)]
		p := models.Procurement{Title: seed.title, Description: seed.description, Procedure: seed.procedure, Stage: seed.stage,
			EstimatedValueNOK: seed.value, LeadMunicipality: seed.lead, Supplier: seed.supplier, AnnualCostNOK: seed.annual,
			SavingsAloneNOK: seed.alone, CostKey: models.CostKey{EqualPct: seed.equalPct, Basis: models.BasisPopulation},
			ContractStart: month(seed.startMonths), ContractEnd: month(seed.endMonths)}
		if !p.ContractStart.IsZero() {
			p.ContractStart = models.Date{Time: p.ContractStart.AddDate(0, 0, 1)}
		}
		if i >= len(helgelandProcurements) || len(muns) > 16 && seed.all {
			p.LeadMunicipality = muns[rng.IntN(len(muns))].Number
			p.Title = fmt.Sprintf("%s – %s %d", seed.title, nameOf(muns, p.LeadMunicipality), i/len(helgelandProcurements)+1)
		}
		if seed.all && len(muns) <= 16 {
			for _, m := range muns {
				p.Municipalities = append(p.Municipalities, m.Number)
			}
		} else {
			p.Municipalities = demoParticipants(rng, muns, p.LeadMunicipality)
		}
		if seed.weights {
			p.CostKey.Basis = models.BasisWeights
			p.CostKey.Weights = map[string]int64{}
			for _, m := range p.Municipalities {
				p.CostKey.Weights[m] = int64(20 + rng.IntN(400))
			}
		}
		if seed.optionMonths != 0 {
			p.Options = []models.ProcurementOption{{Description: "Forlengelse 1 + 1 år", Deadline: month(seed.optionMonths)}}
		}
		if id, ok := projectID[seed.project]; ok && seed.project != "" {
			p.ProjectIDs = []int64{id}
		}
		if p.Stage == "announced" {
			p.TenderDeadline = models.DateOf(now.AddDate(0, 0, 24)) // tenders still coming in
		}
		// Walk the stages up to the current one, each with its date.
		final := p.Stage
		last := models.StageIndex(final)
		if final == models.StageCancelled {
			last = models.StageIndex("evaluation")
		}
		p.Stage = models.Stages[0]
		created, err := tx.CreateProcurement(p, models.DateOf(now.AddDate(0, demoStageOrderDates[0], 0)))
		if err != nil {
			return fmt.Errorf("demo procurement %q: %w", p.Title, err)
		}
		steps := models.Stages[1 : last+1]
		if final == models.StageCancelled {
			steps = append(append([]string{}, steps...), models.StageCancelled)
		}
		for k, st := range steps {
			off := -8 + k
			if k+1 < len(demoStageOrderDates) {
				off = demoStageOrderDates[k+1]
			}
			if _, err := tx.ExecContext(tx.ctx, `UPDATE procurements SET stage = ? WHERE id = ?`, st, created.ID); err != nil {
				return err
			}
			if err := tx.recordStage(created.ID, st, models.DateOf(now.AddDate(0, off, 0))); err != nil {
				return err
			}
		}
	}
	return nil
}
