package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/web"
)

// hostileValues go into every place a request can carry a value.
var hostileValues = []struct{ name, value string }{
	{"invalid UTF-8", "\xff\xfe\xfd"},
	{"NUL", "a\x00b"},
	{"100 KB", strings.Repeat("x", 100_000)},
	{"negative", "-1"},
	{"huge number", "999999999999999999999999999"},
	{"impossible date", "2026-02-31"},
	{"far date", "99999-12-31"},
	{"SQL", "' OR 1=1; DROP TABLE users; --"},
	{"LIKE wildcards", "%_%\\"},
	{"markup", `"><script>alert(1)</script>`},
	{"path", "../../etc/passwd"},
	{"unicode", "Ümlaut ☃ 𝔘 \u202e"},
	{"empty", ""},
}

// queryNames are the parameters of the pages' links and GET forms that
// the templates do not show as name="…" (the walk adds those too).
var queryNames = []string{"q", "page", "status", "program", "due", "topic", "region", "district", "organisation", "lang",
	"format", "active", "before", "action", "result", "next", "expired", "kind", "parent", "lat", "lon", "radius", "age",
	"lang_spoken", "online", "step_free", "open_now", "back", "version", "id", "goals[0].title", "goals[0].area",
	"goals[0].measures[0].due_on", "goals[0].measures[0].description", "goals[0].measures[0].status"}

var fieldNameRe = regexp.MustCompile(`name="([a-z_][a-z0-9_.\[\]]*)"`)

// fieldNames lists every form field name in the templates of every
// surface, and the query parameters above.
func fieldNames(t *testing.T) []string {
	files, _ := filepath.Glob("*/templates/*/*.html")
	layouts, _ := filepath.Glob("*/templates/*.html")
	names := slices.Clone(queryNames)
	for _, f := range append(files, layouts...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fieldNameRe.FindAllStringSubmatch(string(b), -1) {
			if !slices.Contains(names, m[1]) && m[1] != "csrf_token" {
				names = append(names, m[1])
			}
		}
	}
	if len(names) < 80 {
		t.Fatalf("found only %d field names: the scan is broken", len(names))
	}
	sort.Strings(names)
	return names
}

// TestHostileInput walks every route of the router as the roles that
// reach its handler, with hostile values in the path, the query string and
// the form, and wants no answer of 500 or above. Invalid UTF-8 and NUL
// characters must be turned away by the guard (400) wherever they are.
func TestHostileInput(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	names := fieldNames(t)
	clients, accounts := walkClients(t, srv, fx)
	fileID := walkFile(t, srv, accounts[perm.Counselor], fx.officeID)
	_, login := srv.NewClient(t).Get(t, "/login")
	params := map[string]string{"{id}": accounts[perm.Partner].ID, "{token}": "no-such-token", "{action}": "enable",
		"{file}": assetRe.FindStringSubmatch(login)[1], "{contact}": fx.contactID, "{lang}": "ar", "{consent}": "no-such-consent",
		"{doc}": "no-such-document", "{seq}": "1", "{office}": "no-such-office", "{user}": "no-such-user", "{reg}": "no-such-registration"}
	for k, v := range regionParams("hannover") {
		params[k] = v
	}

	requests, failures := 0, 0
	for _, rt := range walkOrder(srv.App.Routes) {
		key := rt.Method + " " + rt.Pattern
		real := fx.params(rt.Pattern, params)
		if strings.HasPrefix(rt.Pattern, "/cases/{id}") {
			real["{id}"] = fileID
		}
		for _, who := range walkers(t, key, rt) {
			c := clients[who]
			for _, hv := range hostileValues {
				for _, req := range hostileRequests(rt, real, names, hv.value) {
					requests++
					resp, _ := send(t, c, rt.Method, req.path, req.form)
					if resp.StatusCode >= 500 {
						failures++
						t.Errorf("%s as %s with %s in the %s: status %d", key, who, hv.name, req.place, resp.StatusCode)
					}
					if req.mustRefuse && !rt.Bare && resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusRequestEntityTooLarge {
						t.Errorf("%s as %s with %s in the %s: status %d, want 400 from the guard", key, who, hv.name, req.place, resp.StatusCode)
					}
				}
			}
		}
	}
	t.Logf("%d hostile requests on %s, %d answered 5xx", requests, apptest.Engine(), failures)
	if requests < 2000 {
		t.Fatalf("only %d requests: the walk is broken", requests)
	}
}

// hostileRequest is one request of the walk.
type hostileRequest struct {
	place, path string
	form        url.Values
	// mustRefuse: the value is invalid UTF-8 or holds a NUL, so the guard
	// must answer 400 (or 413 when the form is too large to read).
	mustRefuse bool
}

// hostileRequests puts v into the path's wildcards, into every query
// parameter and, for POST, into every form field.
func hostileRequests(rt web.Route, real map[string]string, names []string, v string) []hostileRequest {
	bad := strings.ContainsRune(v, 0) || !utf8Valid(v)
	var out []hostileRequest
	if strings.Contains(rt.Pattern, "{") && !strings.Contains(rt.Pattern, "{$}") {
		hostile := map[string]string{}
		for k := range real {
			hostile[k] = url.PathEscape(v)
		}
		out = append(out, hostileRequest{place: "path", path: samplePath(rt.Pattern, hostile), mustRefuse: bad && v != ""})
	}
	base := samplePath(rt.Pattern, real)
	q := url.Values{}
	queryNames := names
	if len(v) > 10_000 {
		queryNames = []string{"q", "page", "before", "next", "status", "active"} // a URL of 600 KB, below the header limit
	}
	for _, n := range queryNames {
		q.Set(n, v)
	}
	out = append(out, hostileRequest{place: "query", path: base + "?" + q.Encode(), mustRefuse: bad})
	if rt.Method == http.MethodPost {
		form := url.Values{}
		for _, n := range names {
			form.Set(n, v)
		}
		out = append(out, hostileRequest{place: "form", path: base, form: form, mustRefuse: bad})
	}
	return out
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\ufffd") == s }

// send makes one request of the walk.
func send(t *testing.T, c *apptest.Client, method, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	switch method {
	case http.MethodGet:
		return c.Get(t, path)
	case http.MethodPost:
		if form == nil {
			form = url.Values{}
		}
		return c.Post(t, path, form)
	}
	return c.Request(t, method, path)
}

// walkOrder sorts the routes so that what ends sessions or erases the
// sample file comes last.
func walkOrder(routes []web.Route) []web.Route {
	out := slices.Clone(routes)
	late := func(rt web.Route) int {
		switch {
		case strings.HasSuffix(rt.Pattern, "/erase") && rt.Method == http.MethodPost:
			return 3
		case rt.Pattern == "/logout", strings.HasSuffix(rt.Pattern, "/end"):
			return 2
		case rt.Method == http.MethodPost:
			return 1
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b web.Route) int { return late(a) - late(b) })
	return out
}

// walkers are who walk a route: anonymous visitors on public routes, and
// up to two roles the matrix lets reach the handler (not 403, not sent
// to the login).
func walkers(t *testing.T, key string, rt web.Route) []string {
	want, ok := matrix[key]
	if !ok {
		t.Fatalf("route %s is not in the role matrix", key)
	}
	var out []string
	if rt.Perm == perm.Public || rt.Perm == perm.SignIn {
		out = append(out, "anonymous")
	}
	for _, role := range []perm.Role{perm.Counselor, perm.OfficeLead, perm.Ministry, perm.Admin, perm.RegionCoordinator, perm.Partner} {
		status := want.staff
		if s, ok := want.byRole[role]; ok {
			status = s
		}
		if status != http.StatusForbidden && rt.Perm != perm.Public && rt.Perm != perm.SignIn && len(out) < 2 {
			out = append(out, string(role))
		}
	}
	return out
}

// walkClients signs in one client per role (and one anonymous client).
func walkClients(t *testing.T, srv *apptest.Server, fx networkFixture) (map[string]*apptest.Client, map[perm.Role]apptest.Account) {
	scopes := map[perm.Role]string{perm.RegionCoordinator: fx.regionID, perm.OfficeLead: fx.officeID,
		perm.Counselor: fx.officeID, perm.Partner: fx.orgID}
	clients := map[string]*apptest.Client{"anonymous": srv.NewClient(t)}
	accounts := map[perm.Role]apptest.Account{}
	for _, r := range perm.Roles {
		acc := srv.CreateAccount(t, string(r)+"@walk.example", r, perm.DefaultScope(r), scopes[r])
		c := srv.NewClient(t)
		c.Login(t, acc)
		clients[string(r)], accounts[r] = c, acc
	}
	return clients, accounts
}

// walkFile opens a client file with a plan, so file routes reach their
// handlers' parsing with a real id.
func walkFile(t *testing.T, srv *apptest.Server, acc apptest.Account, office string) string {
	v := casework.ViewerOf(srv.Principal(t, acc))
	f, err := srv.App.Cases.Create(context.Background(), v, casework.FileInput{OfficeID: office, ProgramID: "mbe",
		IntakeOn: srv.Clock.Now().AddDate(0, 0, -1), BirthYear: 1980, Gender: "female", Country: "sy", FirstLanguage: "ar",
		ResidenceStatus: "humanitarian"})
	if err != nil {
		t.Fatal(err)
	}
	return f.ID
}

// TestBadInputIsRefusedWithAMessage: the guard's answer says what was
// wrong, in the page's language, on staff and on public pages.
func TestBadInputIsRefusedWithAMessage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	counselor := srv.NewClient(t)
	counselor.Login(t, srv.CreateAccount(t, "b@bad.example", perm.Counselor, perm.Office, fx.officeID))
	anonymous := srv.NewClient(t)
	cases := []struct {
		name   string
		c      *apptest.Client
		path   string
		status int
		want   string
	}{
		{"invalid UTF-8 in a filter", counselor, "/cases?topic=%ff", 400, "Zeichen, die hier nicht erlaubt sind"},
		{"NUL in a search", counselor, "/network/offices?q=a%00b", 400, "Zeichen, die hier nicht erlaubt sind"},
		{"invalid UTF-8 in the staff search", counselor, "/search?q=%ff", 400, "Zeichen, die hier nicht erlaubt sind"},
		{"60,000 characters of search", counselor, "/cases?q=" + strings.Repeat("A", 60_000), 400, "höchstens 1000 Zeichen"},
		{"invalid UTF-8 in a path", counselor, "/cases/%ff", 400, "Zeichen, die hier nicht erlaubt sind"},
		{"public page in German", anonymous, "/de/search?q=%00", 400, "Zeichen, die hier nicht erlaubt sind"},
		{"public page in Arabic", anonymous, "/ar/search?q=%ff", 400, "رموز غير مسموح بها"},
		{"public page, long search", anonymous, "/tr/search?q=" + strings.Repeat("3", 5000), 400, "en fazla 1000 karakter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := c.c.Get(t, c.path)
			if resp.StatusCode != c.status || !strings.Contains(body, c.want) {
				t.Fatalf("status %d, want %d with %q", resp.StatusCode, c.status, c.want)
			}
		})
	}
	resp, body := counselor.Post(t, "/cases", url.Values{"office_id": {fx.officeID}, "program_id": {"mbe"}, "country": {"s\x00y"}})
	if resp.StatusCode != 400 || !strings.Contains(body, "Zeichen, die hier nicht erlaubt sind") {
		t.Fatalf("NUL in a form: status %d", resp.StatusCode)
	}
	if files, _, err := srv.App.Cases.Sizes(context.Background()); err != nil || files != 0 {
		t.Fatalf("a refused form wrote a file: %d %v", files, err)
	}
}
