package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// maxLibraryBody is the body limit of an upload: exactly the file limit,
// as for case documents (see maxDocumentBody), so a larger upload gets
// 413 and the file never spills from memory into a temporary file.
const maxLibraryBody = regional.MaxLibraryBytes

// libraryRoutes: the document library of a space (folders, documents and
// their versions). Every participant of the space uploads; coordinators
// manage folders; the uploader or a coordinator deletes.
func (h *Handler) libraryRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/regions/{region}/documents", Perm: perm.RegionTakePart, Handler: h.showLibrary},
		{Method: "POST", Pattern: "/regions/{region}/documents", Perm: perm.RegionTakePart, MaxBody: maxLibraryBody, Handler: h.uploadLibraryDocument},
		{Method: "POST", Pattern: "/regions/{region}/folders", Perm: perm.RegionCoordinate, Handler: h.createLibraryFolder},
		{Method: "POST", Pattern: "/regions/{region}/folders/{folder}", Perm: perm.RegionCoordinate, Handler: h.renameLibraryFolder},
		{Method: "POST", Pattern: "/regions/{region}/folders/{folder}/delete", Perm: perm.RegionCoordinate, Handler: h.deleteLibraryFolder},
		{Method: "GET", Pattern: "/documents/{id}", Perm: perm.RegionTakePart, Handler: h.showLibraryDocument},
		{Method: "POST", Pattern: "/documents/{id}/versions", Perm: perm.RegionTakePart, MaxBody: maxLibraryBody, Handler: h.addLibraryVersion},
		{Method: "GET", Pattern: "/documents/{id}/versions/{version}", Perm: perm.RegionTakePart, Handler: h.downloadLibraryVersion},
		{Method: "GET", Pattern: "/documents/{id}/delete", Perm: perm.RegionTakePart, Handler: h.confirmDeleteLibraryDocument},
		{Method: "POST", Pattern: "/documents/{id}/delete", Perm: perm.RegionTakePart, Handler: h.deleteLibraryDocument},
	}
}
