package staff

import (
	"net/http"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/mso"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// msoPage is one MSO: its profile, the public consent, its requests and
// the way into its regional network.
type msoPage struct {
	site.Base
	M             *mso.MSO
	LanguageNames string
	ConsentAt     string
	Requests      msoListPart
	// Members links the MSO's region's members page, where a coordinator
	// adds the MSO as a member: members are invited to the network's
	// meetings (package regional), so no second invitation list exists.
	Members string
}

func (h *Handler) showMSO(w http.ResponseWriter, r *http.Request) {
	p := site.PrincipalOf(r)
	m, err := h.MSO.Get(r.Context(), p, r.PathValue("id"))
	if err != nil {
		h.msoOutcome(w, r, err)
		return
	}
	reqs, err := h.MSO.Requests(r.Context(), p, m.ID)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	page := msoPage{Base: h.Base(w, r, "msostaff.mso_title"), M: m}
	page.Title = m.Name
	page.LanguageNames = languageNames(m.Profile.Languages, page.L.Lang)
	if m.Profile.ConsentAt != nil {
		page.ConsentAt = page.L.DateTime(m.Profile.ConsentAt.In(clock.Berlin()))
	}
	if page.Members, err = h.msoMembersLink(r, m.RegionID); err != nil {
		h.ServerError(w, r, err)
		return
	}
	page.Requests = msoListPart{Base: page.Base, List: msoRequestList(page.Base, reqs)}
	h.Render(w, r, http.StatusOK, "mso_show", page)
}

// msoListPart is a list on a page with another table ("list" partial).
type msoListPart struct {
	site.Base
	List site.List
}

// languageNames names the codes in the reader's language, as one line.
func languageNames(codes []string, lang string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = site.LanguageName(lang, c)
	}
	return strings.Join(out, ", ")
}

// msoRequestList shows an MSO's requests, newest first.
func msoRequestList(b site.Base, reqs []mso.Request) site.List {
	l := site.List{Caption: b.T("msostaff.requests"), Empty: b.T("msostaff.no_requests"), RowHeader: true,
		Count: b.L.N("msostaff.request_count", len(reqs)),
		Columns: []site.Column{{Label: b.T("msostaff.col_subject")}, {Label: b.T("msostaff.col_kind")}, {Label: b.T("msostaff.col_status")},
			{Label: b.T("msostaff.col_opened")}}}
	for _, x := range reqs {
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: x.Subject, Href: "/mso-requests/" + x.ID},
			{Text: b.T("msostaff.kind_" + x.Kind)}, {Text: b.T("msostaff.status_" + x.Status)},
			{Text: b.L.Date(x.CreatedAt.In(clock.Berlin())), Hint: x.CreatedByName}}})
	}
	return l
}

// msoMembersLink is the members page of the MSO's region when the user
// takes part in that region's network ("" otherwise, so the link never
// leads to a 404).
func (h *Handler) msoMembersLink(r *http.Request, region string) (string, error) {
	p := site.PrincipalOf(r)
	if region == "" || h.Regional == nil || !p.Can(perm.RegionTakePart) {
		return "", nil
	}
	x, err := h.Regional.ParticipantOf(r.Context(), p)
	if err != nil || !x.Sees(region) {
		return "", err
	}
	return "/regions/" + region + "/members", nil
}
