package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

func (s *Server) apiProcurements(c fiber.Ctx) error {
	f := data.ProcurementFilter{Stage: c.Query("stage"), Municipality: c.Query("municipality")}
	if f.Stage != "" && !models.ValidStage(f.Stage) {
		return models.FieldErrors{"stage": "choice"}.Err()
	}
	f.ProjectID, _ = strconv.ParseInt(c.Query("project"), 10, 64)
	list, err := s.DB.Procurements(c.Context(), f)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiProcurement(c fiber.Ctx) error {
	p, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// procurementInput is the API body; absent fields keep their value on PATCH.
type procurementInput struct {
	Title             *string         `json:"title"`
	Description       *string         `json:"description"`
	Procedure         *string         `json:"procedure"`
	Stage             *string         `json:"stage"`
	StageDate         *string         `json:"stage_date"`
	EstimatedValueNOK *int64          `json:"estimated_value_nok"`
	LeadMunicipality  *string         `json:"lead_municipality"`
	Municipalities    *[]string       `json:"municipalities"`
	ProjectIDs        *[]int64        `json:"project_ids"`
	DoffinRef         *string         `json:"doffin_ref"`
	Supplier          *string         `json:"supplier"`
	ContractStart     *string         `json:"contract_start"`
	ContractEnd       *string         `json:"contract_end"`
	TenderDeadline    *string         `json:"tender_deadline"`
	AnnualCostNOK     *int64          `json:"annual_cost_nok"`
	CostKey           *models.CostKey `json:"cost_key"`
	AloneCostNOK      *int64          `json:"alone_cost_nok"`
	Options           *[]optionInput  `json:"options"`
}

type optionInput struct {
	ID          int64  `json:"id"`
	Description string `json:"description"`
	Deadline    string `json:"deadline"`
	Decision    string `json:"decision"`
}

func (in procurementInput) apply(p *models.Procurement) (models.Date, models.FieldErrors) {
	f := models.FieldErrors{}
	setIf(&p.Title, in.Title)
	setIf(&p.Description, in.Description)
	setIf(&p.Procedure, in.Procedure)
	setIf(&p.Stage, in.Stage)
	setIf(&p.EstimatedValueNOK, in.EstimatedValueNOK)
	setIf(&p.LeadMunicipality, in.LeadMunicipality)
	setIf(&p.Municipalities, in.Municipalities)
	setIf(&p.ProjectIDs, in.ProjectIDs)
	setIf(&p.DoffinRef, in.DoffinRef)
	setIf(&p.Supplier, in.Supplier)
	setIf(&p.AnnualCostNOK, in.AnnualCostNOK)
	setIf(&p.CostKey, in.CostKey)
	setIf(&p.SavingsAloneNOK, in.AloneCostNOK)
	var stageDate models.Date
	optionalDate(f, "contract_start", in.ContractStart, &p.ContractStart)
	optionalDate(f, "contract_end", in.ContractEnd, &p.ContractEnd)
	optionalDate(f, "tender_deadline", in.TenderDeadline, &p.TenderDeadline)
	optionalDate(f, "stage_date", in.StageDate, &stageDate)
	if in.Options != nil {
		p.Options = nil
		for _, o := range *in.Options {
			d, err := models.ParseDate(o.Deadline)
			if err != nil {
				f.Add("options", "date")
			}
			p.Options = append(p.Options, models.ProcurementOption{ID: o.ID, Description: o.Description, Deadline: d, Decision: o.Decision})
		}
	}
	return stageDate, f
}

func (s *Server) apiCreateProcurement(c fiber.Ctx) error {
	var in procurementInput
	bad, err := readNew(c, &in, models.Procurement{})
	if err != nil {
		return err
	}
	p := models.Procurement{Stage: "needs", CostKey: models.CostKey{Basis: models.BasisPopulation}}
	stageDate, f := in.apply(&p)
	if f = merge(f, bad); len(f) > 0 {
		return validateWith(f, &p)
	}
	created, err := s.DB.CreateProcurement(c.Context(), actorOf(c), p, stageDate)
	if err != nil {
		return err
	}
	c.Location("/api/v1/procurements/" + strconv.FormatInt(created.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(created)
}

// apiPatchProcurement changes a procurement; options in the body are added
// (without id) or changed (with id) through the same rules as the page.
func (s *Server) apiPatchProcurement(c fiber.Ctx) error {
	p, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	var in procurementInput
	bad, err := readPatch(c, &in, p)
	if err != nil {
		return err
	}
	stageDate, f := in.apply(&p)
	if f = merge(f, bad); len(f) > 0 {
		return validateWith(f, &p)
	}
	options := p.Options
	if in.Options != nil {
		if err := validateWith(models.FieldErrors{}, &p); err != nil {
			return err
		}
	}
	if _, err := s.DB.UpdateProcurement(c.Context(), actorOf(c), p, stageDate); err != nil {
		return err
	}
	if in.Options != nil {
		for _, o := range options {
			if _, err := s.DB.SaveOption(c.Context(), actorOf(c), p.ID, o); err != nil {
				return err
			}
		}
	}
	updated, err := s.DB.Procurement(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(updated)
}

func (s *Server) apiCostShares(c fiber.Ctx) error {
	p, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	shares, _, err := s.DB.CostShares(c.Context(), p)
	if err != nil {
		return err
	}
	return sendPage(c, shares)
}

func (s *Server) apiStageHistory(c fiber.Ctx) error {
	p, err := s.procurementParam(c)
	if err != nil {
		return err
	}
	h, err := s.DB.StageHistory(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return sendPage(c, h)
}

// deadlineJSON is an upcoming contract end or option deadline.
type deadlineJSON struct {
	ProcurementID int64       `json:"procurement_id"`
	Title         string      `json:"title"`
	Kind          string      `json:"kind"`
	Date          models.Date `json:"date"`
	Detail        string      `json:"detail"`
	Supplier      string      `json:"supplier"`
}

func (s *Server) apiDeadlines(c fiber.Ctx) error {
	number := c.Query("municipality")
	if number != "" && !models.ValidMunicipalityNumber(number) {
		return models.FieldErrors{"municipality": "invalid"}.Err()
	}
	list, err := s.DB.ContractDeadlines(c.Context(), models.DashFilter{Municipality: number})
	if err != nil {
		return err
	}
	out := make([]deadlineJSON, len(list))
	for i, d := range list {
		out[i] = deadlineJSON(d)
	}
	return sendPage(c, out)
}
