package staff

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

type networkPage struct {
	site.Base
	Regions     []network.Region
	Programs    []network.Program
	OfficeCount int
	CanManage   bool
}

// networkOverview shows the ten regions with their districts and offices.
func (h *Handler) networkOverview(w http.ResponseWriter, r *http.Request) {
	regions, err := h.Network.Regions(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	programs, err := h.Network.Programs(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	p := networkPage{Base: h.Base(w, r, "network.title"), Regions: regions, Programs: programs,
		CanManage: site.PrincipalOf(r).Can(perm.NetworkManage)}
	p.Maps = true
	for _, reg := range regions {
		p.OfficeCount += reg.OfficeCount
	}
	h.Render(w, r, http.StatusOK, "network", p)
}

// exportRegions writes the regions with their districts as a table.
func (h *Handler) exportRegions(w http.ResponseWriter, r *http.Request) {
	regions, err := h.Network.Regions(r.Context())
	if err != nil {
		h.ServerError(w, r, err)
		return
	}
	t := tabular.Table{Sheet: "Regionalverbünde", Header: []string{"id", "name", "seat", "email", "phone", "coordinator", "districts_ags", "districts", "offices"}}
	for _, reg := range regions {
		var ags, names []string
		for _, d := range reg.Districts {
			ags, names = append(ags, d.AGS), append(names, d.Name)
		}
		t.Rows = append(t.Rows, []string{reg.ID, reg.Name, reg.Seat, reg.Email, reg.Phone, reg.CoordinatorName,
			strings.Join(ags, " "), strings.Join(names, "; "), strconv.Itoa(reg.OfficeCount)})
	}
	h.sendTable(w, r, "regionalverbuende", t)
}
