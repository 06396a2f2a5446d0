package handlers

import (
	"github.com/gofiber/fiber/v3"

	"samla/models"
)

// settingsInput is the API body of a change to the settings: every
// programme setting by name; absent fields keep their value.
type settingsInput struct {
	ProgrammeName      *string   `json:"programme_name"`
	HoursPerFTE        *int64    `json:"hours_per_fte"`
	ReportDeadlineDay  *int      `json:"report_deadline_day"`
	NationalThreshold  *int64    `json:"national_threshold_nok"`
	EEAThreshold       *int64    `json:"eea_threshold_nok"`
	ExpiryHorizonMonth *int      `json:"expiry_horizon_months"`
	HourValueNOK       *int64    `json:"hour_value_nok"`
	BackupDir          *string   `json:"backup_dir"`
	BackupKeep         *int      `json:"backup_keep"`
	AreaHourValues     *[8]int64 `json:"area_hour_values_nok"`
	PublicSite         *bool     `json:"public_site"`
}

func (in settingsInput) apply(s *models.Settings) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&s.ProgrammeName, in.ProgrammeName)
	set(&s.BackupDir, in.BackupDir)
	for _, f := range []struct {
		dst *int64
		v   *int64
	}{{&s.HoursPerFTE, in.HoursPerFTE}, {&s.NationalThreshold, in.NationalThreshold}, {&s.EEAThreshold, in.EEAThreshold}, {&s.HourValueNOK, in.HourValueNOK}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	for _, f := range []struct {
		dst *int
		v   *int
	}{{&s.ReportDeadlineDay, in.ReportDeadlineDay}, {&s.ExpiryHorizonMonth, in.ExpiryHorizonMonth}, {&s.BackupKeep, in.BackupKeep}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	if in.AreaHourValues != nil {
		s.AreaHourValues = *in.AreaHourValues
	}
	if in.PublicSite != nil {
		s.PublicSite = *in.PublicSite
	}
}

func (s *Server) apiSettings(c fiber.Ctx) error {
	set, err := s.DB.Settings(c.Context())
	if err != nil {
		return err
	}
	return c.JSON(set)
}

// apiPatchSettings changes the settings named in the body; the whole is
// validated and saved in one transaction with its audit row.
func (s *Server) apiPatchSettings(c fiber.Ctx) error {
	set, err := s.DB.Settings(c.Context())
	if err != nil {
		return err
	}
	var in settingsInput
	if err := decodePatch(c, &in, set); err != nil {
		return err
	}
	in.apply(&set)
	if err := s.DB.SaveSettings(c.Context(), actorOf(c), set); err != nil {
		return err
	}
	saved, err := s.DB.Settings(c.Context())
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

var settingsDocs = []apiDoc{
	{"GET", "/api/v1/settings", "settings", "Every programme setting by name, public_site among them (admin)", nil, "", "Settings", 0},
	{"PATCH", "/api/v1/settings", "settings", "Change programme settings (admin); the whole is validated, public_site opens the public pages", nil, "Settings", "Settings", 0},
}

func init() {
	apiDocs = append(apiDocs, settingsDocs...)
	schemas["Settings"] = schemaSpec{value: models.Settings{}}
	schemas["SettingsInput"] = schemaSpec{value: settingsInput{}}
	schemas["Catalogue"] = schemaSpec{value: models.Catalogue{}, enums: map[string][]string{"service_area": models.ServiceAreas, "phase": models.Phases}}
}

// publicPaths describes the public JSON catalogue, which needs no login:
// the programme's website embeds it and other samla sites read it.
func publicPaths() map[string]map[string]any {
	return map[string]map[string]any{
		"/public/catalogue.json": {"get": map[string]any{
			"tags": []string{"public"}, "operationId": "getPublicCatalogue", "security": []map[string][]string{},
			"summary": "The public project catalogue (no login; 404 while the public pages are off). Cache-Control, ETag and If-None-Match (304) apply",
			"responses": map[string]any{
				"200": map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": schemaRef("Catalogue")}}},
				"304": map[string]any{"description": "Not modified since the ETag given in If-None-Match"},
				"404": map[string]any{"description": "The public pages are off"},
			},
		}},
	}
}
