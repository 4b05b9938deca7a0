package staff

import (
	"net/http"
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// caseOffice is one office the signed-in user works in, for selects and
// for naming a file's office.
type caseOffice struct {
	ID, Name string
	// Lead says the user leads this office (not only counsels in it).
	Lead bool
}

// caseWork is the signed-in user as a case worker: the casework viewer
// (derived from the request's principal, so it cannot be widened here)
// and the offices behind it, named.
type caseWork struct {
	Viewer  casework.Viewer
	Offices []caseOffice
}

// officeName names one of the user's offices ("" when not one of them).
func (cw caseWork) officeName(id string) string {
	for _, o := range cw.Offices {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

// caseWorkOf derives the case viewer of the request's principal and names
// its offices (by name, for the selects).
func (h *Handler) caseWorkOf(r *http.Request) (caseWork, error) {
	cw := caseWork{Viewer: casework.ViewerOf(site.PrincipalOf(r))}
	ids := cw.Viewer.Offices()
	if len(ids) == 0 {
		return cw, nil
	}
	names, err := h.Network.OfficeNames(r.Context(), ids)
	if err != nil {
		return cw, err
	}
	for _, id := range ids {
		cw.Offices = append(cw.Offices, caseOffice{ID: id, Name: names[id], Lead: cw.Viewer.Leads(id)})
	}
	slices.SortFunc(cw.Offices, func(a, b caseOffice) int { return site.CompareFold(a.Name, b.Name) })
	return cw, nil
}

// caseHandler is a page or action of case management: it gets the
// signed-in case worker.
type caseHandler func(w http.ResponseWriter, r *http.Request, cw caseWork)

// cases adapts a caseHandler to a route: it resolves the case worker (a
// failure is a 500 page) so that no handler repeats that opening.
func (h *Handler) cases(fn caseHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cw, err := h.caseWorkOf(r)
		if err != nil {
			h.ServerError(w, r, err)
			return
		}
		fn(w, r, cw)
	}
}

// caseFileHandler is a page of one client file: it gets the case worker
// and the file of the path, read (and audited as "case.read").
type caseFileHandler func(w http.ResponseWriter, r *http.Request, cw caseWork, f *casework.File)

// caseFile adapts a caseFileHandler to a route: the file of the path
// outside the worker's scope answers 404, like a file that does not exist.
func (h *Handler) caseFile(fn caseFileHandler) http.HandlerFunc {
	return h.cases(func(w http.ResponseWriter, r *http.Request, cw caseWork) {
		if f, ok := h.fileOf(w, r, cw); ok {
			fn(w, r, cw, f)
		}
	})
}
