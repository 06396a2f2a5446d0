package handlers

import (
	"context"

	"samla/models"
	"samla/outbound"
)

// outboundReasons turns the guard's refusals into field-error reasons the
// views translate.
var outboundReasons = map[string]string{
	"address_not_allowed": "address_not_allowed",
	"host":                "numeric_host",
	"scheme":              "webhook",
	"url":                 "webhook",
	"redirect":            "address_not_allowed",
}

// checkOutbound adds field's error when the guard refuses the address. A
// name that cannot be looked up now is let through: the guard's dialer
// checks the address it resolves to whenever samla connects.
func (s *Server) checkOutbound(ctx context.Context, f models.FieldErrors, field, raw string) {
	if _, bad := f[field]; bad {
		return
	}
	e := outbound.AsError(s.cfg.Outbound.CheckURL(ctx, raw))
	if e == nil || e.Code == "unresolvable" {
		return
	}
	reason, ok := outboundReasons[e.Code]
	if !ok {
		reason = "address_not_allowed"
	}
	f.Add(field, reason)
}
