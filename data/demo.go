package data

import (
	"context"
	"fmt"

	"samla/models"
)

// Demo scales: Digitale Helgeland, all of Nordland, and a national-size
// portfolio for benchmarks.
const (
	ScaleHelgeland = "helgeland"
	ScaleNordland  = "nordland"
	ScaleNational  = "national"
)

// ValidScale reports whether s names a demo scale.
func ValidScale(s string) bool {
	return s == ScaleHelgeland || s == ScaleNordland || s == ScaleNational
}

// DemoUser is a demo account with its password, printed for the demo only.
type DemoUser struct {
	Email, Password string
	Role            models.Role
}

// helgeland is the 16 municipalities of Digitale Helgeland (GLOSSARY.md).
var helgeland = []models.Municipality{
	{Number: "1811", Name: "Bindal", Population: 1400},
	{Number: "1812", Name: "Sømna", Population: 2000},
	{Number: "1813", Name: "Brønnøy", Population: 7900},
	{Number: "1815", Name: "Vega", Population: 1200},
	{Number: "1816", Name: "Vevelstad", Population: 450},
	{Number: "1818", Name: "Herøy", Population: 1800},
	{Number: "1820", Name: "Alstahaug", Population: 7400},
	{Number: "1822", Name: "Leirfjord", Population: 2300},
	{Number: "1824", Name: "Vefsn", Population: 13300},
	{Number: "1825", Name: "Grane", Population: 1450},
	{Number: "1826", Name: "Hattfjelldal (Aarborte)", Population: 1300},
	{Number: "1827", Name: "Dønna", Population: 1350},
	{Number: "1828", Name: "Nesna", Population: 1750},
	{Number: "1832", Name: "Hemnes", Population: 4485},
	{Number: "1833", Name: "Rana (Raane)", Population: 26500},
	{Number: "1835", Name: "Træna", Population: 450},
}

// restOfNordland completes the 41 municipalities of Nordland (approximate
// populations, demo only).
var restOfNordland = []models.Municipality{
	{Number: "1804", Name: "Bodø", Population: 53000},
	{Number: "1806", Name: "Narvik", Population: 21500},
	{Number: "1834", Name: "Lurøy", Population: 1850},
	{Number: "1836", Name: "Rødøy", Population: 1200},
	{Number: "1837", Name: "Meløy", Population: 6300},
	{Number: "1838", Name: "Gildeskål", Population: 1950},
	{Number: "1839", Name: "Beiarn", Population: 1000},
	{Number: "1840", Name: "Saltdal", Population: 4650},
	{Number: "1841", Name: "Fauske", Population: 9800},
	{Number: "1845", Name: "Sørfold", Population: 1900},
	{Number: "1848", Name: "Steigen", Population: 2500},
	{Number: "1851", Name: "Lødingen", Population: 2050},
	{Number: "1853", Name: "Evenes", Population: 1400},
	{Number: "1856", Name: "Røst", Population: 450},
	{Number: "1857", Name: "Værøy", Population: 700},
	{Number: "1859", Name: "Flakstad", Population: 1250},
	{Number: "1860", Name: "Vestvågøy", Population: 11600},
	{Number: "1865", Name: "Vågan", Population: 9700},
	{Number: "1866", Name: "Hadsel", Population: 8100},
	{Number: "1867", Name: "Bø", Population: 2500},
	{Number: "1868", Name: "Øksnes", Population: 4500},
	{Number: "1870", Name: "Sortland", Population: 10700},
	{Number: "1871", Name: "Andøy", Population: 4600},
	{Number: "1874", Name: "Moskenes", Population: 1000},
	{Number: "1875", Name: "Hamarøy", Population: 2750},
}

// DemoMunicipalities returns the municipalities of a scale. The national
// scale adds synthetic municipalities (numbered outside Nordland's 18xx) up
// to Norway's 357.
func DemoMunicipalities(scale string) []models.Municipality {
	out := append([]models.Municipality{}, helgeland...)
	if scale != ScaleHelgeland {
		out = append(out, restOfNordland...)
	}
	counties := []int{3, 11, 15, 31, 32, 33, 34, 39, 40, 42, 46, 50, 55, 56}
	for i := 0; scale == ScaleNational && len(out) < 357; i++ {
		county := counties[i%len(counties)]
		nr := fmt.Sprintf("%02d%02d", county, 1+i/len(counties))
		out = append(out, models.Municipality{Number: nr, Name: "Demokommune " + nr, Population: int64(800 + (i*7919)%60000)})
	}
	for i := range out {
		out[i].PopulationDate = models.MustDate("2024-01-01")
	}
	return out
}

// demoUsers has one user per role; the viewer is Rana's director.
var demoUsers = []struct {
	models.User
	password string
}{
	{models.User{Email: "admin@samla.example", Name: "Ada Administrator", Role: models.RoleAdmin}, "demo-admin-passord"},
	{models.User{Email: "programkontor@samla.example", Name: "Per Programkontor", Role: models.RoleEditor}, "demo-editor-passord"},
	{models.User{Email: "prosjektleder@samla.example", Name: "Liv Prosjektleder", Role: models.RoleLeader, Municipality: "1824"}, "demo-leader-passord"},
	{models.User{Email: "styringsgruppe@samla.example", Name: "Sigrid Styringsgruppe", Role: models.RoleSteering, Municipality: "1820"}, "demo-steering-passord"},
	{models.User{Email: "kommunedirektor@samla.example", Name: "Kari Kommunedirektør", Role: models.RoleViewer, Municipality: "1833"}, "demo-viewer-passord"},
	{models.User{Email: "kommunekontakt@samla.example", Name: "Tone Træna", Role: models.RoleContact, Municipality: "1835"}, "demo-contact-passord"},
}

// DemoLeaderPassword is the password of the extra demo project leaders.
const DemoLeaderPassword = "demo-leder-passord"

// IsEmpty reports whether the database has neither municipalities nor users.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM municipalities) + (SELECT count(*) FROM users)`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("data: check empty: %w", err)
	}
	return n == 0, nil
}

// ErrNotEmpty is returned when demo data would mix with real data.
var ErrNotEmpty = models.Errorf(models.ECONFLICT, "the database is not empty; demo data goes only into an empty database")

// LoadDemo fills an empty database with the demo portfolio of a scale, in
// one transaction, and returns the demo users with their passwords.
func (db *DB) LoadDemo(ctx context.Context, scale string) ([]DemoUser, error) {
	if !ValidScale(scale) {
		return nil, models.FieldErrors{"scale": "choice"}.Err()
	}
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, ErrNotEmpty
	}
	var users []DemoUser
	err = db.Update(ctx, models.System, func(tx *Tx) error {
		muns := DemoMunicipalities(scale)
		for _, m := range muns {
			m.Member = true
			if err := tx.CreateMunicipality(m); err != nil {
				return fmt.Errorf("demo municipality %s: %w", m.Number, err)
			}
		}
		for _, d := range demoUsers {
			if _, err := tx.CreateUser(d.User, d.password); err != nil {
				return fmt.Errorf("demo user %s: %w", d.Email, err)
			}
			users = append(users, DemoUser{Email: d.Email, Password: d.password, Role: d.Role})
		}
		hash, err := models.HashPassword(DemoLeaderPassword)
		if err != nil {
			return err
		}
		if err := tx.loadDemoProjects(scale, muns, hash); err != nil {
			return err
		}
		if err := tx.loadDemoProcurements(scale, muns); err != nil {
			return err
		}
		if err := tx.loadDemoBenefits(scale); err != nil {
			return err
		}
		if err := tx.loadDemoRollout(muns); err != nil {
			return err
		}
		if err := tx.loadDemoMoney(muns); err != nil {
			return err
		}
		if err := tx.loadDemoSteering(); err != nil {
			return err
		}
		if err := tx.loadDemoIdeas(); err != nil {
			return err
		}
		if err := tx.loadDemoPublic(); err != nil {
			return err
		}
		// The project leader and Rana's director want the weekly digest.
		if _, err := tx.ExecContext(tx.ctx, `UPDATE users SET digest = 'weekly' WHERE email IN ('prosjektleder@samla.example', 'kommunedirektor@samla.example')`); err != nil {
			return err
		}
		if err := tx.loadDemoMaturity(muns); err != nil {
			return err
		}
		if err := tx.loadDemoHome(); err != nil {
			return err
		}
		return tx.loadDemoBodies()
	})
	return users, err
}
