package staff

import (
	"net/http"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// maxMemberChoices bounds the organisations the add form offers (the
// region's own first).
const maxMemberChoices = 500

// memberRow is a member organisation with, for coordinators, the choices
// of who represents it.
type memberRow struct {
	regional.Member
	Representatives, Deputies []site.Choice
}

type regionMembersPage struct {
	regionBase
	Members []memberRow
	Guests  []guestRow
	// Organisations are the organisations the add form offers.
	Organisations []site.Choice
	Guest         guestForm
}

type guestRow struct {
	regional.Guest
	Until string
}

type guestForm struct{ Email, Note, Until string }

func (h *Handler) regionMembers(w http.ResponseWriter, r *http.Request) {
	h.renderRegionMembers(w, r, http.StatusOK, guestForm{}, nil)
}

func (h *Handler) renderRegionMembers(w http.ResponseWriter, r *http.Request, status int, g guestForm, problems valid.Errors) {
	b, ok := h.regionPage(w, r, "regions.members_title", "members")
	if !ok {
		return
	}
	if b.State {
		h.NotFound(w, r)
		return
	}
	b.Errors = problems
	p := regionMembersPage{regionBase: b, Guest: g}
	members, err := h.Regional.Members(r.Context(), b.X, b.Space)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	guests, err := h.Regional.Guests(r.Context(), b.X, b.Space)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	for _, m := range members {
		row := memberRow{Member: m}
		if b.Coordinates {
			staff, err := h.Regional.OrganisationStaff(r.Context(), m.OrganisationID)
			if err != nil {
				h.ServerError(w, r, err)
				return
			}
			row.Representatives, row.Deputies = personChoices(b.Base, staff, m.RepresentativeID), personChoices(b.Base, staff, m.DeputyID)
		}
		p.Members = append(p.Members, row)
	}
	for _, g := range guests {
		row := guestRow{Guest: g, Until: b.T("regions.guest_open")}
		if !g.Until.IsZero() {
			row.Until = b.L.Date(g.Until)
		}
		p.Guests = append(p.Guests, row)
	}
	if b.Coordinates {
		if p.Organisations, err = h.memberChoices(r, b.Space, members); err != nil {
			h.ServerError(w, r, err)
			return
		}
	}
	h.Render(w, r, status, "regions_members", p)
}

// personChoices offers the staff of an organisation, "nobody" first.
func personChoices(b site.Base, staff []regional.Person, selected string) []site.Choice {
	out := []site.Choice{{Value: "", Label: b.T("regions.nobody"), Selected: selected == ""}}
	for _, s := range staff {
		out = append(out, site.Choice{Value: s.UserID, Label: s.Name + " (" + s.Email + ")", Selected: s.UserID == selected})
	}
	return out
}

// memberChoices offers the organisations not yet members: the region's
// own first, then the others, each by name.
func (h *Handler) memberChoices(r *http.Request, region string, members []regional.Member) ([]site.Choice, error) {
	taken := map[string]bool{}
	for _, m := range members {
		taken[m.OrganisationID] = true
	}
	var out []site.Choice
	for _, f := range []network.OrgFilter{{RegionID: region}, {}} {
		orgs, _, err := h.Network.ListOrganisations(r.Context(), f, network.Page{Limit: maxMemberChoices})
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			if !taken[o.ID] {
				taken[o.ID] = true
				out = append(out, site.Choice{Value: o.ID, Label: o.Name})
			}
		}
	}
	return out, nil
}

func (h *Handler) addRegionMember(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	_, err := h.Regional.AddMember(r.Context(), x, r.PathValue("region"), r.PostFormValue("organisation"))
	h.afterMemberChange(w, r, err, "flash.region_member_added")
}

func (h *Handler) setRegionRepresentatives(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.SetRepresentatives(r.Context(), x, r.PathValue("region"), r.PathValue("member"),
		r.PostFormValue("representative"), r.PostFormValue("deputy"))
	h.afterMemberChange(w, r, err, "flash.region_member_saved")
}

type removeMemberPage struct {
	regionBase
	Member regional.Member
}

// confirmRemoveRegionMember asks before an organisation leaves the network.
func (h *Handler) confirmRemoveRegionMember(w http.ResponseWriter, r *http.Request) {
	b, ok := h.regionPage(w, r, "regions.remove_member_title", "members")
	if !ok {
		return
	}
	if !b.Coordinates {
		h.Fail(w, r, http.StatusForbidden, "error.forbidden")
		return
	}
	members, err := h.Regional.Members(r.Context(), b.X, b.Space)
	if err != nil {
		h.regionOutcome(w, r, err)
		return
	}
	for _, m := range members {
		if m.ID == r.PathValue("member") {
			h.Render(w, r, http.StatusOK, "regions_member_remove", removeMemberPage{regionBase: b, Member: m})
			return
		}
	}
	h.NotFound(w, r)
}

func (h *Handler) removeRegionMember(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.RemoveMember(r.Context(), x, r.PathValue("region"), r.PathValue("member"))
	h.afterMemberChange(w, r, err, "flash.region_member_removed")
}

func (h *Handler) addRegionGuest(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	g := guestForm{Email: strings.TrimSpace(r.PostFormValue("email")), Note: r.PostFormValue("note"), Until: r.PostFormValue("until")}
	in := regional.GuestInput{Email: g.Email, Note: g.Note}
	var problems valid.Errors
	if g.Email == "" {
		problems.Add("email", "regions.guest_email_required")
	}
	if g.Until != "" {
		d, err := time.Parse(time.DateOnly, g.Until)
		if err != nil {
			problems.Add("until", "regions.date_invalid")
		}
		in.Until = d
	}
	err := problems.Err()
	if err == nil {
		err = h.Regional.AddGuest(r.Context(), x, r.PathValue("region"), in)
	}
	if err == nil {
		h.SetFlash(w, "flash.region_guest_added")
		h.Redirect(w, r, "/regions/"+r.PathValue("region")+"/members")
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderRegionMembers(w, r, http.StatusUnprocessableEntity, g, problems)
	}
}

func (h *Handler) removeRegionGuest(w http.ResponseWriter, r *http.Request) {
	x, ok := h.participant(w, r)
	if !ok {
		return
	}
	err := h.Regional.RemoveGuest(r.Context(), x, r.PathValue("region"), r.PathValue("guest"))
	h.afterMemberChange(w, r, err, "flash.region_guest_removed")
}

// afterMemberChange goes back to the members page with a flash, or shows
// the page again with the problems.
func (h *Handler) afterMemberChange(w http.ResponseWriter, r *http.Request, err error, flash string) {
	if err == nil {
		h.SetFlash(w, flash)
		h.Redirect(w, r, "/regions/"+r.PathValue("region")+"/members")
		return
	}
	if problems, ok := h.regionOutcome(w, r, err); ok {
		h.renderRegionMembers(w, r, http.StatusUnprocessableEntity, guestForm{}, problems)
	}
}
