// Package finder is the public office finder: it keeps an in-memory
// snapshot of the registry's open offices and answers searches by
// postcode, place name or the browser's location, ranked by distance,
// with filters and a "why this matches" line per result.
//
// A search never touches the database: the snapshot is rebuilt in the
// background when a cheap version check (at most every CheckEvery) says
// the registry changed.
package finder

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// Defaults of the refresh timing.
const (
	DefaultCheckEvery   = 2 * time.Second
	DefaultRebuildEvery = 30 * time.Second
	// refreshTimeout bounds a background version check and rebuild.
	refreshTimeout = time.Minute
)

// Finder answers office searches from a snapshot of the registry. It is
// safe for concurrent use. Set the option fields before the first call.
type Finder struct {
	// VersionQuery returns a cheap fingerprint of the registry (e.g. the
	// count and latest updated_at of offices, organisations and program
	// texts). The snapshot is rebuilt when it changes. When nil, the
	// snapshot is rebuilt every RebuildEvery instead.
	VersionQuery func(ctx context.Context) (string, error)
	// CheckEvery is how often VersionQuery runs at most (DefaultCheckEvery).
	CheckEvery time.Duration
	// RebuildEvery is the rebuild period without VersionQuery (DefaultRebuildEvery).
	RebuildEvery time.Duration
	// Logger receives background refresh failures (slog.Default when nil).
	Logger *slog.Logger

	store *network.Store
	geo   *geo.Gazetteer
	clock clock.Clock

	current    atomic.Pointer[index]
	building   sync.Mutex   // one rebuild at a time
	refreshing atomic.Bool  // a background refresh is running
	lastCheck  atomic.Int64 // monotonic nanoseconds (since start) of the last check
	started    time.Time
	life       sync.Mutex // guards closed and inflight.Add
	closed     bool
	inflight   sync.WaitGroup
}

// New returns a finder over the registry s; clk is the platform's clock,
// against which "open now" is decided.
func New(s *network.Store, g *geo.Gazetteer, clk clock.Clock) *Finder {
	return &Finder{store: s, geo: g, clock: clk, started: time.Now()}
}

// Snapshot returns the current snapshot, building it on first use. It is
// shared: callers must not modify it.
func (f *Finder) Snapshot(ctx context.Context) (*Snapshot, error) {
	ix, err := f.index(ctx)
	if err != nil {
		return nil, err
	}
	return ix.snap, nil
}

// Refresh checks the registry version now and rebuilds the snapshot when it
// changed (always, without VersionQuery). It waits for the result; the app
// may call it after an edit, tests use it to avoid timing.
func (f *Finder) Refresh(ctx context.Context) error {
	f.lastCheck.Store(f.sinceStart())
	_, err := f.rebuild(ctx, f.current.Load())
	return err
}

// Office returns an office by id: from the snapshot, or else from the
// registry (closed offices are not in the snapshot, but their stable URLs
// keep working and the page can say "closed"). Unknown ids give ErrNotFound.
// An office from the snapshot is shared and must not be modified.
func (f *Finder) Office(ctx context.Context, id string) (*network.Office, error) {
	if id == "" || len(id) > 100 {
		return nil, ErrNotFound
	}
	ix, err := f.index(ctx)
	if err != nil {
		return nil, err
	}
	if i, ok := ix.byID[id]; ok {
		return &ix.snap.Offices[i], nil
	}
	o, err := f.store.Office(ctx, id)
	if errors.Is(err, network.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("finder: %w", err)
	}
	return o, nil
}

// index returns the current index. Only the very first call waits for a
// build; later ones start a background refresh when a check is due and go
// on with the snapshot they have.
func (f *Finder) index(ctx context.Context) (*index, error) {
	if ix := f.current.Load(); ix != nil {
		f.maybeRefresh()
		return ix, nil
	}
	return f.rebuild(ctx, nil)
}

func (f *Finder) sinceStart() int64 { return int64(time.Since(f.started)) }

// maybeRefresh starts one background refresh when the last check is older
// than the check interval.
func (f *Finder) maybeRefresh() {
	every := f.CheckEvery
	if f.VersionQuery == nil {
		every = f.RebuildEvery
		if every <= 0 {
			every = DefaultRebuildEvery
		}
	} else if every <= 0 {
		every = DefaultCheckEvery
	}
	now := f.sinceStart()
	last := f.lastCheck.Load()
	if now-last < int64(every) || !f.refreshing.CompareAndSwap(false, true) {
		return
	}
	if !f.lastCheck.CompareAndSwap(last, now) || !f.startBackground() {
		f.refreshing.Store(false)
		return
	}
	go func() {
		defer f.inflight.Done()
		defer f.refreshing.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
		defer cancel()
		if _, err := f.rebuild(ctx, f.current.Load()); err != nil {
			f.logger().Warn("finder: refresh failed; keeping the previous snapshot", "err", err)
		}
	}()
}

// Close stops background refreshes and waits for a running one, so the
// database can be closed after it. Searches keep working on the last
// snapshot.
func (f *Finder) Close() {
	f.life.Lock()
	f.closed = true
	f.life.Unlock()
	f.inflight.Wait()
}

// startBackground registers a background refresh unless closed.
func (f *Finder) startBackground() bool {
	f.life.Lock()
	defer f.life.Unlock()
	if f.closed {
		return false
	}
	f.inflight.Add(1)
	return true
}

func (f *Finder) logger() *slog.Logger {
	if f.Logger != nil {
		return f.Logger
	}
	return slog.Default()
}

// rebuild builds a new index unless the registry version still matches
// seen's. Concurrent callers wait for the one build in progress and then
// find it current.
func (f *Finder) rebuild(ctx context.Context, seen *index) (*index, error) {
	f.building.Lock()
	defer f.building.Unlock()
	cur := f.current.Load()
	if cur != seen && cur != nil {
		return cur, nil // someone else rebuilt meanwhile
	}
	version := ""
	if f.VersionQuery != nil {
		v, err := f.VersionQuery(ctx)
		if err != nil {
			if cur != nil {
				return cur, fmt.Errorf("finder: version: %w", err)
			}
			return nil, fmt.Errorf("finder: version: %w", err)
		}
		if cur != nil && v == cur.registryVersion {
			return cur, nil
		}
		version = v
	}
	snap, err := f.load(ctx)
	if err != nil {
		if cur != nil {
			return cur, err
		}
		return nil, err
	}
	snap.Built = time.Now()
	ix := buildIndex(snap, version)
	f.current.Store(ix)
	f.lastCheck.Store(f.sinceStart())
	return ix, nil
}

// load reads the public part of the registry.
func (f *Finder) load(ctx context.Context) (*Snapshot, error) {
	snap := &Snapshot{}
	err := f.store.EachOffice(ctx, network.OfficeFilter{}, func(o network.Office) error {
		if o.Status != network.Closed {
			snap.Offices = append(snap.Offices, o)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("finder: offices: %w", err)
	}
	if snap.Programs, err = f.store.Programs(ctx); err != nil {
		return nil, fmt.Errorf("finder: %w", err)
	}
	if snap.Topics, err = f.store.Topics(ctx); err != nil {
		return nil, fmt.Errorf("finder: %w", err)
	}
	for offset := 0; ; offset += 500 {
		page, _, err := f.store.ListOrganisations(ctx, network.OrgFilter{}, network.Page{Offset: offset, Limit: 500})
		if err != nil {
			return nil, fmt.Errorf("finder: organisations: %w", err)
		}
		snap.Organisations = append(snap.Organisations, page...)
		if len(page) < 500 {
			break
		}
	}
	return snap, nil
}
