package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// dashboardAnnouncements is how many of the newest announcements the box
// looks through for unread ones.
const dashboardAnnouncements = 10

// networkWorkSection is the dashboard box of the regional networks: the
// next meetings, the reader's open tasks (overdue among them) and the
// announcements not read yet.
type networkWorkSection struct {
	sectionFailed
	Meetings          []meetingRow
	Tasks, Overdue    int
	Unread            []regionLine
	MoreAnnouncements bool
}

// networkWorkSectionOf reads the box, nil for those who take part in no
// network.
func (h *Handler) networkWorkSectionOf(r *http.Request, b site.Base) *networkWorkSection {
	me := site.PrincipalOf(r)
	if h.Regional == nil || !me.Can(perm.RegionTakePart) {
		return nil
	}
	x, err := h.Regional.ParticipantOf(r.Context(), me)
	if err != nil || !x.TakesPart() {
		if err != nil {
			h.Log.Error("dashboard networks", "err", err)
			return &networkWorkSection{sectionFailed: sectionFailed{Failed: true}}
		}
		return nil
	}
	s := &networkWorkSection{}
	ms, _, err := h.Regional.Meetings(r.Context(), x, regional.MeetingFilter{Limit: 3})
	tasks, err2 := h.Regional.TasksDue(r.Context(), x)
	news, _, err3 := h.Regional.Announcements(r.Context(), x, regional.AnnouncementFilter{Limit: dashboardAnnouncements})
	if err != nil || err2 != nil || err3 != nil {
		h.Log.Error("dashboard networks", "meetings", err, "tasks", err2, "announcements", err3)
		s.Failed = true
		return s
	}
	s.Meetings = meetingRows(b, ms)
	today := h.Clock.Today()
	for _, t := range tasks {
		s.Tasks++
		if t.Due.Before(today) {
			s.Overdue++
		}
	}
	for _, a := range news {
		if !a.Read && len(s.Unread) < 3 {
			s.Unread = append(s.Unread, regionLine{Href: "/announcements/" + a.ID, Text: a.Title, Hint: b.L.Date(a.Created.In(clock.Berlin()))})
		} else if !a.Read {
			s.MoreAnnouncements = true
		}
	}
	return s
}
