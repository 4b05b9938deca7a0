package demo

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// officeKind is the program mix of a counseling office.
type officeKind int

const (
	kindMBE    officeKind = iota // Migrationsberatung für Erwachsene only
	kindMBEIA                    // MBE and Integrationsarbeit
	kindMBEJMD                   // MBE and Jugendmigrationsdienst
	kindJMD                      // Jugendmigrationsdienst only
	kindIA                       // Integrationsarbeit only (MSOs, associations)
)

// kindShares is how many offices of each kind one scale unit has: 183
// counseling offices, of which 130 offer MBE and 50 JMD. With the 17
// Leitstellen that makes 200 offices.
// officesPerScale is the number of offices (counseling + Leitstellen) one
// scale unit has.
const officesPerScale = 200

var kindShares = []struct {
	kind  officeKind
	count int
}{{kindMBE, 75}, {kindMBEIA, 40}, {kindMBEJMD, 15}, {kindJMD, 35}, {kindIA, 18}}

func (k officeKind) programs() []string {
	return [][]string{{"mbe"}, {"integrationsarbeit", "mbe"}, {"jmd", "mbe"}, {"jmd"}, {"integrationsarbeit"}}[k]
}

// title is the first part of the office name.
func (k officeKind) title() string {
	return []string{"Migrationsberatung für Erwachsene –", "Beratungsstelle Migration und Integration –",
		"Fachdienst Migration –", "Jugendmigrationsdienst", "Integrationsberatung –"}[k]
}

// slot is one planned office: where and of which kind.
type slot struct {
	district district
	kind     officeKind
}

// slots spreads the counseling offices over the districts by population
// (every district gets at least one) and shuffles the kinds over them.
func (pl *planner) slots(r random) []slot {
	var kinds []officeKind
	for _, s := range kindShares {
		for range s.count * pl.o.Scale {
			kinds = append(kinds, s.kind)
		}
	}
	// The 17 Leitstellen do not grow with the scale; extra counseling
	// offices keep the total at 200 per scale unit (scale 10: 2,000).
	for i := 0; len(kinds) < officesPerScale*pl.o.Scale-len(pl.leitstellen()); i++ {
		kinds = append(kinds, kindShares[i%len(kindShares)].kind)
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	counts := apportion(pl.ref.districts, len(kinds))
	var out []slot
	for i, d := range pl.ref.districts {
		for range counts[i] {
			out = append(out, slot{district: d, kind: kinds[len(out)]})
		}
	}
	// The demo accounts need an MBE office in Region Hannover.
	first := slices.IndexFunc(out, func(s slot) bool { return s.district.AGS == "03241" })
	if first >= 0 && !slices.ContainsFunc(out, func(s slot) bool { return s.district.AGS == "03241" && s.kind <= kindMBEJMD }) {
		out[first].kind = kindMBE
	}
	return out
}

// apportion gives every district one office and the rest by population
// (largest remainder), so the counts sum to n exactly.
func apportion(ds []district, n int) []int {
	counts := make([]int, len(ds))
	total := 0
	for i, d := range ds {
		counts[i] = 1
		total += d.Population
	}
	rest := n - len(ds)
	if rest <= 0 || total == 0 {
		return counts
	}
	type rem struct{ i, r int }
	var rems []rem
	given := 0
	for i, d := range ds {
		q := rest * d.Population
		counts[i] += q / total
		given += q / total
		rems = append(rems, rem{i, q % total})
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.r, a.r) })
	for k := 0; k < rest-given; k++ {
		counts[rems[k].i]++
	}
	return counts
}

// planOffices plans the counseling offices and the Leitstellen.
func (pl *planner) planOffices() error {
	r := newRandom(pl.o.Seed, streamOffices)
	closed := map[int]bool{}
	slots := pl.slots(r)
	for range 2 * pl.o.Scale {
		closed[1+r.IntN(len(slots)-1)] = true // never the first office (the fixed Hannover one may be early)
	}
	fixedDone := false
	names := map[string]int{}
	for i, s := range slots {
		in, org, err := pl.counselingOffice(r, s, names)
		if err != nil {
			return err
		}
		if !fixedDone && s.district.AGS == "03241" && s.kind <= kindMBEJMD {
			fixedDone = true
			pl.makeHannoverMitte(&in, &org)
		} else if closed[i] {
			in.Status = network.TemporarilyClosed
			in.AppointmentInfo = closedAppointment
		}
		pl.addOffice(org, in)
	}
	for _, d := range pl.leitstellen() {
		in, err := pl.leitstelleOffice(r, d, names)
		if err != nil {
			return err
		}
		pl.addOffice(pl.byKey["muni/"+d.AGS], in)
	}
	return nil
}

func (pl *planner) addOffice(org int, in network.OfficeInput) {
	if in.ExternalID == "" {
		in.ExternalID = fmt.Sprintf("demo-off-%04d", len(pl.p.offices)+1)
	}
	pl.p.offices = append(pl.p.offices, officePlan{org: org, in: in})
}

// counselingOffice plans one office and the organisation that carries it.
func (pl *planner) counselingOffice(r random, s slot, names map[string]int) (network.OfficeInput, int, error) {
	d := s.district
	place := pl.place(r, d)
	in := network.OfficeInput{Status: network.Active, Programs: s.kind.programs()}
	in.Street, in.Postcode, in.City = address(r), place.Postcode, place.Name
	in.Lat, in.Lon = pl.position(r, d, place)
	var org int
	var who string
	if s.kind == kindIA {
		org, who = pl.localOrg(r, d)
	} else {
		pv := providers[r.weightedPick(providerWeights[s.kind])]
		org = pl.providerOrg(pv, d)
		who = pv.short
	}
	name := s.kind.title() + " " + who + " " + place.Name
	if s.kind == kindIA { // the organisation's name already names its district
		name = s.kind.title() + " " + who
		if !strings.Contains(who, place.Name) {
			name += " in " + place.Name
		}
	}
	in.Name = uniqueName(names, name, in.Street)
	if err := pl.officeDetails(r, &in, d, org); err != nil {
		return in, 0, err
	}
	return in, org, nil
}

func (pl *planner) providerOrg(pv provider, d district) int {
	s := slug(d.Label)
	i := pl.addOrg("prov/"+pv.key+"/"+d.AGS, network.OrganisationInput{Name: pv.name(d.Label), Kind: network.Provider,
		RegionID: d.RegionID, DistrictAGS: d.AGS, Email: "info." + s + "@" + pv.key + ".example.org",
		Phone: d.AreaCode + " 30" + fmt.Sprint(len(pv.key)) + "-0", Website: "https://www.example.org/" + pv.key + "/" + s}, -1)
	pl.p.orgs[i].provider = pv.key
	return i
}

// localOrg picks who carries an Integrationsarbeit-only office: mostly a
// migrant self-organisation of the district, otherwise a local association.
func (pl *planner) localOrg(r random, d district) (int, string) {
	if msos := pl.msos[d.AGS]; len(msos) > 0 && r.chance(0.6) {
		i := pick(r, msos)
		return i, trimEV(pl.p.orgs[i].in.Name)
	}
	prefix := pick(r, associationPrefixes)
	name := prefix + " " + d.Label + " e. V."
	i := pl.addOrg("assoc/"+d.AGS+"/"+prefix, network.OrganisationInput{Name: name, Kind: network.Association,
		RegionID: d.RegionID, DistrictAGS: d.AGS, Email: "kontakt." + slug(prefix+" "+d.Label) + "@example.org"}, -1)
	return i, trimEV(name)
}

// trimEV drops the legal form "e. V." (registered association) from a name.
func trimEV(name string) string { return strings.TrimSuffix(name, " e. V.") }

// uniqueName returns name, or name with its street when the name is taken
// (a city with several offices of one provider), or with a number.
func uniqueName(names map[string]int, name, street string) string {
	out := name
	if names[out] > 0 {
		out = name + ", Standort " + streetName(street)
	}
	for k := 2; names[out] > 0; k++ {
		out = fmt.Sprintf("%s, Standort %d", name, k)
	}
	names[name]++
	names[out]++
	return out
}

// makeHannoverMitte turns the first MBE office of Region Hannover into the
// office the demo accounts belong to.
func (pl *planner) makeHannoverMitte(in *network.OfficeInput, org *int) {
	d, _ := pl.districtByAGS("03241")
	*org = pl.providerOrg(providers["caritas"], d)
	in.ExternalID, in.Name = HannoverOfficeID, HannoverOfficeName
	in.Street, in.Postcode, in.City, in.Lat, in.Lon = "Leibnizufer 13", "30159", "Hannover", nil, nil
	in.Status = network.Active
	in.Email, in.Website = "mbe.hannover-mitte@caritas.example.org", "https://www.example.org/caritas/hannover-mitte"
}

// leitstelleOffice plans the Kommunale Leitstelle of a municipality, in its
// main town.
func (pl *planner) leitstelleOffice(r random, d district, names map[string]int) (network.OfficeInput, error) {
	var town []int
	for i, p := range d.Places {
		if p.Name == d.ChiefTown {
			town = append(town, i)
		}
	}
	place := d.Places[pick(r, town)]
	in := network.OfficeInput{Status: network.Active, Programs: []string{"leitstelle"},
		Street:   pick(r, []string{"Rathausplatz", "Am Markt", "Marktplatz"}) + fmt.Sprintf(" %d", 1+r.IntN(5)),
		Postcode: place.Postcode, City: place.Name}
	in.Lat, in.Lon = pl.position(r, d, place)
	in.Name = uniqueName(names, "Kommunale Leitstelle Integration – "+d.Name, in.Street)
	org := pl.byKey["muni/"+d.AGS]
	return in, pl.officeDetails(r, &in, d, org)
}
