package online_test

import (
	"context"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/online"
)

// BenchmarkPost is one message into an open conversation through the store
// (SQLite; sequence check, insert, notification rule, live signal). The
// HTTP figure with 1,000 conversations and 50 senders is `kmn bench
// --online 1000` (docs/BENCHMARKS.md).
func BenchmarkPost(b *testing.B) {
	fx := newFixture(b, false)
	ctx := context.Background()
	c := fx.signUp(b, "Bench")
	id, ck := fx.start(b, c, enquiry, "eins")
	msgs := make([]online.Message, b.N)
	for i := range msgs {
		msgs[i] = encrypt(b, ck, id, i+2, c.ID, "Eine Nachricht für den Benchmark.")
	}
	pt := online.ClientParty(c.ID)
	b.ResetTimer()
	for i := range b.N {
		if err := fx.s.Post(ctx, pt, id, msgs[i]); err != nil {
			b.Fatal(err)
		}
	}
}
