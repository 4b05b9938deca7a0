package casework

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// oldestAge bounds plausible birth years: older clients are a typing error.
const oldestAge = 120

// maxNote bounds a contact note (characters).
const maxNote = 20000

// normalize trims the free fields and canonicalises the codes where they
// parse; validate reports the ones that do not.
func (in *FileInput) normalize() {
	in.IntakeOn = day(in.IntakeOn)
	in.Gender = strings.TrimSpace(in.Gender)
	in.ResidenceStatus = strings.TrimSpace(in.ResidenceStatus)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	in.FirstLanguage = canonicalLanguage(in.FirstLanguage)
}

// validate checks the statistics fields against today (eligibility is
// checked separately, against the program).
func (in FileInput) validate(today time.Time) valid.Errors {
	var e valid.Errors
	switch {
	case in.IntakeOn.IsZero():
		e.Add("intake_on", "case.intake_required")
	case in.IntakeOn.After(today):
		e.Add("intake_on", "case.intake_future")
	}
	switch {
	case in.BirthYear > today.Year():
		e.Add("birth_year", "case.birth_year_future")
	case in.BirthYear < today.Year()-oldestAge:
		e.Add("birth_year", "case.birth_year_implausible")
	}
	if !slices.Contains(Genders, in.Gender) {
		e.Add("gender", "case.gender_invalid")
	}
	if in.Country != "" && !validCountry(in.Country) {
		e.Add("country", "case.country_invalid")
	}
	if in.FirstLanguage != "" && !validLanguage(in.FirstLanguage) {
		e.Add("first_language", "case.language_invalid")
	}
	if !slices.Contains(ResidenceStatuses, in.ResidenceStatus) {
		e.Add("residence_status", "case.residence_status_invalid")
	}
	in.validateArrival(today, &e)
	return e
}

func (in FileInput) validateArrival(today time.Time, e *valid.Errors) {
	switch {
	case in.ArrivalYear == 0:
	case in.ArrivalYear > today.Year():
		e.Add("arrival_year", "case.arrival_future")
	case in.ArrivalYear < in.BirthYear:
		e.Add("arrival_year", "case.arrival_before_birth")
	}
}

// checkAge applies the program's age limits to the age at intake, which is
// approximated as intake year − birth year because only the birth year is
// stored (data minimisation). The approximation is at most one year too
// high (birthday later in the year than the intake), so it never admits
// anyone to JMD who is over 27, but it may refuse someone who turns 28 later
// in the intake year; MBE's minimum is then met a few months early.
func checkAge(in FileInput, minAge, maxAge *int, e *valid.Errors) {
	if in.IntakeOn.IsZero() || e.Has("birth_year") {
		return
	}
	age := in.IntakeOn.Year() - in.BirthYear
	if minAge != nil && age < *minAge {
		e.Add("birth_year", "case.too_young", "min", *minAge)
	}
	if maxAge != nil && age > *maxAge {
		e.Add("birth_year", "case.too_old", "max", *maxAge)
	}
}

// validCountry accepts ISO 3166-1 alpha-2 codes of countries.
func validCountry(s string) bool {
	if len(s) != 2 {
		return false
	}
	r, err := language.ParseRegion(s)
	return err == nil && r.IsCountry() && r.String() == s
}

// canonicalLanguage lower-cases s and maps ISO 639-2/3 codes to their
// two-letter form where one exists ("deu" → "de").
func canonicalLanguage(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if b, err := language.ParseBase(s); err == nil && (len(s) == 2 || len(s) == 3) {
		return b.String()
	}
	return s
}

// validLanguage accepts known ISO 639 language codes (2 or 3 letters).
func validLanguage(s string) bool {
	if len(s) != 2 && len(s) != 3 {
		return false
	}
	b, err := language.ParseBase(s)
	return err == nil && b.String() == s && s != "und"
}

// tooLong reports whether s has more than n characters.
func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }
