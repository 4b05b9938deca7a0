package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// acceptReferral takes on a referral (the recipient's staff), and opens a
// file for the client in the program chosen (open_in), if one was.
func (h *Handler) acceptReferral(w http.ResponseWriter, r *http.Request) {
	forms := referralAnswerForms{OpenIn: r.PostFormValue("open_in")}
	if forms.OpenIn == "" {
		err := h.Referrals.Accept(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
		h.answered(w, r, err, "flash.referral_accepted", forms, "")
		return
	}
	opened, err := h.Referrals.AcceptIntoFile(r.Context(), site.PrincipalOf(r), r.PathValue("id"), forms.OpenIn)
	var problems valid.Errors
	if errors.As(err, &problems) {
		// The new file's checks (program offered, age limits) are about
		// the program chosen.
		for i := range problems {
			problems[i].Field = "open_in"
		}
		err = problems
	}
	if err != nil {
		h.answered(w, r, err, "", forms, "accept", "open_in", "program_id", "birth_year")
		return
	}
	h.SetFlash(w, "flash.referral_accepted_file")
	h.Redirect(w, r, "/cases/"+opened)
}

// declineReferral refuses a referral with a reason (the recipient's staff).
func (h *Handler) declineReferral(w http.ResponseWriter, r *http.Request) {
	forms := referralAnswerForms{DeclineReason: r.PostFormValue("reason")}
	err := h.Referrals.Decline(r.Context(), site.PrincipalOf(r), r.PathValue("id"), forms.DeclineReason)
	h.answered(w, r, err, "flash.referral_declined", forms, "decline", "reason")
}

// completeReferral records the outcome (the recipient of an accepted
// referral, or the sender of an external one).
func (h *Handler) completeReferral(w http.ResponseWriter, r *http.Request) {
	forms := referralAnswerForms{Outcome: r.PostFormValue("outcome"), Reason: r.PostFormValue("reason"), Note: r.PostFormValue("note")}
	err := h.Referrals.Complete(r.Context(), site.PrincipalOf(r), r.PathValue("id"),
		referral.Outcome{Outcome: forms.Outcome, Reason: forms.Reason, Note: forms.Note})
	h.answered(w, r, err, "flash.referral_completed", forms, "complete", "outcome", "reason", "note")
}

// referralWithdrawPage asks the sender before a referral is taken back.
type referralWithdrawPage struct {
	site.Base
	R         *referral.Referral
	Recipient string
}

// confirmWithdrawReferral asks before withdrawing; only the sending side
// sees the question (404 for others), and only while the referral is open.
func (h *Handler) confirmWithdrawReferral(w http.ResponseWriter, r *http.Request) {
	ref, err := h.Referrals.Get(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	switch {
	case err != nil:
		h.referralOutcome(w, r, err)
	case ref.Side != referral.SenderSide:
		h.NotFound(w, r)
	case !ref.State.Open():
		h.renderReferral(w, r, http.StatusConflict, referralAnswerForms{}, valid.Errors{{Field: "state", Key: "referral.not_open"}})
	default:
		b := h.Base(w, r, "referral.withdraw_title")
		h.Render(w, r, http.StatusOK, "referral_withdraw", referralWithdrawPage{Base: b, R: ref, Recipient: recipientText(b, *ref)})
	}
}

// withdrawReferral takes the referral back (the sending side); the
// recipient loses the shared data at once.
func (h *Handler) withdrawReferral(w http.ResponseWriter, r *http.Request) {
	err := h.Referrals.Withdraw(r.Context(), site.PrincipalOf(r), r.PathValue("id"))
	h.answered(w, r, err, "flash.referral_withdrawn", referralAnswerForms{}, "")
}

// answered finishes an answer: back to the referral with a flash, or the
// referral shown again with the refused form's problems (422, in the
// form's section) or with the news that someone else was first (409).
func (h *Handler) answered(w http.ResponseWriter, r *http.Request, err error, flash string, forms referralAnswerForms, section string, fields ...string) {
	if err == nil {
		h.SetFlash(w, flash)
		h.Redirect(w, r, "/referrals/"+r.PathValue("id"))
		return
	}
	problems, status, ok := h.referralOutcome(w, r, err)
	if !ok {
		return
	}
	if status == http.StatusUnprocessableEntity && section != "" {
		problems = inSection(section, fields, problems)
	}
	h.renderReferral(w, r, status, forms, problems)
}

// sendDraft sends the sender's draft with the consent given now (date and
// form from the page): consent and data are taken at this moment.
func (h *Handler) sendDraft(w http.ResponseWriter, r *http.Request) {
	var e valid.Errors
	consent := casework.ReferralConsent{Input: casework.ConsentInput{GivenOn: formDate(&e, "given_on", r.PostFormValue("given_on")),
		Form: r.PostFormValue("form")}}
	if len(e) > 0 {
		h.renderReferral(w, r, http.StatusUnprocessableEntity, referralAnswerForms{}, inSection("draft", []string{"given_on"}, e))
		return
	}
	_, err := h.Referrals.SendDraft(r.Context(), site.PrincipalOf(r), r.PathValue("id"), consent)
	h.answered(w, r, err, "flash.referral_sent", referralAnswerForms{}, "draft", "given_on", "form", "respond_by", "recipient", "categories")
}

// discardDraft deletes the sender's draft and goes back to the outgoing list.
func (h *Handler) discardDraft(w http.ResponseWriter, r *http.Request) {
	if err := h.Referrals.Discard(r.Context(), site.PrincipalOf(r), r.PathValue("id")); err != nil {
		h.answered(w, r, err, "", referralAnswerForms{}, "")
		return
	}
	h.SetFlash(w, "flash.referral_draft_discarded")
	h.Redirect(w, r, "/referrals?tab=out")
}
