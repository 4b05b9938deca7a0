package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

// expect is the status every kind of visitor gets on one route.
type expect struct {
	anon   int               // no session
	staff  int               // any signed-in role not listed in byRole
	byRole map[perm.Role]int // roles that differ from staff
}

// roles builds an expectation: anonymous visitors are redirected to the
// login, staff get status unless listed.
func roles(staff int, byRole map[perm.Role]int) expect {
	return expect{anon: 303, staff: staff, byRole: byRole}
}

var adminOnly = func(ok int) expect {
	return expect{anon: 303, staff: 403, byRole: map[perm.Role]int{perm.Admin: ok}}
}

// matrix states, for every route of the route table, the status each role
// and an anonymous visitor must get. A route missing here fails the test.
var matrix = map[string]expect{
	"GET /{$}":                        {anon: 303, staff: 303},
	"GET /":                           {anon: 404, staff: 404},
	"GET /static/{file}":              {anon: 200, staff: 200},
	"GET /healthz":                    {anon: 200, staff: 200},
	"GET /readyz":                     {anon: 200, staff: 200},
	"GET /metrics":                    {anon: 200, staff: 200},
	"POST /language":                  {anon: 303, staff: 303},
	"GET /login":                      {anon: 200, staff: 303},
	"POST /login":                     {anon: 422, staff: 422},
	"GET /login/code":                 {anon: 303, staff: 303},
	"POST /login/code":                {anon: 303, staff: 303},
	"GET /login/recovery":             {anon: 303, staff: 303},
	"POST /login/recovery":            {anon: 303, staff: 303},
	"GET /login/enrol":                {anon: 303, staff: 303},
	"GET /login/enrol/qr.png":         {anon: 303, staff: 303},
	"POST /login/enrol":               {anon: 303, staff: 303},
	"POST /logout":                    {anon: 303, staff: 303},
	"GET /setup/{token}":              {anon: 404, staff: 404},
	"POST /setup/{token}":             {anon: 404, staff: 404},
	"GET /dashboard":                  {anon: 303, staff: 200},
	"GET /account":                    {anon: 303, staff: 200},
	"GET /account/password":           {anon: 303, staff: 200},
	"POST /account/password":          {anon: 303, staff: 422},
	"GET /account/sessions":           {anon: 303, staff: 200},
	"POST /account/sessions/{id}/end": {anon: 303, staff: 404},
	"POST /account/recovery-codes":    {anon: 303, staff: 200},
	"GET /account/verify":             {anon: 303, staff: 200},
	"POST /account/verify":            {anon: 303, staff: 401},
	// Passkeys: the test servers run on an IP address, where browsers
	// refuse WebAuthn, so ceremonies cannot start (422); an empty answer
	// is 400.
	"POST /login/passkey/options":               {anon: 422, staff: 422},
	"POST /login/passkey":                       {anon: 400, staff: 400},
	"POST /login/code/passkey/options":          {anon: 303, staff: 303},
	"POST /login/code/passkey":                  {anon: 303, staff: 303},
	"POST /account/verify/passkey/options":      {anon: 303, staff: 422},
	"POST /account/verify/passkey":              {anon: 303, staff: 400},
	"GET /account/passkeys":                     {anon: 303, staff: 200},
	"POST /account/passkeys/options":            {anon: 303, staff: 422},
	"POST /account/passkeys":                    {anon: 303, staff: 400},
	"POST /account/passkeys/{id}/remove":        {anon: 303, staff: 404},
	"GET /admin/users":                          adminOnly(200),
	"GET /admin/users/new":                      adminOnly(200),
	"POST /admin/users":                         adminOnly(422),
	"GET /admin/users/{id}":                     adminOnly(200),
	"GET /admin/users/{id}/confirm/{action}":    adminOnly(200),
	"POST /admin/users/{id}/{action}":           adminOnly(303),
	"GET /admin/audit":                          adminOnly(200),
	"POST /admin/users/{id}/memberships":        adminOnly(422),
	"POST /admin/users/{id}/memberships/remove": adminOnly(404),
	"GET /admin/users/{id}/role":                adminOnly(200),
	"POST /admin/users/{id}/role":               adminOnly(422),
	"GET /admin/keys":                           adminOnly(200),
	"GET /admin/keys/rotate":                    adminOnly(200),
	"GET /admin/passkeys":                       adminOnly(200),
	"POST /admin/passkeys":                      adminOnly(303),
	"GET /admin/sso":                            adminOnly(200),
	"POST /admin/sso":                           adminOnly(422),
	"GET /admin/sso/{id}":                       adminOnly(404),
	"POST /admin/sso/{id}":                      adminOnly(422),
	// Single sign-on: {id} names no provider (404); a callback without
	// the browser's binding is refused (401).
	"GET /login/sso/{id}":         {anon: 404, staff: 404},
	"GET /login/sso/callback":     {anon: 401, staff: 401},
	"POST /login/sso/{id}/logout": {anon: 400, staff: 400},
	// Rotating from the web is for one server (SQLite); with PostgreSQL the
	// page sends admins to the command line.
	"POST /admin/keys/rotate": adminOnly(map[string]int{"sqlite": 303, "postgres": 409}[apptest.Engine()]),
}

var assetRe = regexp.MustCompile(`/static/(app\.[0-9a-f]+\.css)`)

// TestRoleMatrix walks the route table of the real router and checks every
// route for every role and for an anonymous visitor.
func TestRoleMatrix(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	scopes := map[perm.Role]string{perm.RegionCoordinator: fx.regionID, perm.OfficeLead: fx.officeID,
		perm.Counselor: fx.officeID, perm.Partner: fx.orgID}
	accounts := map[perm.Role]apptest.Account{}
	for _, r := range perm.Roles {
		accounts[r] = srv.CreateAccount(t, string(r)+"@matrix.example", r, perm.DefaultScope(r), scopes[r])
	}
	target := srv.CreateAccount(t, "target@matrix.example", perm.Counselor, perm.Office, "office-1")
	_, login := srv.NewClient(t).Get(t, "/login")
	params := map[string]string{"{id}": target.ID, "{token}": "no-such-token", "{action}": "enable",
		"{file}": assetRe.FindStringSubmatch(login)[1], "{contact}": fx.contactID, "{lang}": "ar", "{consent}": "no-such-consent",
		"{doc}": "no-such-document", "{seq}": "1", "{office}": "no-such-office", "{user}": "no-such-user", "{reg}": "no-such-registration"}
	for k, v := range regionParams("no-such-region") {
		params[k] = v
	}

	seen := map[string]bool{}
	for _, rt := range srv.App.Routes {
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		want, ok := matrix[key]
		if !ok {
			t.Errorf("route %s is not in the role matrix: add its expected statuses", key)
			continue
		}
		path := samplePath(rt.Pattern, fx.params(rt.Pattern, params))
		t.Run(key, func(t *testing.T) {
			check(t, srv, nil, rt.Method, path, want.anon)
			for _, role := range perm.Roles {
				status := want.staff
				if s, ok := want.byRole[role]; ok {
					status = s
				}
				acc := accounts[role]
				check(t, srv, &acc, rt.Method, path, status)
			}
		})
	}
	for key := range matrix {
		if !seen[key] {
			t.Errorf("matrix lists %s, which the router does not have", key)
		}
	}
}

var paramRe = regexp.MustCompile(`\{[a-z$]+\}`)

// samplePath fills a pattern's wildcards with real or harmless values.
func samplePath(pattern string, params map[string]string) string {
	switch pattern {
	case "/":
		return "/no-such-page"
	case "/api/":
		return "/api/hsds/"
	}
	return paramRe.ReplaceAllStringFunc(pattern, func(w string) string { return params[w] })
}

func check(t *testing.T, srv *apptest.Server, acc *apptest.Account, method, path string, want int) {
	t.Helper()
	c := srv.NewClient(t)
	who := "anonymous"
	if acc != nil {
		c.Login(t, *acc)
		who = string(acc.Role)
	}
	var resp *http.Response
	switch method {
	case http.MethodGet:
		resp, _ = c.Get(t, path)
	case http.MethodPost:
		resp, _ = c.Post(t, path, url.Values{"lang": {"de"}})
	default:
		resp, _ = c.Request(t, method, path)
	}
	if resp.StatusCode != want {
		t.Errorf("%s %s as %s: status %d, want %d (location %q)", method, path, who, resp.StatusCode, want, resp.Header.Get("Location"))
	}
}
