package staff

import (
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// saveMinutes starts the minutes (the button named "start") or saves the
// editor: the summary and a text per agenda item ("text-<item>").
func (h *Handler) saveMinutes(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if r.PostFormValue("start") != "" {
		h.afterMinutes(w, r, h.Regional.StartMinutes(r.Context(), x, id), "flash.minutes_started", "", nil)
		return
	}
	f := &minutesForms{Summary: r.PostFormValue("summary"), Texts: map[string]string{}}
	for k, v := range r.PostForm {
		if item, ok := strings.CutPrefix(k, "text-"); ok && item != "" && len(v) > 0 {
			f.Texts[item] = v[0]
		}
	}
	err := h.Regional.SaveMinutes(r.Context(), x, id, regional.MinutesInput{Version: formVersion(r), Changed: formStamp(r),
		Summary: f.Summary, Texts: maps.Clone(f.Texts)})
	h.afterMinutes(w, r, err, "flash.minutes_saved", "", f)
}

// formVersion is the minutes' version a form belongs to (-1 when it
// sends none, which no version is).
func formVersion(r *http.Request) int {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || v < 1 {
		return -1
	}
	return v
}

// formStamp is the minutes' last change as the form showed it (zero:
// none sent).
func formStamp(r *http.Request) time.Time {
	n, err := strconv.ParseInt(r.PostFormValue("changed"), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.UnixMicro(n).UTC()
}

// afterMinutes goes back to the minutes (at anchor) with a flash, or
// shows them again with the problems and the forms as sent (409 when
// they changed meanwhile).
func (h *Handler) afterMinutes(w http.ResponseWriter, r *http.Request, err error, flash, anchor string, f *minutesForms) {
	if err == nil {
		h.SetFlash(w, flash)
		h.Redirect(w, r, "/meetings/"+r.PathValue("id")+"/minutes"+anchor)
		return
	}
	problems, ok := h.regionOutcome(w, r, err)
	if !ok {
		return
	}
	status := http.StatusUnprocessableEntity
	if problems.Has("version") {
		status = http.StatusConflict
	}
	h.renderMinutes(w, r, status, 0, f, problems)
}

func (h *Handler) circulateMinutes(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.CirculateMinutes(r.Context(), x, r.PathValue("id"), formVersion(r))
	h.afterMinutes(w, r, err, "flash.minutes_circulated", "", nil)
}

func (h *Handler) correctMinutes(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	_, err := h.Regional.CorrectMinutes(r.Context(), x, r.PathValue("id"), formVersion(r))
	h.afterMinutes(w, r, err, "flash.minutes_corrected", "", nil)
}

// confirmApproveMinutes shows what approving will lock.
func (h *Handler) confirmApproveMinutes(w http.ResponseWriter, r *http.Request) {
	h.renderApproveMinutes(w, r, http.StatusOK, nil)
}

func (h *Handler) renderApproveMinutes(w http.ResponseWriter, r *http.Request, status int, problems valid.Errors) {
	b, m, ok := h.minutesBase(w, r, "minutes.approve_title")
	if !ok {
		return
	}
	if !b.Coordinates {
		h.Fail(w, r, http.StatusForbidden, "error.forbidden")
		return
	}
	mins, err := h.Regional.Minutes(r.Context(), b.X, m.ID, 0)
	switch {
	case err != nil:
		h.regionOutcome(w, r, err)
		return
	case mins.State == regional.MinutesApproved:
		h.regionOutcome(w, r, regional.ErrLocked)
		return
	case mins.State == regional.MinutesDraft:
		h.Fail(w, r, http.StatusConflict, "minutes.approve_draft")
		return
	}
	b.Errors = problems
	p := minutesPage{regionBase: b, Meeting: meetingHeadOf(b.Base, m), View: h.minutesViewOf(b, m, mins)}
	h.Render(w, r, status, "regions_minutes_approve", p)
}

func (h *Handler) approveMinutes(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.ApproveMinutes(r.Context(), x, r.PathValue("id"), formVersion(r), formStamp(r))
	if err == nil {
		h.SetFlash(w, "flash.minutes_approved")
		h.Redirect(w, r, "/meetings/"+r.PathValue("id")+"/minutes")
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderApproveMinutes(w, r, http.StatusConflict, problems)
	}
}

// printMinutes shows a version without the site's frame, for paper.
func (h *Handler) printMinutes(w http.ResponseWriter, r *http.Request, version int) {
	b, m, ok := h.minutesBase(w, r, "minutes.title")
	if !ok {
		return
	}
	mins, err := h.Regional.Minutes(r.Context(), b.X, m.ID, version)
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	p := minutesPage{regionBase: b, Meeting: meetingHeadOf(b.Base, m), View: h.minutesViewOf(b, m, mins)}
	h.Render(w, r, http.StatusOK, "regions_minutes_print", p)
}

// addDecision records a decision with the minutes.
func (h *Handler) addDecision(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	d := decisionForm{Text: r.PostFormValue("decision_text"), Item: r.PostFormValue("decision_item"),
		Topic: r.PostFormValue("decision_topic"), DecidedOn: strings.TrimSpace(r.PostFormValue("decided_on"))}
	in := regional.DecisionInput{Version: formVersion(r), Text: d.Text, AgendaItemID: d.Item, Topic: d.Topic}
	var problems valid.Errors
	in.DecidedOn = formDate(&problems, "decided_on", d.DecidedOn)
	err := problems.Err()
	if err == nil {
		_, err = h.Regional.AddDecision(r.Context(), x, r.PathValue("id"), in)
	}
	h.afterMinutes(w, r, err, "flash.minutes_decision_added", "#decisions", &minutesForms{Decision: d})
}

func (h *Handler) deleteDecision(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.DeleteDecision(r.Context(), x, r.PathValue("id"), r.PathValue("item"), formVersion(r))
	h.afterMinutes(w, r, err, "flash.minutes_decision_deleted", "#decisions", nil)
}

// addTask records a task with the minutes.
func (h *Handler) addTask(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	t := taskForm{Title: r.PostFormValue("task_title"), Item: r.PostFormValue("task_item"), Organisation: r.PostFormValue("task_org"),
		Person: r.PostFormValue("task_person"), Due: strings.TrimSpace(r.PostFormValue("task_due"))}
	in := regional.TaskInput{Version: formVersion(r), Title: t.Title, AgendaItemID: t.Item, OrganisationID: t.Organisation, UserID: t.Person}
	var problems valid.Errors
	in.Due = formDate(&problems, "task_due", t.Due)
	err := problems.Err()
	if err == nil {
		_, err = h.Regional.AddTask(r.Context(), x, r.PathValue("id"), in)
	}
	h.afterMinutes(w, r, err, "flash.minutes_task_added", "#tasks", &minutesForms{Task: t})
}

func (h *Handler) deleteTask(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.DeleteTask(r.Context(), x, r.PathValue("id"), r.PathValue("task"), formVersion(r))
	h.afterMinutes(w, r, err, "flash.minutes_task_deleted", "#tasks", nil)
}
