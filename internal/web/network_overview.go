package web

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/network"
)

type networkPage struct {
	Base
	Regions     []network.Region
	Programs    []network.Program
	OfficeCount int
	CanManage   bool
}

// networkOverview shows the ten regions with their districts and offices.
func (h *Handler) networkOverview(w http.ResponseWriter, r *http.Request) {
	regions, err := h.Network.Regions(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p := networkPage{Base: h.base(w, r, "network.title"), Regions: regions, Programs: programs,
		CanManage: stateOf(r).user.Can("network.manage")}
	p.Maps = true
	for _, reg := range regions {
		p.OfficeCount += reg.OfficeCount
	}
	h.render(w, r, http.StatusOK, "network", p)
}

// districtsGeoJSON serves the embedded district boundaries for the maps.
func (h *Handler) districtsGeoJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, _ = w.Write(h.Geo.GeoJSON())
}
