package public

import "net/http"

// api hands /api/ to the open-data API, which has its own route table.
func (h *Handler) api(w http.ResponseWriter, r *http.Request) {
	if h.API == nil {
		http.NotFound(w, r)
		return
	}
	h.API.ServeHTTP(w, r)
}
