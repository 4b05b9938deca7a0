package db

import (
	"errors"
	"testing"
)

func TestInBatches(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name      string
		batches   []int
		failAt    int // index of the batch that fails, -1 for none
		wantTotal int
		wantCalls int
	}{
		{"empty backlog", []int{0}, -1, 0, 1},
		{"one partial batch", []int{3}, -1, 3, 1},
		{"full batches then a partial one", []int{5, 5, 2}, -1, 12, 3},
		{"full batches then an empty one", []int{5, 5, 0}, -1, 10, 3},
		{"failure stops and keeps the count", []int{5, 5, 5}, 1, 10, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			total, err := InBatches(5, func() (int, error) {
				i := calls
				calls++
				if i == tt.failAt {
					return tt.batches[i], boom
				}
				return tt.batches[i], nil
			})
			if total != tt.wantTotal || calls != tt.wantCalls || (tt.failAt >= 0) != errors.Is(err, boom) {
				t.Fatalf("total %d, calls %d, err %v; want %d, %d", total, calls, err, tt.wantTotal, tt.wantCalls)
			}
		})
	}
}
