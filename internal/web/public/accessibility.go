package public

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// accessibilityRoutes are the accessibility statement with its feedback
// form (BITV 2.0 § 7, NBGG) in every public language, and the explanation
// of the site in Leichte Sprache, which exists in German only.
func (h *Handler) accessibilityRoutes() []site.Route {
	var out []site.Route
	for _, l := range i18n.Public {
		out = append(out,
			site.Route{Method: "GET", Pattern: "/" + l + "/accessibility", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.accessibility},
			site.Route{Method: "POST", Pattern: "/" + l + "/accessibility/feedback", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.sendFeedback},
			site.Route{Method: "GET", Pattern: "/" + l + "/accessibility/thanks", Perm: perm.Public, Lang: l, Fail: h.guardFail, Handler: h.feedbackThanks},
		)
	}
	return append(out, site.Route{Method: "GET", Pattern: "/de/leichte-sprache", Perm: perm.Public, Lang: "de", Fail: h.guardFail, Handler: h.easyGerman})
}

// honeypot is a form field people do not see (hidden by the stylesheet,
// labelled "leave empty" for those without styles); scripts that fill
// every field fill it too.
const honeypot = "website"

// accessibilityPage is the statement with the feedback form.
type accessibilityPage struct {
	pageBase
	// Prepared and Reviewed are the statement's dates in the reader's form.
	Prepared, Reviewed string
	Facts              statementFacts
	Contact            string
	Barriers           []barrier
	Form               feedbackForm
	// Refused says why a valid message was not taken (rate limit).
	Refused string
	// German links the authoritative German statement (non-German pages).
	German string
}

// barrier is content that is not accessible yet, with its alternative.
type barrier struct{ Title, Text, Alternative string }

// barrierKeys name the barriers of the statement: "access.<key>_title",
// "_text" and "_alternative" in the catalogs.
var barrierKeys = []string{"map", "locate", "office_texts", "sign_language"}

// feedbackForm is the form as the visitor filled it in.
type feedbackForm struct {
	Action                string
	Message, Page, Email  string
	MaxMessage, MaxPage   int
	RetentionMonths, Rate int
}

// accessibility shows the statement; the page field is filled with the
// page the visitor came from, when it is one of this site's.
func (h *Handler) accessibility(w http.ResponseWriter, r *http.Request) {
	h.renderStatement(w, r, http.StatusOK, feedback.Input{Page: cameFrom(r)}, nil, "")
}

// sendFeedback takes a message: bad input shows the form again (422), a
// full rate limit 429, success redirects to the thank-you page. A filled
// honeypot looks like success and stores nothing.
func (h *Handler) sendFeedback(w http.ResponseWriter, r *http.Request) {
	lang := publicLang(r)
	if r.PostFormValue(honeypot) != "" {
		h.Redirect(w, r, thanksPath(lang))
		return
	}
	in := feedback.Input{Lang: lang, Message: r.PostFormValue("message"), Page: r.PostFormValue("page_address"),
		Email: r.PostFormValue("reply_email")}
	_, err := h.Feedback.Submit(r.Context(), site.PrincipalOf(r), in)
	var problems valid.Errors
	switch {
	case errors.As(err, &problems):
		h.renderStatement(w, r, http.StatusUnprocessableEntity, in, problems, "")
	case errors.Is(err, feedback.ErrRateLimited):
		h.renderStatement(w, r, http.StatusTooManyRequests, in, nil, "access.error_rate_limited")
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		h.Redirect(w, r, thanksPath(lang))
	}
}

// thanksPath is where a sent message lands. The fragment names the main
// content: without one, browsers would keep the form's "#feedback" after
// the redirect.
func thanksPath(lang string) string { return "/" + lang + "/accessibility/thanks#main" }

// renderStatement shows the statement with the form as in, its problems
// and the message key of a refusal ("" for none).
func (h *Handler) renderStatement(w http.ResponseWriter, r *http.Request, status int, in feedback.Input, problems valid.Errors, refused string) {
	b, ok := h.publicBase(w, r, "access.title")
	if !ok {
		return
	}
	b.Errors = problems
	lang := b.L.Lang
	// The form answers at its POST address; the language switch leads to
	// the statement itself.
	for i := range b.Public.Languages {
		b.Public.Languages[i].Href = "/" + b.Public.Languages[i].Code + "/accessibility"
	}
	p := accessibilityPage{pageBase: b, Prepared: b.L.Date(statement.Prepared), Reviewed: b.L.Date(statement.Reviewed),
		Facts: statement, Contact: h.AccessibilityContact}
	p.Form = feedbackForm{Action: "/" + lang + "/accessibility/feedback", Message: in.Message, Page: in.Page, Email: in.Email,
		MaxMessage: feedback.MaxMessageRunes, MaxPage: feedback.MaxPageRunes, RetentionMonths: feedback.RetentionMonths, Rate: feedback.RateLimit}
	for _, k := range barrierKeys {
		k = "access." + k
		p.Barriers = append(p.Barriers, barrier{Title: b.T(k + "_title"), Text: b.T(k + "_text"), Alternative: b.T(k + "_alternative")})
	}
	if refused != "" {
		p.Refused = b.T(refused)
	}
	if lang != "de" {
		p.German = "/de/accessibility"
	}
	h.Render(w, r, status, "public_accessibility", p)
}

// cameFrom is the path (and query) of the page of this site the visitor
// followed the link from, or "". Another site's address is not shown.
func cameFrom(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || ref.Path == "" || ref.Path == r.URL.Path {
		return ""
	}
	return ref.RequestURI()
}

// thanksPage confirms a message.
type thanksPage struct {
	pageBase
	Statement string
}

// feedbackThanks is where a sent message lands (redirect after POST).
func (h *Handler) feedbackThanks(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "access.thanks_title")
	if !ok {
		return
	}
	h.Render(w, r, http.StatusOK, "public_accessibility_thanks", thanksPage{pageBase: b, Statement: "/" + b.L.Lang + "/accessibility"})
}

// easyPage is the explanation of the site in Leichte Sprache.
type easyPage struct{ pageBase }

// easyGerman explains the site in Leichte Sprache. The page exists in
// German only, so its language switch leads to the start page of each
// language.
func (h *Handler) easyGerman(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "access.footer_easy")
	if !ok {
		return
	}
	for i := range b.Public.Languages {
		b.Public.Languages[i].Href = "/" + b.Public.Languages[i].Code + "/"
	}
	h.Render(w, r, http.StatusOK, "public_easy", easyPage{pageBase: b})
}
