package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// district is a district with what the generator needs to place offices.
type district struct {
	network.District
	Label     string      // for organisation names: "Göttingen", "Landkreis Osnabrück"
	AreaCode  string      // dialling code of the main town
	Places    []geo.Place // postcode rows that Locate maps to this district
	ChiefTown string      // the place with the most postcodes
}

// reference is the registry's reference data, sorted for determinism.
type reference struct {
	districts []district // by AGS
	regions   []network.Region
	topics    map[string]bool
	funders   map[string]string // program id → funder
}

func loadReference(ctx context.Context, d Deps) (reference, error) {
	var ref reference
	ds, err := d.Network.Districts(ctx)
	if err != nil {
		return ref, err
	}
	if ref.regions, err = d.Network.Regions(ctx); err != nil {
		return ref, err
	}
	slices.SortFunc(ref.regions, func(a, b network.Region) int { return cmp.Compare(a.ID, b.ID) })
	topics, err := d.Network.Topics(ctx)
	if err != nil {
		return ref, err
	}
	ref.topics = map[string]bool{}
	for _, t := range topics {
		ref.topics[t] = true
	}
	programs, err := d.Network.Programs(ctx)
	if err != nil {
		return ref, err
	}
	ref.funders = map[string]string{}
	for _, p := range programs {
		ref.funders[p.ID] = p.Funder
	}
	places := placesByDistrict(d.Geo)
	slices.SortFunc(ds, func(a, b network.District) int { return cmp.Compare(a.AGS, b.AGS) })
	for _, nd := range ds {
		x := district{District: nd, Label: label(d.Geo, nd), AreaCode: areaCodes[nd.AGS], Places: places[nd.AGS]}
		if len(x.Places) == 0 {
			return ref, fmt.Errorf("demo: district %s has no postcode", nd.AGS)
		}
		if x.AreaCode == "" {
			x.AreaCode = "0511"
		}
		x.ChiefTown = chiefTown(x.Places, townOf[nd.AGS])
		ref.districts = append(ref.districts, x)
	}
	if len(ref.districts) == 0 {
		return ref, fmt.Errorf("demo: no districts: seed the reference data first")
	}
	return ref, nil
}

// placesByDistrict groups the Lower Saxony postcode rows by district,
// keeping only rows whose postcode resolves to that same district (so the
// office validates and lands where it was planned), sorted by postcode and name.
func placesByDistrict(g *geo.Gazetteer) map[string][]geo.Place {
	all := g.NIPostcodes()
	known := map[string]bool{}
	for _, p := range all {
		known[p.Name] = true
	}
	out := map[string][]geo.Place{}
	for _, p := range all {
		if _, _, ags, err := g.Locate(p.Postcode); err == nil && ags == p.DistrictAGS {
			p.Name = townName(p.Name, known)
			out[ags] = append(out[ags], p)
		}
	}
	for _, ps := range out {
		slices.SortFunc(ps, func(a, b geo.Place) int {
			return cmp.Or(cmp.Compare(a.Postcode, b.Postcode), cmp.Compare(a.Name, b.Name))
		})
	}
	return out
}

// townName turns the data's "Municipality Village" names ("Goslar Goslar",
// "Bad Harzburg Bündheim/Schlewecke") into the town of a postal address:
// the longest leading words that are a place name of their own.
func townName(name string, known map[string]bool) string {
	words := strings.Split(name, " ")
	for k := len(words) - 1; k > 0; k-- {
		if prefix := strings.Join(words[:k], " "); known[prefix] {
			return prefix
		}
	}
	return name
}

// chiefTown returns the seat when the data has it, else the place with the
// most postcodes.
func chiefTown(ps []geo.Place, seat string) string {
	if slices.ContainsFunc(ps, func(p geo.Place) bool { return p.Name == seat }) {
		return seat
	}
	n := map[string]int{}
	for _, p := range ps {
		n[p.Name]++
	}
	best := ""
	for name, c := range n {
		if c > n[best] || (c == n[best] && name < best) {
			best = name
		}
	}
	return best
}

func label(g *geo.Gazetteer, d network.District) string {
	if l, ok := labelOverrides[d.AGS]; ok {
		return l
	}
	if gd, ok := g.District(d.AGS); ok && gd.Name != "" {
		return gd.Name
	}
	return d.Name
}

// random wraps math/rand/v2 with the few draws the generator needs.
type random struct{ *rand.Rand }

// newRandom makes an independent stream per purpose, so that switching
// one part off (e.g. staff) does not change the others.
func newRandom(seed int64, stream uint64) random {
	return random{rand.New(rand.NewPCG(uint64(seed), stream))}
}

func (r random) chance(p float64) bool { return r.Float64() < p }

func pick[T any](r random, xs []T) T { return xs[r.IntN(len(xs))] }

// weightedPick draws one key by weight.
func (r random) weightedPick(ws []weighted) string {
	total := 0
	for _, w := range ws {
		total += w.weight
	}
	n := r.IntN(total)
	for _, w := range ws {
		if n < w.weight {
			return w.key
		}
		n -= w.weight
	}
	return ws[len(ws)-1].key
}

// weightedSample draws k distinct keys by weight.
func (r random) weightedSample(ws []weighted, k int) []string {
	rest := slices.Clone(ws)
	var out []string
	for len(out) < k && len(rest) > 0 {
		key := r.weightedPick(rest)
		out = append(out, key)
		rest = slices.DeleteFunc(rest, func(w weighted) bool { return w.key == key })
	}
	return out
}

// slug makes an ASCII lower-case token for e-mail addresses and URLs.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		t, ok := translit[r]
		switch {
		case ok:
			b.WriteString(t)
			dash = false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

var translit = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'é': "e", 'ç': "c", 'ğ': "g", 'ı': "i", 'ş': "s", 'ș': "s", 'ț': "t",
	'ą': "a", 'ę': "e", 'ł': "l", 'ń': "n", 'ó': "o", 'ś': "s", 'ź': "z", 'ż': "z", 'ć': "c", 'ă': "a", 'â': "a", 'î': "i",
}
