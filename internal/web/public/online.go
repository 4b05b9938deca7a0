package public

import (
	"errors"
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/valid"

	"github.com/kmn-niedersachsen/kmn/internal/clock"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// clientAPI is the prefix of the JSON endpoints the client pages call.
const clientAPI = "/online-client/api"

// onlineRoutes are anonymous online counseling for clients: the pages in
// every public language, and the JSON endpoints their script calls (the
// browser encrypts, docs/E2E.md). Without a client session the client
// routes send the visitor to the login (pages) or answer 401 (JSON).
func (h *Handler) onlineRoutes() []site.Route {
	if h.Online == nil {
		return nil
	}
	var out []site.Route
	for _, l := range i18n.Public {
		page := func(pattern string, p perm.Permission, fn http.HandlerFunc) site.Route {
			return site.Route{Method: "GET", Pattern: "/" + l + "/online" + pattern, Perm: p, Lang: l, Fail: h.onlineFail, Handler: fn}
		}
		out = append(out,
			page("/{$}", perm.Public, h.onlineStart),
			page("/signup", perm.Public, h.onlineSignup),
			page("/login", perm.Public, h.onlineLogin),
			page("/recover", perm.Public, h.onlineRecover),
			page("/home", perm.OnlineClient, h.onlineHome),
			page("/c/{id}", perm.OnlineClient, h.onlineConversation),
			page("/account", perm.OnlineClient, h.onlineAccount),
			site.Route{Method: "POST", Pattern: "/" + l + "/online/account/delete", Perm: perm.OnlineClient, Lang: l, Fail: h.onlineFail, Handler: h.onlineDelete},
			site.Route{Method: "POST", Pattern: "/" + l + "/online/account/email", Perm: perm.OnlineClient, Lang: l, Fail: h.onlineFail, Handler: h.onlineSetEmail},
			site.Route{Method: "POST", Pattern: "/" + l + "/online/account/email/delete", Perm: perm.OnlineClient, Lang: l, Fail: h.onlineFail, Handler: h.onlineRemoveEmail},
			site.Route{Method: "POST", Pattern: "/" + l + "/online/c/{id}/file-consent", Perm: perm.OnlineClient, Lang: l, Fail: h.onlineFail, Handler: h.onlineFileConsent},
			site.Route{Method: "POST", Pattern: "/" + l + "/online/logout", Perm: perm.OnlineClient, Lang: l, Fail: h.onlineFail, Handler: h.onlineLogout},
		)
	}
	return append(out, h.clientAPIRoutes()...)
}

// onlineFail: a page without a client session goes to the login; other
// refusals get the public error page.
func (h *Handler) onlineFail(w http.ResponseWriter, r *http.Request, status int, problem string) {
	if status == http.StatusUnauthorized {
		h.Redirect(w, r, "/"+publicLang(r)+"/online/login")
		return
	}
	h.guardFail(w, r, status, problem)
}

// onlinePage is every client page: the base, the crisis numbers and what
// the script needs.
type onlinePage struct {
	pageBase
	// Prefix is the language's online path ("/ar/online").
	Prefix string
	API    string
	// SignedIn: the visitor has a client session.
	SignedIn bool
}

func (h *Handler) onlineBase(w http.ResponseWriter, r *http.Request, titleKey string) (onlinePage, bool) {
	b, ok := h.publicBase(w, r, titleKey)
	if !ok {
		return onlinePage{}, false
	}
	b.Online = true
	lang := publicLang(r)
	return onlinePage{pageBase: b, Prefix: "/" + lang + "/online", API: clientAPI, SignedIn: site.StateOf(r).OnlineClient != ""}, true
}

func (h *Handler) onlineStart(w http.ResponseWriter, r *http.Request) {
	if p, ok := h.onlineBase(w, r, "online.start_title"); ok {
		h.Render(w, r, http.StatusOK, "online_start", p)
	}
}

func (h *Handler) onlineSignup(w http.ResponseWriter, r *http.Request) {
	if p, ok := h.onlineBase(w, r, "online.signup_title"); ok {
		h.Render(w, r, http.StatusOK, "online_signup", p)
	}
}

func (h *Handler) onlineLogin(w http.ResponseWriter, r *http.Request) {
	if p, ok := h.onlineBase(w, r, "online.login_title"); ok {
		h.Render(w, r, http.StatusOK, "online_login", p)
	}
}

func (h *Handler) onlineRecover(w http.ResponseWriter, r *http.Request) {
	if p, ok := h.onlineBase(w, r, "online.recover_title"); ok {
		h.Render(w, r, http.StatusOK, "online_recover", p)
	}
}

// onlineAccountPage shows the account: the notice address, and deletion.
type onlineAccountPage struct {
	onlinePage
	Nickname string
	Created  string
	// Email is the notice address as stored, or as typed when refused.
	Email    string
	HasEmail bool
}

func (h *Handler) onlineAccount(w http.ResponseWriter, r *http.Request) {
	h.renderOnlineAccount(w, r, http.StatusOK, "", nil)
}

func (h *Handler) renderOnlineAccount(w http.ResponseWriter, r *http.Request, status int, typed string, problems valid.Errors) {
	p, ok := h.onlineBase(w, r, "online.account_title")
	if !ok {
		return
	}
	id := site.StateOf(r).OnlineClient
	c, err := h.Online.Client(r.Context(), id)
	addr := ""
	if err == nil {
		addr, _, err = h.Online.NoticeEmail(r.Context(), h.Online.DB(), id)
	}
	if err != nil {
		h.Log.Error("online: account", "err", err)
		h.publicFail(w, r, http.StatusInternalServerError, "public.error_internal")
		return
	}
	page := onlineAccountPage{onlinePage: p, Nickname: c.Nickname, Created: p.L.Date(c.CreatedAt.In(clock.Berlin())),
		Email: addr, HasEmail: addr != ""}
	if problems != nil {
		page.Email, page.Errors = typed, problems
	}
	h.Render(w, r, status, "online_account", page)
}

// onlineSetEmail stores the notice address (422 with the form again when
// it is not one).
func (h *Handler) onlineSetEmail(w http.ResponseWriter, r *http.Request) {
	typed := r.PostFormValue("email")
	err := h.Online.SetNoticeEmail(r.Context(), site.StateOf(r).OnlineClient, typed)
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderOnlineAccount(w, r, http.StatusUnprocessableEntity, typed, problems)
	case err != nil:
		h.Log.Error("online: notice address", "err", err)
		h.publicFail(w, r, http.StatusInternalServerError, "public.error_internal")
	default:
		h.Redirect(w, r, "/"+publicLang(r)+"/online/account")
	}
}

func (h *Handler) onlineRemoveEmail(w http.ResponseWriter, r *http.Request) {
	if err := h.Online.RemoveNoticeEmail(r.Context(), site.StateOf(r).OnlineClient); err != nil {
		h.Log.Error("online: notice address", "err", err)
		h.publicFail(w, r, http.StatusInternalServerError, "public.error_internal")
		return
	}
	h.Redirect(w, r, "/"+publicLang(r)+"/online/account")
}

// onlineDelete erases the account at once when the box is ticked; the page
// script has already forgotten the key in this browser.
func (h *Handler) onlineDelete(w http.ResponseWriter, r *http.Request) {
	lang := publicLang(r)
	if r.PostFormValue("confirm") != "yes" {
		h.Redirect(w, r, "/"+lang+"/online/account?confirm=missing")
		return
	}
	err := h.Online.DeleteClient(r.Context(), site.StateOf(r).OnlineClient)
	if err != nil && !errors.Is(err, online.ErrNotFound) {
		h.Log.Error("online: delete account", "err", err)
		h.publicFail(w, r, http.StatusInternalServerError, "public.error_internal")
		return
	}
	h.SetOnlineSession(w, "")
	h.Redirect(w, r, "/"+lang+"/online/?deleted=1")
}

func (h *Handler) onlineLogout(w http.ResponseWriter, r *http.Request) {
	_ = h.Online.EndSession(r.Context(), h.OnlineToken(r))
	h.SetOnlineSession(w, "")
	h.Redirect(w, r, "/"+publicLang(r)+"/online/")
}
