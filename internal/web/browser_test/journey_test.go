// Package browser_test drives the staff site in a real Chromium: the login,
// first-login and admin journeys, with axe-core on every page and a check
// that no page logs console errors (CSP violations, failed loads, script
// errors).
package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
)

// screenshotPath is where the journey leaves a picture of the dashboard for
// a human to look at.
const screenshotPath = "/tmp/kmn-dashboard.png"

// tab is one browser with the bookkeeping of a journey: it checks every
// visited page with axe and for new console errors.
type tab struct {
	*browsertest.Browser
	srv     *apptest.Server
	console int // console errors already reported
	// expected is the console message Chromium logs for a document that
	// the test expects to answer with an error status (a form redisplayed
	// with 422): "Failed to load resource: ... status of 422 ...".
	expected string
	pages    int // pages checked with axe
	minor    int // non-blocking axe violations seen
}

// newTab starts a browser that asks for German pages, as the staff of the
// network do. (Headless Chromium sends Accept-Language: en-US otherwise.)
func newTab(t *testing.T, srv *apptest.Server) *tab {
	t.Helper()
	b := &tab{Browser: browsertest.New(t), srv: srv}
	t.Cleanup(func() { t.Logf("axe checked %d pages: %d non-blocking violation(s)", b.pages, b.minor) })
	ua := browsertest.Get(t, b.Browser, chromedp.Evaluate[string](`navigator.userAgent`))
	b.Run(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride,
			emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: "de-DE,de;q=0.9"})
		return err
	}))
	return b
}

// check runs axe on the current page (failing on serious and critical
// violations, logging the others) and fails when the page logged console
// errors since the last check.
func (b *tab) check(t *testing.T, name string) {
	t.Helper()
	b.pages++
	for _, v := range b.Axe(t) {
		if !v.Blocking() {
			b.minor++
			t.Logf("axe on %s (non-blocking): %s", name, v)
		}
	}
	errs := b.ConsoleErrors() // one snapshot: messages arrive asynchronously
	var unexpected []string
	for _, e := range errs[b.console:] {
		if b.expected != "" && e == b.expected {
			continue
		}
		unexpected = append(unexpected, e)
	}
	b.console = len(errs)
	b.expected = ""
	if len(unexpected) > 0 {
		t.Errorf("console errors on %s (%s):\n\t%s", name, b.URL(t), strings.Join(unexpected, "\n\t"))
	}
}

// open navigates to path, expects 200 and checks the page.
func (b *tab) open(t *testing.T, path, name string) {
	t.Helper()
	if status := b.Navigate(t, b.srv.URL+path); status != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", path, status)
	}
	b.check(t, name)
}

// submit clicks selector, expects the new document to have status want and
// to be at path (without query).
func (b *tab) submit(t *testing.T, selector string, want int, path string) {
	t.Helper()
	if status := b.Submit(t, selector); status != want {
		t.Fatalf("submit %q: status %d, want %d (now at %s)", selector, status, want, b.URL(t))
	}
	b.wantPath(t, path)
	if want >= 400 {
		b.expected = fmt.Sprintf("Failed to load resource: the server responded with a status of %d (%s) (%s)",
			want, http.StatusText(want), b.URL(t))
	}
}

func (b *tab) wantPath(t *testing.T, path string) {
	t.Helper()
	u := b.URL(t)
	cut := "?#" // a fragment counts only when the wanted path names one
	if strings.Contains(path, "#") {
		cut = "?"
	}
	if i := strings.IndexAny(u, cut); i >= 0 {
		u = u[:i]
	}
	if !strings.HasSuffix(u, path) {
		t.Fatalf("URL = %s, want path %s", b.URL(t), path)
	}
}

func (b *tab) attr(t *testing.T, selector, name string) string {
	t.Helper()
	js := `(() => { const e = document.querySelector(` + jsString(selector) + `); return e ? (e.getAttribute(` + jsString(name) + `) || "") : "<missing>"; })()`
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[string](js))
}

func (b *tab) value(t *testing.T, selector string) string {
	t.Helper()
	js := `(() => { const e = document.querySelector(` + jsString(selector) + `); return e ? e.value : "<missing>"; })()`
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[string](js))
}

func (b *tab) lang(t *testing.T) string {
	t.Helper()
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[string](`document.documentElement.lang`))
}

// wantErrorSummary checks that the form shows the error summary and marks
// field as invalid.
func (b *tab) wantErrorSummary(t *testing.T, field string) {
	t.Helper()
	if !b.Exists(t, ".error-summary") {
		t.Errorf("no .error-summary on %s", b.URL(t))
	} else if s := b.Text(t, ".error-summary li"); strings.TrimSpace(s) == "" {
		t.Errorf(".error-summary lists no error")
	}
	if got := b.attr(t, field, "aria-invalid"); got != "true" {
		t.Errorf("%s aria-invalid = %q, want \"true\"", field, got)
	}
	// The summary links to the field.
	if !b.Exists(t, `.error-summary a[href="`+field+`"]`) {
		t.Errorf(".error-summary has no link to %s", field)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "<", `\u003c`)
	return `"` + r.Replace(s) + `"`
}

// login runs the password and code steps and expects the dashboard.
func (b *tab) login(t *testing.T, email, password, secret string) {
	t.Helper()
	b.open(t, "/login", "login")
	if l := b.lang(t); l != "de" {
		t.Errorf("login page html lang = %q, want de (Accept-Language de-DE)", l)
	}
	b.Fill(t, "#email", email)
	b.Fill(t, "#password", password)
	b.submit(t, `form[action="/login"] button[type=submit]`, http.StatusOK, "/login/code")
	b.check(t, "login code")
	b.Fill(t, "#code", b.srv.Code(t, secret))
	b.submit(t, `form[action="/login/code"] button[type=submit]`, http.StatusOK, "/dashboard")
}

func TestBrowserJourney(t *testing.T) {
	start := time.Now()
	srv := apptest.Start(t, apptest.Options{})
	t.Cleanup(func() { t.Logf("journeys took %v", time.Since(start).Round(time.Millisecond)) })

	t.Run("counselor", func(t *testing.T) {
		acct := srv.CreateAccount(t, "beraterin@example.org", perm.Counselor, perm.Office, "office-hannover")
		b := newTab(t, srv)

		b.login(t, acct.Email, acct.Password, acct.TOTPSecret)
		if h1 := b.Text(t, "h1"); !strings.Contains(h1, acct.Name) || !strings.HasPrefix(h1, "Guten Tag") {
			t.Errorf("dashboard h1 = %q, want Guten Tag, %s", h1, acct.Name)
		}
		if l := b.lang(t); l != "de" {
			t.Errorf("html lang = %q, want de", l)
		}
		b.check(t, "dashboard (de)")
		b.Screenshot(t, screenshotPath)

		b.submit(t, `form.lang-switch button[name=lang][value=en]`, http.StatusOK, "/dashboard")
		if l := b.lang(t); l != "en" {
			t.Errorf("html lang after switch = %q, want en", l)
		}
		if h1 := b.Text(t, "h1"); !strings.HasPrefix(h1, "Hello") || !strings.Contains(h1, acct.Name) {
			t.Errorf("dashboard h1 after switch = %q, want Hello, %s", h1, acct.Name)
		}
		if got := b.attr(t, `form.lang-switch button[value=en]`, "aria-current"); got != "true" {
			t.Errorf("English button aria-current = %q, want true", got)
		}
		b.check(t, "dashboard (en)")
		// The choice is stored in the account.
		u, err := auth.UserByID(context.Background(), srv.App.DB, acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		if u.Language != "en" {
			t.Errorf("stored language = %q, want en", u.Language)
		}

		b.open(t, "/account", "account")
		b.open(t, "/account/sessions", "account sessions")

		b.submit(t, `form[action="/logout"] button`, http.StatusOK, "/login")
		// The language cookie keeps the English the user chose.
		if flash := b.Text(t, ".flash"); flash != "You are logged out." {
			t.Errorf("flash after logout = %q, want \"You are logged out.\"", flash)
		}
		if l := b.lang(t); l != "en" {
			t.Errorf("html lang after logout = %q, want en (the language cookie)", l)
		}
		b.check(t, "login after logout")
		// The session is gone: the dashboard sends us back to the login.
		b.Navigate(t, srv.URL+"/dashboard")
		b.wantPath(t, "/login")
	})

	t.Run("first login", func(t *testing.T) {
		ctx := context.Background()
		u, token, err := srv.App.Auth.CreateUser(ctx, auth.NewUser{Email: "neu@example.org", Name: "Neue Kollegin",
			Role: perm.Counselor, ScopeKind: perm.Office, ScopeID: srv.Office(t, "office-celle")}, auth.SystemPrincipal("test"))
		if err != nil {
			t.Fatal(err)
		}
		b := newTab(t, srv)

		b.open(t, "/setup/"+token, "setup")
		if s := b.Text(t, "main"); !strings.Contains(s, u.Name) {
			t.Errorf("setup page does not greet %q: %q", u.Name, s)
		}
		b.Fill(t, "#password", "kurz")
		b.Fill(t, "#confirm", "kurz")
		b.submit(t, `form[action^="/setup/"] button[type=submit]`, http.StatusUnprocessableEntity, "/setup/"+token)
		b.wantErrorSummary(t, "#password")
		b.check(t, "setup with errors")

		const pw = "ein-wirklich-langes-Passwort-für-Celle"
		b.Fill(t, "#password", pw)
		b.Fill(t, "#confirm", pw)
		b.submit(t, `form[action^="/setup/"] button[type=submit]`, http.StatusOK, "/login")
		if flash := b.Text(t, ".flash"); !strings.HasPrefix(flash, "Ihr Passwort ist gespeichert") {
			t.Errorf("flash after setup = %q", flash)
		}
		b.check(t, "login after setup")

		b.Fill(t, "#email", u.Email)
		b.Fill(t, "#password", pw)
		b.submit(t, `form[action="/login"] button[type=submit]`, http.StatusOK, "/login/enrol")
		b.check(t, "enrol")
		// The QR code loaded (an image blocked by CSP or a failing handler
		// has naturalWidth 0).
		qr := browsertest.Get(t, b.Browser, chromedp.Evaluate[int](
			`(() => { const i = document.querySelector('img.qr'); return i && i.complete ? i.naturalWidth : -1; })()`))
		if qr <= 0 {
			t.Errorf("QR image did not load: naturalWidth = %d", qr)
		}
		secret := strings.ReplaceAll(b.Text(t, "#totp-secret"), " ", "")
		if len(secret) < 16 {
			t.Fatalf("TOTP secret %q looks wrong", secret)
		}
		srv.Clock.Advance(30 * time.Second)
		code, err := auth.TOTPCode(secret, srv.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		b.Fill(t, "#code", code)
		b.submit(t, `form[action="/login/enrol"] button[type=submit]`, http.StatusOK, "/login/enrol")
		n := browsertest.Get(t, b.Browser, chromedp.Evaluate[int](`document.querySelectorAll('#recovery-codes li').length`))
		if n != 10 {
			t.Errorf("recovery codes: %d, want 10", n)
		}
		b.check(t, "recovery codes")

		b.submit(t, `main a[href="/dashboard"]`, http.StatusOK, "/dashboard")
		if h1 := b.Text(t, "h1"); h1 != "Guten Tag, "+u.Name {
			t.Errorf("dashboard h1 = %q", h1)
		}
		b.check(t, "dashboard after enrolment")
	})

	t.Run("admin", func(t *testing.T) {
		srv.Organisation(t, "jobcenter-hannover")
		admin := srv.CreateAccount(t, "admin@example.org", perm.Admin, perm.Statewide, "")
		b := newTab(t, srv)

		b.login(t, admin.Email, admin.Password, admin.TOTPSecret)
		b.check(t, "admin dashboard")

		b.open(t, "/admin/users", "users")
		b.open(t, "/admin/users/new", "new user")
		b.Fill(t, "#name", "Herr Partner")
		b.Fill(t, "#email", "kein-gueltiges-postfach")
		b.Select(t, "#role", string(perm.Partner))
		b.Select(t, "#scope_kind", string(perm.Organisation))
		b.Fill(t, "#scope_id", "jobcenter-hannover") // external id of an organisation in the registry
		b.submit(t, `form[action="/admin/users"] button[type=submit]`, http.StatusUnprocessableEntity, "/admin/users")
		b.wantErrorSummary(t, "#email")
		b.check(t, "new user with errors")
		// The form keeps the other input.
		if v := b.value(t, "#name"); v != "Herr Partner" {
			t.Errorf("name after error = %q", v)
		}
		if v := b.value(t, "#role"); v != string(perm.Partner) {
			t.Errorf("role after error = %q", v)
		}

		b.Fill(t, "#email", "partner@example.org")
		b.submit(t, `form[action="/admin/users"] button[type=submit]`, http.StatusCreated, "/admin/users")
		if link := b.value(t, "input#setup-link"); !strings.Contains(link, "/setup/") {
			t.Errorf("setup link = %q, want it to contain /setup/", link)
		}
		b.check(t, "setup link")

		b.open(t, "/admin/audit", "audit")
		actions := browsertest.Get(t, b.Browser, chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll('table tbody tr td code')).map((c) => c.textContent)`))
		found := false
		for _, a := range actions {
			if a == "auth.login" {
				found = true
			}
		}
		if !found {
			t.Errorf("no auth.login row in the audit log; actions: %q", actions)
		}
	})
}
