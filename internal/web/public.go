package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/i18n"
)

// publicAutonyms name each public language in itself.
var publicAutonyms = map[string]string{
	"de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی / دری",
	"uk": "Українська", "ru": "Русский", "tr": "Türkçe",
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
func (h *Handler) publicBase(w http.ResponseWriter, r *http.Request, titleKey string) (b Base, ok bool) {
	lang := publicLang(r)
	if !isPublicLanguage(lang) {
		h.publicFail(w, r, http.StatusNotFound, "public.error_not_found")
		return Base{}, false
	}
	st := stateOf(r)
	st.loc = h.Catalog.Localizer(lang)
	b = h.base(w, r, titleKey)
	b.Public = publicChrome(r, lang)
	return b, true
}

// publicChrome links the current page (path and query) in every language.
func publicChrome(r *http.Request, lang string) *PublicChrome {
	c := &PublicChrome{Lang: lang, Home: "/" + lang + "/"}
	rest := strings.TrimPrefix(r.URL.Path, "/"+lang)
	for _, l := range i18n.Public {
		u := url.URL{Path: "/" + l + rest, RawQuery: r.URL.RawQuery}
		dir := "ltr"
		if h := (i18n.Localizer{Lang: l}); h.Dir() == "rtl" {
			dir = "rtl"
		}
		c.Languages = append(c.Languages, PublicLanguage{Code: l, Name: publicAutonyms[l], Dir: dir, Href: u.String(), Current: l == lang})
	}
	return c
}

// publicErrorPage is the error page of the public site, in the URL's language.
type publicErrorPage struct {
	Base
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
	st := stateOf(r)
	st.loc = h.Catalog.Localizer(lang)
	b := h.base(w, r, "public.error_title")
	b.Public = publicChrome(r, lang)
	if !pathLang {
		// The path has no language to swap: offer each start page instead.
		for i := range b.Public.Languages {
			b.Public.Languages[i].Href = "/" + b.Public.Languages[i].Code + "/"
		}
	}
	h.render(w, r, status, "public_error", publicErrorPage{Base: b, Status: status, Message: b.T(msg)})
}

// publicServerError logs err and shows the public 500 page.
func (h *Handler) publicServerError(w http.ResponseWriter, r *http.Request, err error) {
	h.Log.Error("request failed", "path", r.URL.Path, "err", err)
	h.publicFail(w, r, http.StatusInternalServerError, "public.error_internal")
}

// homePage is the start page of the finder.
type homePage struct {
	Base
	Form searchForm
}

// publicHome explains the programs in plain words and shows the search form.
func (h *Handler) publicHome(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "public.home_title")
	if !ok {
		return
	}
	p := homePage{Base: b}
	if err := h.fillForm(r, &p.Form, url.Values{}); err != nil {
		h.publicServerError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "public_home", p)
}

// PublicErrorSummary lists the problems of a finder query, each linking to
// the form field it concerns (the location and page parameters have no
// field of their own: they link to the search text).
func (b Base) PublicErrorSummary() []ErrorItem {
	out := make([]ErrorItem, len(b.Errors))
	for i, p := range b.Errors {
		anchor := FieldID(p.Field)
		switch p.Field {
		case "lat", "lon", "page":
			anchor = "q"
		}
		out[i] = ErrorItem{Field: p.Field, Anchor: anchor, Message: b.L.T(p.Key, p.Args...)}
	}
	return out
}

// SelectView is a select of the finder's form.
type SelectView struct {
	Name, Label, Any, Error string
	Choices                 []Choice
}

// PublicSelect prepares a select of the finder's form.
func (b Base) PublicSelect(name, labelKey, anyKey string, choices []Choice) SelectView {
	return SelectView{Name: name, Label: b.T(labelKey), Any: b.T(anyKey), Error: b.FieldError(name), Choices: choices}
}

// CheckView is a checkbox of the finder's form.
type CheckView struct {
	Name, Label, Error string
	Checked            bool
}

// PublicCheck prepares a checkbox of the finder's form.
func (b Base) PublicCheck(name, labelKey string, checked bool) CheckView {
	return CheckView{Name: name, Label: b.T(labelKey), Error: b.FieldError(name), Checked: checked}
}
