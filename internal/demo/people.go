package demo

import (
	"fmt"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// iaPostsPerScale is the number of Integrationsarbeit posts per scale unit.
const iaPostsPerScale = 100

// planPosts gives every MBE, JMD and Leitstelle office one post of its
// program and spreads the Integrationsarbeit posts over the offices that
// offer it (each at least one).
func (pl *planner) planPosts() {
	r := newRandom(pl.o.Seed, streamPosts)
	var ia []int
	for i, o := range pl.p.offices {
		for _, prog := range o.in.Programs {
			if prog == "integrationsarbeit" {
				ia = append(ia, i)
				continue
			}
			fte := pick(r, []int{50, 75, 75, 80, 100, 100})
			if prog == "leitstelle" {
				fte = 100
			}
			pl.addPost(i, prog, fte)
		}
	}
	want := iaPostsPerScale * pl.o.Scale
	for k := 0; k < want && len(ia) > 0; k++ {
		office := ia[k%len(ia)]
		if k >= len(ia) {
			office = pick(r, ia)
		}
		pl.addPost(office, "integrationsarbeit", pick(r, []int{50, 50, 75, 100, 100}))
	}
}

func (pl *planner) addPost(office int, program string, fte int) {
	o := pl.p.offices[office]
	pl.p.posts = append(pl.p.posts, postPlan{org: o.org, office: office, in: network.PostInput{ProgramID: program,
		Funder: pl.ref.funders[program], FTEHundredths: fte, StartsOn: fundingStart, EndsOn: fundingEnd}})
}

// planRegions picks each region's coordinating organisation (the provider
// with the most offices there) and two contact persons.
func (pl *planner) planRegions() {
	r := newRandom(pl.o.Seed, streamRegions)
	offices := map[int]int{}
	for _, o := range pl.p.offices {
		offices[o.org]++
	}
	for _, reg := range pl.ref.regions {
		best := -1
		for i, o := range pl.p.orgs {
			if o.in.RegionID == reg.ID && o.in.Kind == network.Provider && (best < 0 || offices[i] > offices[best]) {
				best = i
			}
		}
		if best >= 0 {
			pl.p.coordinators[reg.ID] = best
		}
		code := "0511"
		if d, ok := pl.firstDistrict(reg.ID); ok {
			code = d.AreaCode
		}
		for k, function := range []string{"Koordination Regionalverbund", "Stellvertretende Koordination"} {
			first, last := personName(r)
			pl.p.contacts = append(pl.p.contacts, contactPlan{region: reg.ID, c: network.Contact{Name: first + " " + last,
				Function: function, Email: slug(first) + "." + slug(last) + "@example.org",
				Phone: fmt.Sprintf("%s %d-%d", code, 4000+r.IntN(5000), 10+k)}})
		}
	}
}

func (pl *planner) firstDistrict(region string) (district, bool) {
	i := slices.IndexFunc(pl.ref.districts, func(d district) bool { return d.RegionID == region })
	if i < 0 {
		return district{}, false
	}
	return pl.ref.districts[i], true
}

// planStaff gives every office one lead and one to three counselors (two
// or three where the office offers several programs): about three per office.
func (pl *planner) planStaff() {
	r := newRandom(pl.o.Seed, streamStaff)
	for i, o := range pl.p.offices {
		n := 1 + r.IntN(3)
		if len(o.in.Programs) > 1 {
			n = 2 + r.IntN(2)
		}
		for k := range 1 + n {
			role := perm.Counselor
			if k == 0 {
				role = perm.OfficeLead
			}
			first, last := personName(r)
			email := fmt.Sprintf("%s.%s.%d@demo.example.org", slug(first), slug(last), len(pl.p.staff)+1)
			pl.p.staff = append(pl.p.staff, staffPlan{office: i, user: auth.NewUser{Email: email, Name: first + " " + last,
				Role: role, ScopeKind: perm.Office, Language: "de"}})
		}
	}
}

// personName draws a first and last name, mostly from one background.
func personName(r random) (string, string) {
	group := func() nameGroup {
		total := 0
		for _, g := range nameGroups {
			total += g.weight
		}
		n := r.IntN(total)
		for _, g := range nameGroups {
			if n < g.weight {
				return g
			}
			n -= g.weight
		}
		return nameGroups[0]
	}
	g := group()
	first, last := pick(r, g.first), pick(r, g.last)
	if r.chance(0.2) {
		last = pick(r, group().last)
	}
	return first, last
}
