package staff

import (
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// threadRoutes: the exchange of a space, threads with replies, mentions
// and subscriptions. Everybody who takes part in the space writes.
func (h *Handler) threadRoutes() []site.Route {
	return []site.Route{
		{Method: "GET", Pattern: "/regions/{region}/threads", Perm: perm.RegionTakePart, Handler: h.listThreads},
		{Method: "GET", Pattern: "/regions/{region}/threads/new", Perm: perm.RegionTakePart, Handler: h.newThread},
		{Method: "POST", Pattern: "/regions/{region}/threads", Perm: perm.RegionTakePart, Handler: h.createThread},
		{Method: "GET", Pattern: "/threads/{id}", Perm: perm.RegionTakePart, Handler: h.showThread},
		{Method: "POST", Pattern: "/threads/{id}/posts", Perm: perm.RegionTakePart, Handler: h.replyThread},
		{Method: "POST", Pattern: "/threads/{id}/subscription", Perm: perm.RegionTakePart, Handler: h.subscribeThread},
	}
}
