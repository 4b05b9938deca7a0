package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// onlineSection is the dashboard box of online counseling: enquiries
// waiting for the counselor, conversations with unread messages (the same
// counts as the inbox's).
type onlineSection struct {
	sectionFailed
	online.Counts
}

// onlineSectionOf reads the box, nil for those who do not counsel online.
func (h *Handler) onlineSectionOf(r *http.Request) *onlineSection {
	me := site.PrincipalOf(r)
	if h.Online == nil || !me.Can(perm.OnlineCounsel) {
		return nil
	}
	s := &onlineSection{}
	c, err := h.Online.CountsOf(r.Context(), online.StaffParty(me))
	if err != nil {
		h.Log.Error("dashboard online", "err", err)
		s.Failed = true
		return s
	}
	s.Counts = c
	return s
}
