// Package stats turns the platform's records into the figures the
// ministry, the regions, the offices and the public read: clients,
// contacts, topics and plan goals per period, along the hierarchy office
// → district → region → state, with every small or dominated cell hidden
// (package disclose) the same way in every view and export.
//
// It reads aggregates only, through casework's tally functions (it owns
// no table and reads none of another package's), and names no client.
package stats

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
)

// Service computes and caches the snapshots.
type Service struct {
	src      Source
	clock    clock.Clock
	parallel int

	flight singleflight.Group
	mu     sync.Mutex
	cache  map[string]cached
	// seen is the Source version last read and when: reading it costs a
	// few hundred milliseconds at a million files, so pages reuse it for
	// versionTTL.
	seen   string
	seenAt time.Time
}

// versionTTL is how long a page trusts the last version read: a write
// shows in the figures within this time plus one computation.
const versionTTL = 10 * time.Second

type cached struct {
	version string
	snap    *Snapshot
	used    time.Time
}

// cacheSize bounds the periods kept: a year, its quarters and months, the
// years before and the comparisons fit.
const cacheSize = 48

// Options tune the service.
type Options struct {
	// Parallel is how many tallies run at once (default 1: SQLite's
	// single-process engine does them fastest one after the other;
	// PostgreSQL works them on several cores).
	Parallel int
}

// New makes the service over src.
func New(src Source, c clock.Clock, o Options) *Service {
	return &Service{src: src, clock: c, cache: map[string]cached{}, parallel: max(o.Parallel, 1)}
}

// Snapshot is the protected figures of period p, as pages show them.
// Snapshots are cached per period under the version of the records (the
// Source's fingerprint, read on every call, so a write on any server is
// seen). When the records changed since the cached one was computed, the
// cached one is still answered – its Computed time is shown as the date
// of the data – and a new one is computed in the background: on a busy
// day every saved contact changes the version, and a reader should not
// wait for a statewide computation each time. Only a period never
// computed since the start waits. Concurrent computations of the same
// period and version are one.
func (s *Service) Snapshot(ctx context.Context, p Period) (*Snapshot, error) {
	version, err := s.recentVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := p.Key()
	c, ok := s.lookup(key)
	switch {
	case ok && c.version == version:
		return c.snap, nil
	case ok:
		go func() { _, _ = s.computeOnce(context.Background(), key, version, p) }()
		return c.snap, nil
	}
	return s.computeOnce(ctx, key, version, p)
}

// Fresh is Snapshot of the records as they are now: it waits for the
// computation when they changed (tests; kmn bench).
func (s *Service) Fresh(ctx context.Context, p Period) (*Snapshot, error) {
	version, err := s.version(ctx)
	if err != nil {
		return nil, err
	}
	if c, ok := s.lookup(p.Key()); ok && c.version == version {
		return c.snap, nil
	}
	return s.computeOnce(ctx, p.Key(), version, p)
}

// Warm computes the periods the pages open with (this year and the one
// before) unless they are current: the nightly task, so that the first
// reader of the morning does not wait.
func (s *Service) Warm(ctx context.Context) error {
	this := s.clock.Today().Year()
	for _, y := range []int{this, this - 1} {
		if _, err := s.Fresh(ctx, YearPeriod(y)); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) computeOnce(ctx context.Context, key, version string, p Period) (*Snapshot, error) {
	v, err, _ := s.flight.Do(key+"|"+version, func() (any, error) {
		snap, err := s.computeNow(ctx, p)
		if err != nil {
			return nil, err
		}
		s.store(key, version, snap)
		return snap, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*Snapshot), nil
}

// Reset drops every cached snapshot (kmn bench measures cold figures).
func (s *Service) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.cache)
	s.seen = ""
}

// Tallies reads every tally of a snapshot of p (kmn bench times them
// apart from the protection): the number of breakdowns read.
func (s *Service) Tallies(ctx context.Context, p Period) (int, error) {
	read, err := readTallies(ctx, s.src, p, s.parallel)
	n := 0
	for _, parts := range read {
		n += len(parts)
	}
	return n, err
}

// version reads the Source's version now (and remembers it).
func (s *Service) version(ctx context.Context) (string, error) {
	v, err := s.src.Version(ctx)
	if err != nil {
		return "", fmt.Errorf("stats: %w", err)
	}
	s.mu.Lock()
	s.seen, s.seenAt = v, s.clock.Now()
	s.mu.Unlock()
	return v, nil
}

// recentVersion is the version read within versionTTL, else read now.
func (s *Service) recentVersion(ctx context.Context) (string, error) {
	s.mu.Lock()
	v, fresh := s.seen, s.seen != "" && s.clock.Now().Sub(s.seenAt) < versionTTL
	s.mu.Unlock()
	if fresh {
		return v, nil
	}
	return s.version(ctx)
}

// lookup is the cached snapshot of key, whatever its version.
func (s *Service) lookup(key string) (cached, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cache[key]
	if ok {
		c.used = s.clock.Now()
		s.cache[key] = c
	}
	return c, ok
}

// store keeps snap, dropping the least recently used period when full;
// a slower computation of older records never replaces a newer one.
func (s *Service) store(key, version string, snap *Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.cache[key]; ok && old.snap.Computed.After(snap.Computed) {
		return
	}
	if _, ok := s.cache[key]; !ok && len(s.cache) >= cacheSize {
		oldest := ""
		for k, c := range s.cache {
			if oldest == "" || c.used.Before(s.cache[oldest].used) {
				oldest = k
			}
		}
		delete(s.cache, oldest)
	}
	s.cache[key] = cached{version: version, snap: snap, used: s.clock.Now()}
}

// computeNow reads the registry and every family for p.
func (s *Service) computeNow(ctx context.Context, p Period) (*Snapshot, error) {
	reg, err := s.registryFacts(ctx)
	if err != nil {
		return nil, err
	}
	// The computation runs on a context of its own: one caller giving up
	// must not fail the others waiting for the same result.
	ctx = context.WithoutCancel(ctx)
	snap, err := compute(ctx, s.src, reg, p, s.clock.Now(), s.parallel)
	if err != nil {
		return nil, err
	}
	fte, err := s.src.FTE(ctx, p.To)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	snap.fte = map[[2]string]int{}
	for _, x := range fte {
		snap.fte[[2]string{x.ProgramID, x.RegionID}] += x.Hundredths
		snap.fte[[2]string{x.ProgramID, ""}] += x.Hundredths
	}
	return snap, nil
}

func (s *Service) registryFacts(ctx context.Context) (registryFacts, error) {
	units, err := s.src.Units(ctx)
	if err != nil {
		return registryFacts{}, err
	}
	programs, err := s.src.Programs(ctx)
	if err != nil {
		return registryFacts{}, err
	}
	topics, err := s.src.Topics(ctx)
	if err != nil {
		return registryFacts{}, err
	}
	rows, office := hierarchy(units)
	return registryFacts{rows: rows, office: office, programs: programs, topics: topics}, nil
}

// Caseload is one counselor's own figures for a period: their own files,
// which they see one by one anyway, so the counts are not suppressed.
type Caseload struct {
	Counseled, New, Closed, Contacts int
	// ByChannel counts the contacts per channel (Channels order).
	ByChannel []int
}

// CaseloadOf counts v's own files and contacts in p (zero for a viewer
// who counsels nobody).
func (s *Service) CaseloadOf(ctx context.Context, v Viewer, p Period) (Caseload, error) {
	c := Caseload{ByChannel: make([]int, len(Channels))}
	if v.counselor == "" {
		return c, nil
	}
	for m, n := range map[string]*int{Counseled: &c.Counseled, TakenOn: &c.New, Closed: &c.Closed} {
		tallies, err := s.src.Tallies(ctx, []Query{{Of: OfClients, Measure: m, Field: string(DimProgram), From: p.From, To: p.To,
			Counselor: v.counselor}})
		if err != nil {
			return c, fmt.Errorf("stats: caseload: %w", err)
		}
		*n = sum(tallies[0])
	}
	got, err := s.src.Tallies(ctx, []Query{{Of: OfContacts, Field: string(DimChannel), From: p.From, To: p.To, Counselor: v.counselor}})
	if err != nil {
		return c, fmt.Errorf("stats: caseload: %w", err)
	}
	tallies := got[0]
	for _, t := range tallies {
		for i, ch := range Channels {
			if ch == t.Key {
				c.ByChannel[i] += t.N
			}
		}
	}
	c.Contacts = sum(tallies)
	return c, nil
}

func sum(tallies []Tally) int {
	n := 0
	for _, t := range tallies {
		n += t.N
	}
	return n
}
