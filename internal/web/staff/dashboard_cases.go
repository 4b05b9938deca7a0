package staff

import (
	"net/http"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseSection is a case worker's part of the dashboard.
type caseSection struct {
	// Deadlines: today's and overdue first (deadlines.go).
	Deadlines *deadlineSummary
	// Recent are the files the user changed last (their own and those
	// they stand in for).
	Recent []recentFile
	// Away and Covering are the user's substitutions in force or to come:
	// where they are away and who covers, and whom they cover for.
	Away, Covering []substitutionLine
	sectionFailed
}

// recentFile is one file in the "recent files" list.
type recentFile struct {
	Code, Href, Status, NextDue string
	Overdue                     bool
}

// substitutionLine is a substitution as one sentence's parts.
type substitutionLine struct {
	Person, Office, From, Until string
	InForce                     bool
}

// dashboardRecent is how many recent files the dashboard lists.
const dashboardRecent = 5

// caseSectionOf reads the case worker's section.
func (h *Handler) caseSectionOf(r *http.Request, b site.Base) *caseSection {
	s := &caseSection{Deadlines: h.dashboardDeadlineSummary(r, b)}
	cw, err := h.caseWorkOf(r)
	if err != nil {
		h.Log.Error("dashboard case worker", "err", err)
		s.Failed = true
		return s
	}
	recent, err := h.Cases.Caseload(r.Context(), cw.Viewer, casework.CaseQuery{Mine: true, Recent: true, Limit: dashboardRecent})
	if err != nil {
		h.Log.Error("dashboard recent files", "err", err)
		s.Failed = true
		return s
	}
	today := h.Clock.Today()
	for _, f := range recent.Rows {
		s.Recent = append(s.Recent, recentFile{Code: f.Code, Href: "/cases/" + f.ID, Status: b.T("case.status." + string(f.Status)),
			NextDue: b.L.Date(f.NextDue), Overdue: !f.NextDue.IsZero() && f.NextDue.Before(today)})
	}
	subs, err := h.Cases.Substitutions(r.Context(), cw.Viewer)
	if err != nil {
		h.Log.Error("dashboard substitutions", "err", err)
		s.Failed = true
		return s
	}
	me := cw.Viewer.UserID()
	for _, x := range subs {
		line := substitutionLine{Office: cw.officeName(x.OfficeID), From: b.L.Date(x.StartsOn), Until: b.L.Date(x.EndsOn),
			InForce: x.InForce(today)}
		switch me {
		case x.AbsentID:
			line.Person = x.SubstituteName
			s.Away = append(s.Away, line)
		case x.SubstituteID:
			line.Person = x.AbsentName
			s.Covering = append(s.Covering, line)
		}
	}
	return s
}

// officeSection is a led office's part of the dashboard.
type officeSection struct {
	ID, Name string
	Figures  casework.OfficeFigures
	// Counselors are the open files per counselor, by name.
	Counselors []counselorLoad
	// Absences are the office's substitutions in force or to come.
	Absences []absenceLine
	// Overdue links the caseload filtered to the office's overdue files.
	OverdueHref string
	sectionFailed
}

// counselorLoad is one counselor's number of open files.
type counselorLoad struct {
	Name string
	Open int
}

// absenceLine is an absence in a led office: who is away, who covers.
type absenceLine struct {
	Absent, Substitute, From, Until string
	InForce                         bool
}

// officeSections reads the figures of the offices the user leads.
func (h *Handler) officeSections(r *http.Request, b site.Base) []officeSection {
	cw, err := h.caseWorkOf(r)
	if err != nil {
		h.Log.Error("dashboard offices", "err", err)
		return []officeSection{{sectionFailed: sectionFailed{true}}}
	}
	figures, err := h.Cases.OfficeFigures(r.Context(), cw.Viewer)
	if err != nil {
		h.Log.Error("dashboard office figures", "err", err)
		return []officeSection{{sectionFailed: sectionFailed{true}}}
	}
	if len(figures) == 0 {
		return nil
	}
	subs, err := h.Cases.Substitutions(r.Context(), cw.Viewer)
	if err != nil {
		h.Log.Error("dashboard absences", "err", err)
		return []officeSection{{sectionFailed: sectionFailed{true}}}
	}
	today := h.Clock.Today()
	var out []officeSection
	for _, f := range figures {
		sec := officeSection{ID: f.OfficeID, Name: cw.officeName(f.OfficeID), Figures: f,
			OverdueHref: "/cases?due=" + casework.DueOverdue + "&mine=1"}
		sec.Counselors = h.counselorLoads(r, f.ByCounselor)
		for _, x := range subs {
			if x.OfficeID == f.OfficeID {
				sec.Absences = append(sec.Absences, absenceLine{Absent: x.AbsentName, Substitute: x.SubstituteName,
					From: b.L.Date(x.StartsOn), Until: b.L.Date(x.EndsOn), InForce: x.InForce(today)})
			}
		}
		out = append(out, sec)
	}
	return out
}

// counselorLoads names the counselors of open-file counts, most files
// first.
func (h *Handler) counselorLoads(r *http.Request, counts map[string]int) []counselorLoad {
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	names, err := h.Auth.Names(r.Context(), ids)
	if err != nil {
		h.Log.Error("dashboard counselor names", "err", err)
	}
	out := make([]counselorLoad, 0, len(ids))
	for _, id := range ids {
		name := names[id]
		if name == "" {
			name = "–"
		}
		out = append(out, counselorLoad{Name: name, Open: counts[id]})
	}
	slices.SortFunc(out, func(a, b counselorLoad) int {
		if a.Open != b.Open {
			return b.Open - a.Open
		}
		return site.CompareFold(a.Name, b.Name)
	})
	return out
}
