package staff

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// Every page of a network space (a region or the state) embeds
// regionBase: the space, its name, the tabs and whether the reader runs
// it. regionPage builds it once per request from the participant view,
// answering 404 for a space the reader does not take part in; every later
// store call takes the same view.

// regionTab is one tab of a space's navigation.
type regionTab struct {
	Href, Label string
	Current     bool
}

type regionBase struct {
	site.Base
	X regional.Participant
	// Space is the region's id or "state"; SpaceName its name.
	Space, SpaceName string
	State            bool
	// Coordinates: the reader runs this space (members, meetings,
	// minutes, announcements, folders).
	Coordinates bool
	Tabs        []regionTab
}

// participant builds the request's participant view (500 on failure).
func (h *Handler) participant(w http.ResponseWriter, r *http.Request) (regional.Participant, bool) {
	x, err := h.Regional.ParticipantOf(r.Context(), site.PrincipalOf(r))
	if err != nil {
		h.ServerError(w, r, err)
		return x, false
	}
	return x, true
}

// regionPage starts a page of the space in the path's {region} (or of
// space when given) with the tab named tab ("overview", "meetings",
// "members", "documents", "threads") marked.
func (h *Handler) regionPage(w http.ResponseWriter, r *http.Request, titleKey, tab string) (regionBase, bool) {
	x, ok := h.participant(w, r)
	if !ok {
		return regionBase{}, false
	}
	return h.spacePage(w, r, x, r.PathValue("region"), titleKey, tab)
}

// spacePage starts a page of space for x (see regionPage).
func (h *Handler) spacePage(w http.ResponseWriter, r *http.Request, x regional.Participant, space, titleKey, tab string) (regionBase, bool) {
	if !x.Sees(space) {
		h.NotFound(w, r)
		return regionBase{}, false
	}
	b := regionBase{Base: h.Base(w, r, titleKey), X: x, Space: space, State: space == regional.StateSpace, Coordinates: x.Coordinates(space)}
	b.SpaceName = b.T("regions.state_name")
	if !b.State {
		reg, err := h.Network.Region(r.Context(), space)
		if err != nil {
			h.ServerError(w, r, err)
			return regionBase{}, false
		}
		b.SpaceName = reg.Name
	}
	tabs := []string{"overview", "meetings", "members", "documents", "threads"}
	if b.State {
		tabs = []string{"overview", "documents", "threads"}
	}
	for _, t := range tabs {
		href := "/regions/" + space
		if t != "overview" {
			href += "/" + t
		}
		b.Tabs = append(b.Tabs, regionTab{Href: href, Label: b.T("regions.tab_" + t), Current: t == tab})
	}
	return b, true
}

// regionOutcome answers a store error of the regional networks: problems
// for the form come back to the caller; not found is 404, not allowed 403,
// locked minutes 409, anything else 500.
func (h *Handler) regionOutcome(w http.ResponseWriter, r *http.Request, err error) (valid.Errors, bool) {
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		return problems, true
	case errors.Is(err, regional.ErrNotFound):
		h.NotFound(w, r)
	case errors.Is(err, regional.ErrForbidden):
		h.Fail(w, r, http.StatusForbidden, "error.forbidden")
	case errors.Is(err, regional.ErrLocked):
		h.Fail(w, r, http.StatusConflict, "regions.locked")
	case errors.Is(err, regional.ErrStale):
		return valid.Errors{{Field: "version", Key: "regions.stale"}}, true
	default:
		h.ServerError(w, r, err)
	}
	return nil, false
}
