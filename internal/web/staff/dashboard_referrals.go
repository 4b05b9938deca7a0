package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// referralSection is the dashboard box of the people who receive
// referrals: how many wait for an answer, how many of them are late.
type referralSection struct {
	sectionFailed
	Open, Overdue int
}

// referralSectionOf reads the box, nil for people who receive none.
func (h *Handler) referralSectionOf(r *http.Request) *referralSection {
	me := site.PrincipalOf(r)
	if !referral.PartyOf(me).Receives() {
		return nil
	}
	s := &referralSection{}
	open, err := h.Referrals.Incoming(r.Context(), me, referral.Filter{State: "open"})
	if err != nil {
		h.Log.Error("dashboard referrals", "err", err)
		s.Failed = true
		return s
	}
	late, err := h.Referrals.OverdueResponses(r.Context(), me)
	if err != nil {
		h.Log.Error("dashboard referrals", "err", err)
		s.Failed = true
		return s
	}
	s.Open = open.Total
	for _, x := range late {
		if x.Side == referral.RecipientSide {
			s.Overdue++
		}
	}
	return s
}
