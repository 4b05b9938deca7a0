package staff

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// onlineRoutes are the counselors' side of anonymous online counseling:
// the inbox, the conversation pages (the script decrypts), the key set-up,
// and the office lead's settings. The JSON endpoints under /online/api
// serve the scripts.
func (h *Handler) onlineRoutes() []site.Route {
	if h.Online == nil {
		return nil
	}
	api := func(method, pattern string, fn http.HandlerFunc) site.Route {
		return site.Route{Method: method, Pattern: "/online/api" + pattern, Perm: perm.OnlineCounsel, Fail: h.onlineAPIFail, Handler: fn}
	}
	lead := func(method, pattern string, fn http.HandlerFunc) site.Route {
		return site.Route{Method: method, Pattern: "/online/api" + pattern, Perm: perm.OnlineManage, Fail: h.onlineAPIFail, Handler: fn}
	}
	return []site.Route{
		{Method: "GET", Pattern: "/online", Perm: perm.OnlineCounsel, Handler: h.onlineInbox},
		{Method: "GET", Pattern: "/online/keys", Perm: perm.OnlineCounsel, Handler: h.onlineKeys},
		{Method: "GET", Pattern: "/online/c/{id}", Perm: perm.OnlineCounsel, Handler: h.onlineConversation},
		{Method: "POST", Pattern: "/online/c/{id}/take", Perm: perm.OnlineCounsel, Handler: h.onlineTake},
		{Method: "GET", Pattern: "/online/c/{id}/close", Perm: perm.OnlineCounsel, Handler: h.onlineCloseForm},
		{Method: "POST", Pattern: "/online/c/{id}/close", Perm: perm.OnlineCounsel, Handler: h.onlineClose},
		{Method: "GET", Pattern: "/online/settings", Perm: perm.OnlineManage, Handler: h.onlineSettings},
		{Method: "POST", Pattern: "/online/settings", Perm: perm.OnlineManage, Handler: h.saveOnlineSettings},
		api("GET", "/key", h.apiStaffKey),
		api("POST", "/key", h.apiSetStaffKey),
		api("GET", "/c/{id}", h.apiStaffConversation),
		{Method: "POST", Pattern: "/online/api/c/{id}/messages", Perm: perm.OnlineCounsel, MaxBody: site.MaxMessageBytes,
			Fail: h.onlineAPIFail, Handler: h.apiStaffPost},
		api("GET", "/c/{id}/files/{seq}", h.apiStaffFile),
		api("GET", "/escrow-targets", h.apiEscrowTargets),
		api("POST", "/escrow", h.apiSetEscrow),
		api("GET", "/key/reset", h.apiKeyReset),
		api("POST", "/key/reset", h.apiRequestKeyReset),
		api("POST", "/key/restore", h.apiCompleteKeyReset),
		lead("POST", "/office-key", h.apiSetOfficeKey),
		lead("GET", "/office-key/{office}", h.apiOfficeKey),
		lead("GET", "/resets/{office}", h.apiPendingResets),
		lead("POST", "/resets/{office}/{user}", h.apiGrantKeyReset),
		api("GET", "/c/{id}/events", h.apiStaffEvents),
		api("GET", "/c/{id}/handover", h.apiHandoverPlan),
		api("POST", "/c/{id}/handover", h.apiHandOver),
	}
}

// onlineAPIFail answers what the guard refuses on the JSON endpoints as JSON.
func (h *Handler) onlineAPIFail(w http.ResponseWriter, r *http.Request, status int, problem string) {
	h.FailJSON(w, r, status, "error."+problem)
}
