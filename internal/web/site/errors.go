package site

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

// Fail renders the translated error page for status with message key msg.
func (k *Kit) Fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	st := StateOf(r)
	if st.Loc == nil {
		st.Loc = k.o.Catalog.Localizer(k.o.Catalog.Negotiate(r.Header.Get("Accept-Language"), i18n.Staff))
		r = WithState(r, st)
	}
	b := k.Base(w, r, "error.title")
	k.Render(w, r, status, "error", errorPage{Base: b, Status: status, Message: b.T(msg)})
}

// NotFound renders the 404 page.
func (k *Kit) NotFound(w http.ResponseWriter, r *http.Request) {
	k.Fail(w, r, http.StatusNotFound, "error.not_found")
}

func (k *Kit) panicPage(w http.ResponseWriter, r *http.Request) {
	k.Fail(w, r, http.StatusInternalServerError, "error.internal")
}

// ServerError logs err and shows the 500 page.
func (k *Kit) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	k.o.Log.Error("request failed", "path", r.URL.Path, "err", err)
	k.Fail(w, r, http.StatusInternalServerError, "error.internal")
}

// SetFlash keeps a one-time message (a catalog key starting with "flash.")
// for the next page.
func (k *Kit) SetFlash(w http.ResponseWriter, key string) {
	k.SetCookie(w, k.cookies.Flash, url.QueryEscape(key), time.Minute)
}

func (k *Kit) takeFlash(w http.ResponseWriter, r *http.Request, l *i18n.Localizer) string {
	c, err := r.Cookie(k.cookies.Flash)
	if err != nil {
		return ""
	}
	k.ClearCookie(w, k.cookies.Flash)
	key, _ := url.QueryUnescape(c.Value)
	if !strings.HasPrefix(key, "flash.") {
		return ""
	}
	return l.T(key)
}
