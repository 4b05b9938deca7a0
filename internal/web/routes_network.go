package web

import "github.com/kmn-niedersachsen/kmn/internal/auth/perm"

// networkRoutes are the pages of the network registry. NetworkEdit routes
// are further limited per row by the store (office leads: their office,
// region coordinators: their region, ministry: all) and answer 404 outside
// that scope.
func (h *Handler) networkRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/network", Perm: perm.NetworkRead, Handler: h.networkOverview},
		{Method: "GET", Pattern: "/network/districts.geojson", Perm: perm.NetworkRead, Handler: h.districtsGeoJSON},
		{Method: "GET", Pattern: "/network/regions/export", Perm: perm.NetworkRead, Handler: h.exportRegions},

		{Method: "GET", Pattern: "/network/offices", Perm: perm.NetworkRead, Handler: h.listOffices},
		{Method: "GET", Pattern: "/network/offices/export", Perm: perm.NetworkRead, Handler: h.exportOffices},
		{Method: "GET", Pattern: "/network/offices/new", Perm: perm.NetworkManage, Handler: h.newOfficeForm},
		{Method: "POST", Pattern: "/network/offices", Perm: perm.NetworkManage, Handler: h.createOffice},
		{Method: "GET", Pattern: "/network/offices/import", Perm: perm.NetworkManage, Handler: h.importForm},
		{Method: "POST", Pattern: "/network/offices/import", Perm: perm.NetworkManage, MaxBody: maxImportBytes, Handler: h.importOffices},
		{Method: "GET", Pattern: "/network/offices/{id}", Perm: perm.NetworkRead, Handler: h.showOffice},
		{Method: "GET", Pattern: "/network/offices/{id}/edit", Perm: perm.NetworkEdit, Handler: h.editOfficeForm},
		{Method: "POST", Pattern: "/network/offices/{id}", Perm: perm.NetworkEdit, Handler: h.updateOffice},

		{Method: "GET", Pattern: "/network/regions/{id}", Perm: perm.NetworkRead, Handler: h.showRegion},
		{Method: "GET", Pattern: "/network/regions/{id}/edit", Perm: perm.NetworkEdit, Handler: h.editRegionForm},
		{Method: "POST", Pattern: "/network/regions/{id}", Perm: perm.NetworkEdit, Handler: h.updateRegion},
		{Method: "POST", Pattern: "/network/regions/{id}/contacts", Perm: perm.NetworkEdit, Handler: h.addRegionContact},
		{Method: "POST", Pattern: "/network/regions/{id}/contacts/{contact}/delete", Perm: perm.NetworkEdit, Handler: h.removeRegionContact},

		{Method: "GET", Pattern: "/network/organisations", Perm: perm.NetworkRead, Handler: h.listOrganisations},
		{Method: "GET", Pattern: "/network/organisations/export", Perm: perm.NetworkRead, Handler: h.exportOrganisations},
		{Method: "GET", Pattern: "/network/organisations/new", Perm: perm.NetworkManage, Handler: h.newOrganisationForm},
		{Method: "POST", Pattern: "/network/organisations", Perm: perm.NetworkManage, Handler: h.createOrganisation},
		{Method: "GET", Pattern: "/network/organisations/{id}", Perm: perm.NetworkRead, Handler: h.showOrganisation},
		{Method: "GET", Pattern: "/network/organisations/{id}/edit", Perm: perm.NetworkEdit, Handler: h.editOrganisationForm},
		{Method: "POST", Pattern: "/network/organisations/{id}", Perm: perm.NetworkEdit, Handler: h.updateOrganisation},

		{Method: "GET", Pattern: "/network/programs", Perm: perm.NetworkRead, Handler: h.listPrograms},
		{Method: "GET", Pattern: "/network/programs/export", Perm: perm.NetworkRead, Handler: h.exportPrograms},
		{Method: "GET", Pattern: "/network/programs/new", Perm: perm.NetworkManage, Handler: h.newProgramForm},
		{Method: "GET", Pattern: "/network/programs/{id}/edit", Perm: perm.NetworkManage, Handler: h.editProgramForm},
		{Method: "POST", Pattern: "/network/programs", Perm: perm.NetworkManage, Handler: h.saveProgram},

		{Method: "GET", Pattern: "/network/posts", Perm: perm.NetworkRead, Handler: h.listPosts},
		{Method: "GET", Pattern: "/network/posts/export", Perm: perm.NetworkRead, Handler: h.exportPosts},
		{Method: "GET", Pattern: "/network/posts/new", Perm: perm.NetworkManage, Handler: h.newPostForm},
		{Method: "POST", Pattern: "/network/posts", Perm: perm.NetworkManage, Handler: h.createPost},
		{Method: "GET", Pattern: "/network/posts/{id}/delete", Perm: perm.NetworkManage, Handler: h.confirmDeletePost},
		{Method: "POST", Pattern: "/network/posts/{id}/delete", Perm: perm.NetworkManage, Handler: h.deletePost},
	}
}
