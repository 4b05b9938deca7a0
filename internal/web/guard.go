package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// guard enforces a route's permission before its handler runs:
//   - Public: anybody;
//   - SignIn: a session between password and second factor;
//   - Staff: a fully signed-in session;
//   - role permissions: a full session whose role holds the permission,
//     otherwise 403 (audited).
//
// State-changing requests must also carry a valid CSRF token.
func (h *Handler) guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.Lang != "" {
			r.SetPathValue("lang", rt.Lang)
		}
		if rt.Bare {
			rt.Handler(w, r)
			return
		}
		limit := rt.MaxBody
		if limit == 0 {
			limit = maxFormBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		st := h.loadState(w, r)
		r = withState(r, st)
		if r.Method == http.MethodPost && !h.checkPost(w, r) {
			return
		}
		if h.allow(w, r, rt, st) {
			w.Header().Set("Cache-Control", "no-store")
			rt.Handler(w, r)
		}
	})
}

// checkPost parses the form (answering 413 or 400 when it is too large or
// malformed) and checks the CSRF token (403).
func (h *Handler) checkPost(w http.ResponseWriter, r *http.Request) bool {
	if err := parseBody(r); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.fail(w, r, http.StatusRequestEntityTooLarge, "error.too_large")
		} else {
			h.fail(w, r, http.StatusBadRequest, "error.bad_request")
		}
		return false
	}
	if !h.validCSRF(r) {
		h.fail(w, r, http.StatusForbidden, "error.csrf")
		return false
	}
	return true
}

// parseBody reads url-encoded and multipart forms (uploads are kept in
// memory up to the route's body limit, which bounds them).
func parseBody(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(maxImportBytes)
	}
	return r.ParseForm()
}

// allow answers the request itself (redirect or error page) and returns
// false when the route may not run.
func (h *Handler) allow(w http.ResponseWriter, r *http.Request, rt Route, st *state) bool {
	switch rt.Perm {
	case perm.Public:
		return true
	case perm.SignIn:
		if st.session != nil && st.session.Stage != auth.StageFull {
			return true
		}
		h.toLogin(w, r, st)
		return false
	}
	if st.session == nil || st.session.Stage != auth.StageFull {
		h.toLogin(w, r, st)
		return false
	}
	if rt.Perm == perm.Staff || st.user.Can(rt.Perm) {
		return true
	}
	_ = h.Auth.RecordDenied(r.Context(), h.actor(r), rt.Method+" "+rt.Pattern)
	h.fail(w, r, http.StatusForbidden, "error.forbidden")
	return false
}

// toLogin sends the visitor to the step of the login they are at, keeping
// the page they wanted (GET only) for afterwards.
func (h *Handler) toLogin(w http.ResponseWriter, r *http.Request, st *state) {
	if st.session != nil {
		switch st.session.Stage {
		case auth.StageMFA:
			h.redirect(w, r, "/login/code")
			return
		case auth.StageEnroll:
			h.redirect(w, r, "/login/enrol")
			return
		case auth.StageFull:
			h.redirect(w, r, "/dashboard")
			return
		}
	}
	target := "/login"
	q := url.Values{}
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		q.Set("next", r.URL.RequestURI())
	}
	if st.expired {
		q.Set("expired", "1")
	}
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	h.redirect(w, r, target)
}

// redirect answers with 303 See Other (redirect after POST).
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// safeNext keeps only local paths, so ?next= cannot send users elsewhere.
func safeNext(next string) string {
	if len(next) > 1 && next[0] == '/' && next[1] != '/' && next[1] != '\\' {
		if u, err := url.Parse(next); err == nil && u.Host == "" && u.Scheme == "" {
			return next
		}
	}
	return "/dashboard"
}
