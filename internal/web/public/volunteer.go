package public

import (
	"net/http"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// volunteerRoutes are the volunteers' pages, in every public language:
// what volunteering means with the sign-up form, the page after it, and
// the pages the mails link (internal/app/volunteer_mail.go fixes
// /{l}/volunteer/confirm/{token} and /{l}/volunteer/me/{token}): the
// confirmation button and the volunteer's own page with their asks.
func (h *Handler) volunteerRoutes() []site.Route {
	if h.Volunteers == nil {
		return nil
	}
	var out []site.Route
	for _, l := range i18n.Public {
		rt := func(method, pattern string, fn http.HandlerFunc) site.Route {
			return site.Route{Method: method, Pattern: "/" + l + "/volunteer" + pattern, Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: fn}
		}
		out = append(out,
			rt("GET", "", h.volunteerPage),
			rt("POST", "", h.volunteerSignUp),
			rt("GET", "/thanks", h.volunteerThanks),
			rt("GET", "/confirm/{token}", h.volunteerConfirmPage),
			rt("POST", "/confirm/{token}", h.volunteerConfirm),
			rt("GET", "/me/{token}", h.volunteerPersonal),
			rt("GET", "/me/{token}/calendar.ics", h.volunteerICS),
			rt("POST", "/me/{token}/asks/{id}/{action}", h.volunteerAnswer),
			rt("GET", "/me/{token}/offer", h.volunteerOfferForm),
			rt("POST", "/me/{token}/offer", h.volunteerOffer),
		)
		out = append(out, h.volunteerAccountRoutes(l)...)
	}
	return out
}

// volunteerLanguages are the languages the sign-up form offers: those the
// people who come to the offices speak most, and German.
var volunteerLanguages = volunteer.CommonLanguages

// volunteerLanguageRows is how many languages the form asks for.
const volunteerLanguageRows = 3

// volunteerDayParts are the parts of a day the availability grid offers, in
// minutes after midnight (Lower Saxony time).
var volunteerDayParts = []struct {
	Key        string
	From, Till int
}{{"morning", 8 * 60, 12 * 60}, {"afternoon", 12 * 60, 17 * 60}, {"evening", 17 * 60, 20 * 60}}

// volunteerWeekdays in the order a German week is read, with their catalog keys.
var volunteerWeekdays = []struct {
	Day time.Weekday
	Key string
}{{time.Monday, "mon"}, {time.Tuesday, "tue"}, {time.Wednesday, "wed"}, {time.Thursday, "thu"},
	{time.Friday, "fri"}, {time.Saturday, "sat"}, {time.Sunday, "sun"}}

// volunteerForm is the sign-up form as the visitor filled it in.
type volunteerForm struct {
	Name, Email, Phone, Gender, Postcode, MaxKm string
	Remote, Consent                             bool
	Activities                                  []string
	Languages                                   [volunteerLanguageRows]volunteerLanguageRow
	// Slots holds the ticked cells of the grid ("1-morning").
	Slots []string
}

// volunteerLanguageRow is one language line of the form.
type volunteerLanguageRow struct {
	Code, Level, Dialects string
}

// volunteerSignUpPage explains volunteering and carries the form.
type volunteerSignUpPage struct {
	pageBase
	Action     string
	Form       volunteerForm
	Genders    []site.Choice
	Activities []volunteerCheck
	Rows       []volunteerLanguageRowView
	Levels     []site.Choice
	Grid       []volunteerGridRow
	DayParts   []string
	// Refused says why the sign-up was not taken (the address is known).
	Refused string
	// Back is the volunteer's own page (the offer form only).
	Back string
}

// volunteerCheck is a checkbox of a group: its id, value and label.
type volunteerCheck struct {
	ID, Value, Label string
	Checked          bool
}

// volunteerLanguageRowView is one language line with its options.
type volunteerLanguageRowView struct {
	N                 int
	Languages, Levels []site.Choice
	Dialects          string
}

// volunteerGridRow is one weekday of the availability grid.
type volunteerGridRow struct {
	Label string
	Cells []volunteerCheck
}

// volunteerPage shows the sign-up page with an empty form.
func (h *Handler) volunteerPage(w http.ResponseWriter, r *http.Request) {
	h.renderVolunteerSignUp(w, r, http.StatusOK, volunteerForm{MaxKm: "20"}, nil, "")
}

// renderVolunteerSignUp shows the sign-up page with the form as typed, its
// problems and the message key of a refusal ("" for none).
func (h *Handler) renderVolunteerSignUp(w http.ResponseWriter, r *http.Request, status int, f volunteerForm, problems valid.Errors, refused string) {
	b, ok := h.publicBase(w, r, "volunteer.title")
	if !ok {
		return
	}
	relink(b, "/volunteer")
	b.Errors = problems
	p := volunteerFormPage(b, "/"+b.L.Lang+"/volunteer", f)
	if refused != "" {
		p.Refused = b.T(refused)
	}
	h.Render(w, r, status, "volunteer_signup", p)
}

// volunteerFormPage fills the parts of the volunteer form (the sign-up's
// and the one that changes the offer) from f.
func volunteerFormPage(b pageBase, action string, f volunteerForm) volunteerSignUpPage {
	p := volunteerSignUpPage{pageBase: b, Action: action, Form: f}
	for _, g := range volunteer.Genders {
		p.Genders = append(p.Genders, site.Choice{Value: g, Label: b.T("volunteer.gender_" + g), Selected: g == f.Gender})
	}
	for _, a := range volunteer.Activities {
		p.Activities = append(p.Activities, volunteerCheck{ID: "activity-" + a, Value: a, Label: b.T("volunteer.activity_" + a),
			Checked: slices.Contains(f.Activities, a)})
	}
	for i, row := range f.Languages {
		p.Rows = append(p.Rows, volunteerLanguageRowView{N: i + 1, Languages: volunteerLanguageChoices(b.L.Lang, row.Code),
			Levels: volunteerLevels(b, row.Level), Dialects: row.Dialects})
	}
	for _, part := range volunteerDayParts {
		p.DayParts = append(p.DayParts, b.T("volunteer.part_"+part.Key))
	}
	p.Grid = volunteerGrid(b, f.Slots)
	return p
}

// volunteerLanguageChoices names the offered languages in the reader's language,
// sorted by name, the one of code chosen.
func volunteerLanguageChoices(viewer, code string) []site.Choice {
	var out []site.Choice
	for _, n := range names.Languages(viewer, volunteerLanguages) {
		out = append(out, site.Choice{Value: n.Code, Label: n.Name, Selected: n.Code == code})
	}
	return out
}

// volunteerLevels are the levels 1 (basic) to 5 (native) in words.
func volunteerLevels(b pageBase, level string) []site.Choice {
	var out []site.Choice
	for _, v := range []string{"1", "2", "3", "4", "5"} {
		out = append(out, site.Choice{Value: v, Label: b.T("volunteer.level_" + v), Selected: v == level})
	}
	return out
}

// volunteerGrid is the weekday × part-of-day grid with the ticked cells.
func volunteerGrid(b pageBase, ticked []string) []volunteerGridRow {
	var out []volunteerGridRow
	for _, d := range volunteerWeekdays {
		row := volunteerGridRow{Label: b.T("day." + d.Key)}
		for _, part := range volunteerDayParts {
			v := volunteerSlotValue(d.Day, part.Key)
			row.Cells = append(row.Cells, volunteerCheck{ID: "slot-" + d.Key + "-" + part.Key, Value: v,
				Label: b.T("day."+d.Key) + ", " + b.T("volunteer.part_"+part.Key), Checked: slices.Contains(ticked, v)})
		}
		out = append(out, row)
	}
	return out
}

// volunteerSlotValue is a grid cell's form value: weekday number and part of day.
func volunteerSlotValue(d time.Weekday, part string) string {
	return string(rune('0'+int(d))) + "-" + part
}
