package models

import (
	"encoding/json"
	"net/mail"
	"slices"
	"testing"
)

// Every form of recipient the validation accepts is kept whole: read
// from the form or JSON, stored (String), read back (ParseRecipients), it
// is the same addresses, never split at a space or a comma in a name.
func TestRecipientsRoundTrip(t *testing.T) {
	cases := []struct {
		typed string
		want  []string
	}{
		{"oyvind@example.no", []string{"oyvind@example.no"}},
		{"Øyvind Åsen <oyvind@example.no>", []string{"oyvind@example.no"}},
		{"<oyvind@example.no>", []string{"oyvind@example.no"}},
		{`"Åsen, Øyvind" <oyvind@example.no>`, []string{"oyvind@example.no"}},
		{`"Åsen; Øyvind" <oyvind@example.no>; kari@rana.kommune.no`, []string{"oyvind@example.no", "kari@rana.kommune.no"}},
		{`=?utf-8?q?=C3=98yvind_=C3=85sen?= <oyvind@example.no>`, []string{"oyvind@example.no"}},
		{"Kari Nordmann <Kari.Nordmann@Rana.Kommune.no>, ola@vefsn.kommune.no", []string{"kari.nordmann@rana.kommune.no", "ola@vefsn.kommune.no"}},
		{"a@x.no b@y.no", []string{"a@x.no", "b@y.no"}},
		{"a@x.no\nØyvind Åsen <oyvind@example.no>\r\nb@y.no", []string{"a@x.no", "oyvind@example.no", "b@y.no"}},
		{"a@x.no;b@y.no , c@z.no", []string{"a@x.no", "b@y.no", "c@z.no"}},
		{"oyvind@example.no (Øyvind Åsen)", []string{"oyvind@example.no"}},
		{"ærlig@example.no", []string{"ærlig@example.no"}},
		{"kari@kommune.example, \"Nordmann, Kari (IT)\" <kari2@kommune.example>", []string{"kari@kommune.example", "kari2@kommune.example"}},
	}
	for _, tc := range cases {
		r := ParseRecipients(tc.typed)
		if !slices.Equal(r.Addresses, tc.want) {
			t.Errorf("%q read as %q, want %q", tc.typed, r.Addresses, tc.want)
			continue
		}
		s := Schedule{Report: "portfolio", Cron: "0 7 1 * *", Lang: "nb", Recipients: r}
		if err := s.Validate(); err != nil {
			t.Errorf("%q: refused: %v", tc.typed, err)
		}
		back := ParseRecipients(r.String())
		if !slices.Equal(back.Addresses, tc.want) {
			t.Errorf("%q stored as %q, read back as %q", tc.typed, r.String(), back.Addresses)
		}
		// the same through JSON, one address per item
		list, err := mail.ParseAddressList(tc.typed)
		if err != nil {
			continue // not a list mail itself reads (spaces, semicolons, line breaks)
		}
		var items []string
		for _, a := range list {
			items = append(items, a.String())
		}
		b, _ := json.Marshal(items)
		var jr Recipients
		if err := json.Unmarshal(b, &jr); err != nil || !slices.Equal(jr.Addresses, tc.want) {
			t.Errorf("%q as JSON %s: %q (%v)", tc.typed, b, jr.Addresses, err)
		}
		if back := ParseRecipients(jr.String()); !slices.Equal(back.Addresses, tc.want) {
			t.Errorf("%q as JSON read back as %q", tc.typed, back.Addresses)
		}
	}
	// Not addresses: refused whole, not accepted in pieces.
	for _, bad := range []string{"Øyvind Åsen oyvind@example.no", "Øyvind Åsen", "oyvind@", `"Åsen, Øyvind <oyvind@example.no>`, "a@x.no, Kari"} {
		s := Schedule{Report: "portfolio", Cron: "0 7 1 * *", Lang: "nb", Recipients: ParseRecipients(bad)}
		if Fields(s.Validate())["recipients"] != "email" {
			t.Errorf("%q accepted as %q", bad, s.Recipients.Addresses)
		}
	}
}
