package staff

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// meetingPage is a meeting with its agenda and invitations: for everybody
// in the region to read (and print), for the invited to answer, for its
// coordinators to run.
type meetingPage struct {
	regionBase
	M                   *regional.Meeting
	When, Where, Online string
	InvitedOn           string
	Cancelled, Started  bool
	// Locked: the minutes are approved.
	Locked bool
	// The coordinator's actions that apply now.
	CanChange, CanInvite, CanAttend, CanCancel bool
	Agenda                                     []agendaRow
	// Planned is the agenda's planned time in all ("" when none).
	Planned string
	// Add is the new item's form (as typed after a problem).
	Add       agendaForm
	Documents []site.Choice
	Invitees  []inviteeRow
	// Answered sums up the answers ("2 yes, 1 maybe …"); Present who came.
	Answered, Present string
	// Mine is the reader's own invitation (nil: not invited), with the
	// answers to choose from while answering is open.
	Mine    *regional.Invitee
	Answers []site.Choice
}

// agendaRow is an agenda item with, for coordinators, its edit form.
type agendaRow struct {
	regional.AgendaItem
	// Key prefixes the ids of the item's form fields ("item-<id>").
	Key         string
	Duration    string
	First, Last bool
	Form        agendaForm
	Documents   []site.Choice
	// Open keeps the edit form open (after a problem).
	Open bool
}

// agendaForm is an agenda item's form as typed.
type agendaForm struct{ Title, Presenter, Minutes, Document string }

// inviteeRow is an invited person as the page lists them.
type inviteeRow struct {
	UserID, Name, Capacity, Answer, Attended string
	Came                                     bool
}

// meetingRetry is a form of the meeting page that came back with
// problems: the new item's (Item "") or an item's.
type meetingRetry struct {
	Item     string
	Form     agendaForm
	Problems valid.Errors
}

func (h *Handler) showMeeting(w http.ResponseWriter, r *http.Request) {
	h.renderMeeting(w, r, http.StatusOK, nil)
}

// renderMeeting shows the meeting of the path's {id}, with a refused
// agenda form when retry is set.
func (h *Handler) renderMeeting(w http.ResponseWriter, r *http.Request, status int, retry *meetingRetry) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	ctx, id := r.Context(), r.PathValue("id")
	m, err := h.Regional.Meeting(ctx, x, id)
	if err != nil {
		h.meetingOutcome(w, r, err)
		return
	}
	b, ok := h.spacePage(w, r, x, m.RegionID, "meetings.meeting_title", "meetings")
	if !ok {
		return
	}
	b.Title = m.Title
	items, err := h.Regional.Agenda(ctx, x, id)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	invs, err := h.Regional.Invitations(ctx, x, id)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	locked, err := h.Regional.MeetingLocked(ctx, x, id)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := h.meetingFacts(b, m, locked)
	if p.CanChange {
		if p.Documents, err = h.agendaDocuments(r, x, id); err != nil {
			h.ServerError(w, r, err)
			return
		}
	}
	p.agenda(items, retry)
	p.invitations(invs, x.UserID(), h.Clock.Now())
	h.Render(w, r, status, "regions_meeting", p)
}

// meetingFacts fills what the page says of the meeting itself and which
// actions apply now.
func (h *Handler) meetingFacts(b regionBase, m *regional.Meeting, locked bool) meetingPage {
	now := h.Clock.Now()
	p := meetingPage{regionBase: b, M: m, When: meetingWhen(b.Base, m), Where: m.Place, Online: m.OnlineURL,
		Cancelled: m.State == regional.Cancelled, Started: !m.Start.After(now)}
	if !m.InvitedAt.IsZero() {
		p.InvitedOn = b.L.DateTime(m.InvitedAt.In(clock.Berlin()))
	}
	runs := b.Coordinates && !p.Cancelled
	p.Locked = locked
	p.CanChange = runs && !locked
	p.CanInvite = runs && m.End.After(now)
	p.CanAttend = runs && p.Started && !locked
	p.CanCancel = runs && !p.Started
	return p
}

// agendaDocuments offers the region's library documents for an item
// ("none" first).
func (h *Handler) agendaDocuments(r *http.Request, x regional.Participant, meetingID string) ([]site.Choice, error) {
	docs, err := h.Regional.AgendaDocuments(r.Context(), x, meetingID)
	if err != nil {
		return nil, err
	}
	out := make([]site.Choice, 0, len(docs))
	for _, d := range docs {
		out = append(out, site.Choice{Value: d.ID, Label: d.Title})
	}
	return out, nil
}

// agenda fills the agenda's rows, putting a refused form back as typed.
func (p *meetingPage) agenda(items []regional.AgendaItem, retry *meetingRetry) {
	total := 0
	for i, it := range items {
		row := agendaRow{AgendaItem: it, Key: "item-" + it.ID, First: i == 0, Last: i == len(items)-1,
			Form: agendaForm{Title: it.Title, Presenter: it.Presenter, Document: it.DocumentID}}
		if it.Minutes > 0 {
			row.Form.Minutes = strconv.Itoa(it.Minutes)
			row.Duration = p.L.N("meetings.minutes", it.Minutes)
			total += it.Minutes
		}
		if retry != nil && retry.Item == it.ID {
			row.Form, row.Open = retry.Form, true
		}
		if p.CanChange {
			row.Documents = documentChoices(p.Base, p.Documents, row.Form.Document)
		}
		p.Agenda = append(p.Agenda, row)
	}
	if total > 0 {
		p.Planned = p.L.N("meetings.minutes", total)
	}
	if retry != nil {
		p.Errors = retry.Problems
		if retry.Item == "" {
			p.Add = retry.Form
		}
	}
	p.Documents = documentChoices(p.Base, p.Documents, p.Add.Document)
}

// documentChoices marks the selected document, "none" first.
func documentChoices(b site.Base, docs []site.Choice, selected string) []site.Choice {
	out := []site.Choice{{Value: "", Label: b.T("meetings.item_no_document"), Selected: selected == ""}}
	for _, d := range docs {
		d.Selected = d.Value == selected
		out = append(out, d)
	}
	return out
}

// invitations lists who is invited with their answers, sums the answers
// up and finds the reader's own invitation.
func (p *meetingPage) invitations(invs []regional.Invitee, me string, now time.Time) {
	counts := map[string]int{}
	present, recorded := 0, false
	for i := range invs {
		v := invs[i]
		row := inviteeRow{UserID: v.UserID, Name: v.Name, Capacity: p.T("meetings.as_" + v.Capacity),
			Answer: p.T("meetings.answer_none")}
		if v.Answer != "" {
			row.Answer = p.T("meetings.answer_" + v.Answer)
		}
		counts[v.Answer]++
		if v.Attended != nil {
			recorded = true
			row.Came = *v.Attended
			row.Attended = p.T("meetings.absent")
			if row.Came {
				row.Attended, present = p.T("meetings.present"), present+1
			}
		}
		p.Invitees = append(p.Invitees, row)
		if v.UserID == me {
			p.Mine = &invs[i]
		}
	}
	if len(invs) > 0 {
		p.Answered = p.T("meetings.answer_counts", "Yes", counts[regional.AnswerYes], "Maybe", counts[regional.AnswerMaybe],
			"No", counts[regional.AnswerNo], "Open", counts[""])
	}
	if recorded {
		p.Present = p.L.N("meetings.present_count", present, "Of", len(invs))
	}
	if p.Mine != nil && !p.Cancelled && p.M.End.After(now) {
		for _, a := range regional.Answers {
			p.Answers = append(p.Answers, site.Choice{Value: a, Label: p.T("meetings.answer_" + a), Selected: a == p.Mine.Answer})
		}
	}
}
