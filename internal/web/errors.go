package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// errorPage is the friendly page for 4xx and 5xx answers.
type errorPage struct {
	Base
	Status  int
	Message string
}

// fail renders the translated error page for status with message key msg.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	st := stateOf(r)
	if st.loc == nil {
		st.loc = h.Catalog.Localizer(h.Catalog.Negotiate(r.Header.Get("Accept-Language"), i18n.Staff))
		r = withState(r, st)
	}
	b := h.base(w, r, "error.title")
	h.render(w, r, status, "error", errorPage{Base: b, Status: status, Message: b.T(msg)})
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, http.StatusNotFound, "error.not_found")
}

func (h *Handler) panicPage(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, http.StatusInternalServerError, "error.internal")
}

// serverError logs err and shows the 500 page.
func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.Log.Error("request failed", "path", r.URL.Path, "err", err)
	h.fail(w, r, http.StatusInternalServerError, "error.internal")
}

// setFlash keeps a one-time message (a catalog key starting with "flash.")
// for the next page.
func (h *Handler) setFlash(w http.ResponseWriter, key string) {
	h.setCookie(w, h.cookies.flash, url.QueryEscape(key), time.Minute)
}

func (h *Handler) takeFlash(w http.ResponseWriter, r *http.Request, l *i18n.Localizer) string {
	c, err := r.Cookie(h.cookies.flash)
	if err != nil {
		return ""
	}
	h.clearCookie(w, h.cookies.flash)
	key, _ := url.QueryUnescape(c.Value)
	if !strings.HasPrefix(key, "flash.") {
		return ""
	}
	return l.T(key)
}
