package staff

import (
	"errors"
	"net/http"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/tabular"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// sendTable answers with a list export in the format named by ?format=
// (csv, xlsx or json; csv when absent) as a download.
func (h *Handler) sendTable(w http.ResponseWriter, r *http.Request, basename string, t tabular.Table) {
	f := tabular.CSV
	if v := r.URL.Query().Get("format"); v != "" {
		var err error
		if f, err = tabular.ParseFormat(v); err != nil {
			h.Fail(w, r, http.StatusBadRequest, "error.export_format")
			return
		}
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="`+basename+"-"+isoDate(h.Clock.Today())+"."+string(f)+`"`)
	if err := tabular.Write(w, f, t); err != nil {
		h.Log.Error("export", "err", err)
	}
}

// version reads the hidden "version" field of an edit form: the UpdatedAt
// the editor saw, for optimistic locking.
func version(r *http.Request) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, r.PostFormValue("version"))
	return t
}

// versionString formats UpdatedAt for the hidden field.
func versionString(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// storeOutcome sorts a store error into validation problems (re-render the
// form with 422), a stale version (409), not found/out of scope (404) or a
// server error. It returns the problems to show, and whether the caller
// should render the form (true) or stop (false, an answer was written).
func (h *Handler) storeOutcome(w http.ResponseWriter, r *http.Request, err error) (valid.Errors, bool) {
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		return problems, true
	case errors.Is(err, network.ErrStale):
		return valid.Errors{{Field: "version", Key: "network.stale"}}, true
	case errors.Is(err, network.ErrNotFound):
		h.NotFound(w, r)
	default:
		h.ServerError(w, r, err)
	}
	return nil, false
}
