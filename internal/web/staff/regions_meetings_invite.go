package staff

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// meetingOutcome answers a store error of the meetings: 403 for an
// answer by somebody not invited, 409 for what the meeting's state no
// longer (or not yet) allows, else as regionOutcome.
func (h *Handler) meetingOutcome(w http.ResponseWriter, r *http.Request, err error) (valid.Errors, bool) {
	switch {
	case errors.Is(err, regional.ErrNotInvited):
		h.Fail(w, r, http.StatusForbidden, "meetings.error_not_invited")
	case errors.Is(err, regional.ErrCancelled):
		h.Fail(w, r, http.StatusConflict, "meetings.error_cancelled")
	case errors.Is(err, regional.ErrOver):
		h.Fail(w, r, http.StatusConflict, "meetings.error_over")
	case errors.Is(err, regional.ErrNotStarted):
		h.Fail(w, r, http.StatusConflict, "meetings.error_not_started")
	default:
		return h.regionOutcome(w, r, err)
	}
	return nil, false
}

// meetingStep answers a change of a meeting from its page: back to it with
// a flash (at anchor), or the error's page.
func (h *Handler) meetingStep(w http.ResponseWriter, r *http.Request, err error, flash, anchor string) {
	if err == nil {
		h.SetFlash(w, flash)
		h.Redirect(w, r, "/meetings/"+r.PathValue("id")+anchor)
		return
	}
	if problems, ok := h.meetingOutcome(w, r, err); ok {
		h.renderMeeting(w, r, http.StatusUnprocessableEntity, &meetingRetry{Problems: problems})
	}
}

// inviteToMeeting invites everybody who belongs to the meeting and was
// not invited yet.
func (h *Handler) inviteToMeeting(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	n, err := h.Regional.Invite(r.Context(), x, r.PathValue("id"))
	flash := "flash.meeting_invited"
	if n == 0 {
		flash = "flash.meeting_invited_nobody"
	}
	h.meetingStep(w, r, err, flash, "#invitations")
}

// answerMeeting records the reader's answer to their invitation.
func (h *Handler) answerMeeting(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.Answer(r.Context(), x, r.PathValue("id"), r.PostFormValue("answer"))
	h.meetingStep(w, r, err, "flash.meeting_answered", "#my-answer")
}

// recordMeetingAttendance records who came: the form lists every invited
// person (invitee) and ticks those present (attended).
func (h *Handler) recordMeetingAttendance(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	came := map[string]bool{}
	for _, u := range r.PostForm["invitee"] {
		came[u] = false
	}
	for _, u := range r.PostForm["attended"] {
		came[u] = true
	}
	err := h.Regional.RecordAttendance(r.Context(), x, r.PathValue("id"), came)
	h.meetingStep(w, r, err, "flash.meeting_attendance", "#invitations")
}

type cancelMeetingPage struct {
	regionBase
	M    *regional.Meeting
	When string
	// Invited is whether anybody gets a cancellation.
	Invited bool
}

// confirmCancelMeeting asks before a meeting is called off.
func (h *Handler) confirmCancelMeeting(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	m, err := h.Regional.Meeting(r.Context(), x, r.PathValue("id"))
	switch {
	case err != nil:
	case !x.Coordinates(m.RegionID):
		err = regional.ErrForbidden
	case m.State == regional.Cancelled:
		err = regional.ErrCancelled
	case !m.Start.After(h.Clock.Now()):
		err = regional.ErrOver
	}
	if err != nil {
		h.meetingOutcome(w, r, err)
		return
	}
	b, ok := h.spacePage(w, r, x, m.RegionID, "meetings.cancel_title", "meetings")
	if !ok {
		return
	}
	h.Render(w, r, http.StatusOK, "regions_meeting_cancel", cancelMeetingPage{regionBase: b, M: m, When: meetingWhen(b.Base, m),
		Invited: !m.InvitedAt.IsZero()})
}

func (h *Handler) cancelMeeting(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	h.meetingStep(w, r, h.Regional.CancelMeeting(r.Context(), x, r.PathValue("id")), "flash.meeting_cancelled", "")
}

// meetingICal answers the meeting's calendar entry (the one the
// invitation carries), for whoever reads the meeting.
func (h *Handler) meetingICal(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	m, err := h.Regional.Meeting(r.Context(), x, r.PathValue("id"))
	if err != nil {
		h.meetingOutcome(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := regional.MeetingICal(&buf, m, h.Clock.Now(), h.PublicURL()+"/meetings/"+m.ID, nil); err != nil {
		h.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="sitzung-`+m.Start.In(clock.Berlin()).Format("2006-01-02")+`.ics"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = w.Write(buf.Bytes())
}
