package models

import (
	"net/url"
	"strings"
	"time"
)

// Provider is an OpenID Connect identity provider that a municipality's
// staff sign in with (Entra ID, Feide, Google Workspace, …).
type Provider struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Issuer   string `json:"issuer"`
	ClientID string `json:"client_id"`
	// Municipality new users belong to ("" for the programme office).
	Municipality string `json:"municipality"`
	// Domains are the e-mail domains its users have; a user with one of
	// them is linked to an existing account by e-mail.
	Domains     []string `json:"domains"`
	DefaultRole Role     `json:"default_role"`
	// GroupsClaim names the claim with the user's groups or roles, and
	// GroupRoles maps its values to samla roles (the most powerful wins).
	GroupsClaim string          `json:"groups_claim"`
	GroupRoles  map[string]Role `json:"group_roles"`
	// PasswordOff refuses password login for the provider's users.
	PasswordOff bool      `json:"password_off"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks a provider.
func (p *Provider) Validate() error {
	f := FieldErrors{}
	requireText(f, "name", &p.Name, 100)
	// Kept exactly as the provider publishes it: a trailing slash is part
	// of the issuer (ORY Hydra, Auth0), and tokens must name it the same.
	p.Issuer = TrimText(p.Issuer)
	if u, err := url.Parse(p.Issuer); err != nil || u.Host == "" || u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname())) {
		f.Add("issuer", "url")
	}
	requireText(f, "client_id", &p.ClientID, 300)
	if p.Municipality != "" && !ValidMunicipalityNumber(p.Municipality) {
		f.Add("municipality", "four_digits")
	}
	for i, d := range p.Domains {
		p.Domains[i] = strings.ToLower(strings.TrimPrefix(TrimText(d), "@"))
		if !strings.Contains(p.Domains[i], ".") || strings.ContainsAny(p.Domains[i], " @/") {
			f.Add("domains", "domain")
		}
	}
	if p.DefaultRole == "" {
		p.DefaultRole = RoleViewer
	}
	if !p.DefaultRole.Valid() || p.DefaultRole == RoleAdmin {
		f.Add("default_role", "choice")
	}
	if p.DefaultRole == RoleContact && p.Municipality == "" {
		f.Add("default_role", "needs_municipality")
	}
	for _, r := range p.GroupRoles {
		if !r.Valid() {
			f.Add("group_roles", "choice")
		}
	}
	return f.Err()
}

func loopback(host string) bool { return host == "localhost" || host == "127.0.0.1" || host == "::1" }

// DomainAllowed reports whether an e-mail address is in one of the
// provider's domains.
func (p Provider) DomainAllowed(email string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	domain := strings.ToLower(email[at+1:])
	for _, d := range p.Domains {
		if domain == d {
			return true
		}
	}
	return false
}

// RoleFor is the role a user of the provider gets: the most powerful one
// their groups map to, else the default role. A group never makes an admin.
func (p Provider) RoleFor(groups []string) Role {
	best := -1
	for _, g := range groups {
		r, ok := p.GroupRoles[g]
		if !ok || r == RoleAdmin {
			continue
		}
		for i, x := range Roles {
			if x == r && (best < 0 || i < best) {
				best = i
			}
		}
	}
	if best >= 0 {
		return Roles[best]
	}
	return p.DefaultRole
}

// EntraIssuerTemplate is Microsoft Entra ID's multi-tenant issuer: the
// discovery document names the issuer with {tenantid}, and each token has
// its tenant's own.
const EntraIssuerTemplate = "{tenantid}"

// IssuerMatches checks a token's issuer against the provider's: equal, or,
// for a multi-tenant (Entra ID "common" or "organizations") issuer, the
// tenant's issuer of the same form with the token's tenant id.
func IssuerMatches(configured, discovered, tokenIssuer, tenantID string) bool {
	if tokenIssuer == configured || tokenIssuer == discovered {
		return true
	}
	if strings.Contains(discovered, EntraIssuerTemplate) && tenantID != "" {
		return tokenIssuer == strings.Replace(discovered, EntraIssuerTemplate, tenantID, 1)
	}
	return false
}
