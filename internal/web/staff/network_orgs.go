package staff

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// orgsPerPage is the page size of the organisation list.
const orgsPerPage = 25

type orgsPage struct {
	site.Base
	List      site.List
	Filter    network.OrgFilter
	Kinds     []network.OrgKind
	Regions   []network.Region
	CanManage bool
}

func orgFilterOf(q url.Values) network.OrgFilter {
	f := network.OrgFilter{Search: q.Get("q"), RegionID: q.Get("region"), Kind: network.OrgKind(q.Get("kind"))}
	if !slices.Contains(network.OrgKinds, f.Kind) {
		f.Kind = ""
	}
	return f
}

func orgFilterValues(f network.OrgFilter) url.Values {
	return url.Values{"q": {f.Search}, "region": {f.RegionID}, "kind": {string(f.Kind)}}
}

func (h *Handler) listOrganisations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := orgsPage{Base: h.Base(w, r, "org.list_title"), Filter: orgFilterOf(q), Kinds: network.OrgKinds,
		CanManage: site.PrincipalOf(r).Can(perm.NetworkManage)}
	page := site.PageParam(q.Get("page"), 100000)
	orgs, total, err := h.Network.ListOrganisations(r.Context(), p.Filter, network.Page{Offset: (page - 1) * orgsPerPage, Limit: orgsPerPage})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if p.Regions, err = h.Network.Regions(r.Context()); err != nil {
		h.ServerError(w, r, err)
		return
	}
	keep := orgFilterValues(p.Filter)
	p.List = orgList(p.Base, orgs)
	p.List.Count = p.L.N("org.count", total)
	p.List.Pager = site.NewPager(page, orgsPerPage, total, "/network/organisations", keep)
	p.List.Exports = site.ExportLinks(p.Base, "/network/organisations/export", keep)
	h.Render(w, r, http.StatusOK, "network_orgs", p)
}

// orgList shows organisations as a table: name, kind, region, parent and
// the number of offices.
func orgList(b site.Base, orgs []network.Organisation) site.List {
	l := site.List{Caption: b.Title, Empty: b.T("org.empty"), RowHeader: true, Columns: []site.Column{{Label: b.T("org.name")},
		{Label: b.T("org.kind")}, {Label: b.T("org.region")}, {Label: b.T("org.parent")}, {Label: b.T("org.offices"), Num: true}}}
	for _, o := range orgs {
		kind := b.T("kind." + string(o.Kind))
		if o.Authority != "" {
			kind += " (" + b.T("authority."+o.Authority) + ")"
		}
		region, parent := site.Cell{Text: o.RegionName}, site.Cell{Text: o.ParentName}
		if o.RegionID != "" {
			region.Href = "/network/regions/" + o.RegionID
		}
		if o.ParentID != "" {
			parent.Href = "/network/organisations/" + o.ParentID
		}
		l.Rows = append(l.Rows, site.Row{Cells: []site.Cell{{Text: o.Name, Href: "/network/organisations/" + o.ID},
			{Text: kind}, region, parent, {Text: strconv.Itoa(o.OfficeCount)}}})
	}
	return l
}

func (h *Handler) exportOrganisations(w http.ResponseWriter, r *http.Request) {
	t, err := h.Network.OrganisationsTable(r.Context(), orgFilterOf(r.URL.Query()))
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	h.sendTable(w, r, "organisations", t)
}

type orgPage struct {
	site.Base
	Org          *network.Organisation
	DistrictName string
	CanEdit      bool
	CanManage    bool
	Offices      []network.Office
	OfficeTotal  int
	Posts        []postRow
	PostTotal    int
	PostFTE      string
}

// orgDetailRows is how many offices and posts the organisation page lists
// before it links to the filtered lists.
const orgDetailRows = 50

func (h *Handler) showOrganisation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, err := h.Network.Organisation(ctx, r.PathValue("id"))
	if err != nil {
		h.storeOutcome(w, r, err)
		return
	}
	p := orgPage{Base: h.Base(w, r, "org.title"), Org: org, CanEdit: network.CanEditOrganisation(network.EditorOf(site.PrincipalOf(r)), org),
		CanManage: site.PrincipalOf(r).Can(perm.NetworkManage)}
	p.Title = org.Name
	if p.Offices, p.OfficeTotal, err = h.Network.ListOffices(ctx, network.OfficeFilter{OrganisationID: org.ID}, network.Page{Limit: orgDetailRows}); err != nil {
		h.ServerError(w, r, err)
		return
	}
	posts, total, fte, err := h.Network.ListPosts(ctx, network.PostFilter{OrganisationID: org.ID}, network.Page{Limit: orgDetailRows})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	programs, err := h.Network.Programs(ctx)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.Posts, p.PostTotal, p.PostFTE = postRows(p.L.Lang, posts, programs), total, registryFTE(p.L.Lang, fte)
	if org.DistrictAGS != "" {
		p.DistrictName = h.districtName(r, org.DistrictAGS)
	}
	h.Render(w, r, http.StatusOK, "network_org", p)
}

// districtName names a district by its AGS, or returns the AGS.
func (h *Handler) districtName(r *http.Request, ags string) string {
	ds, err := h.Network.Districts(r.Context())
	if err != nil {
		return ags
	}
	for _, d := range ds {
		if d.AGS == ags {
			return d.Name
		}
	}
	return ags
}

type orgFormPage struct {
	site.Base
	// ID is empty for a new organisation.
	ID          string
	Version     string
	Form        network.OrganisationInput
	Kinds       []network.OrgKind
	Authorities []string
	Regions     []network.Region
	Districts   []network.District
}

func (h *Handler) renderOrgForm(w http.ResponseWriter, r *http.Request, status int, p orgFormPage) {
	var err error
	if p.Regions, err = h.Network.Regions(r.Context()); err != nil {
		h.ServerError(w, r, err)
		return
	}
	if p.Districts, err = h.Network.Districts(r.Context()); err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.Kinds, p.Authorities = network.OrgKinds, network.AuthorityTypes
	h.Render(w, r, status, "network_org_form", p)
}

func (h *Handler) newOrganisationForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	form := network.OrganisationInput{Kind: network.Provider, RegionID: q.Get("region"), ParentID: q.Get("parent")}
	h.renderOrgForm(w, r, http.StatusOK, orgFormPage{Base: h.Base(w, r, "org.new_title"), Form: form})
}

func orgInputOf(r *http.Request) network.OrganisationInput {
	return network.OrganisationInput{ExternalID: r.PostFormValue("external_id"), Name: r.PostFormValue("name"),
		Kind: network.OrgKind(r.PostFormValue("kind")), Authority: r.PostFormValue("authority"), ParentID: r.PostFormValue("parent_id"),
		RegionID: r.PostFormValue("region_id"), DistrictAGS: r.PostFormValue("district_ags"), Email: r.PostFormValue("email"),
		Phone: r.PostFormValue("phone"), Website: r.PostFormValue("website")}
}

func (h *Handler) createOrganisation(w http.ResponseWriter, r *http.Request) {
	in := orgInputOf(r)
	org, err := h.Network.CreateOrganisation(r.Context(), network.EditorOf(site.PrincipalOf(r)), in)
	if err == nil {
		h.SetFlash(w, "flash.org_created")
		h.Redirect(w, r, "/network/organisations/"+org.ID)
		return
	}
	problems, show := h.storeOutcome(w, r, err)
	if !show {
		return
	}
	p := orgFormPage{Base: h.Base(w, r, "org.new_title"), Form: in}
	p.Errors = problems
	h.renderOrgForm(w, r, http.StatusUnprocessableEntity, p)
}

// loadEditableOrg loads the organisation of the path if the viewer may
// change it, and answers 404 otherwise.
func (h *Handler) loadEditableOrg(w http.ResponseWriter, r *http.Request) (*network.Organisation, bool) {
	org, err := h.Network.Organisation(r.Context(), r.PathValue("id"))
	if err == nil && !network.CanEditOrganisation(network.EditorOf(site.PrincipalOf(r)), org) {
		err = network.ErrNotFound
	}
	if err != nil {
		h.storeOutcome(w, r, err)
		return nil, false
	}
	return org, true
}

func orgInputFrom(o *network.Organisation) network.OrganisationInput {
	return network.OrganisationInput{ExternalID: o.ExternalID, Name: o.Name, Kind: o.Kind, Authority: o.Authority, ParentID: o.ParentID,
		RegionID: o.RegionID, DistrictAGS: o.DistrictAGS, Email: o.Email, Phone: o.Phone, Website: o.Website}
}

func (h *Handler) editOrganisationForm(w http.ResponseWriter, r *http.Request) {
	org, ok := h.loadEditableOrg(w, r)
	if !ok {
		return
	}
	p := orgFormPage{Base: h.Base(w, r, "org.edit_title"), ID: org.ID, Version: versionString(org.UpdatedAt), Form: orgInputFrom(org)}
	h.renderOrgForm(w, r, http.StatusOK, p)
}

func (h *Handler) updateOrganisation(w http.ResponseWriter, r *http.Request) {
	org, ok := h.loadEditableOrg(w, r)
	if !ok {
		return
	}
	in := orgInputOf(r)
	_, err := h.Network.UpdateOrganisation(r.Context(), network.EditorOf(site.PrincipalOf(r)), org.ID, version(r), in)
	if err == nil {
		h.SetFlash(w, "flash.org_saved")
		h.Redirect(w, r, "/network/organisations/"+org.ID)
		return
	}
	problems, show := h.storeOutcome(w, r, err)
	if !show {
		return
	}
	h.renderOrgProblems(w, r, org, in, problems)
}

// renderOrgProblems shows the edit form again: with the editor's input
// and 422 for invalid input, or with the stored data and 409 when someone
// else changed the organisation in the meantime.
func (h *Handler) renderOrgProblems(w http.ResponseWriter, r *http.Request, org *network.Organisation, in network.OrganisationInput, problems valid.Errors) {
	status := http.StatusUnprocessableEntity
	if problems.Has("version") {
		status, in = http.StatusConflict, orgInputFrom(org)
	}
	p := orgFormPage{Base: h.Base(w, r, "org.edit_title"), ID: org.ID, Version: versionString(org.UpdatedAt), Form: in}
	p.Errors = problems
	h.renderOrgForm(w, r, status, p)
}
