package staff

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// adminSection is the administrator's part of the dashboard: accounts
// that need a hand and the latest refused sign-ins and accesses.
type adminSection struct {
	Accounts auth.AccountFigures
	// Feedback counts the accessibility feedback not yet handled (-1 for
	// admins without feedback.manage).
	Feedback int
	// Events are the latest failed or refused security events.
	Events []securityEvent
	sectionFailed
}

// securityEvent is one audit row as the dashboard lists it.
type securityEvent struct {
	At, ISO, Action, Actor, Href string
}

// dashboardEvents is how many security events the dashboard lists.
const dashboardEvents = 5

// adminSection reads the account figures and the latest failures of
// sign-in ("auth.*" with result failure) and refused requests (denied).
func (h *Handler) adminSection(r *http.Request, b site.Base) *adminSection {
	s := &adminSection{}
	var err error
	if s.Accounts, err = h.Auth.AccountFigures(r.Context()); err != nil {
		h.Log.Error("dashboard accounts", "err", err)
		s.Failed = true
		return s
	}
	s.Feedback = -1
	if b.User.Can(perm.FeedbackManage) {
		if s.Feedback, err = h.Feedback.CountOpen(r.Context(), *b.User); err != nil {
			h.Log.Error("dashboard feedback", "err", err)
			s.Failed = true
			return s
		}
	}
	var recs []audit.Record
	for _, f := range []audit.Filter{{ActionPrefix: "auth.", Result: audit.ResultFailure, Limit: dashboardEvents},
		{Result: audit.ResultDenied, Limit: dashboardEvents}} {
		got, err := h.Audit.List(r.Context(), f)
		if err != nil {
			h.Log.Error("dashboard security events", "err", err)
			s.Failed = true
			return s
		}
		recs = append(recs, got...)
	}
	slices.SortFunc(recs, func(a, b audit.Record) int { return cmp.Compare(b.Seq, a.Seq) })
	for i, rec := range recs {
		if i == dashboardEvents {
			break
		}
		s.Events = append(s.Events, securityEvent{At: b.L.DateTime(rec.At), ISO: rec.At.UTC().Format(time.RFC3339),
			Action: rec.Action, Actor: rec.Actor, Href: "/admin/audit?action=" + url.QueryEscape(rec.Action)})
	}
	return s
}
