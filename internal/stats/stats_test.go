package stats_test

import (
	"context"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/stats"
	"github.com/kmn-niedersachsen/kmn/internal/stats/disclose"
)

// forEachEngine runs fn on the demo data (4,000 files spread over the
// state, the demo office's caseload) on SQLite and on PostgreSQL.
func forEachEngine(t *testing.T, fn func(t *testing.T, srv *apptest.Server)) {
	for _, engine := range []struct {
		name string
		pg   bool
	}{{"sqlite", false}, {"postgres", true}} {
		t.Run(engine.name, func(t *testing.T) {
			srv := apptest.Start(t, apptest.Options{Demo: true, Postgres: engine.pg})
			if err := srv.App.LoadDemo(context.Background()); err != nil {
				t.Fatal(err)
			}
			fn(t, srv)
		})
	}
}

// principal is demo account i's principal.
func principal(t *testing.T, srv *apptest.Server, i int) auth.Principal {
	t.Helper()
	ctx := context.Background()
	u, err := auth.UserByEmail(ctx, srv.App.DB, app.DemoAccounts[i].Email)
	if err != nil {
		t.Fatal(err)
	}
	p, err := srv.App.Auth.PrincipalOf(ctx, u.ID, auth.Client{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSnapshot checks the figures of this year against the records and
// the rules: every published cell is the true count, no published cell
// counts 1–4 clients, each view of a unit shows the same cells (the
// region coordinator's and the ministry's), and an attacker who
// propagates the published cells through the tables' equations pins no
// hidden cell.
func TestSnapshot(t *testing.T) {
	forEachEngine(t, func(t *testing.T, srv *apptest.Server) {
		ctx := context.Background()
		snap, err := srv.App.Stats.Snapshot(ctx, stats.YearPeriod(srv.App.Clock.Today().Year()))
		if err != nil {
			t.Fatal(err)
		}
		ministry := stats.ViewerOf(principal(t, srv, 1))
		coordinator := stats.ViewerOf(principal(t, srv, 2))
		state, err := snap.Scope(ministry, stats.StateLevel, "")
		if err != nil {
			t.Fatal(err)
		}
		if n := snap.Total(stats.Clients, state); n.Hidden || n.N < 1000 {
			t.Fatalf("statewide clients %+v: the demo has thousands", n)
		}
		region, err := snap.Scope(coordinator, stats.RegionLevel, "braunschweig")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := snap.Scope(coordinator, stats.RegionLevel, "hannover"); err != stats.ErrNotFound {
			t.Errorf("coordinator sees another region: %v", err)
		}
		if _, err := snap.Scope(coordinator, stats.StateLevel, ""); err != stats.ErrNotFound {
			t.Errorf("coordinator sees the state: %v", err)
		}
		hidden := 0
		for _, f := range stats.Families {
			tab, res := snap.Protected(f)
			hidden += attack(t, f, tab, res)
			for _, d := range stats.Dims(f) {
				all := snap.Figure(f, d, state, 3)
				byUnit := map[stats.Unit][]stats.Cell{}
				for _, r := range all.Rows {
					byUnit[r.Unit] = r.Cells
					for _, c := range r.Cells {
						if !c.Hidden && c.N > 0 && c.N < disclose.MinCount {
							t.Errorf("%s/%s %s: published %d", f, d, r.Name, c.N)
						}
					}
				}
				for _, r := range snap.Figure(f, d, region, 3).Rows {
					for i, c := range r.Cells {
						if c != byUnit[r.Unit][i] {
							t.Errorf("%s/%s %s col %d: coordinator %+v, ministry %+v", f, d, r.Name, i, c, byUnit[r.Unit][i])
						}
					}
				}
			}
		}
		if hidden == 0 {
			t.Error("nothing hidden: the demo's small offices should show suppressed cells")
		}
		checkTrueCounts(t, srv, snap, state)
	})
}

// attack bounds every cell by the published cells and the equations (an
// attacker with the table and whole, non-negative counts) and fails on a
// hidden cell pinned to one value; it returns the number hidden.
func attack(t *testing.T, f stats.Family, tab *disclose.Table, res *disclose.Result) int {
	t.Helper()
	eqs := tab.Equations()
	rows, cols := 0, 0
	for _, eq := range eqs {
		for _, x := range append(eq.Terms, eq.Total) {
			rows, cols = max(rows, x[0]+1), max(cols, x[1]+1)
		}
	}
	lo, hi := make([][]int, rows), make([][]int, rows)
	grand := tab.Count(0, cols-1)
	hidden := 0
	for r := range rows {
		lo[r], hi[r] = make([]int, cols), make([]int, cols)
		for c := range cols {
			if n, ok := res.Value(r, c); ok {
				lo[r][c], hi[r][c] = n, n
			} else {
				hi[r][c] = grand
				hidden++
			}
		}
	}
	disclose.Propagate(eqs, lo, hi)
	for r := range rows {
		for c := range cols {
			if res.Hidden(r, c) && lo[r][c] == hi[r][c] {
				t.Errorf("%s: hidden cell [%d,%d] is %d for anyone who adds up", f, r, c, lo[r][c])
			}
		}
	}
	return hidden
}

// checkTrueCounts compares the published statewide cells of the
// clients by program with the case store's own tallies.
func checkTrueCounts(t *testing.T, srv *apptest.Server, snap *stats.Snapshot, state stats.Unit) {
	t.Helper()
	tallies, err := srv.App.Cases.ClientTallies(context.Background(), casework.TallyQuery{From: snap.Period.From, To: snap.Period.To},
		casework.Active, casework.ByProgram)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, x := range tallies {
		want[x.Key] += x.N
	}
	fig := snap.Figure(stats.Clients, stats.DimProgram, state, 0)
	for i, k := range fig.Keys {
		if c := fig.Rows[0].Cells[i]; !c.Hidden && c.N != want[k] {
			t.Errorf("program %s: published %d, the files say %d", k, c.N, want[k])
		}
	}
}

// TestSnapshotFollowsWrites: without writes the cached snapshot is
// returned; after a new file the cached one is still answered at once
// (with its date) while the next is computed, and Fresh waits for the
// new figures.
func TestSnapshotFollowsWrites(t *testing.T) {
	forEachEngine(t, func(t *testing.T, srv *apptest.Server) {
		ctx := context.Background()
		p := stats.YearPeriod(srv.App.Clock.Today().Year())
		first, err := srv.App.Stats.Snapshot(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		again, err := srv.App.Stats.Snapshot(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if again != first {
			t.Error("no write, yet the snapshot was computed again")
		}
		counselor := casework.ViewerOf(principal(t, srv, 4))
		office := counselor.Offices()[0]
		if _, err := srv.App.Cases.Create(ctx, counselor, casework.FileInput{OfficeID: office, ProgramID: "mbe",
			IntakeOn: srv.App.Clock.Today(), BirthYear: 1990, Gender: "female", Country: "SY", FirstLanguage: "ar",
			ResidenceStatus: "permanent", ArrivalYear: 2016}); err != nil {
			t.Fatal(err)
		}
		stale, err := srv.App.Stats.Snapshot(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if stale != first {
			t.Error("after a write the page did not get the cached figures at once")
		}
		after, err := srv.App.Stats.Fresh(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		before, now := first.Total(stats.Clients, first.State()), after.Total(stats.Clients, after.State())
		if after == first || now.N != before.N+1 {
			t.Errorf("after a new file: same snapshot %v, clients %d → %d", after == first, before.N, now.N)
		}
		if again, _ := srv.App.Stats.Snapshot(ctx, p); again != after {
			t.Error("the fresh figures are not what pages get next")
		}
	})
}

// TestParsePeriod: the forms' periods, and what is refused.
func TestParsePeriod(t *testing.T) {
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		kind, value, until string
		from, to           time.Time
		err                error
	}{
		{"year", "2026", "", d(2026, 1, 1), d(2026, 12, 31), nil},
		{"quarter", "2026-Q2", "", d(2026, 4, 1), d(2026, 6, 30), nil},
		{"quarter", "2026-q4", "", d(2026, 10, 1), d(2026, 12, 31), nil},
		{"month", "2024-02", "", d(2024, 2, 1), d(2024, 2, 29), nil},
		{"custom", "2025-11", "2026-02", d(2025, 11, 1), d(2026, 2, 28), nil},
		{"year", "2027", "", time.Time{}, time.Time{}, stats.ErrPeriodFuture},
		{"month", "2026-12", "", d(2026, 12, 1), d(2026, 12, 31), nil},
		{"month", "2027-01", "", time.Time{}, time.Time{}, stats.ErrPeriodFuture},
		{"custom", "2026-06", "2026-01", time.Time{}, time.Time{}, stats.ErrPeriodReversed},
		{"quarter", "2026-Q5", "", time.Time{}, time.Time{}, stats.ErrPeriodInvalid},
		{"year", "1999", "", time.Time{}, time.Time{}, stats.ErrPeriodTooEarly},
		{"week", "2026-01", "", time.Time{}, time.Time{}, stats.ErrPeriodInvalid},
		{"custom", "2026-01", "", time.Time{}, time.Time{}, stats.ErrPeriodInvalid},
		{"year", "two thousand", "", time.Time{}, time.Time{}, stats.ErrPeriodInvalid},
	}
	for _, c := range cases {
		p, err := stats.ParsePeriod(c.kind, c.value, c.until, today)
		if err != c.err {
			t.Errorf("%s %s %s: error %v, want %v", c.kind, c.value, c.until, err, c.err)
			continue
		}
		if err == nil && (!p.From.Equal(c.from) || !p.To.Equal(c.to)) {
			t.Errorf("%s %s %s: %s – %s", c.kind, c.value, c.until, p.From, p.To)
		}
	}
	prev := stats.YearPeriod(2026).Previous()
	if prev.From != d(2025, 1, 1) || prev.To != d(2025, 12, 31) {
		t.Errorf("year before 2026: %s – %s", prev.From, prev.To)
	}
	q, _ := stats.ParsePeriod("quarter", "2026-Q1", "", today)
	if prev := q.Previous(); prev.From != d(2025, 10, 1) || prev.To != d(2025, 12, 31) {
		t.Errorf("quarter before 2026-Q1: %s – %s", prev.From, prev.To)
	}
}
