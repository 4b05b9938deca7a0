package staff

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// regionMembersShown is how many member organisations the region page
// lists before it links to the filtered organisation list.
const regionMembersShown = 50

type regionPage struct {
	site.Base
	Region  *network.Region
	CanEdit bool
	// Members are the first organisations of the region; MemberTotal counts all.
	Members     []network.Organisation
	MemberTotal int
	// DistrictKeys lists the AGS of the region's districts for the map.
	DistrictKeys string
	Population   string
	Districts    []districtRow
}

// districtRow is a district with its population formatted for the reader.
type districtRow struct {
	AGS, Name, Population string
}

func (h *Handler) showRegion(w http.ResponseWriter, r *http.Request) {
	reg, err := h.Network.Region(r.Context(), r.PathValue("id"))
	if err != nil {
		h.storeOutcome(w, r, err)
		return
	}
	members, total, err := h.Network.ListOrganisations(r.Context(), network.OrgFilter{RegionID: reg.ID}, network.Page{Limit: regionMembersShown})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := regionPage{Base: h.Base(w, r, "region.title"), Region: reg, CanEdit: network.CanEditRegion(network.EditorOf(site.PrincipalOf(r)), reg.ID),
		Members: members, MemberTotal: total}
	p.Title = reg.Name
	keys := make([]string, len(reg.Districts))
	sum := 0
	for i, d := range reg.Districts {
		keys[i] = d.AGS
		sum += d.Population
		p.Districts = append(p.Districts, districtRow{AGS: d.AGS, Name: d.Name, Population: registryNumber(p.L.Lang, d.Population)})
	}
	p.DistrictKeys = strings.Join(keys, ",")
	p.Maps = true
	p.Population = registryNumber(p.L.Lang, sum)
	h.Render(w, r, http.StatusOK, "network_region", p)
}

type regionFormPage struct {
	site.Base
	Region  *network.Region
	Form    network.RegionInput
	Version string
	// Coordinators are the organisations to choose the coordinator from.
	Coordinators []network.Organisation
	Contact      network.Contact
}

// loadEditableRegion loads the region of the path if the viewer may edit
// it; otherwise it answers 404 (a region outside one's scope looks absent).
func (h *Handler) loadEditableRegion(w http.ResponseWriter, r *http.Request) (*network.Region, bool) {
	id := r.PathValue("id")
	if !network.CanEditRegion(network.EditorOf(site.PrincipalOf(r)), id) {
		h.NotFound(w, r)
		return nil, false
	}
	reg, err := h.Network.Region(r.Context(), id)
	if err != nil {
		h.storeOutcome(w, r, err)
		return nil, false
	}
	return reg, true
}

func (h *Handler) editRegionForm(w http.ResponseWriter, r *http.Request) {
	reg, ok := h.loadEditableRegion(w, r)
	if !ok {
		return
	}
	form := network.RegionInput{Name: reg.Name, Seat: reg.Seat, Email: reg.Email, Phone: reg.Phone, CoordinatorID: reg.CoordinatorID}
	h.renderRegionForm(w, r, http.StatusOK, reg, form, nil)
}

// renderRegionForm shows the edit page with the region form and the
// contact persons; problems belong to whichever form was sent.
func (h *Handler) renderRegionForm(w http.ResponseWriter, r *http.Request, status int, reg *network.Region, form network.RegionInput, problems valid.Errors) {
	orgs, _, err := h.Network.ListOrganisations(r.Context(), network.OrgFilter{RegionID: reg.ID}, network.Page{Limit: 500})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	if form.CoordinatorID != "" && !containsOrg(orgs, form.CoordinatorID) {
		if o, err := h.Network.Organisation(r.Context(), form.CoordinatorID); err == nil {
			orgs = append([]network.Organisation{*o}, orgs...)
		}
	}
	p := regionFormPage{Base: h.Base(w, r, "region.edit_title"), Region: reg, Form: form, Version: versionString(reg.UpdatedAt), Coordinators: orgs}
	p.Title = p.T("region.edit_title", "Name", reg.Name)
	p.Errors = problems
	h.Render(w, r, status, "network_region_edit", p)
}

func containsOrg(orgs []network.Organisation, id string) bool {
	for _, o := range orgs {
		if o.ID == id {
			return true
		}
	}
	return false
}

func (h *Handler) updateRegion(w http.ResponseWriter, r *http.Request) {
	reg, ok := h.loadEditableRegion(w, r)
	if !ok {
		return
	}
	in := network.RegionInput{Name: r.PostFormValue("name"), Seat: r.PostFormValue("seat"), Email: r.PostFormValue("email"),
		Phone: r.PostFormValue("phone"), CoordinatorID: r.PostFormValue("coordinator_id")}
	err := h.Network.UpdateRegion(r.Context(), network.EditorOf(site.PrincipalOf(r)), reg.ID, version(r), in)
	if err == nil {
		h.SetFlash(w, "flash.region_saved")
		h.Redirect(w, r, "/network/regions/"+reg.ID)
		return
	}
	problems, show := h.storeOutcome(w, r, err)
	if !show {
		return
	}
	status := http.StatusUnprocessableEntity
	if problems.Has("version") {
		status = http.StatusConflict
		// Show what is stored now, so a reload is not needed to try again.
		in = network.RegionInput{Name: reg.Name, Seat: reg.Seat, Email: reg.Email, Phone: reg.Phone, CoordinatorID: reg.CoordinatorID}
	}
	h.renderRegionForm(w, r, status, reg, in, problems)
}

func (h *Handler) addRegionContact(w http.ResponseWriter, r *http.Request) {
	reg, ok := h.loadEditableRegion(w, r)
	if !ok {
		return
	}
	c := network.Contact{Name: r.PostFormValue("contact_name"), Function: r.PostFormValue("contact_function"),
		Email: r.PostFormValue("contact_email"), Phone: r.PostFormValue("contact_phone")}
	err := h.Network.AddContact(r.Context(), network.EditorOf(site.PrincipalOf(r)), reg.ID, c)
	if err == nil {
		h.SetFlash(w, "flash.region_contact_added")
		h.Redirect(w, r, "/network/regions/"+reg.ID+"/edit")
		return
	}
	problems, show := h.storeOutcome(w, r, err)
	if !show {
		return
	}
	// The store names contact problems like a region's own e-mail and
	// phone; point them at the contact form's fields instead.
	for i := range problems {
		if problems[i].Field == "email" || problems[i].Field == "phone" {
			problems[i].Field = "contact_" + problems[i].Field
		}
	}
	form := network.RegionInput{Name: reg.Name, Seat: reg.Seat, Email: reg.Email, Phone: reg.Phone, CoordinatorID: reg.CoordinatorID}
	orgs, _, err := h.Network.ListOrganisations(r.Context(), network.OrgFilter{RegionID: reg.ID}, network.Page{Limit: 500})
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := regionFormPage{Base: h.Base(w, r, "region.edit_title"), Region: reg, Form: form, Version: versionString(reg.UpdatedAt),
		Coordinators: orgs, Contact: c}
	p.Title = p.T("region.edit_title", "Name", reg.Name)
	p.Errors = problems
	h.Render(w, r, http.StatusUnprocessableEntity, "network_region_edit", p)
}

func (h *Handler) removeRegionContact(w http.ResponseWriter, r *http.Request) {
	reg, ok := h.loadEditableRegion(w, r)
	if !ok {
		return
	}
	if err := h.Network.RemoveContact(r.Context(), network.EditorOf(site.PrincipalOf(r)), reg.ID, r.PathValue("contact")); err != nil {
		h.storeOutcome(w, r, err)
		return
	}
	h.SetFlash(w, "flash.region_contact_removed")
	h.Redirect(w, r, "/network/regions/"+reg.ID+"/edit")
}

// registryNumber formats a whole number with the reader's thousands separator.
func registryNumber(lang string, n int) string {
	s := strconv.Itoa(n)
	sep := ","
	if lang == "de" {
		sep = "."
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// registryFTE formats hundredths of a full-time post with the reader's
// decimal mark ("0,75" in German).
func registryFTE(lang string, hundredths int) string {
	s := network.FTE(hundredths)
	if lang == "de" {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

// registryDate formats a calendar date for the reader.
func registryDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if lang == "de" {
		return t.UTC().Format("02.01.2006")
	}
	return t.UTC().Format("2 Jan 2006")
}
