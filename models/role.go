package models

// Role is what a user may do. See the role table in the README.
type Role string

const (
	RoleAdmin    Role = "admin"
	RoleEditor   Role = "editor"
	RoleLeader   Role = "leader"
	RoleSteering Role = "steering"
	RoleViewer   Role = "viewer"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleEditor, RoleLeader, RoleSteering, RoleViewer}

// Valid reports whether r is one of the five roles.
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
