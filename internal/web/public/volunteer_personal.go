package public

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// volunteerPersonalPage is a volunteer's own page, reached by the link in
// their mails: their profile, the appointments they are asked for, those
// they took, and the hours of those that are over. It shows the
// appointment (when, where, how sensitive), never who the client is.
type volunteerPersonalPage struct {
	pageBase
	// Base is the page's own path; Calendar its calendar file.
	Base, Calendar string
	Name, State    string
	// Waiting: the coordinator's conversation is still to come.
	Waiting                bool
	Languages, Activities  []string
	Availability           []string
	Distance               string
	Remote                 bool
	Asks, Upcoming, Past   []volunteerAppointment
	Notice, Refused        string
	HoursMax, MinutesMax   int
	HasAssignments, Closed bool
	// Account: the page of the signed-in account (with sign-out), not
	// of a personal link.
	Account bool
}

// volunteerAppointment is one appointment as the volunteer sees it.
type volunteerAppointment struct {
	ID, When, Duration, Language, Mode, Place, Sensitivity, Office string
	// Action is the path its answers and hours are posted to (+ /accept …).
	Action    string
	Cancelled bool
	// Logged says the minutes recorded; CanLog shows the hours form.
	Logged string
	CanLog bool
	// Error is the problem of the hours typed for this appointment.
	Error           string
	Hours, Minutes  string
	ErrorID, FormID string
}

// volunteerNotices are the messages a step's redirect may ask for.
var volunteerNotices = []string{"accepted", "declined", "hours", "offer"}

// volunteerPersonal shows the personal page of the path's token.
func (h *Handler) volunteerPersonal(w http.ResponseWriter, r *http.Request) {
	h.renderVolunteerPersonal(w, r, http.StatusOK, "", "", nil)
}

// renderVolunteerPersonal shows the page; refused is the message key of a
// step not taken, askID and problems the hours typed for one appointment.
func (h *Handler) renderVolunteerPersonal(w http.ResponseWriter, r *http.Request, status int, refused, askID string, problems valid.Errors) {
	volunteerHeaders(w)
	key, path := volunteerWho(r)
	v, as, ok := h.volunteerSelf(w, r, key)
	if !ok {
		return
	}
	b, ok := h.publicBase(w, r, "volunteer.personal_title")
	if !ok {
		return
	}
	relink(b, path)
	base := "/" + b.L.Lang + path
	p := volunteerPersonalPage{pageBase: b, Base: base, Calendar: base + "/calendar.ics", Name: v.Name,
		Account: r.PathValue("token") == "",
		State:   b.T("volunteer.state_" + v.State), Waiting: v.State == volunteer.Registered, Closed: v.State == volunteer.Inactive,
		Remote: v.Remote, HoursMax: 24, MinutesMax: 59}
	h.volunteerProfile(b, &p, v)
	if d := r.URL.Query().Get("done"); slices.Contains(volunteerNotices, d) && status == http.StatusOK {
		p.Notice = b.T("volunteer.done_" + d)
	}
	if refused != "" {
		p.Refused = b.T(refused)
	}
	now := h.Clock.Now()
	for _, a := range as {
		av := volunteerAssignment(b, base, a)
		if a.ID == askID {
			if pr, ok := problems.For("minutes"); ok {
				av.Error = b.T(pr.Key, pr.Args...)
			}
			av.Hours, av.Minutes = r.PostFormValue("hours"), r.PostFormValue("minutes")
		}
		switch {
		case a.State == volunteer.Asked && a.Request.State == volunteer.Open && a.Request.Start.After(now):
			p.Asks = append(p.Asks, av)
		case a.State != volunteer.Accepted:
		case a.Request.End.After(now):
			p.Upcoming = append(p.Upcoming, av)
		default:
			av.CanLog = a.Minutes == 0 && !av.Cancelled
			p.Past = append(p.Past, av)
		}
	}
	p.HasAssignments = len(p.Upcoming)+len(p.Past) > 0
	h.Render(w, r, status, "volunteer_personal", p)
}

// volunteerWho is how the request names its volunteer: the personal link
// in the path (/me/{token}) or, on the account's pages, the session, with
// the page's path after the language.
func volunteerWho(r *http.Request) (volunteer.Key, string) {
	if token := r.PathValue("token"); token != "" {
		return volunteer.ByLink(token), "/volunteer/me/" + token
	}
	return volunteer.BySession(site.StateOf(r).Volunteer), "/volunteer/account"
}

// volunteerSelf reads the volunteer of key and their asks; it answers
// 404 itself for an unknown key.
func (h *Handler) volunteerSelf(w http.ResponseWriter, r *http.Request, key volunteer.Key) (*volunteer.Volunteer, []volunteer.Assignment, bool) {
	v, err := h.Volunteers.Self(r.Context(), key)
	var as []volunteer.Assignment
	if err == nil {
		as, err = h.Volunteers.Assignments(r.Context(), key)
	}
	switch {
	case errors.Is(err, volunteer.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "volunteer.error_link")
		return nil, nil, false
	case err != nil:
		h.publicServerError(w, r, err)
		return nil, nil, false
	}
	return v, as, true
}

// volunteerProfile puts the volunteer's languages, activities and times into
// words.
func (h *Handler) volunteerProfile(b pageBase, p *volunteerPersonalPage, v *volunteer.Volunteer) {
	lang := b.L.Lang
	for _, l := range v.Languages {
		s := names.Language(lang, l.Code) + " – " + b.T(fmt.Sprintf("volunteer.level_%d", l.Level))
		if len(l.Dialects) > 0 {
			s += " (" + b.L.List(l.Dialects) + ")"
		}
		p.Languages = append(p.Languages, s)
	}
	for _, a := range v.Activities {
		p.Activities = append(p.Activities, b.T("volunteer.activity_"+a))
	}
	for _, d := range volunteerWeekdays {
		var times []string
		for _, s := range v.Slots {
			if s.Weekday == d.Day {
				times = append(times, volunteerClock(s.From)+"–"+volunteerClock(s.Till))
			}
		}
		if len(times) > 0 {
			p.Availability = append(p.Availability, b.T("day."+d.Key)+": "+b.L.List(times))
		}
	}
	if v.MaxKm > 0 {
		p.Distance = b.T("volunteer.distance_km", "Km", v.MaxKm)
	} else {
		p.Distance = b.T("volunteer.distance_any")
	}
}

// volunteerClock writes minutes after midnight as "08:00".
func volunteerClock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// volunteerAssignment puts one appointment into words for the reader.
func volunteerAssignment(b pageBase, base string, a volunteer.Assignment) volunteerAppointment {
	rq := a.Request
	av := volunteerAppointment{ID: a.ID, When: b.L.DateTime(rq.Start.In(clock.Berlin())) + "–" + b.L.Clock(rq.End),
		Duration: b.T("volunteer.duration_minutes", "Minutes", rq.Minutes()), Language: names.Language(b.L.Lang, rq.Language),
		Mode: b.T("volunteer.mode_" + rq.Mode), Place: strings.TrimSpace(rq.Place), Office: rq.OfficeName,
		Action: base + "/asks/" + a.ID, Cancelled: rq.State == volunteer.Cancelled,
		FormID: "hours-" + a.ID, ErrorID: "hours-error-" + a.ID}
	if rq.Dialect != "" {
		av.Language += " (" + rq.Dialect + ")"
	}
	if rq.Sensitivity != "" {
		av.Sensitivity = b.T("volunteer.sensitivity_" + rq.Sensitivity)
	}
	if a.Minutes > 0 {
		av.Logged = b.T("volunteer.hours_logged", "Hours", a.Minutes/60, "Minutes", a.Minutes%60)
	}
	return av
}
