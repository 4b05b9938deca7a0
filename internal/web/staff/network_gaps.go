package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// gapsPage lists the active offices whose registry entries lack what the
// public finder needs, by gap, for one region or the whole state.
type gapsPage struct {
	site.Base
	Region  string
	Regions []site.Choice
	Offices int
	Gaps    []gapLine
}

// networkGaps shows the data gaps (the same definition as the
// dashboards': network.DataGaps). A coordinator lands on their region.
func (h *Handler) networkGaps(w http.ResponseWriter, r *http.Request) {
	p := gapsPage{Base: h.Base(w, r, "gaps.title"), Region: r.URL.Query().Get("region")}
	regions, err := h.Network.Regions(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	known := false
	for _, reg := range regions {
		p.Regions = append(p.Regions, site.Choice{Value: reg.ID, Label: reg.Name, Selected: reg.ID == p.Region})
		known = known || reg.ID == p.Region
	}
	if !known {
		p.Region = ""
	}
	rep, err := h.Network.DataGaps(r.Context(), p.Region, -1)
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p.Offices, p.Gaps = rep.Offices, gapLines(p.Base, rep, p.User.Can(perm.NetworkEdit))
	h.Render(w, r, http.StatusOK, "network_gaps", p)
}
