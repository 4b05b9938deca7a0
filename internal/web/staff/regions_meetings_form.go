package staff

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// meetingForm is the form of a new meeting (or series) and of a change
// as typed: the day with start and end times in Lower Saxony.
type meetingForm struct {
	Title, Day, From, To, Place, OnlineURL string
	Repeat, Count, Version                 string
}

type meetingFormPage struct {
	regionBase
	Form meetingForm
	// Action is where the form posts; ID is the meeting being changed
	// ("" for a new one, which offers the series fields).
	Action, ID string
	Repeats    []site.Choice
}

func readMeetingForm(r *http.Request) meetingForm {
	v := r.PostForm
	return meetingForm{Title: v.Get("title"), Day: v.Get("day"), From: v.Get("from"), To: v.Get("to"), Place: v.Get("place"),
		OnlineURL: v.Get("online_url"), Repeat: v.Get("repeat"), Count: v.Get("count"), Version: v.Get("version")}
}

// meetingFormOf fills the form from a meeting (to change it).
func meetingFormOf(m *regional.Meeting) meetingForm {
	start, end := m.Start.In(clock.Berlin()), m.End.In(clock.Berlin())
	return meetingForm{Title: m.Title, Day: start.Format(time.DateOnly), From: start.Format("15:04"), To: end.Format("15:04"),
		Place: m.Place, OnlineURL: m.OnlineURL, Count: "1", Version: strconv.Itoa(m.Version)}
}

// input converts the form; what does not parse is a problem for its
// field, what is missing the store reports.
func (f meetingForm) input() (regional.MeetingInput, valid.Errors) {
	var e valid.Errors
	in := regional.MeetingInput{Title: f.Title, Place: f.Place, OnlineURL: f.OnlineURL, Repeat: regional.Repeat(f.Repeat)}
	var day time.Time
	if d := strings.TrimSpace(f.Day); d != "" {
		var err error
		if day, err = time.ParseInLocation(time.DateOnly, d, clock.Berlin()); err != nil {
			e.Add("day", "meetings.day_invalid")
		}
	}
	in.Start, in.End = timeOn(&e, "from", day, f.From), timeOn(&e, "to", day, f.To)
	if c := strings.TrimSpace(f.Count); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			e.Add("count", "meetings.count_invalid")
		}
		in.Count = n
	}
	return in, e
}

// timeOn is the time of day value ("14:30") on day in Lower Saxony
// (zero when either is missing).
func timeOn(e *valid.Errors, field string, day time.Time, value string) time.Time {
	value = strings.TrimSpace(value)
	if value == "" {
		return time.Time{}
	}
	t, err := time.Parse("15:04", value)
	if err != nil {
		e.Add(field, "meetings.time_invalid")
		return time.Time{}
	}
	if day.IsZero() {
		return time.Time{}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, clock.Berlin()).UTC()
}

// formFields names the store's fields as the form does: the start is
// the day's, the end the "to" time's.
func formFields(problems valid.Errors) valid.Errors {
	out := make(valid.Errors, len(problems))
	for i, p := range problems {
		switch p.Field {
		case "start":
			p.Field = "day"
		case "end":
			p.Field = "to"
		}
		out[i] = p
	}
	return out
}

func (h *Handler) newMeetingForm(w http.ResponseWriter, r *http.Request) {
	day := h.Clock.Today().AddDate(0, 0, 14)
	h.renderMeetingForm(w, r, http.StatusOK, meetingForm{Day: isoDate(day), From: "10:00", To: "12:00", Count: "1"}, nil)
}

// renderMeetingForm shows the form of a new meeting of the path's region.
func (h *Handler) renderMeetingForm(w http.ResponseWriter, r *http.Request, status int, f meetingForm, problems valid.Errors) {
	b, ok := h.regionPage(w, r, "meetings.new_title", "meetings")
	if !ok {
		return
	}
	if b.State {
		h.NotFound(w, r)
		return
	}
	if !b.Coordinates {
		h.Fail(w, r, http.StatusForbidden, "error.forbidden")
		return
	}
	b.Errors = formFields(problems)
	p := meetingFormPage{regionBase: b, Form: f, Action: "/regions/" + b.Space + "/meetings"}
	for _, rp := range regional.Repeats {
		v := string(rp)
		if v == "" {
			v = "once"
		}
		p.Repeats = append(p.Repeats, site.Choice{Value: string(rp), Label: p.T("meetings.repeat_" + v), Selected: string(rp) == f.Repeat})
	}
	h.Render(w, r, status, "regions_meeting_form", p)
}

func (h *Handler) createMeeting(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	region := r.PathValue("region")
	// The region first: whoever does not run it gets 404 or 403, not
	// the form's problems.
	if !x.Coordinates(region) || region == regional.StateSpace {
		h.regionOutcome(w, r, hiddenFrom(x, region))
		return
	}
	f := readMeetingForm(r)
	in, problems := f.input()
	if len(problems) > 0 {
		h.renderMeetingForm(w, r, http.StatusUnprocessableEntity, f, problems)
		return
	}
	id, err := h.Regional.CreateMeeting(r.Context(), x, region, in)
	if err == nil {
		h.SetFlash(w, "flash.meeting_created")
		h.Redirect(w, r, "/meetings/"+id)
		return
	}
	if problems, ok := h.meetingOutcome(w, r, err); ok {
		h.renderMeetingForm(w, r, http.StatusUnprocessableEntity, f, problems)
	}
}

// hiddenFrom is the error for a space x does not run: not found when x
// does not even see it.
func hiddenFrom(x regional.Participant, space string) error {
	if x.Sees(space) && space != regional.StateSpace {
		return regional.ErrForbidden
	}
	return regional.ErrNotFound
}

func (h *Handler) editMeetingForm(w http.ResponseWriter, r *http.Request) {
	h.renderMeetingEdit(w, r, http.StatusOK, nil, nil)
}

// renderMeetingEdit shows the form to change a meeting: as stored, or as
// typed (f) with its problems.
func (h *Handler) renderMeetingEdit(w http.ResponseWriter, r *http.Request, status int, f *meetingForm, problems valid.Errors) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	m, err := h.Regional.Meeting(r.Context(), x, r.PathValue("id"))
	if err != nil {
		h.meetingOutcome(w, r, err)
		return
	}
	if !x.Coordinates(m.RegionID) {
		h.meetingOutcome(w, r, regional.ErrForbidden)
		return
	}
	if m.State == regional.Cancelled {
		h.meetingOutcome(w, r, regional.ErrCancelled)
		return
	}
	b, ok := h.spacePage(w, r, x, m.RegionID, "meetings.edit_title", "meetings")
	if !ok {
		return
	}
	b.Errors = formFields(problems)
	form := meetingFormOf(m)
	if f != nil {
		form = *f
	}
	p := meetingFormPage{regionBase: b, Form: form, Action: "/meetings/" + m.ID, ID: m.ID}
	h.Render(w, r, status, "regions_meeting_form", p)
}

func (h *Handler) updateMeeting(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if _, err := h.Regional.Meeting(r.Context(), x, id); err != nil {
		h.meetingOutcome(w, r, err)
		return
	}
	f := readMeetingForm(r)
	in, problems := f.input()
	version, err := strconv.Atoi(f.Version)
	if err != nil {
		problems.Add("version", "regions.stale")
	}
	if len(problems) == 0 {
		err = h.Regional.EditMeeting(r.Context(), x, id, version, in)
		if err == nil {
			h.SetFlash(w, "flash.meeting_saved")
			h.Redirect(w, r, "/meetings/"+id)
			return
		}
		if problems, ok = h.meetingOutcome(w, r, err); !ok {
			return
		}
	}
	status := http.StatusUnprocessableEntity
	if problems.Has("version") {
		status = http.StatusConflict
	}
	h.renderMeetingEdit(w, r, status, &f, problems)
}
