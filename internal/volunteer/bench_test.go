package volunteer_test

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkProposals measures the proposals for one request in a region
// with 1,000 confirmed volunteers (every second one speaks the language
// asked for, all available then), on each engine (PostgreSQL when
// KMN_TEST_POSTGRES is set), beside one trivial statement through the
// same pool.
func BenchmarkProposals(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			fx := newFixture(b, engine == "postgres")
			ctx := context.Background()
			for i := range 1000 {
				lang := []string{"ar", "fa"}[i%2]
				in := signUp(fmt.Sprintf("v%d@example.org", i), lang, "30159")
				id, err := fx.s.Enrol(ctx, fx.coord, in)
				if err != nil {
					b.Fatal(err)
				}
				if err := fx.s.Confirm(ctx, fx.coord, id, true, ""); err != nil {
					b.Fatal(err)
				}
			}
			req := fx.request(b, "ar", fx.at(3, 10))
			b.Run("trivial", func(b *testing.B) {
				for b.Loop() {
					var one int
					if err := fx.srv.App.DB.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("proposals", func(b *testing.B) {
				for b.Loop() {
					ps, _, err := fx.s.Proposals(ctx, fx.counselor, req)
					if err != nil || len(ps) != 500 {
						b.Fatalf("%d proposals, %v", len(ps), err)
					}
				}
			})
		})
	}
}
