package site

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// guard enforces a route's permission before its handler runs:
//   - Public: anybody;
//   - SignIn: a session between password and second factor;
//   - Staff: a fully signed-in session;
//   - role permissions: a full session whose role holds the permission,
//     otherwise 403 (audited).
//
// State-changing requests must also carry a valid CSRF token. Before any
// of it, every incoming value (path, query, form) must be valid UTF-8
// without NUL characters, and query values no longer than MaxQueryValue:
// this is the one place that turns bad input away (400) before it reaches
// a handler, SQL or the audit log.
func (k *Kit) guard(rt Route) http.Handler {
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
			limit = MaxFormBytes
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		st := k.loadState(w, r)
		r = WithState(r, st)
		if problem := urlProblem(r); problem != "" {
			k.reject(w, r, rt, http.StatusBadRequest, problem)
			return
		}
		if r.Method == http.MethodPost && !k.checkPost(w, r, rt) {
			return
		}
		if !k.allow(w, r, rt, st) {
			return
		}
		if passkeyDue(rt, st, r.URL.Path) {
			k.Redirect(w, r, "/account/passkeys?required=1")
			return
		}
		if rt.StepUp && !st.Session.FreshFactor(k.o.Clock.Now()) {
			k.Redirect(w, r, "/account/verify?next="+url.QueryEscape(stepUpReturn(r)))
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		rt.Handler(w, r)
	})
}

// checkPost parses the form (answering 413 or 400 when it is too large or
// malformed), checks its values (400) and the CSRF token (403).
func (k *Kit) checkPost(w http.ResponseWriter, r *http.Request, rt Route) bool {
	if err := parseBody(r); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			k.reject(w, r, rt, http.StatusRequestEntityTooLarge, "too_large")
		} else {
			k.reject(w, r, rt, http.StatusBadRequest, "bad_request")
		}
		return false
	}
	if p := formProblem(r); p != "" {
		k.reject(w, r, rt, http.StatusBadRequest, p)
		return false
	}
	if !k.validCSRF(r) {
		k.reject(w, r, rt, http.StatusForbidden, "csrf")
		return false
	}
	return true
}

// reject answers a request the guard turns away with the error page of
// the route's surface: the route's own Fail, or the staff error page with
// the message "error.<problem>".
func (k *Kit) reject(w http.ResponseWriter, r *http.Request, rt Route, status int, problem string) {
	if rt.Fail != nil {
		rt.Fail(w, r, status, problem)
		return
	}
	k.Fail(w, r, status, "error."+problem)
}

// parseBody reads url-encoded and multipart forms (uploads are kept in
// memory up to the route's body limit, which bounds them).
func parseBody(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(maxMultipartMemory)
	}
	return r.ParseForm()
}

// allow answers the request itself (redirect or error page) and returns
// false when the route may not run.
func (k *Kit) allow(w http.ResponseWriter, r *http.Request, rt Route, st *State) bool {
	switch rt.Perm {
	case perm.Public:
		return true
	case perm.SignIn:
		if st.Session != nil && st.Session.Stage != auth.StageFull {
			return true
		}
		k.ToLogin(w, r, st)
		return false
	case perm.OnlineClient:
		if st.OnlineClient != "" {
			return true
		}
		k.reject(w, r, rt, http.StatusUnauthorized, "online_login")
		return false
	case perm.VolunteerSelf:
		if st.Volunteer != "" {
			return true
		}
		k.reject(w, r, rt, http.StatusUnauthorized, "volunteer_login")
		return false
	}
	if !st.Staff() {
		k.ToLogin(w, r, st)
		return false
	}
	if rt.Perm == perm.Staff || st.Principal.Can(rt.Perm) {
		return true
	}
	_ = k.o.Auth.RecordDenied(r.Context(), st.Principal, rt.Method+" "+rt.Pattern)
	k.Fail(w, r, http.StatusForbidden, "error.forbidden")
	return false
}

// stepUpReturn is where the user goes back to after confirming a dangerous
// action with a fresh code: the page itself for a GET, the page the form
// was sent from for a POST (it is sent again from there, deliberately).
func stepUpReturn(r *http.Request) string {
	if r.Method == http.MethodGet {
		return r.URL.RequestURI()
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" {
		return SafeNext(ref.RequestURI())
	}
	return "/dashboard"
}

// ToLogin sends the visitor to the step of the login they are at, keeping
// the page they wanted (GET only) for afterwards.
func (k *Kit) ToLogin(w http.ResponseWriter, r *http.Request, st *State) {
	if st.Session != nil {
		switch st.Session.Stage {
		case auth.StageMFA:
			k.Redirect(w, r, "/login/code")
			return
		case auth.StageEnroll:
			k.Redirect(w, r, "/login/enrol")
			return
		case auth.StageFull:
			k.Redirect(w, r, "/dashboard")
			return
		}
	}
	target := "/login"
	q := url.Values{}
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		q.Set("next", r.URL.RequestURI())
	}
	if st.Expired {
		q.Set("expired", "1")
	}
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	k.Redirect(w, r, target)
}

// home sends signed-in staff to their dashboard and everybody else to the
// public office finder in the language their browser asks for.
func (k *Kit) home(w http.ResponseWriter, r *http.Request) {
	if StateOf(r).Staff() {
		k.Redirect(w, r, "/dashboard")
		return
	}
	k.Redirect(w, r, "/"+k.o.Catalog.Negotiate(r.Header.Get("Accept-Language"), i18n.Public)+"/")
}

// Redirect answers with 303 See Other (redirect after POST).
func (k *Kit) Redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// SafeNext keeps only local paths, so ?next= cannot send users elsewhere.
func SafeNext(next string) string {
	if len(next) > 1 && next[0] == '/' && next[1] != '/' && next[1] != '\\' {
		if u, err := url.Parse(next); err == nil && u.Host == "" && u.Scheme == "" {
			return next
		}
	}
	return "/dashboard"
}

// passkeyDue reports whether a staff page must wait until the account
// adds the passkey its role requires (auth.Session.PasskeyDue): every
// staff page but adding one, confirming with a code, the language and
// signing out.
func passkeyDue(rt Route, st *State, path string) bool {
	if st.Session == nil || !st.Session.PasskeyDue || rt.Perm == perm.Public || rt.Perm == perm.SignIn {
		return false
	}
	for _, open := range []string{"/account/passkeys", "/account/verify", "/logout", "/language"} {
		if path == open || strings.HasPrefix(path, open+"/") {
			return false
		}
	}
	return true
}
