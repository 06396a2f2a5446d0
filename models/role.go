package models

// Role is what a user may do. See the role table in the README.
type Role string

const (
	RoleAdmin    Role = "admin"
	RoleEditor   Role = "editor"
	RoleLeader   Role = "leader"
	RoleSteering Role = "steering"
	RoleViewer   Role = "viewer"
	// RoleContact (kommunekontakt) is bound to one municipality: reads what a
	// viewer reads, reports the municipality's rollout and its benefit
	// measurements.
	RoleContact Role = "contact"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleEditor, RoleLeader, RoleSteering, RoleViewer, RoleContact}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// In reports whether r is one of roles.
func (r Role) In(roles ...Role) bool {
	for _, x := range roles {
		if r == x {
			return true
		}
	}
	return false
}

// IsAdmin: users, tokens, schedules, settings, municipalities.
func (r Role) IsAdmin() bool { return r == RoleAdmin }

// EditsPortfolio: create and change all portfolio content.
func (r Role) EditsPortfolio() bool { return r.In(RoleAdmin, RoleEditor) }

// RecordsSteering: meetings, cases, decisions and action items.
func (r Role) RecordsSteering() bool { return r.In(RoleAdmin, RoleEditor, RoleSteering) }

// CanEditRollout: editors and admins change any municipality's rollout; a
// municipal contact changes their own municipality's.
func CanEditRollout(u *User, municipality string) bool {
	if u == nil {
		return false
	}
	return u.Role.EditsPortfolio() || u.Role == RoleContact && u.Municipality != "" && u.Municipality == municipality
}

// CanRecordMeasurement: who may record a measurement of a project's benefit
// for a municipality ("" for the whole programme): those who edit the
// project, and a municipal contact for their own municipality.
func CanRecordMeasurement(u *User, p *Project, municipality string) bool {
	if CanEditProject(u, p) {
		return true
	}
	return u != nil && u.Role == RoleContact && municipality != "" && u.Municipality == municipality
}
