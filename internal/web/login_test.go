package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
)

func count(t *testing.T, srv *apptest.Server, table string) int {
	t.Helper()
	var n int
	if err := srv.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBadInput checks that each kind of bad request gets the right status
// and a translated message, and writes nothing.
func TestBadInput(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	acc := srv.CreateAccount(t, "beraterin@example.org", perm.Counselor, perm.Office, "o1")
	admin := srv.CreateAccount(t, "admin@example.org", perm.Admin, perm.Statewide, "")
	adminClient := srv.NewClient(t)
	adminClient.Login(t, admin)

	tests := []struct {
		name   string
		do     func(c *apptest.Client) (*http.Response, string)
		status int
		text   string
	}{
		{"wrong password", func(c *apptest.Client) (*http.Response, string) {
			return c.Post(t, "/login", url.Values{"email": {acc.Email}, "password": {"falsches-passwort-123"}})
		}, 401, "E-Mail-Adresse oder Passwort sind falsch."},
		{"unknown account gets the same message", func(c *apptest.Client) (*http.Response, string) {
			return c.Post(t, "/login", url.Values{"email": {"niemand@example.org"}, "password": {"irgendein-passwort"}})
		}, 401, "E-Mail-Adresse oder Passwort sind falsch."},
		{"empty login form", func(c *apptest.Client) (*http.Response, string) {
			return c.Post(t, "/login", url.Values{})
		}, 422, "Bitte geben Sie E-Mail-Adresse und Passwort ein."},
		{"missing CSRF token", func(c *apptest.Client) (*http.Response, string) {
			c.CSRF(t) // the cookie exists, the token is missing
			return c.PostRaw(t, "/login", "email=a%40b.de&password=x")
		}, 403, "Das Formular war abgelaufen"},
		{"forged CSRF token", func(c *apptest.Client) (*http.Response, string) {
			return c.Post(t, "/login", url.Values{"csrf_token": {"forged"}, "email": {acc.Email}, "password": {acc.Password}})
		}, 403, "Das Formular war abgelaufen"},
		{"unknown route", func(c *apptest.Client) (*http.Response, string) {
			return c.Get(t, "/gibt-es-nicht")
		}, 404, "Diese Seite gibt es nicht"},
		{"oversized body", func(c *apptest.Client) (*http.Response, string) {
			return c.Post(t, "/login", url.Values{"email": {strings.Repeat("a", 100<<10)}})
		}, 413, "zu groß"},
		{"malformed form", func(c *apptest.Client) (*http.Response, string) {
			return c.PostRaw(t, "/login", "email=%zz&csrf_token="+c.CSRF(t))
		}, 400, "fehlerhaft"},
		{"setup link unknown", func(c *apptest.Client) (*http.Response, string) {
			return c.Get(t, "/setup/abc")
		}, 404, "Einrichtungslink ist ungültig"},
		{"admin form without CSRF", func(*apptest.Client) (*http.Response, string) {
			return adminClient.PostRaw(t, "/admin/users", "email=neu%40example.org&name=Neu&role=counselor&scope_kind=office&scope_id=o1")
		}, 403, "Das Formular war abgelaufen"},
		{"admin form invalid", func(*apptest.Client) (*http.Response, string) {
			return adminClient.Post(t, "/admin/users", url.Values{"email": {"kein-mail"}, "name": {""}, "role": {"king"}})
		}, 422, "gültige E-Mail-Adresse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			users, sessions := count(t, srv, "users"), count(t, srv, "sessions")
			resp, body := tt.do(srv.NewClient(t))
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if !strings.Contains(body, tt.text) {
				t.Errorf("body lacks %q", tt.text)
			}
			if u, s := count(t, srv, "users"), count(t, srv, "sessions"); u != users || s != sessions {
				t.Errorf("something was written: users %d→%d, sessions %d→%d", users, u, sessions, s)
			}
		})
	}
}

func TestSecondFactor(t *testing.T) { forEachEngine(t, testSecondFactor) }

func testSecondFactor(t *testing.T, o apptest.Options) {
	srv := apptest.Start(t, o)
	acc := srv.CreateAccount(t, "b@example.org", perm.Counselor, perm.Office, "o1")
	c := srv.NewClient(t)

	// The password alone opens no staff page.
	resp, _ := c.Post(t, "/login", url.Values{"email": {acc.Email}, "password": {acc.Password}})
	if resp.StatusCode != 303 {
		t.Fatalf("password step: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, "/dashboard"); resp.StatusCode != 303 || resp.Header.Get("Location") != "/login/code" {
		t.Fatalf("dashboard after password only: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := c.Post(t, "/login/code", url.Values{"code": {"000000"}})
	if resp.StatusCode != 401 || !strings.Contains(body, "Der Code ist falsch") {
		t.Fatalf("wrong code: %d", resp.StatusCode)
	}
	code := srv.Code(t, acc.TOTPSecret)
	if resp, _ := c.Post(t, "/login/code", url.Values{"code": {code}}); resp.StatusCode != 303 {
		t.Fatalf("right code: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, "/dashboard"); resp.StatusCode != 200 {
		t.Fatalf("dashboard: %d", resp.StatusCode)
	}

	// The same code cannot be used twice, even in a new login.
	c2 := srv.NewClient(t)
	c2.Post(t, "/login", url.Values{"email": {acc.Email}, "password": {acc.Password}})
	if resp, _ := c2.Post(t, "/login/code", url.Values{"code": {code}}); resp.StatusCode != 401 {
		t.Fatalf("reused code: %d, want 401", resp.StatusCode)
	}

	// A recovery code works once.
	codes, err := srv.App.Auth.RenewRecoveryCodes(context.Background(), srv.Principal(t, acc))
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := c2.Post(t, "/login/recovery", url.Values{"code": {strings.ToUpper(codes[0])}}); resp.StatusCode != 303 {
		t.Fatalf("recovery code: %d", resp.StatusCode)
	}
	c3 := srv.NewClient(t)
	c3.Post(t, "/login", url.Values{"email": {acc.Email}, "password": {acc.Password}})
	resp, body = c3.Post(t, "/login/recovery", url.Values{"code": {codes[0]}})
	if resp.StatusCode != 401 || !strings.Contains(body, "schon benutzt") {
		t.Fatalf("reused recovery code: %d", resp.StatusCode)
	}
}

func TestSessionLifetime(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	acc := srv.CreateAccount(t, "b@example.org", perm.Counselor, perm.Office, "o1")

	idle := srv.NewClient(t)
	idle.Login(t, acc)
	srv.Clock.Advance(31 * time.Minute)
	resp, _ := idle.Get(t, "/dashboard")
	if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "expired=1") {
		t.Fatalf("idle session: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := idle.Get(t, resp.Header.Get("Location")); !strings.Contains(body, "Sitzung ist abgelaufen") {
		t.Error("login page does not say the session expired")
	}

	active := srv.NewClient(t)
	active.Login(t, acc)
	for elapsed := time.Duration(0); elapsed < 11*time.Hour; elapsed += 25 * time.Minute {
		srv.Clock.Advance(25 * time.Minute)
		if resp, _ := active.Get(t, "/dashboard"); resp.StatusCode != 200 {
			t.Fatalf("active session ended after %s", elapsed)
		}
	}
	srv.Clock.Advance(65 * time.Minute)
	if resp, _ := active.Get(t, "/dashboard"); resp.StatusCode != 303 {
		t.Fatalf("session outlived the absolute timeout: %d", resp.StatusCode)
	}
}

func TestThrottling(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	acc := srv.CreateAccount(t, "b@example.org", perm.Counselor, perm.Office, "o1")
	c := srv.NewClient(t)
	for i := 0; i < auth.MaxAccountFailures; i++ {
		c.Post(t, "/login", url.Values{"email": {acc.Email}, "password": {"falsch-falsch-falsch"}})
	}
	resp, body := c.Post(t, "/login", url.Values{"email": {acc.Email}, "password": {acc.Password}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Zu viele fehlgeschlagene Versuche") || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("throttled login: %d", resp.StatusCode)
	}
	srv.Clock.Advance(auth.ThrottleWindow + time.Second)
	c.Login(t, acc)
}

// TestStrangerCannotLockOwnerOut: whoever knows a counselor's e-mail
// address can fail at the login as often as they like; strangers are then
// locked out, the counselor's own browser (device cookie from an earlier
// login) is not.
func TestStrangerCannotLockOwnerOut(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	acc := srv.CreateAccount(t, "b@example.org", perm.Counselor, perm.Office, "o1")
	owner := srv.NewClient(t)
	owner.Login(t, acc)
	var device *http.Cookie
	u, _ := url.Parse(srv.URL)
	for _, c := range owner.Jar.Cookies(u) {
		if c.Name == "kmn_device" {
			device = c
		}
	}
	if device == nil || len(device.Value) < 40 {
		t.Fatal("no device cookie after a complete login")
	}
	owner.Post(t, "/logout", nil)

	stranger := srv.NewClient(t)
	for range auth.MaxAccountFailures + 3 {
		srv.Clock.Advance(time.Second)
		stranger.Post(t, "/login", url.Values{"email": {acc.Email}, "password": {"falsch-falsch-falsch"}})
	}
	if resp, _ := stranger.Post(t, "/login", url.Values{"email": {acc.Email}, "password": {acc.Password}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("stranger with the right password: %d, want 429", resp.StatusCode)
	}
	owner.Login(t, acc) // fails the test unless it reaches the dashboard
}

func TestLogoutAndDisable(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	acc := srv.CreateAccount(t, "b@example.org", perm.Counselor, perm.Office, "o1")
	admin := srv.CreateAccount(t, "a@example.org", perm.Admin, perm.Statewide, "")

	c := srv.NewClient(t)
	c.Login(t, acc)
	c.Post(t, "/logout", nil)
	if resp, _ := c.Get(t, "/dashboard"); resp.StatusCode != 303 {
		t.Fatalf("after logout: %d", resp.StatusCode)
	}

	c.Login(t, acc)
	a := srv.NewClient(t)
	a.Login(t, admin)
	if resp, _ := a.Post(t, "/admin/users/"+acc.ID+"/disable", nil); resp.StatusCode != 303 {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	if resp, _ := c.Get(t, "/dashboard"); resp.StatusCode != 303 {
		t.Fatalf("disabled user still in: %d", resp.StatusCode)
	}
	resp, body := a.Post(t, "/admin/users/"+admin.ID+"/disable", nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "eigenes Konto") {
		t.Fatalf("self-disable: %d", resp.StatusCode)
	}
}

var linkRe = regexp.MustCompile(`value="(http[^"]+/setup/[^"]+)"`)

// TestAccountLifecycle: an admin creates an account, the new user sets a
// password through the one-time link, enrols TOTP at first login, changes
// language and password; the audit log records it and stays intact.
func TestAccountLifecycle(t *testing.T) {
	forEachEngine(t, testAccountLifecycle)
}

// forEachEngine runs a whole-server test on the engine of the run
// (scripts/test runs every HTTP suite on SQLite and on PostgreSQL).
func forEachEngine(t *testing.T, fn func(t *testing.T, o apptest.Options)) {
	t.Run(apptest.Engine(), func(t *testing.T) { fn(t, apptest.Options{}) })
}

func testAccountLifecycle(t *testing.T, o apptest.Options) {
	srv := apptest.Start(t, o)
	admin := srv.CreateAccount(t, "a@example.org", perm.Admin, perm.Statewide, "")
	a := srv.NewClient(t)
	a.Login(t, admin)
	resp, body := a.Post(t, "/admin/users", url.Values{"email": {"Neu@Example.org"}, "name": {"Nora Neu"},
		"role": {"counselor"}, "scope_kind": {"office"}, "scope_id": {srv.Office(t, "o1")}, "language": {"de"}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	link := linkRe.FindStringSubmatch(body)[1]
	path := strings.TrimPrefix(link, srv.URL)

	u := srv.NewClient(t)
	if resp, body := u.Post(t, path, url.Values{"password": {"kurz"}, "confirm": {"kurz"}}); resp.StatusCode != 422 || !strings.Contains(body, "mindestens 12 Zeichen") {
		t.Fatalf("short password: %d", resp.StatusCode)
	}
	pw := "ein langer satz als passwort"
	if resp, _ := u.Post(t, path, url.Values{"password": {pw}, "confirm": {pw}}); resp.StatusCode != 303 {
		t.Fatalf("setup: %d", resp.StatusCode)
	}
	if resp, _ := u.Get(t, path); resp.StatusCode != 404 {
		t.Fatalf("link works twice: %d", resp.StatusCode)
	}
	resp, _ = u.Post(t, "/login", url.Values{"email": {"neu@example.org"}, "password": {pw}})
	if resp.Header.Get("Location") != "/login/enrol" {
		t.Fatalf("first login goes to %q", resp.Header.Get("Location"))
	}
	_, page := u.Get(t, "/login/enrol")
	secret := strings.ReplaceAll(regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`).FindStringSubmatch(page)[1], " ", "")
	if resp, _ := u.Get(t, "/login/enrol/qr.png"); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("QR code: %d", resp.StatusCode)
	}
	resp, page = u.Post(t, "/login/enrol", url.Values{"code": {srv.Code(t, secret)}})
	if resp.StatusCode != 200 || strings.Count(page, "<li><code>") != auth.RecoveryCodeCount {
		t.Fatalf("enrol: %d", resp.StatusCode)
	}
	if resp, _ := u.Post(t, "/language", url.Values{"lang": {"en"}, "back": {"/dashboard"}}); resp.StatusCode != 303 {
		t.Fatalf("language: %d", resp.StatusCode)
	}
	if _, page := u.Get(t, "/dashboard"); !strings.Contains(page, `lang="en"`) || !strings.Contains(page, "Hello, Nora Neu") {
		t.Fatal("dashboard is not in English after switching")
	}
	resp, page = u.Post(t, "/account/password", url.Values{"current": {pw}, "password": {"password1234"}, "confirm": {"password1234"}})
	if resp.StatusCode != 422 || !strings.Contains(page, "too common") {
		t.Fatalf("common password: %d", resp.StatusCode)
	}
	next := "noch ein viel längerer satz"
	if resp, _ := u.Post(t, "/account/password", url.Values{"current": {pw}, "password": {next}, "confirm": {next}}); resp.StatusCode != 303 {
		t.Fatalf("password change: %d", resp.StatusCode)
	}
	recs, err := srv.App.Audit.List(context.Background(), audit.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"user.create", "user.setup_complete", "auth.totp_enrol", "user.language", "auth.password_change"} {
		if !hasAction(recs, want) {
			t.Errorf("audit log lacks %s", want)
		}
	}
	if rep, err := srv.App.Audit.Verify(context.Background()); err != nil || rep.Broken != nil {
		t.Fatalf("audit chain: %+v %v", rep.Broken, err)
	}
}

func hasAction(recs []audit.Record, action string) bool {
	for _, r := range recs {
		if r.Action == action {
			return true
		}
	}
	return false
}
