package auth_test

import (
	"slices"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// TestColleagues: the staff search finds enabled people of the given
// offices by a part of their name, case folded in any script, and nobody
// of another office.
func TestColleagues(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		add := func(email, name string, role perm.Role, office string) *auth.User {
			u, _, err := e.svc.CreateUser(e.ctx, auth.NewUser{Email: email, Name: name, Role: role, ScopeID: office}, setupActor)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		add("oz@example.org", "Özlem Özdemir", perm.Counselor, "office-1")
		add("lea@example.org", "Lea Özkan", perm.OfficeLead, "office-2")
		add("far@example.org", "Öznur Fern", perm.Counselor, "office-3")
		gone := add("gone@example.org", "Özgür Weg", perm.Counselor, "office-1")
		if err := e.svc.SetDisabled(e.ctx, gone.ID, true, setupActor); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name    string
			offices []string
			text    string
			want    []string
		}{
			{"lower case finds capital umlauts", []string{"office-1", "office-2"}, "öz", []string{"Lea Özkan", "Özlem Özdemir"}},
			{"upper case too", []string{"office-1"}, " ÖZDE ", []string{"Özlem Özdemir"}},
			{"another office's people are not found", []string{"office-1"}, "Fern", nil},
			{"disabled accounts are not found", []string{"office-1"}, "Weg", nil},
			{"empty text finds nobody", []string{"office-1"}, "  ", nil},
			{"no offices, nobody", nil, "öz", nil},
			{"LIKE symbols are plain text", []string{"office-1"}, "%", nil},
		}
		for _, c := range cases {
			got, err := e.svc.Colleagues(e.ctx, c.offices, c.text)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range got {
				names = append(names, p.Name)
				if len(p.Places) == 0 || !slices.Contains(c.offices, p.Places[0].OfficeID) {
					t.Errorf("%s: %s without a searched office: %+v", c.name, p.Name, p.Places)
				}
			}
			slices.Sort(names)
			if !slices.Equal(names, c.want) {
				t.Errorf("%s: found %q, want %q", c.name, names, c.want)
			}
		}
	})
}
