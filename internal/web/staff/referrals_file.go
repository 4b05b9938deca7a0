package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseReferralsView is the referrals section of a file page.
type caseReferralsView struct {
	List []caseReferralRow
	// CanRefer: the user may refer from files (the file must be open too).
	CanRefer bool
}

// caseReferralRow is one referral of the file as listed.
type caseReferralRow struct {
	ID, Recipient, Topic, Sent, SentISO, State string
	RespondBy                                  string
	Overdue                                    bool
	// Note is the recipient's note with the outcome.
	Note []string
}

// caseReferralsOf lists the referrals of file f for its page. The list
// comes from the file's scope; the recipient's note of a completed
// referral is read (and audited) for the people on the sending side.
func (h *Handler) caseReferralsOf(r *http.Request, b site.Base, f *casework.File) (caseReferralsView, error) {
	p := site.PrincipalOf(r)
	v := caseReferralsView{CanRefer: p.Can(perm.ReferralSend)}
	if !p.Can(perm.ReferralRead) {
		return v, nil
	}
	refs, err := h.Referrals.ForFile(r.Context(), p, f.ID)
	if err != nil {
		return v, err
	}
	today := h.Clock.Today()
	for _, it := range refs {
		row := caseReferralRow{ID: it.ID, Recipient: recipientText(b, it), Topic: b.T("topic." + it.Topic),
			Sent: b.L.Date(referralDay(it.SentAt)), SentISO: referralDay(it.SentAt).Format("2006-01-02"), State: stateText(b, it),
			RespondBy: b.L.Date(it.RespondBy), Overdue: it.Overdue(today)}
		if it.State == referral.Completed {
			if row.Note, err = h.referralNote(r, it.ID); err != nil {
				return v, err
			}
		}
		v.List = append(v.List, row)
	}
	return v, nil
}

// referralNote reads the outcome note of referral id; none when the user
// is not on its sending side (a colleague who sees the file).
func (h *Handler) referralNote(r *http.Request, id string) ([]string, error) {
	full, err := h.Referrals.Get(r.Context(), site.PrincipalOf(r), id)
	if errors.Is(err, referral.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return referralLines(full.OutcomeNote), nil
}
