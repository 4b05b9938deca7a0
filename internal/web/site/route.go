package site

import (
	"net/http"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// Route is one entry of a surface's route table: every page and action
// names the permission it needs, and the guard enforces it before the
// handler runs.
type Route struct {
	Method  string
	Pattern string
	Perm    perm.Permission
	// Bare routes skip the session lookup (assets, probes, metrics, the API).
	Bare bool
	// MaxBody overrides the request body limit (MaxFormBytes) for uploads.
	MaxBody int64
	// Lang is the language of a public page route; handlers read it as the
	// "lang" path value.
	Lang string
	// StepUp marks a dangerous action (erasing or exporting a client file,
	// handing it over, changing roles, rotating the key): it needs a second
	// factor from the last auth.StepUpWindow, or the user is asked for a
	// fresh code first (/account/verify).
	StepUp bool
	// Fail renders the error page when the guard turns the request away
	// (problem: "bad_input", "too_long", "too_large", "bad_request",
	// "csrf"); nil means the staff error page.
	Fail    func(w http.ResponseWriter, r *http.Request, status int, problem string)
	Handler http.HandlerFunc
}

// CoreRoutes are the routes of no particular surface: the start address,
// unknown pages, static assets and the operations endpoints.
func (k *Kit) CoreRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/{$}", Perm: perm.Public, Handler: k.home},
		{Method: "GET", Pattern: "/", Perm: perm.Public, Handler: k.NotFound},
		{Method: "GET", Pattern: "/static/{file}", Perm: perm.Public, Bare: true, Handler: k.static},
		{Method: "GET", Pattern: "/healthz", Perm: perm.Public, Bare: true, Handler: k.healthz},
		{Method: "GET", Pattern: "/readyz", Perm: perm.Public, Bare: true, Handler: k.readyz},
		{Method: "GET", Pattern: "/metrics", Perm: perm.Public, Bare: true, Handler: k.metrics},
	}
}
