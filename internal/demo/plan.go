package demo

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// Fixed external ids that the demo accounts refer to.
const (
	HannoverOfficeID   = "mbe-hannover-mitte"
	HannoverOfficeName = "Migrationsberatung für Erwachsene Hannover-Mitte"
	AgencyHannoverID   = "agentur-fuer-arbeit-hannover"
)

// Funding period of every generated post.
var (
	fundingStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	fundingEnd   = time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
)

// plan is everything the generator will create, decided before the first
// write so that it depends only on the options and the reference data.
type plan struct {
	orgs     []orgPlan
	offices  []officePlan
	posts    []postPlan
	contacts []contactPlan
	// coordinators maps a region id to the index of its coordinating organisation.
	coordinators map[string]int
	staff        []staffPlan
}

type orgPlan struct {
	in network.OrganisationInput
	// parent is the index of the parent organisation, or -1.
	parent int
	// provider is the welfare provider's key ("caritas"), for e-mail domains.
	provider string
}

type officePlan struct {
	org int
	in  network.OfficeInput
}

type postPlan struct {
	org, office int // office -1: a post without an office
	in          network.PostInput
}

type contactPlan struct {
	region string
	c      network.Contact
}

type staffPlan struct {
	office int
	user   auth.NewUser
}

// planner builds a plan; its maps find organisations by a natural key.
type planner struct {
	o     Options
	geo   *geo.Gazetteer
	ref   reference
	p     plan
	byKey map[string]int
	msos  map[string][]int // district → its MSO organisations
}

func buildPlan(ref reference, g *geo.Gazetteer, o Options) (plan, error) {
	pl := &planner{o: o, ref: ref, geo: g, byKey: map[string]int{}, msos: map[string][]int{},
		p: plan{coordinators: map[string]int{}}}
	pl.planStateOrgs()
	for _, d := range ref.districts {
		pl.planDistrictOrgs(d)
	}
	if err := pl.planOffices(); err != nil {
		return plan{}, err
	}
	pl.planTexts()
	pl.planGaps()
	pl.planPosts()
	pl.planRegions()
	if o.Staff {
		pl.planStaff()
	}
	return pl.p, nil
}

// addOrg adds an organisation once per key and returns its index.
func (pl *planner) addOrg(key string, in network.OrganisationInput, parent int) int {
	if i, ok := pl.byKey[key]; ok {
		return i
	}
	if in.ExternalID == "" {
		in.ExternalID = fmt.Sprintf("demo-org-%04d", len(pl.p.orgs)+1)
	}
	pl.p.orgs = append(pl.p.orgs, orgPlan{in: in, parent: parent})
	pl.byKey[key] = len(pl.p.orgs) - 1
	return len(pl.p.orgs) - 1
}

func (pl *planner) districtByAGS(ags string) (district, bool) {
	i, ok := slices.BinarySearchFunc(pl.ref.districts, ags, func(d district, ags string) int { return cmp.Compare(d.AGS, ags) })
	if !ok {
		return district{}, false
	}
	return pl.ref.districts[i], true
}

// planStateOrgs adds the ministry and the BAMF branch office.
func (pl *planner) planStateOrgs() {
	if d, ok := pl.districtByAGS("03241"); ok {
		pl.addOrg("ministry", network.OrganisationInput{ExternalID: "demo-ministerium",
			Name: "Niedersächsisches Ministerium für Soziales, Arbeit, Gesundheit und Gleichstellung", Kind: network.Ministry,
			RegionID: d.RegionID, DistrictAGS: d.AGS, Email: "migration@ministerium.example.org", Phone: "0511 120-0",
			Website: "https://www.example.org/ministerium"}, -1)
	}
	if d, ok := pl.districtByAGS("03101"); ok {
		pl.addOrg("bamf", network.OrganisationInput{ExternalID: "demo-bamf-braunschweig",
			Name: "Bundesamt für Migration und Flüchtlinge – Außenstelle Braunschweig", Kind: network.Authority, Authority: "bamf",
			RegionID: d.RegionID, DistrictAGS: d.AGS, Email: "braunschweig@bamf.example.org", Phone: "0531 3545-0",
			Website: "https://www.example.org/bamf/braunschweig"}, -1)
	}
}

// planDistrictOrgs adds a district's authorities, its municipality when it
// runs a Leitstelle, and its migrant self-organisations.
func (pl *planner) planDistrictOrgs(d district) {
	s := slug(d.Label)
	parent := -1
	if pl.isLeitstelle(d.AGS) {
		parent = pl.addOrg("muni/"+d.AGS, network.OrganisationInput{Name: d.Name, Kind: network.Municipality,
			RegionID: d.RegionID, DistrictAGS: d.AGS, Email: "integration@" + s + ".example.org",
			Phone: d.AreaCode + " 10-0", Website: "https://www.example.org/kommune/" + s}, -1)
	}
	authorities := []struct{ key, name, typ, mail string }{
		{"abh", "Ausländerbehörde " + d.Name, "foreigners_authority", "auslaenderbehoerde"},
		{"jc", "Jobcenter " + d.Name, "jobcenter", "jobcenter"},
		{"aa", "Agentur für Arbeit " + d.Label, "employment_agency", "agentur"},
	}
	for i, a := range authorities {
		in := network.OrganisationInput{Name: a.name, Kind: network.Authority, Authority: a.typ, RegionID: d.RegionID,
			DistrictAGS: d.AGS, Email: a.mail + "." + s + "@example.org", Phone: fmt.Sprintf("%s %d-0", d.AreaCode, 200+100*i),
			Website: "https://www.example.org/" + a.mail + "/" + s}
		if a.key == "aa" && d.AGS == "03241" {
			in.ExternalID = AgencyHannoverID
		}
		par := -1
		if a.key == "abh" {
			par = parent
		}
		pl.addOrg(a.key+"/"+d.AGS, in, par)
	}
	pl.planMSOs(d)
}

// planMSOs adds one migrant self-organisation per district and one more per
// 300,000 inhabitants.
func (pl *planner) planMSOs(d district) {
	r := newRandom(pl.o.Seed, streamMSO+uint64(len(pl.p.orgs)))
	n := 1 + d.Population/300000
	for _, i := range r.Perm(len(msoTemplates))[:n] {
		t := msoTemplates[i]
		name := t.prefix + " " + d.Label + " e. V."
		idx := pl.addOrg("mso/"+d.AGS+"/"+t.prefix, network.OrganisationInput{Name: name, Kind: network.MSO,
			RegionID: d.RegionID, DistrictAGS: d.AGS, Email: "info." + slug(t.prefix+" "+d.Label) + "@example.org"}, -1)
		pl.msos[d.AGS] = append(pl.msos[d.AGS], idx)
	}
}

// leitstellen are the 17 most populous districts; each runs a Kommunale
// Leitstelle Integration.
func (pl *planner) leitstellen() []district {
	ds := slices.Clone(pl.ref.districts)
	slices.SortStableFunc(ds, func(a, b district) int { return cmp.Compare(b.Population, a.Population) })
	ds = ds[:min(17, len(ds))]
	slices.SortFunc(ds, func(a, b district) int { return cmp.Compare(a.AGS, b.AGS) })
	return ds
}

func (pl *planner) isLeitstelle(ags string) bool {
	return slices.ContainsFunc(pl.leitstellen(), func(d district) bool { return d.AGS == ags })
}

// Random streams, one per purpose.
const (
	streamMSO uint64 = 1 << (iota + 32)
	streamOffices
	streamPosts
	streamRegions
	streamStaff
	streamTexts
)
