package staff

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

const volunteersPerPage = 25

// listPart is one of several lists on a page, for the partial "list"
// (which reads .List and the page's translations).
type listPart struct {
	site.Base
	List site.List
}

// volunteersPage lists the volunteers of the coordinator's regions.
type volunteersPage struct {
	site.Base
	Query           string
	States          []site.Choice
	LanguageChoices []site.Choice
	// Waiting counts those who wait for their conversation.
	Waiting int
	// Mediation: the user may open the mediation requests too.
	Mediation bool
	List      site.List
}

func (h *Handler) listVolunteers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := volunteer.Filter{State: q.Get("state"), Language: q.Get("language"), Query: q.Get("q")}
	if f.State != "" && !slices.Contains([]string{volunteer.Registered, volunteer.Confirmed, volunteer.Inactive}, f.State) {
		f.State = ""
	}
	if len(f.Language) > 3 {
		f.Language = ""
	}
	p := site.PrincipalOf(r)
	list, err := h.Volunteers.List(r.Context(), p, f)
	waiting, err2 := h.Volunteers.List(r.Context(), p, volunteer.Filter{State: volunteer.Registered})
	regions, err3 := h.regionNames(r)
	if err := firstErr(err, err2, err3); err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := volunteersPage{Base: h.Base(w, r, "volunteerstaff.list_title"), Query: f.Query, Waiting: len(waiting),
		Mediation: p.Can(perm.MediationRequest)}
	page.States = stateChoices(page.Base, f.State)
	page.LanguageChoices = languageFilter(page.Base, f.Language, page.T("volunteerstaff.all_languages"))
	page.List = volunteerList(page.Base, list, regions, pageNumber(q), q, p.Today())
	h.Render(w, r, http.StatusOK, "volunteers_list", page)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func pageNumber(q url.Values) int {
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func stateChoices(b site.Base, selected string) []site.Choice {
	out := []site.Choice{{Value: "", Label: b.T("volunteerstaff.all_states")}}
	for _, s := range []string{volunteer.Registered, volunteer.Confirmed, volunteer.Inactive} {
		out = append(out, site.Choice{Value: s, Label: b.T("volunteerstaff.state_" + s), Selected: s == selected})
	}
	return out
}

// languageFilter offers the common languages by name after a first
// choice with the empty value reading first.
func languageFilter(b site.Base, selected, first string) []site.Choice {
	return append([]site.Choice{{Value: "", Label: first}}, languageChoices(b.L.Lang, []string{selected})...)
}

func volunteerList(b site.Base, list []*volunteer.Volunteer, regions map[string]string, page int, q url.Values, today time.Time) site.List {
	l := site.List{Caption: b.T("volunteerstaff.list_title"), RowHeader: true, Empty: b.T("volunteerstaff.empty"),
		Count: b.L.N("volunteerstaff.count", len(list)),
		Columns: []site.Column{{Label: b.T("volunteerstaff.col_name")}, {Label: b.T("volunteerstaff.col_languages")},
			{Label: b.T("volunteerstaff.col_region")}, {Label: b.T("volunteerstaff.col_state")}, {Label: b.T("volunteerstaff.col_since")}}}
	l.Pager = site.NewPager(page, volunteersPerPage, len(list), "/volunteers", q)
	from := min((page-1)*volunteersPerPage, len(list))
	for _, v := range list[from:min(from+volunteersPerPage, len(list))] {
		state := b.T("volunteerstaff.state_" + v.State)
		if v.State == volunteer.Confirmed && v.Expired(today) {
			state = b.T("volunteerstaff.state_expired")
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{
			{Text: v.Name, Href: "/volunteers/" + v.ID, Hint: v.Postcode},
			{Text: languageLine(b, v.Languages)},
			{Text: regions[v.RegionID]},
			{Text: state, Strong: v.State == volunteer.Registered},
			{Text: b.L.Date(v.CreatedAt)},
		}})
	}
	return l
}

// languageLine names a volunteer's languages with their level ("Ukrainisch
// (5), Russisch (4)").
func languageLine(b site.Base, ls []volunteer.Language) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = site.LanguageName(b.L.Lang, l.Code) + " (" + strconv.Itoa(l.Level) + ")"
		if len(l.Dialects) > 0 {
			parts[i] += " – " + strings.Join(l.Dialects, ", ")
		}
	}
	return b.L.List(parts)
}
