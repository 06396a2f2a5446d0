package models

import "testing"

func TestProviderRules(t *testing.T) {
	p := Provider{Name: "Rana kommune", Issuer: " https://login.microsoftonline.com/abc/v2.0/ ", ClientID: "x", Municipality: "1833",
		Domains: []string{"@Rana.Kommune.no"}, GroupRoles: map[string]Role{"samla-redaktor": RoleEditor, "samla-admin": RoleAdmin, "samla-leder": RoleLeader}}
	if err := p.Validate(); err != nil || p.Issuer != "https://login.microsoftonline.com/abc/v2.0/" || p.DefaultRole != RoleViewer {
		t.Fatalf("%v %+v", err, p)
	}
	if !p.DomainAllowed("kari@rana.kommune.no") || p.DomainAllowed("kari@vefsn.kommune.no") {
		t.Error("domains")
	}
	if p.RoleFor([]string{"samla-leder", "samla-redaktor"}) != RoleEditor || p.RoleFor([]string{"samla-admin"}) != RoleViewer {
		t.Error("roles from groups: the most powerful, never admin")
	}
	bad := Provider{Name: "", Issuer: "ftp://x", Domains: []string{"no domain"}, DefaultRole: RoleAdmin}
	f := Fields(bad.Validate())
	for _, k := range []string{"name", "issuer", "client_id", "domains", "default_role"} {
		if f[k] == "" {
			t.Errorf("%s not named: %v", k, f)
		}
	}
	common := "https://login.microsoftonline.com/{tenantid}/v2.0"
	if !IssuerMatches("https://login.microsoftonline.com/common/v2.0", common, "https://login.microsoftonline.com/t-123/v2.0", "t-123") ||
		IssuerMatches("https://login.microsoftonline.com/common/v2.0", common, "https://login.microsoftonline.com/other/v2.0", "t-123") {
		t.Error("Entra multi-tenant issuer")
	}
}
