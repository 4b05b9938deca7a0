package public

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// publicAutonyms name each public language in itself.
var publicAutonyms = map[string]string{
	"de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی / دری",
	"uk": "Українська", "ru": "Русский", "tr": "Türkçe",
}

func isPublicLanguage(l string) bool { return slices.Contains(i18n.Public, l) }

// publicLang is the language named by the first path segment ("/ar/search"
// → "ar"), whether the route spells it as {lang} or literally.
func publicLang(r *http.Request) string {
	if l := r.PathValue("lang"); l != "" {
		return l
	}
	seg, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	return seg
}

// publicBase fills the common fields of a public page. The language comes
// from the first path segment; an unknown one answers 404 (and ok=false).
func (h *Handler) publicBase(w http.ResponseWriter, r *http.Request, titleKey string) (b pageBase, ok bool) {
	return h.publicBaseQuery(w, r, titleKey, r.URL.RawQuery)
}

// publicBaseQuery is publicBase for a page that normalises its query: the
// language links carry query instead of the raw one.
func (h *Handler) publicBaseQuery(w http.ResponseWriter, r *http.Request, titleKey, query string) (b pageBase, ok bool) {
	lang := publicLang(r)
	if !isPublicLanguage(lang) {
		h.publicFail(w, r, http.StatusNotFound, "public.error_not_found")
		return pageBase{}, false
	}
	st := site.StateOf(r)
	st.Loc = h.Catalog.Localizer(lang)
	b = pageBase{h.Base(w, r, titleKey)}
	b.Public = publicChrome(r, lang, query)
	return b, true
}

// publicChrome links the current page (path and query) in every language.
// Pages that normalise their query pass the normal form.
func publicChrome(r *http.Request, lang, query string) *site.PublicChrome {
	c := &site.PublicChrome{Lang: lang, Home: "/" + lang + "/"}
	rest := strings.TrimPrefix(r.URL.Path, "/"+lang)
	for _, l := range i18n.Public {
		u := url.URL{Path: "/" + l + rest, RawQuery: query}
		dir := "ltr"
		if h := (i18n.Localizer{Lang: l}); h.Dir() == "rtl" {
			dir = "rtl"
		}
		c.Languages = append(c.Languages, site.PublicLanguage{Code: l, Name: publicAutonyms[l], Dir: dir, Href: u.String(), Current: l == lang})
	}
	return c
}

// publicErrorPage is the error page of the public site, in the URL's language.
type publicErrorPage struct {
	pageBase
	Status  int
	Message string
}

// publicFail renders a public error page: in the language of the URL when
// it names one, else in the browser's preferred public language.
func (h *Handler) publicFail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	lang := publicLang(r)
	pathLang := isPublicLanguage(lang)
	if !pathLang {
		lang = h.Catalog.Negotiate(r.Header.Get("Accept-Language"), i18n.Public)
	}
	st := site.StateOf(r)
	st.Loc = h.Catalog.Localizer(lang)
	b := pageBase{h.Base(w, r, "public.error_title")}
	b.Public = publicChrome(r, lang, r.URL.RawQuery)
	if !pathLang {
		// The path has no language to swap: offer each start page instead.
		for i := range b.Public.Languages {
			b.Public.Languages[i].Href = "/" + b.Public.Languages[i].Code + "/"
		}
	}
	h.Render(w, r, status, "public_error", publicErrorPage{pageBase: b, Status: status, Message: b.T(msg)})
}

// guardFail is the public routes' answer when the guard turns a request
// away: the public error page with "public.error_<problem>", in the
// language of the URL.
func (h *Handler) guardFail(w http.ResponseWriter, r *http.Request, status int, problem string) {
	h.publicFail(w, r, status, "public.error_"+problem)
}

// publicServerError logs err and shows the public 500 page.
func (h *Handler) publicServerError(w http.ResponseWriter, r *http.Request, err error) {
	h.Log.Error("request failed", "path", r.URL.Path, "err", err)
	h.publicFail(w, r, http.StatusInternalServerError, "public.error_internal")
}

// homePage is the start page of the finder.
type homePage struct {
	pageBase
	Form searchForm
}

// publicHome explains the programs in plain words and shows the search form.
func (h *Handler) publicHome(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "public.home_title")
	if !ok {
		return
	}
	p := homePage{pageBase: b}
	if err := h.fillForm(r, &p.Form, url.Values{}); err != nil {
		h.publicServerError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_home", p)
}

// pageBase is what every public page embeds: the common page fields and
// the helpers of the finder's form.
type pageBase struct {
	site.Base
}

// PublicErrorSummary lists the problems of a finder query, each linking to
// the form field it concerns (the location and page parameters have no
// field of their own: they link to the search text).
func (b pageBase) PublicErrorSummary() []site.ErrorItem {
	out := make([]site.ErrorItem, len(b.Errors))
	for i, p := range b.Errors {
		anchor := site.FieldID(p.Field)
		switch p.Field {
		case "lat", "lon", "page":
			anchor = "q"
		}
		out[i] = site.ErrorItem{Field: p.Field, Anchor: anchor, Message: b.L.T(p.Key, p.Args...)}
	}
	return out
}

// SelectView is a select of the finder's form.
type SelectView struct {
	Name, Label, Any, Error string
	Choices                 []site.Choice
}

// PublicSelect prepares a select of the finder's form.
func (b pageBase) PublicSelect(name, labelKey, anyKey string, choices []site.Choice) SelectView {
	return SelectView{Name: name, Label: b.T(labelKey), Any: b.T(anyKey), Error: b.FieldError(name), Choices: choices}
}

// CheckView is a checkbox of the finder's form.
type CheckView struct {
	Name, Label, Error string
	Checked            bool
}

// PublicCheck prepares a checkbox of the finder's form.
func (b pageBase) PublicCheck(name, labelKey string, checked bool) CheckView {
	return CheckView{Name: name, Label: b.T(labelKey), Error: b.FieldError(name), Checked: checked}
}
