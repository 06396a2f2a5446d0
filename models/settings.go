package models

import "strconv"

// Settings are programme-wide values an administrator can change.
type Settings struct {
	ProgrammeName      string `json:"programme_name"`
	HoursPerFTE        int64  `json:"hours_per_fte"`
	ReportDeadlineDay  int    `json:"report_deadline_day"`
	NationalThreshold  int64  `json:"national_threshold_nok"`
	EEAThreshold       int64  `json:"eea_threshold_nok"`
	ExpiryHorizonMonth int    `json:"expiry_horizon_months"`
	// HourValueNOK is what an hour freed is worth, unless the service area
	// (AreaHourValues, in the order of ServiceAreas; 0: none) or the benefit says otherwise.
	HourValueNOK int64 `json:"hour_value_nok"`
	// BackupDir is where the nightly backup goes (relative: beside the
	// database); BackupKeep how many backups are kept.
	BackupDir      string   `json:"backup_dir"`
	BackupKeep     int      `json:"backup_keep"`
	AreaHourValues [8]int64 `json:"area_hour_values_nok"`
	// PublicSite opens the public pages (/public, offentleglova); off by default.
	PublicSite bool `json:"public_site"`
}

// HourValueFor is the value of an hour in a service area.
func (s Settings) HourValueFor(area string) int64 {
	for i, a := range ServiceAreas {
		if a == area && s.AreaHourValues[i] > 0 {
			return s.AreaHourValues[i]
		}
	}
	return s.HourValueNOK
}

// DefaultSettings are the values a new database starts with.
func DefaultSettings() Settings {
	return Settings{
		ProgrammeName:      "Digitale Helgeland",
		HoursPerFTE:        1695,
		ReportDeadlineDay:  10,
		NationalThreshold:  1_300_000,
		EEAThreshold:       2_300_000,
		ExpiryHorizonMonth: 9,
		HourValueNOK:       600,
		BackupDir:          "backups",
		BackupKeep:         7,
	}
}

// Validate checks settings as a whole.
func (s *Settings) Validate() error {
	f := FieldErrors{}
	if trimmed(s.ProgrammeName) == "" {
		f.Add("programme_name", "required")
	}
	refuseBidi(f, "programme_name", s.ProgrammeName)
	if s.HoursPerFTE < 1 || s.HoursPerFTE > 8784 {
		f.Add("hours_per_fte", "range")
	}
	if s.ReportDeadlineDay < 1 || s.ReportDeadlineDay > 28 {
		f.Add("report_deadline_day", "range")
	}
	kroner(f, "national_threshold_nok", s.NationalThreshold)
	kroner(f, "eea_threshold_nok", s.EEAThreshold)
	if s.EEAThreshold < s.NationalThreshold {
		f.Add("eea_threshold_nok", "range")
	}
	if s.ExpiryHorizonMonth < 1 || s.ExpiryHorizonMonth > 60 {
		f.Add("expiry_horizon_months", "range")
	}
	if trimmed(s.BackupDir) == "" {
		f.Add("backup_dir", "required")
	}
	if s.BackupKeep < 1 || s.BackupKeep > 365 {
		f.Add("backup_keep", "range")
	}
	kroner(f, "hour_value_nok", s.HourValueNOK)
	for i, v := range s.AreaHourValues {
		kroner(f, "hour_value_nok."+ServiceAreas[i], v)
		if v > MaxHourValue {
			f.Add("hour_value_nok."+ServiceAreas[i], "range")
		}
	}
	if s.HourValueNOK > MaxHourValue {
		f.Add("hour_value_nok", "range")
	}
	return f.Err()
}

// Map returns the settings as key/value strings for storage.
func (s Settings) Map() map[string]string {
	m := map[string]string{
		"programme_name":         s.ProgrammeName,
		"hours_per_fte":          strconv.FormatInt(s.HoursPerFTE, 10),
		"report_deadline_day":    strconv.Itoa(s.ReportDeadlineDay),
		"national_threshold_nok": strconv.FormatInt(s.NationalThreshold, 10),
		"eea_threshold_nok":      strconv.FormatInt(s.EEAThreshold, 10),
		"expiry_horizon_months":  strconv.Itoa(s.ExpiryHorizonMonth),
		"hour_value_nok":         strconv.FormatInt(s.HourValueNOK, 10),
		"backup_dir":             s.BackupDir,
		"backup_keep":            strconv.Itoa(s.BackupKeep),
		"public_site":            strconv.FormatBool(s.PublicSite),
	}
	for i, a := range ServiceAreas {
		m["hour_value_nok."+a] = strconv.FormatInt(s.AreaHourValues[i], 10)
	}
	return m
}

// SettingsFromMap reads stored settings over the defaults; unknown or
// unreadable values keep their default.
func SettingsFromMap(m map[string]string) Settings {
	s := DefaultSettings()
	if v, ok := m["programme_name"]; ok && v != "" {
		s.ProgrammeName = v
	}
	readInt64(m, "hours_per_fte", &s.HoursPerFTE)
	readInt64(m, "national_threshold_nok", &s.NationalThreshold)
	readInt64(m, "eea_threshold_nok", &s.EEAThreshold)
	readInt(m, "report_deadline_day", &s.ReportDeadlineDay)
	readInt(m, "expiry_horizon_months", &s.ExpiryHorizonMonth)
	readInt64(m, "hour_value_nok", &s.HourValueNOK)
	readInt(m, "backup_keep", &s.BackupKeep)
	if v := m["backup_dir"]; v != "" {
		s.BackupDir = v
	}
	for i, a := range ServiceAreas {
		readInt64(m, "hour_value_nok."+a, &s.AreaHourValues[i])
	}
	s.PublicSite, _ = strconv.ParseBool(m["public_site"])
	return s
}

func readInt64(m map[string]string, k string, dst *int64) {
	if v, err := strconv.ParseInt(m[k], 10, 64); err == nil {
		*dst = v
	}
}

func readInt(m map[string]string, k string, dst *int) {
	if v, err := strconv.Atoi(m[k]); err == nil {
		*dst = v
	}
}
