package api

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

// BenchmarkLimiter compares one admission decision of the in-memory limiter
// (the baseline: SQLite, one server) with the shared one on PostgreSQL
// (one statement per API request), over 1,000 client keys, 8 in parallel.
// docs/BENCHMARKS.md has the figures.
func BenchmarkLimiter(b *testing.B) {
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = "203.0.113." + strconv.Itoa(i)
	}
	run := func(b *testing.B, l Limiter) {
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				if _, _, err := l.Allow(context.Background(), keys[i%len(keys)]); err != nil {
					b.Error(err)
					return
				}
				i++
			}
		})
	}
	b.Run("memory", func(b *testing.B) { run(b, newLimiter(1e6, 1e6, time.Now)) })
	b.Run("postgres", func(b *testing.B) {
		s, err := NewSharedLimiter(dbtest.Postgres(b), []byte("0123456789abcdef0123456789abcdef"), 1e6, 1e6, time.Now)
		if err != nil {
			b.Fatal(err)
		}
		run(b, s)
	})
}
