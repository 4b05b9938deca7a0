package public

import (
	"errors"
	"net/http"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// volunteerAccountRoutes are a volunteer's account in language l: sign in
// with a one-time link sent to their address (no password to keep), then
// their own page under /account – the same as the personal link's, reached
// by the session instead – and sign out.
func (h *Handler) volunteerAccountRoutes(l string) []site.Route {
	rt := func(method, pattern string, p perm.Permission, fn http.HandlerFunc) site.Route {
		return site.Route{Method: method, Pattern: "/" + l + "/volunteer" + pattern, Perm: p, Lang: l, Fail: h.volunteerGuardFail, Handler: fn}
	}
	return []site.Route{
		rt("GET", "/sign-in", perm.Public, h.volunteerSignInForm),
		rt("POST", "/sign-in", perm.Public, h.volunteerSendSignIn),
		rt("GET", "/sign-in/{token}", perm.Public, h.volunteerSignInPage),
		rt("POST", "/sign-in/{token}", perm.Public, h.volunteerSignIn),
		rt("GET", "/account", perm.VolunteerSelf, h.volunteerPersonal),
		rt("GET", "/account/calendar.ics", perm.VolunteerSelf, h.volunteerICS),
		rt("POST", "/account/asks/{id}/{action}", perm.VolunteerSelf, h.volunteerAnswer),
		rt("GET", "/account/offer", perm.VolunteerSelf, h.volunteerOfferForm),
		rt("POST", "/account/offer", perm.VolunteerSelf, h.volunteerOffer),
		rt("POST", "/sign-out", perm.VolunteerSelf, h.volunteerSignOut),
	}
}

// volunteerGuardFail sends a visitor without a volunteer session to the
// sign-in form; other refusals are the public error pages.
func (h *Handler) volunteerGuardFail(w http.ResponseWriter, r *http.Request, status int, problem string) {
	if problem == "volunteer_login" {
		h.Redirect(w, r, "/"+publicLang(r)+"/volunteer/sign-in")
		return
	}
	h.guardFail(w, r, status, problem)
}

// volunteerSignInPage is the sign-in form, or the button of a link.
type volunteerSignInPage struct {
	pageBase
	Action, Email string
	// Sent: the form was sent (the page does not say whether the
	// address is known).
	Sent bool
}

func (h *Handler) volunteerSignInForm(w http.ResponseWriter, r *http.Request) {
	b, ok := h.publicBase(w, r, "volunteer.signin_title")
	if !ok {
		return
	}
	h.Render(w, r, http.StatusOK, "volunteer_signin", volunteerSignInPage{pageBase: b, Action: "/" + b.L.Lang + "/volunteer/sign-in",
		Sent: r.URL.Query().Get("sent") == "1"})
}

// volunteerSendSignIn mails the link if the address is a volunteer's and
// answers the same either way.
func (h *Handler) volunteerSendSignIn(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostFormValue("email"))
	if email == "" || len(email) > 254 {
		b, ok := h.publicBase(w, r, "volunteer.signin_title")
		if !ok {
			return
		}
		b.Errors.Add("email", "volunteer.email_invalid")
		h.Render(w, r, http.StatusUnprocessableEntity, "volunteer_signin", volunteerSignInPage{pageBase: b,
			Action: "/" + b.L.Lang + "/volunteer/sign-in", Email: email})
		return
	}
	if err := h.Volunteers.SendSignIn(r.Context(), email, publicLang(r)); err != nil {
		h.publicServerError(w, r, err)
		return
	}
	h.Redirect(w, r, "/"+publicLang(r)+"/volunteer/sign-in?sent=1")
}

// volunteerSignInPage asks to sign in with a button: mail scanners open
// links and must not use them up.
func (h *Handler) volunteerSignInPage(w http.ResponseWriter, r *http.Request) {
	volunteerHeaders(w)
	b, ok := h.publicBase(w, r, "volunteer.signin_title")
	if !ok {
		return
	}
	relink(b, "/volunteer/sign-in/"+r.PathValue("token"))
	h.Render(w, r, http.StatusOK, "volunteer_signin_link", volunteerSignInPage{pageBase: b,
		Action: "/" + b.L.Lang + "/volunteer/sign-in/" + r.PathValue("token")})
}

// volunteerSignIn uses the link and starts the session; a used or expired
// link says so (404) and offers a new one.
func (h *Handler) volunteerSignIn(w http.ResponseWriter, r *http.Request) {
	volunteerHeaders(w)
	token, err := h.Volunteers.SignIn(r.Context(), r.PathValue("token"))
	switch {
	case errors.Is(err, volunteer.ErrNotFound):
		h.publicFail(w, r, http.StatusNotFound, "volunteer.signin_expired")
	case err != nil:
		h.publicServerError(w, r, err)
	default:
		h.SetVolunteerSession(w, token)
		h.Redirect(w, r, "/"+publicLang(r)+"/volunteer/account")
	}
}

// volunteerSignOut ends the session.
func (h *Handler) volunteerSignOut(w http.ResponseWriter, r *http.Request) {
	if err := h.Volunteers.SignOut(r.Context(), site.StateOf(r).Volunteer); err != nil {
		h.publicServerError(w, r, err)
		return
	}
	h.SetVolunteerSession(w, "")
	h.Redirect(w, r, "/"+publicLang(r)+"/volunteer")
}
