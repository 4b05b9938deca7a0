package staff

import (
	"errors"
	"net/http"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// referralRoutes are the referral pages: the form on a client file
// (referrals_form.go), the lists of incoming and outgoing referrals
// (referrals_list.go), one referral with the answers its reader may give
// (referrals_show.go, referrals_answer.go). ReferralRead only says that a
// role takes part in referrals at all; which referrals a user reaches, and
// from which side, the referral store decides (404 outside).
func (h *Handler) referralRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/cases/{id}/refer", Perm: perm.ReferralSend, Handler: h.caseFile(h.referForm)},
		{Method: "POST", Pattern: "/cases/{id}/refer", Perm: perm.ReferralSend, Handler: h.cases(h.sendReferral)},

		{Method: "GET", Pattern: "/referrals", Perm: perm.ReferralRead, Handler: h.listReferrals},
		{Method: "GET", Pattern: "/referrals/{id}", Perm: perm.ReferralRead, Handler: h.showReferral},
		{Method: "POST", Pattern: "/referrals/{id}/accept", Perm: perm.ReferralRead, Handler: h.acceptReferral},
		{Method: "POST", Pattern: "/referrals/{id}/decline", Perm: perm.ReferralRead, Handler: h.declineReferral},
		{Method: "POST", Pattern: "/referrals/{id}/complete", Perm: perm.ReferralRead, Handler: h.completeReferral},
		{Method: "GET", Pattern: "/referrals/{id}/withdraw", Perm: perm.ReferralRead, Handler: h.confirmWithdrawReferral},
		{Method: "POST", Pattern: "/referrals/{id}/withdraw", Perm: perm.ReferralRead, Handler: h.withdrawReferral},
		{Method: "GET", Pattern: "/referrals/{id}/letter", Perm: perm.ReferralRead, Handler: h.referralLetter},
		{Method: "POST", Pattern: "/referrals/{id}/send", Perm: perm.ReferralSend, Handler: h.sendDraft},
		{Method: "POST", Pattern: "/referrals/{id}/discard", Perm: perm.ReferralSend, Handler: h.discardDraft},
	}
}

// referralOutcome sorts a referral store error: problems a person can fix
// (422) and a referral someone else answered first (409) come back to be
// shown; a referral or file out of reach answers 404, anything else 500.
// ok is false when an answer was written.
func (h *Handler) referralOutcome(w http.ResponseWriter, r *http.Request, err error) (problems valid.Errors, status int, ok bool) {
	switch {
	case errors.As(err, &problems):
		return problems, http.StatusUnprocessableEntity, true
	case errors.Is(err, referral.ErrChanged):
		return valid.Errors{{Field: "state", Key: "referral.changed"}}, http.StatusConflict, true
	case errors.Is(err, referral.ErrNotFound), errors.Is(err, casework.ErrNotFound):
		h.NotFound(w, r)
	default:
		h.ServerError(w, r, err)
	}
	return nil, 0, false
}

// referralChoices turns a list of values into translated options, the
// label of value v being the message "referral.<area>.<v>".
func referralChoices(b site.Base, area string, values []string, selected ...string) []site.Choice {
	out := make([]site.Choice, len(values))
	for i, v := range values {
		out[i] = site.Choice{Value: v, Label: b.T("referral." + area + "." + v), Selected: slices.Contains(selected, v)}
	}
	return out
}

// referralStates are the states a list filters by, "open" first.
func referralStates() []string {
	out := []string{"open"}
	for _, s := range referral.States {
		out = append(out, string(s))
	}
	return out
}
