package models

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("riktig hest batteri")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash format: %s", h)
	}
	h2, _ := HashPassword("riktig hest batteri")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		hash, pw string
		ok       bool
	}{
		{h, "riktig hest batteri", true},
		{h, "riktig hest batteri ", false},
		{h, "", false},
		{"", "x", false},
		{"$argon2id$v=19$m=19456,t=2,p=1$!!$!!", "x", false},
		{"$bcrypt$whatever", "x", false},
	} {
		if got := CheckPassword(tc.hash, tc.pw); got != tc.ok {
			t.Errorf("CheckPassword(%.30q, %q) = %v", tc.hash, tc.pw, got)
		}
	}
}

func TestRoles(t *testing.T) {
	cases := []struct {
		role                       Role
		admin, portfolio, steering bool
	}{
		{RoleAdmin, true, true, true},
		{RoleEditor, false, true, true},
		{RoleLeader, false, false, false},
		{RoleSteering, false, false, true},
		{RoleViewer, false, false, false},
	}
	for _, c := range cases {
		if !c.role.Valid() || c.role.IsAdmin() != c.admin || c.role.EditsPortfolio() != c.portfolio || c.role.RecordsSteering() != c.steering {
			t.Errorf("%s: wrong rights", c.role)
		}
	}
	if Role("root").Valid() {
		t.Error("unknown role valid")
	}
}

func TestUserValidation(t *testing.T) {
	for _, c := range []struct {
		u      User
		fields []string
	}{
		{User{Email: "a@b.no", Name: "A", Role: RoleViewer}, nil},
		{User{Email: "admin@localhost", Name: "A", Role: RoleAdmin}, nil},
		{User{Email: "", Name: "", Role: ""}, []string{"email", "name", "role"}},
		{User{Email: "Ola <ola@b.no>", Name: "Ola", Role: RoleViewer}, []string{"email"}},
		{User{Email: "ola@b.no", Name: "Ola", Role: RoleViewer, Municipality: "18"}, []string{"municipality"}},
	} {
		f := Fields(c.u.Validate())
		if len(f) != len(c.fields) {
			t.Errorf("%+v: fields %v, want %v", c.u, f, c.fields)
		}
		for _, k := range c.fields {
			if f[k] == "" {
				t.Errorf("%+v: %s not named", c.u, k)
			}
		}
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	s := DefaultSettings()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	s.ProgrammeName, s.HoursPerFTE = "DigiNordland", 1700
	s.HourValueNOK, s.AreaHourValues[2], s.BackupDir, s.BackupKeep = 650, 720, "/var/backups/samla", 14
	if got := SettingsFromMap(s.Map()); got != s {
		t.Fatalf("round trip: %+v", got)
	}
	if got := SettingsFromMap(map[string]string{"hours_per_fte": "lots"}); got.HoursPerFTE != 1695 {
		t.Fatalf("unreadable value should keep the default: %d", got.HoursPerFTE)
	}
	s.EEAThreshold = 1
	if Fields(s.Validate())["eea_threshold_nok"] == "" {
		t.Fatal("EEA threshold below national accepted")
	}
}

func TestAreaHourValuesMatchServiceAreas(t *testing.T) {
	var s Settings
	if len(s.AreaHourValues) != len(ServiceAreas) {
		t.Fatalf("%d area hour values for %d service areas", len(s.AreaHourValues), len(ServiceAreas))
	}
	s = DefaultSettings()
	s.AreaHourValues[0] = 750
	if s.HourValueFor("health_care") != 750 || s.HourValueFor("education") != 600 {
		t.Fatal("hour value per area")
	}
}

func TestParseCron(t *testing.T) {
	for _, ok := range []string{"0 7 1 * *", "*/15 * * * *", "30 2 * * 1-5"} {
		if _, err := ParseCron(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "CRON_TZ=Europe/Oslo", "CRON_TZ=Europe/Oslo 0 7 * * *", "TZ=UTC 0 7 * * *", "@every 1h", "@daily", "0 7 * *", "0 0 7 1 * *", "61 * * * *", "x y z w v"} {
		if _, err := ParseCron(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
