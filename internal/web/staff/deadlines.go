package staff

import (
	"net/http"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/referral"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// dashboardDeadlines is how many items the dashboard lists.
const dashboardDeadlines = 5

// deadlineRow is one deadline as listed: the file's pseudonym code, never
// personal data (or, for a regional network's task, the region's name).
type deadlineRow struct {
	FileCode, Region, Href, What, Area string
	// Due is shown, DueISO goes into <time datetime>.
	Due, DueISO string
	// Overdue marks an item before today (where the list mixes them).
	Overdue bool
}

// deadlineGroup is one section of the deadlines page.
type deadlineGroup struct {
	ID, Title, Empty string
	// Count is the section's number of items (the list may show fewer).
	Count int
	Rows  []deadlineRow
	// Files links the caseload filtered to the section's files ("" when
	// the caseload has no such filter).
	Files string
	// Columns are the table's headings; MarkOverdue marks overdue rows
	// (in sections that mix them).
	Columns     []string
	MarkOverdue bool
}

type deadlinesPage struct {
	site.Base
	Lead      string
	Groups    []deadlineGroup
	Truncated bool
	Limit     int
}

// deadlineSummary is the dashboard's box: counts and the next items.
type deadlineSummary struct {
	Overdue, Today, ThisWeek int
	Next                     []deadlineRow
	Truncated                bool
	// Failed says the deadlines could not be read (the box says so rather
	// than pretending there are none).
	Failed bool
}

// deadlines lists what the user has to do by a date, from each kind of
// work their role has: the dated items of the open files in their scope
// (the store decides which files those are), referrals waiting for an
// answer, and the open tasks of the regional networks they are
// responsible for.
func (h *Handler) deadlines(w http.ResponseWriter, r *http.Request) {
	user := site.PrincipalOf(r)
	lead := "deadlines.lead_none"
	switch {
	case user.Can(perm.CaseRead):
		lead = "deadlines.lead"
	case user.Can(perm.ReferralRead) || user.Can(perm.RegionTakePart):
		lead = "deadlines.lead_network"
	}
	p := deadlinesPage{Base: h.Base(w, r, "deadlines.title")}
	p.Lead = p.T(lead)
	for _, s := range []struct {
		can bool
		add func(*http.Request, *deadlinesPage) error
	}{
		{user.Can(perm.CaseRead), h.caseDeadlines},
		{user.Can(perm.ReferralRead), h.referralDeadlines},
		{user.Can(perm.RegionTakePart) && h.Regional != nil, h.regionTaskDeadlines},
	} {
		if !s.can {
			continue
		}
		if err := s.add(r, &p); err != nil {
			h.ServerError(w, r, err)
			return
		}
	}
	h.Render(w, r, http.StatusOK, "deadlines", p)
}

// caseDeadlines adds the sections of the files' deadlines.
func (h *Handler) caseDeadlines(r *http.Request, p *deadlinesPage) error {
	d, err := h.Cases.Deadlines(r.Context(), casework.ViewerOf(site.PrincipalOf(r)))
	if err != nil {
		return err
	}
	p.Truncated, p.Limit = d.Truncated, casework.DeadlineLimit
	c := d.Counts
	for _, g := range []struct {
		id, files string
		count     int
		items     []casework.Deadline
	}{{"overdue", casework.DueOverdue, c.Overdue, d.Overdue}, {"today", casework.DueToday, c.Today, d.Today},
		{"week", "", c.ThisWeek, d.ThisWeek}, {"upcoming", "", c.Upcoming, d.Upcoming}} {
		grp := deadlineGroup{ID: g.id, Title: p.T("deadlines." + g.id), Empty: p.T("deadlines.empty_" + g.id),
			Count: g.count, Rows: deadlineRows(p.Base, g.items), Columns: fileColumns(p.Base)}
		if g.files != "" && g.count > 0 {
			grp.Files = dueFilesLink(g.files)
		}
		p.Groups = append(p.Groups, grp)
	}
	return nil
}

// fileColumns are the headings of a section of files.
func fileColumns(b site.Base) []string {
	return []string{b.T("deadlines.col_file"), b.T("deadlines.col_what"), b.T("deadlines.col_area"), b.T("deadlines.col_due")}
}

// referralDeadlines adds the section of referrals waiting for an answer.
func (h *Handler) referralDeadlines(r *http.Request, p *deadlinesPage) error {
	late, err := h.Referrals.OverdueResponses(r.Context(), site.PrincipalOf(r))
	if err != nil {
		return err
	}
	p.Groups = append(p.Groups, deadlineGroup{ID: "referrals", Title: p.T("deadlines.referrals"), Empty: p.T("deadlines.empty_referrals"),
		Count: len(late), Rows: referralDeadlineRows(p.Base, late), Columns: fileColumns(p.Base)})
	return nil
}

// regionTaskDeadlines adds the section of the regional networks' open
// tasks the user is responsible for (personally, or as representative or
// deputy of the responsible organisation), soonest due first.
func (h *Handler) regionTaskDeadlines(r *http.Request, p *deadlinesPage) error {
	x, err := h.Regional.ParticipantOf(r.Context(), site.PrincipalOf(r))
	if err != nil {
		return err
	}
	tasks, err := h.Regional.TasksDue(r.Context(), x)
	if err != nil {
		return err
	}
	g := deadlineGroup{ID: "region-tasks", Title: p.T("deadlines.region_tasks"), Empty: p.T("deadlines.empty_region_tasks"),
		Count: len(tasks), MarkOverdue: true, Columns: []string{p.T("deadlines.col_region"), p.T("deadlines.col_task"),
			p.T("deadlines.col_meeting"), p.T("deadlines.col_due")}}
	today := h.Clock.Today()
	for _, t := range tasks {
		g.Rows = append(g.Rows, deadlineRow{Region: t.Region, Href: "/regions/" + t.RegionID + "/tasks", What: t.Title, Area: t.Meeting,
			Due: p.L.Date(t.Due), DueISO: t.Due.Format(time.DateOnly), Overdue: t.Overdue(today)})
	}
	p.Groups = append(p.Groups, g)
	return nil
}

// referralDeadlineRows lists referrals whose answer is overdue, by side.
func referralDeadlineRows(b site.Base, items []referral.Referral) []deadlineRow {
	out := make([]deadlineRow, 0, len(items))
	for _, it := range items {
		out = append(out, deadlineRow{FileCode: it.FileCode, Href: "/referrals/" + it.ID, What: b.T("dl.kind.referral_" + string(it.Side)),
			Due: b.L.Date(it.RespondBy), DueISO: it.RespondBy.Format(time.DateOnly), Overdue: true})
	}
	return out
}

// deadlineRows translates deadlines for a table.
func deadlineRows(b site.Base, items []casework.Deadline) []deadlineRow {
	out := make([]deadlineRow, 0, len(items))
	for _, it := range items {
		row := deadlineRow{FileCode: it.FileCode, Href: "/cases/" + it.FileID, What: b.T("dl.kind." + it.Kind),
			Due: b.L.Date(it.Due), DueISO: it.Due.Format(time.DateOnly)}
		if it.Kind == casework.KindMeasure || it.Kind == casework.KindReview {
			row.Href += "/plan"
		}
		if it.GoalArea != "" {
			row.Area = b.T("dl.area." + it.GoalArea)
		}
		out = append(out, row)
	}
	return out
}

// dashboardDeadlineSummary reads the deadline box of the dashboard, nil for
// users who do not work with cases.
func (h *Handler) dashboardDeadlineSummary(r *http.Request, b site.Base) *deadlineSummary {
	if b.User == nil || !b.User.Can(perm.CaseRead) {
		return nil
	}
	s := &deadlineSummary{}
	d, err := h.Cases.DeadlineSummary(r.Context(), casework.ViewerOf(site.PrincipalOf(r)), dashboardDeadlines)
	if err != nil {
		h.Log.Error("dashboard deadlines", "err", err)
		s.Failed = true
		return s
	}
	s.Overdue, s.Today, s.ThisWeek = d.Counts.Overdue, d.Counts.Today, d.Counts.ThisWeek
	next := d.Next
	s.Next = deadlineRows(b, next)
	for i, d := range next {
		s.Next[i].Overdue = d.Due.Before(h.Clock.Today())
	}
	s.Truncated = len(next) < d.Counts.Overdue+d.Counts.Today+d.Counts.ThisWeek+d.Counts.Upcoming
	return s
}

// dueFilesLink is the caseload filtered to the files with a deadline in
// the due window, in the deadline page's scope (mine=1), so both list the
// same files.
func dueFilesLink(due string) string { return "/cases?due=" + due + "&mine=1" }
