package site

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/geo"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

//go:embed templates
var templateFS embed.FS

// views are the page templates of every surface, each parsed together with
// the layout and all partials at start-up, so a template error stops the
// server early. Page names are unique across surfaces.
type views struct {
	pages map[string]*template.Template
}

// funcs are available in every template.
func funcs(a *assets) template.FuncMap {
	return template.FuncMap{
		"asset":   a.url,
		"options": OptionsHTML,
		// The boundary data's licence requires this credit beside every map.
		"mapCredit":    func() string { return geo.AttributionBoundaries },
		"mapCreditURL": func() string { return geo.AttributionBoundariesURL },
		// dict passes several values to a sub-template: dict "P" $ "S" .
		"dict": dict,
	}
}

// dict builds a map from key/value pairs (keys are strings).
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("site: dict needs key/value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("site: dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func parseViews(a *assets, surfaces []fs.FS) (*views, error) {
	all := append([]fs.FS{templateFS}, surfaces...)
	base, err := template.New("layout").Funcs(funcs(a)).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("site: templates: %w", err)
	}
	for _, fsys := range all {
		if base, err = parseGlob(base, fsys, "templates/partials/*.html"); err != nil {
			return nil, err
		}
	}
	v := &views{pages: map[string]*template.Template{}}
	for _, fsys := range all {
		files, err := fs.Glob(fsys, "templates/pages/*.html")
		if err != nil {
			return nil, fmt.Errorf("site: templates: %w", err)
		}
		for _, f := range files {
			name := strings.TrimSuffix(path.Base(f), ".html")
			if _, dup := v.pages[name]; dup {
				return nil, fmt.Errorf("site: two surfaces have a page template %q", name)
			}
			t, err := template.Must(base.Clone()).ParseFS(fsys, f)
			if err != nil {
				return nil, fmt.Errorf("site: template %s: %w", f, err)
			}
			v.pages[name] = t
		}
	}
	return v, nil
}

// parseGlob adds the files of fsys matching pattern to t (none is fine).
func parseGlob(t *template.Template, fsys fs.FS, pattern string) (*template.Template, error) {
	files, err := fs.Glob(fsys, pattern)
	if err != nil || len(files) == 0 {
		return t, err
	}
	t, err = t.ParseFS(fsys, files...)
	if err != nil {
		return nil, fmt.Errorf("site: templates: %w", err)
	}
	return t, nil
}

// Base is embedded in every page struct: what the layout needs.
type Base struct {
	L     *i18n.Localizer
	Title string
	// User is the signed-in staff member (nil on anonymous pages and
	// between the login steps).
	User  *auth.Principal
	state *State // for CSRF
	Demo  bool
	Flash string
	Path  string
	// AppVersion is the running binary's version for the footer (not Version,
	// which pages use for the record version of their forms).
	AppVersion string
	Errors     valid.Errors
	// Bare pages (login steps, errors) show no staff navigation.
	Bare      bool
	Nav       []NavItem
	Languages []LanguageOption
	// Maps loads Leaflet and the map script (pages with a map only).
	Maps bool
	// Online loads the end-to-end encryption and the online counseling
	// scripts (docs/E2E.md), on online counseling pages only.
	Online bool
	// Passkeys loads the passkey script and shows its buttons (login,
	// second step, step-up, the account's passkeys), when the platform
	// offers passkeys.
	Passkeys bool
	// Refresh reloads the page after so many seconds (0: never), for pages
	// that show long work in progress.
	Refresh int
	// Unread is the number of unread notifications (the bell).
	Unread int
	// Public switches the layout to the public finder's variant (language
	// in the URL, links to the other languages, no staff navigation).
	Public *PublicChrome
}

// NavItem is one link of the main navigation.
type NavItem struct {
	Href, Label string
	Current     bool
}

// LanguageOption is one button of the language switch, named in its own language.
type LanguageOption struct {
	Code, Name string
	Current    bool
}

// autonyms name each staff language in itself.
var autonyms = map[string]string{"de": "Deutsch", "en": "English"}

// T translates a message for the page's language.
func (b Base) T(id string, kv ...any) string { return b.L.T(id, kv...) }

// FieldError is the translated problem of one form field, or "".
func (b Base) FieldError(field string) string {
	if p, ok := b.Errors.For(field); ok {
		return b.L.T(p.Key, p.Args...)
	}
	return ""
}

// ErrorItem is a line of the error summary, linking to its field.
type ErrorItem struct{ Field, Anchor, Message string }

// ErrorSummary lists every problem for the summary at the top of a form.
func (b Base) ErrorSummary() []ErrorItem {
	out := make([]ErrorItem, len(b.Errors))
	for i, p := range b.Errors {
		out[i] = ErrorItem{Field: p.Field, Anchor: FieldID(p.Field), Message: b.L.T(p.Key, p.Args...)}
	}
	return out
}

// FieldID is the HTML id of a form field: field names like "hours.mon"
// become "hours-mon", which CSS selectors and fragment links both accept.
func FieldID(field string) string { return strings.ReplaceAll(field, ".", "-") }

// Base fills the common page fields for a request.
func (k *Kit) Base(w http.ResponseWriter, r *http.Request, titleKey string) Base {
	st := StateOf(r)
	b := Base{L: st.Loc, state: st, Demo: k.o.Config.Demo, Path: r.URL.Path, AppVersion: k.o.Version}
	if b.L == nil {
		b.L = k.o.Catalog.Localizer("de")
	}
	b.Title = b.L.T(titleKey)
	if st.Staff() {
		p := st.Principal
		b.User = &p
	}
	b.Bare = b.User == nil
	for _, l := range i18n.Staff {
		b.Languages = append(b.Languages, LanguageOption{Code: l, Name: autonyms[l], Current: l == b.L.Lang})
	}
	if b.User != nil {
		b.Nav = navFor(b)
		if k.o.Unread != nil {
			b.Unread = k.o.Unread(r.Context(), *b.User)
		}
	}
	b.Flash = k.takeFlash(w, r, b.L)
	return b
}

// CSRF is the request's CSRF token for a form ({{.CSRF}}); the first call
// sets the cookie, which works because pages are rendered into a buffer
// before any header is written.
func (b Base) CSRF() string {
	if b.state == nil {
		return ""
	}
	return b.state.CSRF()
}

// Render executes a page into a buffer first, so a template error gives a
// clean 500 page instead of half a page.
func (k *Kit) Render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	body, err := k.Execute(page, data)
	if err != nil {
		k.o.Log.Error("render", "page", page, "err", err)
		k.plain500(w)
		return
	}
	k.WritePage(w, status, body)
}

// Execute renders a page with the layout into bytes.
func (k *Kit) Execute(page string, data any) ([]byte, error) {
	t, ok := k.views.pages[page]
	if !ok {
		return nil, fmt.Errorf("site: unknown page template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExecutePart renders one named template of a page (a part, not the
// whole layout) into a string of HTML.
func (k *Kit) ExecutePart(page, name string, data any) (template.HTML, error) {
	t, ok := k.views.pages[page]
	if !ok {
		return "", fmt.Errorf("site: unknown page template %q", page)
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // #nosec G203 -- html/template output
}

// WritePage sends a rendered page. The length is known, so the response
// goes out unchunked.
func (k *Kit) WritePage(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (k *Kit) plain500(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte("500 Interner Fehler / Internal Server Error\n"))
}

// navFor lists the sections the user's role may open: each item shows
// for whoever holds one of its permissions.
func navFor(b Base) []NavItem {
	anyOf := func(p ...perm.Permission) []perm.Permission { return p }
	items := []struct {
		href, label string
		perms       []perm.Permission
	}{
		{"/dashboard", "nav.dashboard", anyOf(perm.Staff)},
		{"/cases", "nav.cases", anyOf(perm.CaseRead)},
		// The deadlines of files, referrals and regional tasks.
		{"/deadlines", "nav.deadlines", anyOf(perm.CaseRead, perm.ReferralRead, perm.RegionTakePart)},
		{"/referrals", "nav.referrals", anyOf(perm.ReferralRead)},
		{"/online", "nav.online", anyOf(perm.OnlineCounsel)},
		{"/events", "nav.events", anyOf(perm.EventOrganise)},
		{"/regions", "nav.regions", anyOf(perm.RegionTakePart)},
		{"/mso", "nav.mso", anyOf(perm.MSOSupport)},
		{"/volunteers", "nav.volunteers", anyOf(perm.VolunteerCoordinate)},
		{"/mediation", "nav.mediation", anyOf(perm.MediationRequest)},
		{"/statistics", "nav.statistics", anyOf(perm.StatsRead)},
		{"/network", "nav.network", anyOf(perm.NetworkRead)},
		{"/admin/users", "nav.users", anyOf(perm.UserManage)},
		{"/admin/audit", "nav.audit", anyOf(perm.AuditRead)},
		{"/admin/keys", "nav.keys", anyOf(perm.KeysManage)},
		{"/admin/passkeys", "passkey.policy_nav", anyOf(perm.UserManage)},
		{"/admin/sso", "sso.nav", anyOf(perm.UserManage)},
		{"/admin/feedback", "feedback.nav", anyOf(perm.FeedbackManage)},
		{"/admin/jobs", "jobs.nav", anyOf(perm.JobsManage)},
		{"/account", "nav.account", anyOf(perm.Staff)},
	}
	var out []NavItem
	for _, it := range items {
		if slices.Contains(it.perms, perm.Staff) || slices.ContainsFunc(it.perms, b.User.Can) {
			out = append(out, NavItem{Href: it.href, Label: b.T(it.label), Current: strings.HasPrefix(b.Path, it.href)})
		}
	}
	return out
}

// PublicChrome is what the public layout needs beyond Base: the language
// links of the current page and the variant (the print view has no
// navigation).
type PublicChrome struct {
	Lang      string
	Home      string // "/de/"
	Languages []PublicLanguage
	// Print is the plain print view: no header, footer or scripts.
	Print bool
}

// PublicLanguage is one link of the language switch: the same page in
// another language, named in that language.
type PublicLanguage struct {
	Code, Name, Dir, Href string
	Current               bool
}
