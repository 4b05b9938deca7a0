package staff

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/i18n/names"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// referralPage is one referral as its reader's side sees it: who sent it
// to whom and when, what is asked, where it stands, what was shared (the
// sealed snapshot, never the file) and the answers the reader may give.
type referralPage struct {
	site.Base
	R                                  *referral.Referral
	Sender, Recipient, State, Topic    string
	Urgency, Program, RespondBy        string
	Overdue, Urgent, IsSender          bool
	Categories                         []string
	Question, Message, Note            []string
	DeclineReason, Outcome, OutcomeWhy string
	Timeline                           []referralEvent
	// Shared is what the referral carries of the file (nil once the
	// consent was withdrawn or the referral withdrawn).
	Shared *sharedView
	// Gone says why there is nothing shared any more ("" while there is).
	Gone string
	// The answers the reader may give now, with their forms as typed.
	CanAccept, CanDecline, CanComplete, CanWithdraw bool
	// IsDraft: the sender's draft, sent with a consent from this page.
	IsDraft      bool
	ConsentForms []site.Choice
	GivenOn      string
	// CanOpenFile: the referral is to an office where the reader works
	// with cases; accepting it may open a file there (OpenIn: programs).
	CanOpenFile                              bool
	OpenIn                                   []site.Choice
	Forms                                    referralAnswerForms
	DeclineReasons, Outcomes, OutcomeReasons []site.Choice
}

// referralEvent is one step of a referral with its time.
type referralEvent struct{ Label, When, ISO string }

// sharedView is the shared snapshot, by category.
type sharedView struct {
	Code, Program             string
	Statistics, Contact       []referralFact
	HasStatistics, HasContact bool
	HasPlan                   bool
	Goals                     []referralFact
}

// referralFact is a labelled value.
type referralFact struct{ Label, Value string }

// referralAnswerForms are the answer forms as typed.
type referralAnswerForms struct {
	DeclineReason, Outcome, Reason, Note string
	// OpenIn is the program of the file to open on acceptance ("" none).
	OpenIn string
}

func (h *Handler) showReferral(w http.ResponseWriter, r *http.Request) {
	h.renderReferral(w, r, http.StatusOK, referralAnswerForms{}, nil)
}

// renderReferral reads the referral of the path as the user's side sees
// it (404 outside their reach; audited by the store) and shows it with
// the answer forms and problems.
func (h *Handler) renderReferral(w http.ResponseWriter, r *http.Request, status int, forms referralAnswerForms, problems valid.Errors) {
	ref, err := h.Referrals.Get(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	if err != nil {
		h.referralOutcome(w, r, err)
		return
	}
	refs := []referral.Referral{*ref}
	if err := h.nameReferrals(r.Context(), refs); err != nil {
		h.ServerError(w, r, err)
		return
	}
	b := h.Base(w, r, "referral.title")
	b.Title = b.T("referral.title_code", "Code", ref.FileCode)
	b.Errors = problems
	programs, err := h.programNames(r, b.L.Lang)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := referralPage{Base: b, R: &refs[0], Forms: forms, Program: choiceLabel(programs, ref.ProgramID)}
	p.describe(h.Clock.Today())
	p.share(programs)
	p.offer()
	if p.IsDraft = ref.State == referral.Draft && ref.Side == referral.SenderSide; p.IsDraft {
		p.GivenOn = h.todayISO()
		if v := r.PostFormValue("given_on"); v != "" {
			p.GivenOn = v
		}
		p.ConsentForms = caseChoices(b, "form", casework.Forms, r.PostFormValue("form"))
	}
	if p.CanAccept && ref.To.Kind == referral.ToOffice && casework.ViewerOf(site.PrincipalOf(r)).WorksIn(ref.To.ID) {
		p.CanOpenFile = true
		want := forms.OpenIn
		if want == "" && ref.Handover {
			want = "mbe"
		}
		for _, pr := range programs {
			p.OpenIn = append(p.OpenIn, site.Choice{Value: pr.Value, Label: pr.Label, Selected: pr.Value == want})
		}
	}
	h.Render(w, r, status, "referral", p)
}

// describe fills the facts of the referral.
func (p *referralPage) describe(today time.Time) {
	r := p.R
	p.IsSender = r.Side == referral.SenderSide
	p.Sender, p.Recipient, p.State = senderText(p.Base, *r), recipientText(p.Base, *r), stateText(p.Base, *r)
	p.Topic, p.Urgency, p.Urgent = p.T("topic."+r.Topic), p.T("referral.urgency."+r.Urgency), r.Urgency == "urgent"
	p.RespondBy, p.Overdue = p.L.Date(r.RespondBy), r.Overdue(today)
	for _, c := range r.Categories {
		p.Categories = append(p.Categories, p.T("referral.category."+c))
	}
	p.Question, p.Message, p.Note = referralLines(r.Question), referralLines(r.Message), referralLines(r.OutcomeNote)
	if r.DeclineReason != "" {
		p.DeclineReason = p.T("referral.decline_reason." + r.DeclineReason)
	}
	if r.Outcome != "" {
		p.Outcome = p.T("referral.outcome." + r.Outcome)
	}
	if r.OutcomeReason != "" {
		p.OutcomeWhy = p.T("referral.outcome_reason." + r.OutcomeReason)
	}
	p.timeline()
}

// timeline lists the steps the referral went through.
func (p *referralPage) timeline() {
	r := p.R
	add := func(key string, t time.Time) {
		if !t.IsZero() {
			p.Timeline = append(p.Timeline, referralEvent{Label: p.T(key), When: p.L.DateTime(t), ISO: t.UTC().Format(time.RFC3339)})
		}
	}
	if r.State == referral.Draft {
		add("referral.event_saved", r.SentAt) // a draft's sent_at is when it was saved
		return
	}
	add("referral.event_sent", r.SentAt)
	if r.DeclineReason != "" {
		add("referral.event_declined", r.AnsweredAt)
	} else {
		add("referral.event_accepted", r.AnsweredAt)
	}
	add("referral.event_completed", r.CompletedAt)
	switch r.State {
	case referral.Withdrawn:
		add("referral.event_withdrawn", r.EndedAt)
	case referral.Revoked:
		add("referral.event_revoked", r.EndedAt)
	}
}

// share lays out the shared snapshot by category, or says why it is gone.
func (p *referralPage) share(programs []site.Choice) {
	r := p.R
	switch {
	case r.Shared == nil && r.ConsentWithdrawn:
		p.Gone = p.T("referral.shared_gone_consent")
		return
	case r.Shared == nil:
		p.Gone = p.T("referral.shared_gone_withdrawn")
		return
	}
	s := r.Shared
	v := &sharedView{Code: s.Code, Program: choiceLabel(programs, s.ProgramID), HasStatistics: s.Statistics != nil,
		HasContact: s.Contact != nil, HasPlan: slices.Contains(r.Categories, casework.SharePlan)}
	if st := s.Statistics; st != nil {
		v.Statistics = p.statistics(st)
	}
	if c := s.Contact; c != nil {
		v.Contact = []referralFact{{p.T("case.name"), c.Name}, {p.T("case.phone"), c.Phone}, {p.T("case.email"), c.Email}, {p.T("case.address"), c.Address}}
	}
	for _, g := range s.Goals {
		v.Goals = append(v.Goals, referralFact{Label: p.T("plan.area." + g.Area), Value: g.Title})
	}
	p.Shared = v
}

// statistics names the shared statistics fields.
func (p *referralPage) statistics(st *casework.SharedStatistics) []referralFact {
	year := func(y int) string {
		if y == 0 {
			return "–"
		}
		return strconv.Itoa(y)
	}
	out := []referralFact{{p.T("case.birth_year"), year(st.BirthYear)}, {p.T("case.gender"), "–"}, {p.T("case.country"), "–"},
		{p.T("case.first_language"), "–"}, {p.T("case.residence_status"), "–"}, {p.T("case.arrival_year"), year(st.ArrivalYear)}}
	if st.Gender != "" {
		out[1].Value = p.T("case.gender." + st.Gender)
	}
	if st.Country != "" {
		out[2].Value = names.Country(p.L.Lang, st.Country)
	}
	if st.FirstLanguage != "" {
		out[3].Value = names.Language(p.L.Lang, st.FirstLanguage)
	}
	if st.ResidenceStatus != "" {
		out[4].Value = p.T("case.residence." + st.ResidenceStatus)
	}
	return out
}

// offer decides which answers the reader may give now (the store checks
// the same again).
func (p *referralPage) offer() {
	r := p.R
	recipient := r.Side == referral.RecipientSide
	p.CanAccept = recipient && r.State == referral.Sent
	p.CanDecline = p.CanAccept
	p.CanComplete = (recipient && r.State == referral.Accepted) ||
		(p.IsSender && r.To.Kind == referral.ToExternal && r.State.Open())
	p.CanWithdraw = p.IsSender && r.State.Open()
	p.DeclineReasons = referralChoices(p.Base, "decline_reason", referral.DeclineReasons, p.Forms.DeclineReason)
	p.Outcomes = referralChoices(p.Base, "outcome", []string{referral.Successful, referral.Unsuccessful}, p.Forms.Outcome)
	p.OutcomeReasons = referralChoices(p.Base, "outcome_reason", referral.OutcomeReasons, p.Forms.Reason)
}

// referralLines splits a text into its lines for display ("" gives none).
func referralLines(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// referralDay is the calendar day of an instant in Lower Saxony.
func referralDay(t time.Time) time.Time { return clock.Day(t.In(clock.Berlin())) }
