package demo

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// place picks a postcode row of the district: half of the offices are in
// the main town, the others anywhere in the district.
func (pl *planner) place(r random, d district) geo.Place {
	if r.chance(0.5) {
		var town []geo.Place
		for _, p := range d.Places {
			if p.Name == d.ChiefTown {
				town = append(town, p)
			}
		}
		return pick(r, town)
	}
	return pick(r, d.Places)
}

// position jitters the place's coordinates by up to 0.004° so that offices
// in one town do not share a map pin. It falls back to the place itself,
// then to the postcode centroid (nil), when the point would leave the
// district.
func (pl *planner) position(r random, d district, p geo.Place) (lat, lon *float64) {
	jLat := round5(p.Lat + (r.Float64()*2-1)*0.004)
	jLon := round5(p.Lon + (r.Float64()*2-1)*0.004)
	for _, c := range [][2]float64{{jLat, jLon}, {p.Lat, p.Lon}} {
		if got, ok := pl.geo.DistrictOf(c[0], c[1]); ok && got.AGS == d.AGS {
			return &c[0], &c[1]
		}
	}
	return nil, nil
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }

func address(r random) string {
	n := fmt.Sprint(1 + r.IntN(80))
	if r.chance(0.15) {
		n += string(rune('a' + r.IntN(3)))
	}
	return pick(r, streets) + " " + n
}

// streetName drops the house number.
func streetName(street string) string {
	if i := strings.LastIndexByte(street, ' '); i > 0 {
		return street[:i]
	}
	return street
}

// officeDetails fills contact data, hours, accessibility, languages and topics.
func (pl *planner) officeDetails(r random, in *network.OfficeInput, d district, org int) error {
	programSlug := strings.Join(in.Programs, "-")
	in.Phone = fmt.Sprintf("%s %d-%02d", d.AreaCode, 1000+r.IntN(9000), r.IntN(100))
	domain := "example.org"
	if k := pl.p.orgs[org].provider; k != "" {
		domain = k + ".example.org"
	}
	in.Email = programSlug + "." + slug(in.City) + "@" + domain
	in.Website = "https://www.example.org/" + slug(trimEV(pl.p.orgs[org].in.Name)) + "/" + programSlug
	h, err := schedule(r, in.Programs)
	if err != nil {
		return err
	}
	in.Hours = h
	in.AppointmentInfo = pick(r, appointmentInfos)
	in.StepFree = r.chance(0.6)
	in.AccessibleToilet = in.StepFree && r.chance(0.6)
	in.HearingLoop = r.chance(0.08)
	online := 0.35
	if slices.Contains(in.Programs, "jmd") {
		online = 0.7
	}
	in.OnlineCounseling = r.chance(online)
	in.Languages = pl.languages(r, in.Programs, org)
	in.Topics = pl.topics(r, in.Programs)
	return nil
}

// schedule makes realistic weekly hours; a third of the offices close on
// Christmas Eve and New Year's Eve, a few for a team day.
func schedule(r random, programs []string) (hours.Schedule, error) {
	patterns := weeklyPatterns
	if slices.Contains(programs, "jmd") && r.chance(0.5) {
		patterns = youthPatterns
	}
	w, err := hours.ParseWeekly(pick(r, patterns))
	if err != nil {
		return hours.Schedule{}, fmt.Errorf("demo: hours pattern: %w", err)
	}
	s := hours.Schedule{Weekly: w, ByAppointment: r.chance(0.5)}
	if r.chance(0.35) {
		s.Exceptions = append(s.Exceptions,
			hours.Exception{Date: "2026-12-24", Closed: true, Note: "Heiligabend"},
			hours.Exception{Date: "2026-12-31", Closed: true, Note: "Silvester"})
	}
	if r.chance(0.1) {
		s.Exceptions = append(s.Exceptions, hours.Exception{Date: "2026-06-19", Closed: true, Note: "Betriebsausflug"})
	}
	return s, nil
}

// languages: German always, one to four languages of clients' countries of
// origin, plus the language of a migrant self-organisation.
func (pl *planner) languages(r random, programs []string, org int) []string {
	out := []string{"de"}
	out = append(out, r.weightedSample(languageWeights, 1+r.IntN(4))...)
	if o := pl.p.orgs[org].in; o.Kind == network.MSO {
		for _, t := range msoTemplates {
			if strings.HasPrefix(o.Name, t.prefix+" ") && !slices.Contains(out, t.lang) {
				out = append(out, t.lang)
			}
		}
	}
	if slices.Contains(programs, "leitstelle") && !slices.Contains(out, "en") {
		out = append(out, "en")
	}
	slices.Sort(out)
	return out
}

// topics draws three to seven topics, weighted by the office's programs.
func (pl *planner) topics(r random, programs []string) []string {
	sum := map[string]int{}
	for _, p := range programs {
		for _, w := range topicWeights[p] {
			sum[w.key] += w.weight
		}
	}
	var ws []weighted
	for _, w := range topicWeights["integrationsarbeit"] { // every topic, in a fixed order
		if sum[w.key] > 0 && pl.ref.topics[w.key] {
			ws = append(ws, weighted{w.key, sum[w.key]})
		}
	}
	out := r.weightedSample(ws, 3+r.IntN(5))
	slices.Sort(out)
	return out
}
