package public

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// volunteerSignUp takes a sign-up (POST /{l}/volunteer): bad input or an
// address signed up already show the form again (422); success sends to
// the page that asks to open the mail. A filled honeypot looks like
// success and stores nothing.
func (h *Handler) volunteerSignUp(w http.ResponseWriter, r *http.Request) {
	lang := publicLang(r)
	done := "/" + lang + "/volunteer/thanks"
	if r.PostFormValue(honeypot) != "" {
		h.Redirect(w, r, done)
		return
	}
	f := readVolunteerForm(r)
	in := f.input()
	in.Lang = lang
	err := h.Volunteers.SignUp(r.Context(), in)
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderVolunteerSignUp(w, r, http.StatusUnprocessableEntity, f, problems, "")
	case errors.Is(err, volunteer.ErrDuplicate):
		// As the event registration: the page says the address is known,
		// never whether it was confirmed or by a coordinator.
		problems.Add("email", "volunteer.error_duplicate")
		h.renderVolunteerSignUp(w, r, http.StatusUnprocessableEntity, f, problems, "")
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		h.Redirect(w, r, done)
	}
}

// readVolunteerForm reads the posted form as typed (to show it again).
func readVolunteerForm(r *http.Request) volunteerForm {
	f := volunteerForm{Name: r.PostFormValue("name"), Email: strings.TrimSpace(r.PostFormValue("email")),
		Phone: r.PostFormValue("phone"), Gender: r.PostFormValue("gender"), Postcode: r.PostFormValue("postcode"),
		MaxKm: r.PostFormValue("max_km"), Remote: r.PostFormValue("remote") == "yes", Consent: r.PostFormValue("consent") == "yes",
		Activities: r.PostForm["activities"], Slots: r.PostForm["slots"]}
	for i := range f.Languages {
		n := strconv.Itoa(i + 1)
		f.Languages[i] = volunteerLanguageRow{Code: r.PostFormValue("lang_" + n), Level: r.PostFormValue("level_" + n),
			Dialects: r.PostFormValue("dialects_" + n)}
	}
	return f
}

// input turns the form into the store's input. A value the form never
// offers (a number that is none, a language not in the list, a cell not
// in the grid) becomes one the store refuses, so the visitor sees the
// store's message on the field instead of the value being dropped.
func (f volunteerForm) input() volunteer.SignUpInput {
	in := volunteer.SignUpInput{Name: f.Name, Email: f.Email, Phone: f.Phone, Gender: f.Gender, Postcode: f.Postcode,
		MaxKm: volunteerInt(f.MaxKm, 0, 1000), Remote: f.Remote, Activities: f.Activities, Consent: f.Consent}
	for _, row := range f.Languages {
		if row.Code == "" {
			continue
		}
		l := volunteer.Language{Code: row.Code, Level: volunteerInt(row.Level, -1, 5), Dialects: splitDialects(row.Dialects)}
		if !slices.Contains(volunteerLanguages, row.Code) {
			l.Code = "?"
		}
		in.Languages = append(in.Languages, l)
	}
	// A cell posted twice is one time (the store would refuse the
	// second row of the same time as a database error).
	slots := slices.Clone(f.Slots)
	slices.Sort(slots)
	for _, v := range slices.Compact(slots) {
		in.Slots = append(in.Slots, volunteerSlot(v))
	}
	return in
}

// volunteerInt reads a whole number; empty is empty (blank), anything that is no
// number or lies above max is -1, which every range check refuses.
func volunteerInt(s string, blank, max int) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return blank
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > max {
		return -1
	}
	return n
}

// splitDialects splits the free text at commas, dropping blanks.
func splitDialects(s string) []string {
	var out []string
	for _, d := range strings.Split(s, ",") {
		if d = strings.TrimSpace(d); d != "" {
			out = append(out, d)
		}
	}
	return out
}

// volunteerSlot reads a grid cell ("1-morning"); an unknown one is an empty
// slot the store refuses.
func volunteerSlot(v string) volunteer.Slot {
	day, part, _ := strings.Cut(v, "-")
	for _, d := range volunteerWeekdays {
		if volunteerSlotValue(d.Day, "") != day+"-" {
			continue
		}
		for _, p := range volunteerDayParts {
			if p.Key == part {
				return volunteer.Slot{Weekday: d.Day, From: p.From, Till: p.Till}
			}
		}
	}
	return volunteer.Slot{Weekday: time.Sunday}
}

// volunteerThanksPage is where a sign-up lands: the mail is on its way.
type volunteerThanksPage struct {
	pageBase
	Back string
}

// volunteerThanks asks to open the link in the mail.
func (h *Handler) volunteerThanks(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "volunteer.thanks_title")
	if !ok {
		return
	}
	h.Render(w, r, http.StatusOK, "volunteer_thanks", volunteerThanksPage{pageBase: b, Back: "/" + b.L.Lang + "/volunteer"})
}
