// Package apptest starts the whole platform in-process for tests that go
// through the real router: an httptest server on SQLite or PostgreSQL, a
// movable clock, and clients that log in with password and TOTP.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	kmnclock "github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// EngineEnv names the variable that picks the engine of every test server:
// "postgres" runs the HTTP suites on PostgreSQL (KMN_TEST_POSTGRES),
// anything else on SQLite. scripts/test runs them once with each.
const EngineEnv = "KMN_TEST_ENGINE"

// Options choose the engine and settings of a test server.
type Options struct {
	// Postgres forces PostgreSQL whatever EngineEnv says (for suites that
	// run on both engines themselves).
	Postgres bool
	Demo     bool
	Secure   bool
	// Verbose sends the server log to the test log.
	Verbose bool
	// Mail sends the platform's mail to this SMTP server and works the job
	// queue (mail, periodic tasks) while the test runs; without it jobs are
	// queued but not worked.
	Mail *mailtest.Server
	// LogTo receives the server log as well (tests that check what the
	// platform logs, e.g. that no personal data is written there).
	LogTo io.Writer
	// SharePostgres runs on the PostgreSQL database of another test server:
	// two servers behind one load balancer.
	SharePostgres *Server
	// Localhost serves under http://localhost:port instead of the IP
	// address: browsers offer WebAuthn (passkeys) on domain names only.
	Localhost bool
}

// Server is a running platform for one test.
type Server struct {
	*httptest.Server
	App   *app.App
	Clock *Clock
}

// Clock is a movable clock shared by the auth service and the test.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// Set puts the clock at t (before anybody signs in: sessions and TOTP
// codes follow it).
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.now = t.UTC(); c.mu.Unlock() }

// Start runs a fresh platform with a migrated, empty database.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PasswordCost = config.CostTest
	cfg.Demo, cfg.SecureCookies = o.Demo, o.Secure
	if o.Secure && o.Mail == nil {
		// Production mode refuses to start without SMTP.
		o.Mail = mailtest.Start(t)
	}
	if o.Mail != nil {
		cfg.Mail = o.Mail.Config("KMN <noreply@kmn.example>")
	}
	switch {
	case o.SharePostgres != nil:
		cfg.DatabaseURL = o.SharePostgres.App.Config.DatabaseURL
	case o.Postgres || Engine() == "postgres":
		cfg.DatabaseURL = dbtest.PostgresURL(t)
	}
	clock := &Clock{now: time.Now().UTC()}
	var logOut io.Writer = io.Discard
	if o.Verbose {
		logOut = testWriter{t}
	}
	if o.LogTo != nil {
		logOut = io.MultiWriter(logOut, o.LogTo)
	}
	log := slog.New(slog.NewTextHandler(logOut, nil))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseURL = "http://" + ln.Addr().String()
	if o.Localhost {
		cfg.BaseURL = "http://localhost:" + strings.TrimPrefix(ln.Addr().String(), "127.0.0.1:")
	}
	a, err := app.OpenWithClock(context.Background(), cfg, log, kmnclock.New(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: a.Handler}}
	srv.Start()
	if o.Localhost {
		srv.URL = cfg.BaseURL
	}
	t.Cleanup(func() { srv.Close(); a.Close() })
	if o.Mail != nil {
		if err := a.StartJobs(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = a.StopJobs(ctx)
		})
	}
	return &Server{Server: srv, App: a, Clock: clock}
}

// Engine is the engine test servers run on: "postgres" when EngineEnv
// says so, else "sqlite".
func Engine() string {
	if os.Getenv(EngineEnv) == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// Account is a ready-to-use staff account with its credentials.
type Account struct {
	*auth.User
	Password   string
	TOTPSecret string
}

// secrets are valid base32 TOTP secrets for test accounts.
var secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// CreateAccount adds an account with password and TOTP set up. A scope
// the registry does not know (an office or organisation named by a made-up
// external id, as tests do for "another office") is created first.
func (s *Server) CreateAccount(t testing.TB, email string, role perm.Role, scopeKind perm.ScopeKind, scopeID string) Account {
	t.Helper()
	switch scopeKind {
	case perm.Office:
		scopeID = s.Office(t, scopeID)
	case perm.Organisation:
		scopeID = s.Organisation(t, scopeID)
	}
	secret := strings.Repeat(string(secretAlphabet[len(email)%32]), 8) + "KMNTEST2"
	pw := "richtig-langes-passwort-" + string(role)
	u, err := s.App.Auth.SeedUser(context.Background(), auth.NewUser{Email: email, Name: "Test " + string(role),
		Role: role, ScopeKind: scopeKind, ScopeID: scopeID}, pw, secret)
	if err != nil {
		t.Fatal(err)
	}
	return Account{User: u, Password: pw, TOTPSecret: secret}
}

// Client is a browser-like HTTP client with a cookie jar that does not
// follow redirects, so tests see every status.
type Client struct {
	*http.Client
	srv  *Server
	csrf string
}

// NewClient returns a client without a session.
func (s *Server) NewClient(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{srv: s, Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// Get fetches a path and returns status and body.
func (c *Client) Get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	return c.do(t, "GET", path, nil)
}

// Post sends a form with the client's CSRF token (fetched on first use).
func (c *Client) Post(t testing.TB, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf_token") == "" {
		form.Set("csrf_token", c.CSRF(t))
	}
	return c.do(t, "POST", path, form)
}

// Request sends a request without a body (HEAD, OPTIONS, DELETE …).
func (c *Client) Request(t testing.TB, method, path string) (*http.Response, string) {
	t.Helper()
	return c.do(t, method, path, nil)
}

// PostRaw sends a form exactly as given (no CSRF token added).
func (c *Client) PostRaw(t testing.TB, path string, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", c.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.send(t, req)
}

// PostMultipart sends a multipart form with an optional file and fields.
func (c *Client) PostMultipart(t testing.TB, path, fileField, fileName, content string, fields url.Values) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if fields == nil {
		fields = url.Values{}
	}
	fields.Set("csrf_token", c.CSRF(t))
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if fileField != "" {
		fw, err := mw.CreateFormFile(fileField, fileName)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(fw, content)
	}
	mw.Close()
	req, err := http.NewRequest("POST", c.srv.URL+path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.send(t, req)
}

// CSRF returns the form token for this client's cookie.
func (c *Client) CSRF(t testing.TB) string {
	t.Helper()
	if c.csrf == "" {
		_, body := c.do(t, "GET", "/login", nil)
		m := csrfRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no CSRF token on /login")
		}
		c.csrf = m[1]
	}
	return c.csrf
}

func (c *Client) do(t testing.TB, method, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return c.send(t, req)
}

func (c *Client) send(t testing.TB, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// Code returns the TOTP code of secret at the server's clock, moving the
// clock one step on first so that no code is ever reused.
func (s *Server) Code(t testing.TB, secret string) string {
	t.Helper()
	s.Clock.Advance(30 * time.Second)
	code, err := auth.TOTPCode(secret, s.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// Login signs the client in with password and TOTP and fails the test
// unless it lands on the dashboard.
func (c *Client) Login(t testing.TB, a Account) {
	t.Helper()
	resp, _ := c.Post(t, "/login", url.Values{"email": {a.Email}, "password": {a.Password}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login/code") {
		t.Fatalf("password step: status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = c.Post(t, "/login/code", url.Values{"code": {c.srv.Code(t, a.TOTPSecret)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dashboard" {
		t.Fatalf("code step: status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// testWriter sends the server log to the test log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// Office returns the id of the office named ref (id or external id),
// creating a test office with that external id when there is none.
func (s *Server) Office(t testing.TB, ref string) string {
	t.Helper()
	ctx := context.Background()
	if id, err := s.App.Network.ResolveScope(ctx, s.App.DB, perm.Office, ref); err == nil {
		return id
	}
	org := s.Organisation(t, "test-provider")
	o, err := s.App.Network.CreateOffice(ctx, testEditor, network.OfficeInput{OrganisationID: org, Name: "Testberatung " + ref,
		ExternalID: ref, Postcode: "30159", Programs: []string{"mbe", "jmd"}}, s.App.Geo)
	if err != nil {
		t.Fatalf("test office %s: %v", ref, err)
	}
	return o.ID
}

// Organisation returns the id of the organisation named ref (id or
// external id), creating a test organisation when there is none.
func (s *Server) Organisation(t testing.TB, ref string) string {
	t.Helper()
	ctx := context.Background()
	if id, err := s.App.Network.ResolveScope(ctx, s.App.DB, perm.Organisation, ref); err == nil {
		return id
	}
	o, err := s.App.Network.CreateOrganisation(ctx, testEditor, network.OrganisationInput{Name: "Testträger " + ref,
		ExternalID: ref, Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatalf("test organisation %s: %v", ref, err)
	}
	return o.ID
}

// testEditor creates the registry rows tests need.
var testEditor = network.EditorOf(auth.SystemPrincipal("test"))

// Principal is account a's principal, built by the platform as for a
// request from a test client.
func (s *Server) Principal(t testing.TB, a Account) auth.Principal {
	t.Helper()
	p, err := s.App.Auth.PrincipalOf(context.Background(), a.ID, auth.Client{IP: "127.0.0.1", UserAgent: "apptest"})
	if err != nil {
		t.Fatalf("principal of %s: %v", a.Email, err)
	}
	return p
}

// JSON sends body as JSON (nil: no body) with the CSRF token in the
// X-CSRF-Token header, as the online counseling scripts do, with the page
// language lang in X-KMN-Lang ("" sends none).
func (c *Client) JSON(t testing.TB, method, path, lang string, body any) (*http.Response, string) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.CSRF(t))
	if lang != "" {
		req.Header.Set("X-KMN-Lang", lang)
	}
	return c.send(t, req)
}
