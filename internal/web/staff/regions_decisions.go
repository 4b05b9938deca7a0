package staff

import (
	"net/http"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// decisionsPerPage is the page size of a region's decisions.
const decisionsPerPage = 25

// boxTextRunes is how much of a decision the overview's box shows.
const boxTextRunes = 140

// regionDecisionsPage lists a region's decisions, newest first.
type regionDecisionsPage struct {
	regionBase
	Rows  []decisionRow
	Count string
	Pager site.Pager
}

// regionDecisions lists the decisions of a region's circulated and
// approved minutes (the latest version of each meeting's), newest first.
func (h *Handler) regionDecisions(w http.ResponseWriter, r *http.Request) {
	b, ok := h.regionPage(w, r, "minutes.decisions_title", "meetings")
	if !ok {
		return
	}
	if b.State {
		h.NotFound(w, r)
		return
	}
	page := site.PageParam(r.URL.Query().Get("page"), 10000)
	list, total, err := h.Regional.Decisions(r.Context(), b.X, b.Space, decisionsPerPage, (page-1)*decisionsPerPage)
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	p := regionDecisionsPage{regionBase: b, Count: b.L.N("minutes.decision_count", total),
		Pager: site.NewPager(page, decisionsPerPage, total, "/regions/"+b.Space+"/decisions", nil)}
	for _, d := range list {
		p.Rows = append(p.Rows, decisionRowOf(b.Base, d))
	}
	h.Render(w, r, http.StatusOK, "regions_decisions", p)
}

// decisionBox is the overview's section of a region's latest five
// decisions (none for the state's space).
func (h *Handler) decisionBox(r *http.Request, b regionBase) (*regionBox, error) {
	if b.State {
		return nil, nil
	}
	list, _, err := h.Regional.Decisions(r.Context(), b.X, b.Space, regionsShown, 0)
	if err != nil {
		return nil, err
	}
	box := &regionBox{ID: "decisions", Title: b.T("minutes.latest_decisions"), Empty: b.T("minutes.no_decisions"),
		More: b.T("minutes.all_decisions"), MoreHref: "/regions/" + b.Space + "/decisions"}
	for _, d := range list {
		row := decisionRowOf(b.Base, d)
		box.Lines = append(box.Lines, regionLine{Href: row.MeetingHref, Text: shortText(d.Text, boxTextRunes), Hint: row.Day + " · " + d.Meeting})
	}
	return box, nil
}

// shortText cuts a text to at most n characters at a word, with an
// ellipsis.
func shortText(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
