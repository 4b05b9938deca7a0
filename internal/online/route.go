package online

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// nearKm is how far an office may be from the client's postcode to count
// as covering the area (about an hour by regional train).
const nearKm = 60

// ErrNobody: no counselor of any office takes online enquiries of the
// program yet (the page shows phone numbers and the finder instead).
var ErrNobody = errors.New("online: no counselor available")

var (
	postcodeRe = regexp.MustCompile(`^[0-9]{5}$`)
	langRe     = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// candidate is an office that takes the enquiry's program.
type candidate struct {
	office network.Office
	km     float64
}

// RouteOf decides where an enquiry goes: the nearest office that takes
// online enquiries of the program and speaks the language, within nearKm
// of the postcode; else the offices of that region; else every office of
// the state that takes the program. Only counselors who set up their keys
// receive it.
func (s *Store) RouteOf(ctx context.Context, e Enquiry) (Route, error) {
	origin, problems := s.checkEnquiry(ctx, e)
	if len(problems) > 0 {
		return Route{}, problems
	}
	program := programOf[e.AgeGroup]
	cands, err := s.candidates(ctx, program, origin)
	if err != nil {
		return Route{}, err
	}
	if origin != nil {
		if r, ok, err := s.nearest(ctx, cands, e.Lang); err != nil || ok {
			r.Program = program
			return r, err
		}
		if region := s.regionNear(ctx, origin); region != "" {
			r, err := s.pool(ctx, PoolRegion, filterRegion(cands, region))
			r.RegionID, r.Program = region, program
			if err == nil || !errors.Is(err, ErrNobody) {
				return r, err
			}
		}
	}
	r, err := s.pool(ctx, PoolState, cands)
	r.Program = program
	return r, err
}

// checkEnquiry validates an enquiry and returns the postcode's position.
func (s *Store) checkEnquiry(ctx context.Context, e Enquiry) (*[2]float64, valid.Errors) {
	var problems valid.Errors
	if _, ok := programOf[e.AgeGroup]; !ok {
		problems.Add("age_group", "online.age_group_missing")
	}
	if !langRe.MatchString(e.Lang) {
		problems.Add("lang", "online.error_malformed")
	}
	if snap, err := s.o.Finder.Snapshot(ctx); err == nil && !slices.Contains(snap.Topics, e.Topic) {
		problems.Add("topic", "online.topic_missing")
	}
	if e.Postcode == "" {
		return nil, problems
	}
	if !postcodeRe.MatchString(e.Postcode) {
		problems.Add("postcode", "online.postcode_bad")
		return nil, problems
	}
	lat, lon, _, err := s.o.Geo.Centroid(e.Postcode)
	if err != nil {
		problems.Add("postcode", "online.postcode_unknown")
		return nil, problems
	}
	return &[2]float64{lat, lon}, problems
}

// candidates are the active offices taking program, nearest first when
// the origin is known.
func (s *Store) candidates(ctx context.Context, program string, origin *[2]float64) ([]candidate, error) {
	taking, err := s.takingOffices(ctx, s.db, program)
	if err != nil {
		return nil, err
	}
	snap, err := s.o.Finder.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("online: registry: %w", err)
	}
	var out []candidate
	for _, o := range snap.Offices {
		if _, ok := taking[o.ID]; !ok || o.Status != network.Active {
			continue
		}
		c := candidate{office: o}
		if origin != nil {
			c.km = geo.DistanceKm(origin[0], origin[1], o.Lat, o.Lon)
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].km < out[j].km })
	return out, nil
}

// nearest is the office route: the nearest candidate within nearKm that
// speaks lang and has a counselor with keys.
func (s *Store) nearest(ctx context.Context, cands []candidate, lang string) (Route, bool, error) {
	for _, c := range cands {
		if c.km > nearKm {
			break
		}
		if !slices.Contains(c.office.Languages, lang) {
			continue
		}
		staff, err := s.keyedStaff(ctx, []candidate{c})
		if err != nil {
			return Route{}, false, err
		}
		if len(staff) > 0 {
			return Route{Pool: PoolOffice, OfficeID: c.office.ID, OfficeName: c.office.Name, RegionID: c.office.RegionID, Staff: staff}, true, nil
		}
	}
	return Route{}, false, nil
}

// pool routes to every keyed counselor of cands (ErrNobody without one).
func (s *Store) pool(ctx context.Context, kind string, cands []candidate) (Route, error) {
	staff, err := s.keyedStaff(ctx, cands)
	if err != nil {
		return Route{}, err
	}
	if len(staff) == 0 {
		return Route{Pool: kind}, ErrNobody
	}
	return Route{Pool: kind, Staff: staff}, nil
}

// regionNear is the region of the registry office nearest to origin.
func (s *Store) regionNear(ctx context.Context, origin *[2]float64) string {
	snap, err := s.o.Finder.Snapshot(ctx)
	if err != nil {
		return ""
	}
	best, region := -1.0, ""
	for _, o := range snap.Offices {
		if d := geo.DistanceKm(origin[0], origin[1], o.Lat, o.Lon); o.RegionID != "" && (best < 0 || d < best) {
			best, region = d, o.RegionID
		}
	}
	return region
}

func filterRegion(cands []candidate, region string) []candidate {
	var out []candidate
	for _, c := range cands {
		if c.office.RegionID == region {
			out = append(out, c)
		}
	}
	return out
}

// keyedStaff lists the counselors and leads of cands who set up keys.
func (s *Store) keyedStaff(ctx context.Context, cands []candidate) ([]Recipient, error) {
	var ids []string
	for _, c := range cands {
		staff, err := auth.OfficeStaff(ctx, s.db, c.office.ID)
		if err != nil {
			return nil, fmt.Errorf("online: office staff: %w", err)
		}
		for _, m := range staff {
			if (m.Role == perm.Counselor || m.Role == perm.OfficeLead) && !slices.Contains(ids, m.UserID) {
				ids = append(ids, m.UserID)
			}
		}
	}
	keys, err := staffKeys(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	var out []Recipient
	for _, id := range ids {
		if k, ok := keys[id]; ok {
			out = append(out, Recipient{ID: id, PublicKey: k})
		}
	}
	return out, nil
}

// officeRef is a candidate office known by id only (for its staff).
func officeRef(id string) network.Office { return network.Office{ID: id} }
