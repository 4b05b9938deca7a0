package mso

import (
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Limits of a profile's fields.
const (
	maxLong      = 2000
	maxShort     = 500
	maxContact   = 200
	maxLanguages = 30
)

// phoneRe: digits with the usual separators, as people write numbers.
var phoneRe = regexp.MustCompile(`^\+?[0-9 ()/\-]{3,40}$`)

// ProfileInput is a profile as its editor enters it.
type ProfileInput struct {
	Description, Communities, Activities string
	Languages                            []string
	Email, Phone, Website                string
}

// normalize trims the fields and sorts the languages, each once.
func (in *ProfileInput) normalize() {
	for _, f := range []*string{&in.Description, &in.Communities, &in.Activities, &in.Email, &in.Phone, &in.Website} {
		*f = strings.TrimSpace(*f)
	}
	slices.Sort(in.Languages)
	in.Languages = slices.Compact(in.Languages)
}

// Check lists the problems of a profile (all at once, for the form).
func (in ProfileInput) Check() valid.Errors {
	var e valid.Errors
	if in.Description == "" {
		e.Add("description", "msostaff.description_required")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{{"description", in.Description, maxLong}, {"activities", in.Activities, maxLong}, {"communities", in.Communities, maxShort}} {
		if utf8.RuneCountInString(f.v) > f.max {
			e.Add(f.name, "msostaff.too_long", "Max", f.max)
		}
	}
	if len(in.Languages) > maxLanguages || slices.ContainsFunc(in.Languages, func(l string) bool { return !slices.Contains(names.CaseLanguages, l) }) {
		e.Add("languages", "msostaff.languages_invalid")
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > maxContact {
			e.Add("email", "msostaff.email_invalid")
		}
	}
	if in.Phone != "" && !phoneRe.MatchString(in.Phone) {
		e.Add("phone", "msostaff.phone_invalid")
	}
	if in.Website != "" {
		if u, err := url.Parse(in.Website); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.Website) > maxContact {
			e.Add("website", "msostaff.website_invalid")
		}
	}
	return e
}
