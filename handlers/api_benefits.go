package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v3"

	"samla/data"
	"samla/models"
)

func (s *Server) apiBenefits(c fiber.Ctx) error {
	f := data.BenefitFilter{Municipality: c.Query("municipality"), ServiceArea: c.Query("service_area")}
	f.ProjectID, _ = strconv.ParseInt(c.Query("project"), 10, 64)
	list, err := s.DB.Benefits(c.Context(), f)
	if err != nil {
		return err
	}
	return sendPage(c, list)
}

func (s *Server) apiBenefit(c fiber.Ctx) error {
	b, err := s.benefitParam(c)
	if err != nil {
		return err
	}
	return c.JSON(b)
}

// benefitInput is the API body; absent fields keep their value on PATCH.
type benefitInput struct {
	ProjectID         *int64              `json:"project_id"`
	Title             *string             `json:"title"`
	Type              *string             `json:"type"`
	Indicator         *string             `json:"indicator"`
	Unit              *string             `json:"unit"`
	Owner             *string             `json:"owner"`
	OwnerRole         *string             `json:"owner_role"`
	OwnerMunicipality *string             `json:"owner_municipality"`
	Baseline          *float64            `json:"baseline"`
	BaselineDate      *string             `json:"baseline_date"`
	Target            *float64            `json:"target"`
	TargetDate        *string             `json:"target_date"`
	HourValueNOK      *int64              `json:"hour_value_nok"`
	Granularity       *string             `json:"granularity"`
	Plan              *[]models.PlanPoint `json:"plan"`
	// Targets, when given, replace the explicit targets per municipality.
	Targets *[]models.MunicipalityTarget `json:"municipality_targets"`
}

func (in benefitInput) apply(b *models.Benefit) models.FieldErrors {
	f := models.FieldErrors{}
	setIf(&b.ProjectID, in.ProjectID)
	setIf(&b.Title, in.Title)
	setIf(&b.Type, in.Type)
	setIf(&b.Indicator, in.Indicator)
	setIf(&b.Unit, in.Unit)
	setIf(&b.Owner, in.Owner)
	setIf(&b.OwnerRole, in.OwnerRole)
	setIf(&b.OwnerMunicipality, in.OwnerMunicipality)
	setIf(&b.Baseline, in.Baseline)
	setIf(&b.Target, in.Target)
	setIf(&b.HourValueNOK, in.HourValueNOK)
	if in.Targets != nil {
		b.Targets = append([]models.MunicipalityTarget{}, (*in.Targets)...)
	}
	setIf(&b.Granularity, in.Granularity)
	setIf(&b.Plan, in.Plan)
	optionalDate(f, "baseline_date", in.BaselineDate, &b.BaselineDate)
	optionalDate(f, "target_date", in.TargetDate, &b.TargetDate)
	return f
}

func (s *Server) apiCreateBenefit(c fiber.Ctx) error {
	var in benefitInput
	bad, err := readNew(c, &in, models.Benefit{})
	if err != nil {
		return err
	}
	b := models.Benefit{Granularity: "month"}
	if f := merge(in.apply(&b), bad); len(f) > 0 {
		return validateWith(f, &b)
	}
	saved, err := s.DB.SaveBenefit(c.Context(), actorOf(c), b)
	if err != nil {
		return err
	}
	c.Location("/api/v1/benefits/" + strconv.FormatInt(saved.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(saved)
}

func (s *Server) apiPatchBenefit(c fiber.Ctx) error {
	b, err := s.benefitParam(c)
	if err != nil {
		return err
	}
	var in benefitInput
	bad, err := readPatch(c, &in, b)
	if err != nil {
		return err
	}
	if f := merge(in.apply(&b), bad); len(f) > 0 {
		return validateWith(f, &b)
	}
	saved, err := s.DB.SaveBenefit(c.Context(), actorOf(c), b)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

func (s *Server) apiMeasurements(c fiber.Ctx) error {
	b, err := s.benefitParam(c)
	if err != nil {
		return err
	}
	ms, err := s.DB.Measurements(c.Context(), b.ID)
	if err != nil {
		return err
	}
	return sendPage(c, ms)
}

type measurementInput struct {
	Period       string  `json:"period"`
	Value        float64 `json:"value"`
	Municipality string  `json:"municipality"`
	Comment      string  `json:"comment"`
}

// apiRecordMeasurement records a measurement: the project's leader and
// editors may; 201 with the benefit's new figures.
func (s *Server) apiRecordMeasurement(c fiber.Ctx) error {
	b, err := s.benefitParam(c)
	if err != nil {
		return err
	}
	proj, err := s.DB.Project(c.Context(), b.ProjectID)
	if err != nil {
		return err
	}
	var in measurementInput
	if err := decodeNew(c, &in, models.Measurement{}); err != nil {
		return err
	}
	if !models.CanRecordMeasurement(currentUser(c), &proj, in.Municipality) {
		return errForbidden
	}
	m, err := s.DB.RecordMeasurement(c.Context(), actorOf(c), models.Measurement{BenefitID: b.ID, Period: in.Period,
		Value: in.Value, Municipality: in.Municipality, Comment: in.Comment})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(m)
}

func (s *Server) apiBenefitTotals(c fiber.Ctx) error {
	by := c.Query("by", "service_area")
	if by != "project" && by != "service_area" && by != "municipality" {
		return models.FieldErrors{"by": "choice"}.Err()
	}
	groups, total, err := s.DB.BenefitTotals(c.Context(), by)
	if err != nil {
		return err
	}
	return c.JSON(benefitTotalsJSON{by, groups, total})
}
