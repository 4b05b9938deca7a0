package audit

import (
	"context"
	"slices"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

// listFixture is written in this order, so seq = index + 1.
var listFixture = []Entry{
	{ActorID: "alice", Action: "auth.login", Result: ResultSuccess},
	{ActorID: "bob", Action: "auth.login", Result: ResultFailure},
	{ActorID: "alice", Action: "user.create", ObjectType: "user", ObjectID: "bob", Result: ResultSuccess},
	{ActorID: "bob", Action: "case.read", ObjectType: "case", ObjectID: "c1", Result: ResultDenied},
	{ActorID: "alice", Action: "case.read", ObjectType: "case", ObjectID: "c1", Result: ResultSuccess},
	{ActorID: "alice", Action: "authx.weird", Result: ResultSuccess},
	{Action: "auth.logout", Result: ResultSuccess},
}

func TestListAndCount(t *testing.T) {
	tests := []struct {
		name string
		f    Filter
		want []int64 // seqs, newest first
	}{
		{"all", Filter{}, []int64{7, 6, 5, 4, 3, 2, 1}},
		{"actor", Filter{ActorID: "alice"}, []int64{6, 5, 3, 1}},
		{"action prefix", Filter{ActionPrefix: "auth."}, []int64{7, 2, 1}},
		{"prefix is literal", Filter{ActionPrefix: "auth%"}, nil},
		{"object", Filter{ObjectType: "case", ObjectID: "c1"}, []int64{5, 4}},
		{"result", Filter{Result: ResultDenied}, []int64{4}},
		{"combined", Filter{ActorID: "alice", ObjectType: "case"}, []int64{5}},
		{"limit", Filter{Limit: 2}, []int64{7, 6}},
		{"before", Filter{BeforeSeq: 3}, []int64{2, 1}},
		{"before with filter", Filter{ActorID: "alice", BeforeSeq: 5}, []int64{3, 1}},
		{"no match", Filter{ActorID: "nobody"}, nil},
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		l := newLog(d)
		for _, e := range listFixture {
			if err := l.Write(context.Background(), e); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				recs, err := l.List(context.Background(), tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if got := seqs(recs); !slices.Equal(got, tt.want) {
					t.Errorf("list %v, want %v", got, tt.want)
				}
				checkCount(t, l, tt.f)
			})
		}
	})
}

// checkCount asserts that Count agrees with an unpaged List.
func checkCount(t *testing.T, l *Log, f Filter) {
	t.Helper()
	f.BeforeSeq, f.Limit = 0, MaxLimit
	all, err := l.List(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	n, err := l.Count(context.Background(), f)
	if err != nil || n != int64(len(all)) {
		t.Errorf("count %d, %v; want %d", n, err, len(all))
	}
}

func TestKeysetPagination(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		l := newLog(d)
		writeN(t, l, 11)
		var got []int64
		f := Filter{Limit: 4}
		for {
			page, err := l.List(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			got = append(got, seqs(page)...)
			f.BeforeSeq = page[len(page)-1].Seq
		}
		want := []int64{11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
		if !slices.Equal(got, want) {
			t.Errorf("pages gave %v, want %v", got, want)
		}
	})
}

func seqs(recs []Record) []int64 {
	var s []int64
	for _, r := range recs {
		s = append(s, r.Seq)
	}
	return s
}
