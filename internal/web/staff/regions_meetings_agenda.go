package staff

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

func readAgendaForm(r *http.Request) agendaForm {
	v := r.PostForm
	return agendaForm{Title: v.Get("title"), Presenter: v.Get("presenter"), Minutes: v.Get("minutes"), Document: v.Get("document")}
}

// input converts the form; an unreadable duration is a problem, an empty
// one is none.
func (f agendaForm) input() (regional.AgendaInput, valid.Errors) {
	var e valid.Errors
	in := regional.AgendaInput{Title: f.Title, Presenter: f.Presenter, DocumentID: f.Document}
	if m := strings.TrimSpace(f.Minutes); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil {
			e.Add("minutes", "meetings.item_minutes_invalid")
		}
		in.Minutes = n
	}
	if len(e) > 0 {
		// Show what else is wrong too, not only what did not parse.
		for _, p := range in.Check() {
			if !e.Has(p.Field) {
				e = append(e, p)
			}
		}
	}
	return in, e
}

// runsMeeting answers 404 or 403 unless x coordinates the path's meeting,
// so that a form's own problems are shown to its coordinators only.
func (h *Handler) runsMeeting(w http.ResponseWriter, r *http.Request, x regional.Participant) bool {
	m, err := h.Regional.Meeting(r.Context(), x, r.PathValue("id"))
	if err == nil && !x.Coordinates(m.RegionID) {
		err = regional.ErrForbidden
	}
	if err != nil {
		h.meetingOutcome(w, r, err)
		return false
	}
	return true
}

func (h *Handler) addAgendaItem(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok || !h.runsMeeting(w, r, x) {
		return
	}
	f := readAgendaForm(r)
	in, problems := f.input()
	err := problems.Err()
	if err == nil {
		_, err = h.Regional.AddAgendaItem(r.Context(), x, r.PathValue("id"), in)
	}
	h.afterAgenda(w, r, err, "flash.meeting_item_added", &meetingRetry{Form: f}, "item")
}

func (h *Handler) editAgendaItem(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok || !h.runsMeeting(w, r, x) {
		return
	}
	item := r.PathValue("item")
	f := readAgendaForm(r)
	in, problems := f.input()
	err := problems.Err()
	if err == nil {
		err = h.Regional.EditAgendaItem(r.Context(), x, r.PathValue("id"), item, in)
	}
	h.afterAgenda(w, r, err, "flash.meeting_item_saved", &meetingRetry{Item: item, Form: f}, "item-"+item)
}

func (h *Handler) deleteAgendaItem(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	item := r.PathValue("item")
	err := h.Regional.DeleteAgendaItem(r.Context(), x, r.PathValue("id"), item)
	h.afterAgenda(w, r, err, "flash.meeting_item_deleted", &meetingRetry{}, "item-"+item)
}

// moveAgendaItem moves an item one place up or down (direction).
func (h *Handler) moveAgendaItem(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.MoveAgendaItem(r.Context(), x, r.PathValue("id"), r.PathValue("item"), r.PostFormValue("direction") == "up")
	h.afterAgenda(w, r, err, "flash.meeting_item_moved", &meetingRetry{}, "")
}

// afterAgenda goes back to the agenda with a flash, or shows the page
// again with the problems on the form that was sent: its fields' ids
// start with key (a problem of the item itself names key alone).
func (h *Handler) afterAgenda(w http.ResponseWriter, r *http.Request, err error, flash string, retry *meetingRetry, key string) {
	if err == nil {
		h.SetFlash(w, flash)
		h.Redirect(w, r, "/meetings/"+r.PathValue("id")+"#agenda")
		return
	}
	problems, ok := h.meetingOutcome(w, r, err)
	if !ok {
		return
	}
	for _, p := range problems {
		if p.Field == "item" {
			p.Field = key
		} else {
			p.Field = key + "-" + p.Field
		}
		retry.Problems = append(retry.Problems, p)
	}
	h.renderMeeting(w, r, http.StatusUnprocessableEntity, retry)
}
