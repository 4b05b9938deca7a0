package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
)

// searchWorld is the demo network with the demo counselor's files and a
// file of another office.
type searchWorld struct {
	srv *apptest.Server
	// code and id are one of the demo office's files.
	code, id string
	// otherCode is a file of another office.
	otherCode string
	// stranger is an enabled person working in another office than the
	// demo accounts'.
	stranger auth.User
}

func newSearchWorld(t *testing.T) searchWorld {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	if err := srv.App.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	_, counselor := demoLogin(t, srv, "beratung@kmn.example")
	page, err := srv.App.Cases.Caseload(ctx, casework.ViewerOf(srv.Principal(t, counselor)), casework.CaseQuery{Limit: 1})
	if err != nil || len(page.Rows) != 1 {
		t.Fatalf("demo caseload: %v", err)
	}
	w := searchWorld{srv: srv, code: page.Rows[0].Code, id: page.Rows[0].ID}
	other := srv.CreateAccount(t, "andere@search.example", perm.Counselor, perm.Office, "andere-stelle")
	otherFile := walkFile(t, srv, other, other.ScopeID)
	f, err := srv.App.Cases.Get(ctx, casework.ViewerOf(srv.Principal(t, other)), otherFile)
	if err != nil {
		t.Fatal(err)
	}
	w.otherCode = f.Code
	users, _, err := auth.ListUsers(ctx, srv.App.DB, auth.UserFilter{Role: perm.Counselor, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.ScopeID != counselor.ScopeID && u.ScopeKind == perm.Office && !u.Disabled && strings.Count(u.Name, " ") == 1 {
			w.stranger = u
			break
		}
	}
	if w.stranger.ID == "" {
		t.Fatal("the demo has no counselor of another office")
	}
	return w
}

// search opens /search?q=text.
func search(t *testing.T, c *apptest.Client, text string) (int, string, string) {
	t.Helper()
	resp, body := c.Get(t, "/search?"+url.Values{"q": {text}}.Encode())
	return resp.StatusCode, apptest.Text(body), resp.Header.Get("Location")
}

// TestSearch: every kind is found by whom it should be, within their
// scope, and nothing else.
func TestSearch(t *testing.T) {
	w := newSearchWorld(t)
	counselor, _ := demoLogin(t, w.srv, "beratung@kmn.example")
	admin, _ := demoLogin(t, w.srv, "admin@kmn.example")
	partner, _ := demoLogin(t, w.srv, "partner@kmn.example")
	ministry, _ := demoLogin(t, w.srv, "ministerium@kmn.example")
	region, _ := demoLogin(t, w.srv, "region@kmn.example")
	part := strings.ToLower(strings.ReplaceAll(w.code[4:9], "-", " ")) // "7f3q " of "KMN-7F3Q-9XKD"
	cases := []struct {
		name     string
		c        *apptest.Client
		q        string
		want     []string // in the page's text
		wantNot  []string
		wantHref string // a link the page must have
	}{
		{"a part of a file's code, typed loosely", counselor, part, []string{"Akten (", w.code}, nil, "/cases/" + w.id},
		{"offices by name", counselor, "Hannover-Mitte", []string{"Beratungsstellen (", "Migrationsberatung für Erwachsene Hannover-Mitte"}, nil, "/network/offices/"},
		{"offices by postcode", counselor, "30159", []string{"Beratungsstellen ("}, nil, "/network/offices/"},
		{"organisations by name", counselor, "Agentur für Arbeit Hannover", []string{"Organisationen (", "Agentur für Arbeit Hannover"}, nil, "/network/organisations/"},
		{"programs by name", counselor, "jugendmigration", []string{"Programme (1)", "Jugendmigrationsdienst"}, nil, "/network/offices?program=jmd"},
		{"a colleague by name, without e-mail", counselor, "Lea", []string{"Personen (", "Lea Leitung", "Leitung Beratungsstelle"},
			[]string{"leitung@kmn.example"}, ""},
		{"nobody of another office", counselor, w.stranger.Name, []string{"Personen (0)"}, []string{w.stranger.Email}, ""},
		{"the admin finds every account with its e-mail", admin, w.stranger.Name, []string{"Personen (1)", w.stranger.Name, w.stranger.Email},
			nil, "/admin/users/" + w.stranger.ID},
		{"a partner finds offices but no people and no files", partner, "Hannover", []string{"Beratungsstellen ("},
			[]string{"Personen (", "Akten ("}, "/network/offices/"},
		{"the ministry finds no people", ministry, "Lea", nil, []string{"Personen (", "Lea Leitung"}, ""},
		{"a region coordinator finds no people", region, "Lea", nil, []string{"Personen (", "Lea Leitung"}, ""},
		{"threads and decisions of one's networks, by a word form", counselor, "Wartezeit", []string{"Regionalverbünde (", "Diskussion"}, nil, "/threads/"},
		{"the admin searches no network", admin, "Wartezeiten", nil, []string{"Regionalverbünde ("}, ""},
		{"a name is never looked for among files", counselor, "Müller", []string{"nur über ihren Pseudonym-Code gefunden"}, []string{"Akten (1"}, ""},
		{"the code prefix alone lists no file", counselor, "KMN-", []string{"Akten (0)", "nur über ihren Pseudonym-Code gefunden"}, []string{w.code}, ""},
		{"another office's file is not found", counselor, w.otherCode[4:], []string{"Akten (0)"}, []string{w.otherCode}, ""},
		{"nothing found says what was searched", counselor, "Zzyzx-Quux", []string{"0 Treffer für „Zzyzx-Quux“", "Nichts gefunden", "Akten (0)",
			"Beratungsstellen (0)", "Organisationen (0)", "Personen (0)", "Programme (0)"}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, page := c.c.Get(t, "/search?"+url.Values{"q": {c.q}}.Encode())
			text := apptest.Text(page)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d (location %q)", resp.StatusCode, resp.Header.Get("Location"))
			}
			for _, s := range c.want {
				if !strings.Contains(text, s) {
					t.Errorf("page lacks %q:\n%s", s, text)
				}
			}
			for _, s := range c.wantNot {
				if strings.Contains(text, s) {
					t.Errorf("page shows %q", s)
				}
			}
			if c.wantHref != "" && !strings.Contains(page, `href="`+c.wantHref) {
				t.Errorf("page has no link to %s…", c.wantHref)
			}
			if strings.Contains(text, "search.") {
				t.Errorf("a message key is shown as text: %s", text)
			}
		})
	}

	// A membership in the counselor's office makes a colleague: found,
	// with that office only (not the one of the person's account).
	t.Run("a colleague by membership", func(t *testing.T) {
		_, acct := demoLogin(t, w.srv, "beratung@kmn.example")
		m := auth.Membership{Role: perm.Counselor, ScopeKind: perm.Office, ScopeID: acct.ScopeID}
		if err := w.srv.App.Auth.AddMembership(context.Background(), w.stranger.ID, m, auth.SystemPrincipal("test")); err != nil {
			t.Fatal(err)
		}
		_, page := counselor.Get(t, "/search?"+url.Values{"q": {w.stranger.Name}}.Encode())
		if text := apptest.Text(page); !strings.Contains(text, "Personen (1)") || strings.Contains(text, w.stranger.Email) {
			t.Fatalf("colleague by membership: %s", text)
		}
		if strings.Count(page, `href="/network/offices/`) != 1 || !strings.Contains(page, `href="/network/offices/`+acct.ScopeID+`"`) {
			t.Error("the colleague's other office is shown")
		}
	})
}

// TestSearchFilesScopeAndAudit: the file search goes through the
// caseload's scope and audit; roles without case access never reach it.
func TestSearchFilesScopeAndAudit(t *testing.T) {
	w := newSearchWorld(t)
	ctx := context.Background()
	counselor, acct := demoLogin(t, w.srv, "beratung@kmn.example")

	// A whole code opens its file at once, however it is typed.
	for _, typed := range []string{w.code, strings.ToLower(strings.ReplaceAll(w.code, "-", " "))} {
		if status, _, to := search(t, counselor, typed); status != 303 || to != "/cases/"+w.id {
			t.Errorf("%q: status %d to %q, want 303 to the file", typed, status, to)
		}
	}
	recs, err := w.srv.App.Audit.List(ctx, audit.Filter{ActorID: acct.ID, ActionPrefix: "case.list", Limit: 10})
	if err != nil || len(recs) == 0 || recs[0].Detail["search"] != "code" || recs[0].Detail["count"] != "1" {
		t.Fatalf("the file search is not audited as a code search: %+v %v", recs, err)
	}
	if strings.Contains(recs[0].Detail["search"]+recs[0].Detail["q"], w.code) {
		t.Error("the audit entry holds the searched code")
	}

	// Another office's whole code: not found, no redirect.
	if status, text, _ := search(t, counselor, w.otherCode); status != 200 || !strings.Contains(text, "Akten (0)") {
		t.Errorf("another office's code: status %d, %s", status, text)
	}

	// Roles without case access search no files, whatever they type, and
	// leave no case.list entry.
	for _, email := range []string{"partner@kmn.example", "ministerium@kmn.example", "region@kmn.example", "admin@kmn.example"} {
		c, a := demoLogin(t, w.srv, email)
		status, text, to := search(t, c, w.code)
		if status != 200 || strings.Contains(text, "Akten (") || strings.Contains(text, w.code+" ") || to != "" {
			t.Errorf("%s: status %d to %q, finds files: %s", email, status, to, text)
		}
		if recs, err := w.srv.App.Audit.List(ctx, audit.Filter{ActorID: a.ID, ActionPrefix: "case.", Limit: 10}); err != nil || len(recs) != 0 {
			t.Errorf("%s: case entries %+v %v", email, recs, err)
		}
	}
}

// TestSearchInput: too short and too long text is refused with a message
// (422), invalid characters by the guard (400), the empty form opens.
func TestSearchInput(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "suche@search.example", perm.Counselor, perm.Office, "eine-stelle"))
	cases := []struct {
		name, query string
		status      int
		want        string
	}{
		{"empty form", "", 200, "Mindestens 2 Zeichen"},
		{"blank", "q=+++", 200, "Tastenkürzel: /"},
		{"one character", "q=a", 422, "Bitte geben Sie mindestens 2 Zeichen ein."},
		{"too long", "q=" + strings.Repeat("x", 101), 422, "Bitte geben Sie höchstens 100 Zeichen ein."},
		{"invalid UTF-8", "q=%ff%fe", 400, "Zeichen, die hier nicht erlaubt sind"},
		{"NUL", "q=a%00b", 400, "Zeichen, die hier nicht erlaubt sind"},
		{"over the guard's limit", "q=" + strings.Repeat("7", 5000), 400, "höchstens 1000 Zeichen"},
		{"SQL and wildcards", "q=" + url.QueryEscape("' OR 1=1; --%_"), 200, "0 Treffer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := c.Get(t, "/search?"+tc.query)
			if resp.StatusCode != tc.status || !strings.Contains(apptest.Text(body), tc.want) {
				t.Fatalf("status %d, want %d with %q:\n%s", resp.StatusCode, tc.status, tc.want, apptest.Text(body))
			}
			if tc.status == 422 && (!strings.Contains(body, `aria-invalid="true"`) || !strings.Contains(body, `href="#q"`)) {
				t.Error("the refused text is not marked and linked from the error summary")
			}
		})
	}
	// In English too.
	if resp, body := c.Post(t, "/language", url.Values{"lang": {"en"}, "back": {"/search"}}); resp.StatusCode != 303 {
		t.Fatalf("language: %d %s", resp.StatusCode, body)
	}
	if resp, body := c.Get(t, "/search?q=x"); resp.StatusCode != 422 || !strings.Contains(body, "Please enter at least 2 characters.") {
		t.Fatalf("English: status %d", resp.StatusCode)
	}
}

// TestSearchBoxOnEveryStaffPage: the header of signed-in pages has the
// search form (a plain GET form with a label and the "/" shortcut), pages
// without a staff session do not.
func TestSearchBoxOnEveryStaffPage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "kopf@search.example", perm.Partner, perm.Organisation, "ein-partner"))
	box := []string{`action="/search"`, `method="get"`, `<label class="visually-hidden" for="site-search-q">`, `aria-keyshortcuts="/"`,
		`title="Akten-Codes, Beratungsstellen`, `/static/search.`}
	for _, path := range []string{"/dashboard", "/network", "/account", "/search", "/no-such-page"} {
		_, body := c.Get(t, path)
		for _, s := range box {
			if !strings.Contains(body, s) {
				t.Errorf("%s lacks %s", path, s)
			}
		}
	}
	for _, path := range []string{"/login", "/de/"} {
		if _, body := srv.NewClient(t).Get(t, path); strings.Contains(body, `id="site-search-q"`) {
			t.Errorf("%s has the staff search box", path)
		}
	}
}
