package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
	"github.com/kmn-niedersachsen/kmn/internal/mail"
)

func TestSecurityHeaders(t *testing.T) {
	for _, secure := range []bool{false, true} {
		srv := apptest.Start(t, apptest.Options{Secure: secure})
		c := srv.NewClient(t)
		_, login := c.Get(t, "/login")
		css := "/static/" + assetRe.FindStringSubmatch(login)[1]
		for _, path := range []string{"/login", "/gibt-es-nicht", css, "/healthz", "/metrics"} {
			resp, _ := c.Get(t, path)
			h := resp.Header
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("%s: CSP %q", path, csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
				t.Errorf("%s: missing nosniff or Referrer-Policy", path)
			}
			if hsts := h.Get("Strict-Transport-Security"); (hsts != "") != secure {
				t.Errorf("%s: HSTS %q with secure=%v", path, hsts, secure)
			}
		}
		resp, _ := c.Get(t, css)
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("static asset Cache-Control %q", cc)
		}
		resp, _ = srv.NewClient(t).Get(t, "/login")
		cookies := resp.Header.Values("Set-Cookie")
		wantPrefix := map[bool]string{true: "__Host-kmn_csrf=", false: "kmn_csrf="}[secure]
		if len(cookies) == 0 || !strings.HasPrefix(cookies[0], wantPrefix) || !strings.Contains(cookies[0], "HttpOnly") ||
			!strings.Contains(cookies[0], "SameSite=Lax") || strings.Contains(cookies[0], "Secure") != secure {
			t.Errorf("secure=%v: cookie %v", secure, cookies)
		}
	}
}

func TestAuthenticatedPagesAreNotCached(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	acc := srv.CreateAccount(t, "a@example.org", perm.Admin, perm.Statewide, "")
	c := srv.NewClient(t)
	c.Login(t, acc)
	for _, path := range []string{"/dashboard", "/account", "/admin/users", "/admin/audit"} {
		resp, body := c.Get(t, path)
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: status %d, Cache-Control %q", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		for _, landmark := range []string{`class="skip-link" href="#main"`, `<main id="main"`, "<header", "<nav", "<footer"} {
			if !strings.Contains(body, landmark) {
				t.Errorf("%s lacks %s", path, landmark)
			}
		}
	}
}

func TestOperations(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := srv.NewClient(t)
	c.Get(t, "/login")
	if resp, body := c.Get(t, "/readyz"); resp.StatusCode != 200 || !strings.Contains(body, "ready") {
		t.Fatalf("readyz: %d", resp.StatusCode)
	}
	// A mail waiting in the queue (the test server does not work it).
	if err := srv.App.Jobs.Insert(context.Background(), jobs.MailArgs{Message: mail.Message{To: "a@kmn.example", Lang: "de",
		Subject: "Test", Text: "Test"}}); err != nil {
		t.Fatal(err)
	}
	_, metrics := c.Get(t, "/metrics")
	for _, want := range []string{`kmn_http_requests_total{method="GET",route="GET /login",status="200"}`, "kmn_http_request_duration_seconds",
		"go_sql_open_connections", `kmn_jobs{state="available"} 1`, "kmn_mail_sent_total 0", "kmn_mail_failed_total 0"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	srv.App.DB.Close()
	if resp, _ := c.Get(t, "/readyz"); resp.StatusCode != 503 {
		t.Fatalf("readyz with the database closed: %d", resp.StatusCode)
	}
}

// TestPublicPagesSetNoCookie: a visitor who only searches and reads sets
// no cookie; the CSRF cookie comes with the first page that has a form
// needing it (the accessibility feedback form).
func TestPublicPagesSetNoCookie(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	f := newPublicFixture(t, srv)
	for _, path := range []string{"/de/", "/de/search?q=30159", "/ar/search?q=30159&lang_spoken=ar", "/de/offices/" + f.hannover, "/de/leichte-sprache"} {
		resp, _ := srv.NewClient(t).Get(t, path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
		if cookies := resp.Header.Values("Set-Cookie"); len(cookies) > 0 {
			t.Errorf("%s sets cookies %v", path, cookies)
		}
	}
	resp, body := srv.NewClient(t).Get(t, "/de/accessibility")
	if cookies := resp.Header.Values("Set-Cookie"); len(cookies) != 1 || !strings.HasPrefix(cookies[0], "kmn_csrf=") ||
		!strings.Contains(body, `name="csrf_token" value="`) {
		t.Errorf("the feedback form's page: cookies %v", cookies)
	}
}
