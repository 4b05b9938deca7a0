package staff

import (
	"net/http"
	"net/url"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// postsPerPage is the page size of the funded post list.
const postsPerPage = 25

// postScanPage is the page size findPost reads with (the store's maximum).
const postScanPage = 500

// postRow is a funded post as the viewer reads it.
type postRow struct {
	network.FundedPost
	ProgramName, FTE, Period string
}

// postRows formats posts for the viewer's language.
func postRows(lang string, posts []network.FundedPost, programs []network.Program) []postRow {
	names := programNames(lang, programs)
	out := make([]postRow, len(posts))
	for i, fp := range posts {
		out[i] = postRow{FundedPost: fp, ProgramName: names[fp.ProgramID], FTE: registryFTE(lang, fp.FTEHundredths),
			Period: registryDate(lang, fp.StartsOn) + " – " + registryDate(lang, fp.EndsOn)}
		if out[i].ProgramName == "" {
			out[i].ProgramName = fp.ProgramID
		}
	}
	return out
}

func programNames(lang string, programs []network.Program) map[string]string {
	m := make(map[string]string, len(programs))
	for _, p := range programs {
		m[p.ID] = p.Name(lang)
	}
	return m
}

// postFilterForm is the filter of the post list as typed.
type postFilterForm struct {
	Program, Region, Organisation, Active string
}

// postFilterOf reads the list filter. Without an "active" parameter the
// list shows the posts funded today; an empty one shows all.
func postFilterOf(q url.Values, today time.Time) (network.PostFilter, postFilterForm) {
	form := postFilterForm{Program: q.Get("program"), Region: q.Get("region"), Organisation: q.Get("organisation"), Active: q.Get("active")}
	if !q.Has("active") {
		form.Active = isoDate(today)
	}
	f := network.PostFilter{ProgramID: form.Program, RegionID: form.Region, OrganisationID: form.Organisation}
	if d, err := time.Parse(time.DateOnly, form.Active); err == nil {
		f.ActiveOn = d
	} else {
		form.Active = ""
	}
	return f, form
}

func (f postFilterForm) values() url.Values {
	return url.Values{"program": {f.Program}, "region": {f.Region}, "organisation": {f.Organisation}, "active": {f.Active}}
}

type postsPage struct {
	site.Base
	List             site.List
	Filter           postFilterForm
	OrganisationName string
	Programs         []network.Program
	Regions          []network.Region
	Sums             []postSumRow
	SumPosts         int
	SumFTE           string
	CanManage        bool
}

// postSumRow is one line of the FTE summary by program and region.
type postSumRow struct {
	ProgramName, RegionID, RegionName, FTE string
	Posts                                  int
}

func (h *Handler) listPosts(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	filter, form := postFilterOf(q, h.Clock.Today())
	p := postsPage{Base: h.Base(w, r, "post.list_title"), Filter: form, CanManage: site.PrincipalOf(r).Can(perm.NetworkManage)}
	page := site.PageParam(q.Get("page"), 100000)
	posts, total, fte, err := h.Network.ListPosts(ctx, filter, network.Page{Offset: (page - 1) * postsPerPage, Limit: postsPerPage})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	sums, err := h.Network.PostSums(ctx, filter)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if p.Programs, err = h.Network.Programs(ctx); err != nil {
		h.ServerError(w, r, err)
		return
	}
	if p.Regions, err = h.Network.Regions(ctx); err != nil {
		h.ServerError(w, r, err)
		return
	}
	if form.Organisation != "" {
		if o, err := h.Network.Organisation(ctx, form.Organisation); err == nil {
			p.OrganisationName = o.Name
		}
	}
	p.fillSums(sums)
	keep := form.values()
	p.List = postList(p.Base, postRows(p.L.Lang, posts, p.Programs), p.CanManage)
	p.List.Count = p.L.N("post.count", total, "FTE", registryFTE(p.L.Lang, fte))
	p.List.Pager = site.NewPager(page, postsPerPage, total, "/network/posts", keep)
	p.List.Exports = site.ExportLinks(p.Base, "/network/posts/export", keep)
	// The links drop empty values; keep "active=" so "all periods" stays all.
	if form.Active == "" {
		for _, link := range []*string{&p.List.Pager.Prev, &p.List.Pager.Next, &p.List.Exports[0].Href, &p.List.Exports[1].Href} {
			if *link != "" {
				*link += "&active="
			}
		}
	}
	h.Render(w, r, http.StatusOK, "network_posts", p)
}

// postList shows funded posts as a table: organisation, office, program,
// region, FTE, period, and a delete link for those who may.
func postList(b site.Base, posts []postRow, canManage bool) site.List {
	l := site.List{Caption: b.T("post.list_heading"), Empty: b.T("post.empty"), RowHeader: true, Columns: []site.Column{
		{Label: b.T("post.organisation")}, {Label: b.T("post.office")}, {Label: b.T("post.program")},
		{Label: b.T("post.region")}, {Label: b.T("post.fte"), Num: true}, {Label: b.T("post.period")}}}
	if canManage {
		l.Columns = append(l.Columns, site.Column{Label: b.T("post.actions"), Hidden: true})
	}
	for _, fp := range posts {
		office, region := site.Cell{Text: fp.OfficeName}, site.Cell{Text: fp.RegionName}
		if fp.OfficeID != "" {
			office.Href = "/network/offices/" + fp.OfficeID
		}
		if fp.RegionID != "" {
			region.Href = "/network/regions/" + fp.RegionID
		}
		row := site.Row{Cells: []site.Cell{{Text: fp.OrganisationName, Href: "/network/organisations/" + fp.OrganisationID},
			office, {Text: fp.ProgramName}, region, {Text: fp.FTE}, {Text: fp.Period}}}
		if canManage {
			row.Cells = append(row.Cells, site.Cell{Href: "/network/posts/" + fp.ID + "/delete?organisation=" + url.QueryEscape(fp.OrganisationID),
				Text: b.T("post.delete_named", "Program", fp.ProgramName, "Organisation", fp.OrganisationName)})
		}
		l.Rows = append(l.Rows, row)
	}
	return l
}

func (p *postsPage) fillSums(sums []network.PostSummary) {
	names := programNames(p.L.Lang, p.Programs)
	total := 0
	for _, s := range sums {
		row := postSumRow{ProgramName: names[s.ProgramID], RegionID: s.RegionID, RegionName: s.RegionName, Posts: s.Posts,
			FTE: registryFTE(p.L.Lang, s.FTEHundredths)}
		if row.ProgramName == "" {
			row.ProgramName = s.ProgramID
		}
		p.Sums = append(p.Sums, row)
		p.SumPosts += s.Posts
		total += s.FTEHundredths
	}
	p.SumFTE = registryFTE(p.L.Lang, total)
}

func (h *Handler) exportPosts(w http.ResponseWriter, r *http.Request) {
	filter, _ := postFilterOf(r.URL.Query(), h.Clock.Today())
	t, err := h.Network.PostsTable(r.Context(), filter)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.sendTable(w, r, "funded-posts", t)
}

// postForm is the new-post form as typed.
type postForm struct {
	OrganisationID, OfficeID, ProgramID, Funder, FTE, StartsOn, EndsOn string
}

type postFormPage struct {
	site.Base
	Form     postForm
	Programs []network.Program
	// Organisations is filled when there are few enough for a select;
	// otherwise the form asks for the organisation's id.
	Organisations    []network.Organisation
	OrganisationName string
	// Offices are the chosen organisation's offices.
	Offices []network.Office
}

// postOrgSelectMax is the largest number of organisations offered as a
// select; beyond it the form takes an id (from the organisation's page).
const postOrgSelectMax = 200

func (h *Handler) renderPostForm(w http.ResponseWriter, r *http.Request, status int, f postForm, problems valid.Errors) {
	ctx := r.Context()
	p := postFormPage{Base: h.Base(w, r, "post.new_title"), Form: f}
	p.Errors = problems
	var err error
	if p.Programs, err = h.Network.Programs(ctx); err != nil {
		h.ServerError(w, r, err)
		return
	}
	orgs, total, err := h.Network.ListOrganisations(ctx, network.OrgFilter{}, network.Page{Limit: postOrgSelectMax})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if total <= postOrgSelectMax {
		p.Organisations = orgs
	}
	if f.OrganisationID != "" {
		if o, err := h.Network.Organisation(ctx, f.OrganisationID); err == nil {
			p.OrganisationName = o.Name
			if p.Offices, _, err = h.Network.ListOffices(ctx, network.OfficeFilter{OrganisationID: o.ID}, network.Page{Limit: 500}); err != nil {
				h.ServerError(w, r, err)
				return
			}
		}
	}
	h.Render(w, r, status, "network_post_form", p)
}

func (h *Handler) newPostForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := h.Clock.Today()
	f := postForm{OrganisationID: q.Get("organisation"), ProgramID: q.Get("program"), FTE: "1",
		StartsOn: time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
		EndsOn:   time.Date(today.Year(), 12, 31, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)}
	h.renderPostForm(w, r, http.StatusOK, f, nil)
}

func (h *Handler) createPost(w http.ResponseWriter, r *http.Request) {
	f := postForm{OrganisationID: r.PostFormValue("organisation_id"), OfficeID: r.PostFormValue("office_id"),
		ProgramID: r.PostFormValue("program_id"), Funder: r.PostFormValue("funder"), FTE: r.PostFormValue("fte"),
		StartsOn: r.PostFormValue("starts_on"), EndsOn: r.PostFormValue("ends_on")}
	// Unreadable numbers and dates stay zero; the store then names the field.
	fte, _ := network.ParseFTE(f.FTE)
	starts, _ := time.Parse(time.DateOnly, f.StartsOn)
	ends, _ := time.Parse(time.DateOnly, f.EndsOn)
	_, err := h.Network.CreatePost(r.Context(), network.EditorOf(site.PrincipalOf(r)), network.PostInput{OrganisationID: f.OrganisationID, OfficeID: f.OfficeID,
		ProgramID: f.ProgramID, Funder: f.Funder, FTEHundredths: fte, StartsOn: starts, EndsOn: ends})
	if err == nil {
		h.SetFlash(w, "flash.post_created")
		h.Redirect(w, r, "/network/organisations/"+url.PathEscape(f.OrganisationID))
		return
	}
	problems, show := h.storeOutcome(w, r, err)
	if show {
		h.renderPostForm(w, r, http.StatusUnprocessableEntity, f, problems)
	}
}

type postConfirmPage struct {
	site.Base
	Post     postRow
	Question string
}

// findPost looks a post up by id. The store has no single-post read, so
// it pages through the posts (of the organisation given as a hint first).
func (h *Handler) findPost(r *http.Request, id, organisationID string) (*network.FundedPost, error) {
	filters := []network.PostFilter{{}}
	if organisationID != "" {
		filters = []network.PostFilter{{OrganisationID: organisationID}, {}}
	}
	for _, f := range filters {
		for offset := 0; ; offset += postScanPage {
			posts, total, _, err := h.Network.ListPosts(r.Context(), f, network.Page{Offset: offset, Limit: postScanPage})
			if err != nil {
				return nil, err
			}
			for i := range posts {
				if posts[i].ID == id {
					return &posts[i], nil
				}
			}
			if len(posts) == 0 || offset+postScanPage >= total {
				break
			}
		}
	}
	return nil, network.ErrNotFound
}

func (h *Handler) confirmDeletePost(w http.ResponseWriter, r *http.Request) {
	fp, err := h.findPost(r, r.PathValue("id"), r.URL.Query().Get("organisation"))
	if err != nil {
		h.storeOutcome(w, r, err)
		return
	}
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := postConfirmPage{Base: h.Base(w, r, "post.delete_title")}
	p.Post = postRows(p.L.Lang, []network.FundedPost{*fp}, programs)[0]
	p.Question = p.T("post.delete_question", "Program", p.Post.ProgramName, "Organisation", fp.OrganisationName, "FTE", p.Post.FTE)
	h.Render(w, r, http.StatusOK, "network_post_delete", p)
}

func (h *Handler) deletePost(w http.ResponseWriter, r *http.Request) {
	if err := h.Network.DeletePost(r.Context(), network.EditorOf(site.PrincipalOf(r)), r.PathValue("id")); err != nil {
		h.storeOutcome(w, r, err)
		return
	}
	h.SetFlash(w, "flash.post_deleted")
	h.Redirect(w, r, "/network/posts")
}
