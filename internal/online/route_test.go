package online_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// TestRouting: an enquiry goes to the nearest office that takes the
// program and speaks the language; else to a pool; only counselors with
// keys receive it; bad enquiries are refused field by field.
func TestRouting(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		cases := []struct {
			name      string
			e         online.Enquiry
			pool      string
			office    string
			receivers []string
			field     string
			err       error
		}{
			{name: "Arabic near Hannover: office A", e: enquiry, pool: online.PoolOffice, office: fx.officeA,
				receivers: []string{fx.a1.UserID(), fx.a2.UserID()}},
			{name: "Turkish near Göttingen: office B", e: online.Enquiry{Topic: "work", Postcode: "37073", AgeGroup: online.AgeAdult, Lang: "tr"},
				pool: online.PoolOffice, office: fx.officeB, receivers: []string{fx.b1.UserID()}},
			{name: "Turkish near Hannover, nobody near speaks it: the region's pool",
				e:    online.Enquiry{Topic: "work", Postcode: "30159", AgeGroup: online.AgeAdult, Lang: "tr"},
				pool: online.PoolRegion, receivers: []string{fx.a1.UserID(), fx.a2.UserID()}},
			{name: "no postcode: the state's pool", e: online.Enquiry{Topic: "work", AgeGroup: online.AgeAdult, Lang: "ar"},
				pool: online.PoolState, receivers: []string{fx.a1.UserID(), fx.a2.UserID(), fx.b1.UserID()}},
			{name: "nobody takes JMD", e: online.Enquiry{Topic: "work", AgeGroup: online.AgeYoung, Lang: "ar"}, err: online.ErrNobody},
			{name: "postcode malformed", e: online.Enquiry{Topic: "work", Postcode: "3015", AgeGroup: online.AgeAdult, Lang: "ar"}, field: "postcode"},
			{name: "postcode unknown", e: online.Enquiry{Topic: "work", Postcode: "00000", AgeGroup: online.AgeAdult, Lang: "ar"}, field: "postcode"},
			{name: "no age group", e: online.Enquiry{Topic: "work", Lang: "ar"}, field: "age_group"},
			{name: "unknown topic", e: online.Enquiry{Topic: "nope", AgeGroup: online.AgeAdult, Lang: "ar"}, field: "topic"},
			{name: "bad language", e: online.Enquiry{Topic: "work", AgeGroup: online.AgeAdult, Lang: "A'R"}, field: "lang"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r, err := fx.s.RouteOf(ctx, c.e)
				var problems valid.Errors
				switch {
				case c.field != "":
					if !errors.As(err, &problems) || !problems.Has(c.field) {
						t.Fatalf("err = %v, want a problem with %s", err, c.field)
					}
					return
				case c.err != nil:
					if !errors.Is(err, c.err) {
						t.Fatalf("err = %v, want %v", err, c.err)
					}
					return
				case err != nil:
					t.Fatal(err)
				}
				if r.Pool != c.pool || r.OfficeID != c.office {
					t.Errorf("route = %s %q, want %s %q", r.Pool, r.OfficeID, c.pool, c.office)
				}
				var got []string
				for _, s := range r.Staff {
					got = append(got, s.ID)
				}
				slices.Sort(got)
				want := slices.Clone(c.receivers)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("receivers = %v, want %v (only counselors with keys)", got, want)
				}
			})
		}
	})
}
