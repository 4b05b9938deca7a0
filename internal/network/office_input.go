package network

import (
	"errors"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/hours"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Locator resolves a postcode to coordinates and a district key (AGS).
// internal/geo provides it; tests may fake it.
type Locator interface {
	Locate(postcode string) (lat, lon float64, ags string, err error)
}

// ErrOutsideLowerSaxony is what a Locator returns for a postcode whose
// district is not in Lower Saxony.
var ErrOutsideLowerSaxony = geo.ErrOutsideLowerSaxony

// OfficeInput is what an editor or an import submits for an office.
type OfficeInput struct {
	ExternalID             string
	OrganisationID         string
	Name                   string
	Street, Postcode, City string
	// Lat and Lon override the postcode's centroid when set (precise position).
	Lat, Lon                                                  *float64
	Phone, Email, Website                                     string
	Hours                                                     hours.Schedule
	AppointmentInfo                                           string
	Translations                                              map[string]OfficeText
	StepFree, AccessibleToilet, HearingLoop, OnlineCounseling bool
	Status                                                    OfficeStatus
	Languages, Programs, Topics                               []string
}

// resolved is an input after validation: the district and coordinates.
type resolved struct {
	OfficeInput
	DistrictAGS string
	Lat, Lon    float64
}

var phoneRe = regexp.MustCompile(`^\+?[0-9 ()/\-]{5,30}$`)

// Normalize trims text fields and sorts the code lists.
func (in *OfficeInput) Normalize() {
	for _, f := range []*string{&in.ExternalID, &in.OrganisationID, &in.Name, &in.Street, &in.Postcode, &in.City,
		&in.Phone, &in.Email, &in.Website, &in.AppointmentInfo} {
		*f = strings.TrimSpace(*f)
	}
	in.Email = strings.ToLower(in.Email)
	in.Translations = normalizeTexts(in.Translations)
	if in.Status == "" {
		in.Status = Active
	}
	for _, l := range []*[]string{&in.Languages, &in.Programs, &in.Topics} {
		*l = normalizeCodes(*l)
	}
}

func normalizeCodes(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// validate checks the input and resolves postcode and coordinates.
func (in OfficeInput) validate(loc Locator, known Known) (resolved, error) {
	var e valid.Errors
	r := resolved{OfficeInput: in}
	required(&e, "name", in.Name, 200)
	required(&e, "organisation_id", in.OrganisationID, 100)
	if !known.Organisation(in.OrganisationID) && in.OrganisationID != "" {
		e.Add("organisation_id", "validation.choice")
	}
	optional(&e, "street", in.Street, 200)
	optional(&e, "city", in.City, 100)
	optional(&e, "external_id", in.ExternalID, 100)
	optional(&e, "appointment_info", in.AppointmentInfo, maxTextRunes)
	checkTexts(&e, in.AppointmentInfo, in.Translations)
	r.resolvePosition(&e, loc)
	checkContact(&e, in.Phone, in.Email, in.Website)
	if !slices.Contains([]OfficeStatus{Active, TemporarilyClosed, Closed}, in.Status) {
		e.Add("status", "validation.choice")
	}
	checkLanguages(&e, in.Languages)
	for _, p := range in.Programs {
		if !known.Program(p) {
			e.Add("programs", "validation.choice")
			break
		}
	}
	for _, t := range in.Topics {
		if !known.Topic(t) {
			e.Add("topics", "validation.choice")
			break
		}
	}
	e = append(e, in.Hours.Validate()...)
	return r, e.Err()
}

func (r *resolved) resolvePosition(e *valid.Errors, loc Locator) {
	lat, lon, ags, err := loc.Locate(r.Postcode)
	switch {
	case errors.Is(err, ErrOutsideLowerSaxony):
		e.Add("postcode", "network.postcode_outside")
		return
	case err != nil:
		e.Add("postcode", "network.postcode_unknown", "Postcode", r.Postcode)
		return
	}
	r.DistrictAGS, r.Lat, r.Lon = ags, lat, lon
	if in := r.OfficeInput; in.Lat != nil && in.Lon != nil {
		// A precise position must stay near Lower Saxony (with a margin for
		// the coarse boundaries); the district still comes from the postcode.
		if *in.Lat < 51.2 || *in.Lat > 54.2 || *in.Lon < 6.4 || *in.Lon > 11.8 {
			e.Add("lat", "network.coordinates")
			return
		}
		r.Lat, r.Lon = *in.Lat, *in.Lon
	}
}

func required(e *valid.Errors, field, v string, max int) {
	if v == "" {
		e.Add(field, "validation.required")
		return
	}
	optional(e, field, v, max)
}

func optional(e *valid.Errors, field, v string, max int) {
	if utf8.RuneCountInString(v) > max {
		e.Add(field, "validation.too_long", "Max", max)
	}
}

func checkContact(e *valid.Errors, phone, email, website string) {
	if phone != "" && !phoneRe.MatchString(phone) {
		e.Add("phone", "validation.phone")
	}
	if email != "" {
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			e.Add("email", "validation.email")
		}
	}
	if website != "" {
		u, err := url.Parse(website)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(website) > 300 {
			e.Add("website", "validation.url")
		}
	}
}

// checkLanguages accepts ISO 639 codes (two or three letters) that
// golang.org/x/text knows.
func checkLanguages(e *valid.Errors, codes []string) {
	for _, c := range codes {
		if _, err := language.ParseBase(c); err != nil || len(c) < 2 || len(c) > 3 {
			e.Add("languages", "network.language_unknown", "Code", c)
			return
		}
	}
}
