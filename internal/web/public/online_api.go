package public

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// clientAPIRoutes are the JSON endpoints of the client pages. The script
// names the page's language in the X-KMN-Lang header, so refusals come
// back in it.
func (h *Handler) clientAPIRoutes() []site.Route {
	api := func(method, pattern string, p perm.Permission, fn http.HandlerFunc) site.Route {
		return site.Route{Method: method, Pattern: clientAPI + pattern, Perm: p, Fail: h.apiFail, Handler: h.inLang(fn)}
	}
	return []site.Route{
		api("POST", "/nickname", perm.Public, h.apiNickname),
		api("POST", "/signup", perm.Public, h.apiSignup),
		api("POST", "/salt", perm.Public, h.apiSalt),
		api("POST", "/login", perm.Public, h.apiLogin),
		api("POST", "/recovery-salt", perm.Public, h.apiRecoverySalt),
		api("POST", "/recovery-key", perm.Public, h.apiRecoveryKey),
		api("POST", "/reset", perm.Public, h.apiReset),
		api("POST", "/route", perm.OnlineClient, h.apiRoute),
		api("POST", "/conversations", perm.OnlineClient, h.apiStart),
		api("GET", "/c/{id}", perm.OnlineClient, h.apiConversation),
		withBody(api("POST", "/c/{id}/messages", perm.OnlineClient, h.apiPost), site.MaxMessageBytes),
		api("GET", "/c/{id}/files/{seq}", perm.OnlineClient, h.apiFile),
		api("GET", "/c/{id}/events", perm.OnlineClient, h.apiEvents),
	}
}

// withBody raises a route's body limit (messages with an attachment).
func withBody(rt site.Route, n int64) site.Route {
	rt.MaxBody = n
	return rt
}

// inLang sets the localizer to the language the page names.
func (h *Handler) inLang(fn http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		setAPILang(h, r)
		fn(w, r)
	}
}

func setAPILang(h *Handler, r *http.Request) {
	lang := r.Header.Get("X-KMN-Lang")
	if !isPublicLanguage(lang) {
		lang = h.Catalog.Negotiate(r.Header.Get("Accept-Language"), i18n.Public)
	}
	site.StateOf(r).Loc = h.Catalog.Localizer(lang)
}

// apiFail answers what the guard refuses as JSON.
func (h *Handler) apiFail(w http.ResponseWriter, r *http.Request, status int, problem string) {
	setAPILang(h, r)
	key := "public.error_" + problem
	if status == http.StatusUnauthorized {
		key = "online.error_session"
	}
	h.FailJSON(w, r, status, key)
}

// clientParty is the signed-in client.
func clientParty(r *http.Request) online.Party {
	return online.ClientParty(site.StateOf(r).OnlineClient)
}

// addressRange is the requester's address range for the limits.
func (h *Handler) addressRange(r *http.Request) string { return auth.AddressRange(h.ClientIP(r)) }

// readJSON decodes the body or answers 400.
func (h *Handler) readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := site.ReadJSON(r, v); site.TooLarge(err) {
		h.FailJSON(w, r, http.StatusRequestEntityTooLarge, "public.error_too_large")
		return false
	} else if err != nil {
		h.FailJSON(w, r, http.StatusBadRequest, "public.error_bad_request")
		return false
	}
	return true
}

// answer turns a store error into its JSON answer.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, err error) {
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.ProblemsJSON(w, r, problems)
	case errors.Is(err, online.ErrNotFound):
		h.FailJSON(w, r, http.StatusNotFound, "public.error_not_found")
	case errors.Is(err, online.ErrNicknameTaken):
		h.ProblemsJSON(w, r, valid.Errors{{Field: "nickname", Key: "online.nickname_taken"}})
	case errors.Is(err, online.ErrBadLogin):
		h.FailJSON(w, r, http.StatusUnauthorized, "online.error_login")
	case errors.Is(err, online.ErrSequence), errors.Is(err, online.ErrRecipients):
		h.FailJSON(w, r, http.StatusConflict, "online.error_conflict")
	case errors.Is(err, online.ErrChanged):
		h.FailJSON(w, r, http.StatusConflict, "online.error_closed")
	case errors.Is(err, online.ErrNobody):
		h.FailJSON(w, r, http.StatusServiceUnavailable, "online.error_nobody")
	default:
		h.Log.Error("online client api", "path", r.URL.Path, "err", err)
		h.FailJSON(w, r, http.StatusInternalServerError, "public.error_internal")
	}
}

type nicknameRequest struct {
	Nickname string `json:"nickname"`
}

func (h *Handler) apiNickname(w http.ResponseWriter, r *http.Request) {
	var in nicknameRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	free, err := h.Online.NicknameFree(r.Context(), in.Nickname)
	if err != nil {
		h.answer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]bool{"free": free})
}

func (h *Handler) apiSignup(w http.ResponseWriter, r *http.Request) {
	var in online.SignUp
	if !h.readJSON(w, r, &in) {
		return
	}
	if !h.OnlineLimits.SignUp.Allow(h.addressRange(r)) {
		h.FailJSON(w, r, http.StatusTooManyRequests, "online.error_too_many")
		return
	}
	id, token, err := h.Online.Register(r.Context(), in)
	if err != nil {
		h.answer(w, r, err)
		return
	}
	h.SetOnlineSession(w, token)
	site.WriteJSON(w, http.StatusCreated, map[string]string{"client_id": id})
}

func (h *Handler) apiSalt(w http.ResponseWriter, r *http.Request) {
	var in nicknameRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	salt, err := h.Online.LoginSalt(r.Context(), in.Nickname)
	if err != nil {
		h.answer(w, r, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]string{"salt": salt, "iterations": strconv.Itoa(onlineIterations)})
}

// onlineIterations is the PBKDF2 count the script uses (docs/E2E.md).
const onlineIterations = 600000

type loginRequest struct {
	Nickname string `json:"nickname"`
	Auth     string `json:"auth"`
}

// apiLogin checks the auth value the browser derived; failures count per
// address range and per nickname.
func (h *Handler) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in loginRequest
	if !h.readJSON(w, r, &in) {
		return
	}
	if !h.loginAllowed(r, in.Nickname) {
		h.FailJSON(w, r, http.StatusTooManyRequests, "online.error_too_many")
		return
	}
	c, token, err := h.Online.Login(r.Context(), in.Nickname, in.Auth)
	if err != nil {
		h.countFailure(r, in.Nickname, err)
		h.answer(w, r, err)
		return
	}
	h.SetOnlineSession(w, token)
	site.WriteJSON(w, http.StatusOK, map[string]string{"client_id": c.ID, "public_key": c.PublicKey,
		"private_by_password": c.PrivateByPassword})
}

func (h *Handler) loginAllowed(r *http.Request, nick string) bool {
	return !h.OnlineLimits.Login.Blocked(h.addressRange(r)) && !h.OnlineLimits.Login.Blocked("nick:"+online.CleanNickname(nick))
}

func (h *Handler) countFailure(r *http.Request, nick string, err error) {
	if errors.Is(err, online.ErrBadLogin) {
		h.OnlineLimits.Login.Allow(h.addressRange(r))
		h.OnlineLimits.Login.Allow("nick:" + online.CleanNickname(nick))
	}
}
