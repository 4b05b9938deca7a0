package staff

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer/match"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// mediationShowPage is one request: what is asked, who was asked and
// answered, who could take it (best first) and why the others cannot.
type mediationShowPage struct {
	site.Base
	R                           *volunteer.Request
	When, Language, Mode, State string
	Sensitivity, Gender         string
	Asks                        listPart
	Proposals                   []proposalRow
	Why                         []string
	Unmet, Open                 bool
}

// proposalRow is a volunteer who could take the request.
type proposalRow struct {
	ID, Name, Languages, Distance, Asked string
	Dialect                              bool
}

func (h *Handler) showMediation(w http.ResponseWriter, r *http.Request) {
	p := site.PrincipalOf(r)
	req, err := h.Volunteers.Request(r.Context(), p, r.PathValue("id"))
	if errors.Is(err, volunteer.ErrNotFound) {
		h.NotFound(w, r)
		return
	}
	ps, why, err2 := h.Volunteers.Proposals(r.Context(), p, r.PathValue("id"))
	if err := firstErr(err, err2); err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := mediationShowPage{Base: h.Base(w, r, "volunteerstaff.request_title"), R: req, Open: req.State == volunteer.Open,
		Unmet: req.State == volunteer.Open && why.Unmet()}
	b := page.Base
	page.When = b.L.DateTime(req.Start.In(clock.Berlin())) + "–" + b.L.Clock(req.End)
	page.Language, page.Mode, page.State = requestLanguage(b, req), b.T("volunteerstaff.mode_"+req.Mode), requestState(b, req)
	if req.Sensitivity != "" {
		page.Sensitivity = b.T("volunteerstaff.sensitivity_" + req.Sensitivity)
	}
	if req.Gender != "" {
		page.Gender = b.T("volunteerstaff.gender_pref_" + req.Gender)
	}
	page.Asks = listPart{b, askList(b, req.Asks)}
	for _, pr := range ps {
		page.Proposals = append(page.Proposals, proposalOf(b, pr, req.Mode != "in_person"))
	}
	page.Why = whyLines(b, why)
	h.Render(w, r, http.StatusOK, "mediation_show", page)
}

func askList(b site.Base, asks []volunteer.Ask) site.List {
	l := site.List{Caption: b.T("volunteerstaff.asks_title"), RowHeader: true, Empty: b.T("volunteerstaff.asks_empty"),
		Columns: []site.Column{{Label: b.T("volunteerstaff.col_name")}, {Label: b.T("volunteerstaff.col_asked")},
			{Label: b.T("volunteerstaff.col_answer")}, {Label: b.T("volunteerstaff.col_hours"), Num: true}}}
	for _, a := range asks {
		hours := ""
		if a.Minutes > 0 {
			hours = hoursText(b.L.Lang, a.Minutes)
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: a.VolunteerName}, {Text: b.L.DateTime(a.AskedAt.In(clock.Berlin()))},
			{Text: b.T("volunteerstaff.ask_" + a.State), Strong: a.State == volunteer.Accepted}, {Text: hours}}})
	}
	return l
}

func proposalOf(b site.Base, pr volunteer.Proposal, remote bool) proposalRow {
	row := proposalRow{ID: pr.ID, Name: pr.Volunteer.Name, Languages: languageLine(b, pr.Volunteer.Languages), Dialect: pr.Dialect}
	if !remote {
		row.Distance = b.T("volunteerstaff.distance_km", "Km", strconv.FormatFloat(pr.DistanceKm, 'f', 0, 64))
	}
	if pr.Asked != "" {
		row.Asked = b.T("volunteerstaff.ask_" + pr.Asked)
	}
	return row
}

// whyLines says, for each reason, how many speakers of the language
// cannot take the request.
func whyLines(b site.Base, w match.Why) []string {
	var out []string
	for _, r := range []struct {
		key string
		n   int
	}{{"unconfirmed", w.Unconfirmed}, {"expired", w.Expired}, {"booked", w.Booked}, {"unavailable", w.Unavailable},
		{"too_far", w.TooFar}, {"gender", w.Gender}, {"conflict", w.Conflict}} {
		if r.n > 0 {
			out = append(out, b.L.N("volunteerstaff.why_"+r.key, r.n))
		}
	}
	return out
}
