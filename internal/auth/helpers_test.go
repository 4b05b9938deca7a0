package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/password"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// Passwords that pass the policy for every test account.
const (
	goodPassword  = "violet-harbour-lantern-7"
	otherPassword = "quiet-meadow-compass-42"
)

// clientIP is where test logins come from unless a test says otherwise.
const clientIP = "192.0.2.10"

// fakeClock is a fake, movable clock. It starts 5 s into a 30-second TOTP step,
// with sub-second digits that both engines must keep.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 6, 2, 8, 0, 5, 123456000, time.UTC)}
}

// Now returns the current fake time.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is one service on a fresh database with its own clock.
type env struct {
	t     *testing.T
	ctx   context.Context
	d     *db.DB
	clock *fakeClock
	log   *audit.Log
	svc   *auth.Service
}

// forEachEngine runs fn with a fresh env on SQLite and PostgreSQL.
func forEachEngine(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		fn(t, newEnv(t, d))
	})
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	keys, _, err := secret.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := newClock()
	log := audit.New(d).WithClock(c.Now)
	svc := auth.NewService(d, log, keys, auth.Options{
		IdleTimeout:     30 * time.Minute,
		AbsoluteTimeout: 12 * time.Hour,
		Cost:            password.Test,
		Clock:           clock.New(c.Now),
		Scopes:          fakeRegistry{},
		DeviceKey:       []byte("device key of the auth tests"),
		Origin:          passkeyOrigin,
	})
	return &env{t: t, ctx: context.Background(), d: d, clock: c, log: log, svc: svc}
}

// fakeRegistry resolves scope references like the registry would: a
// reference ending in "-ext" is an external id naming the row without the
// suffix, "atlantis" names nothing, anything else is a row id.
type fakeRegistry struct{}

func (fakeRegistry) ResolveScope(_ context.Context, _ db.Querier, _ perm.ScopeKind, ref string) (string, error) {
	if ref == "atlantis" {
		return "", valid.Errors{{Field: "scope_id", Key: "validation.scope_unknown"}}
	}
	return strings.TrimSuffix(ref, "-ext"), nil
}

// actor is an anonymous client at clientIP.
func actor() auth.Principal { return actorFrom(clientIP) }

// actorFrom is an anonymous client at ip.
func actorFrom(ip string) auth.Principal {
	return auth.Anonymous(auth.Client{IP: ip, UserAgent: "test-agent"})
}

// setupActor is what the CLI uses to set up test accounts.
var setupActor = auth.SystemPrincipal("test-setup")

// as is u acting from clientIP, its principal built by the service like a
// request's.
func (e *env) as(u *auth.User) auth.Principal {
	e.t.Helper()
	p, err := e.svc.PrincipalOf(e.ctx, u.ID, auth.Client{IP: clientIP, UserAgent: "test-agent"})
	if err != nil {
		e.t.Fatalf("PrincipalOf(%s): %v", u.Email, err)
	}
	return p
}

// createUser adds an account and returns it with its setup link token.
func (e *env) createUser(email string, role perm.Role) (*auth.User, string) {
	e.t.Helper()
	n := auth.NewUser{Email: email, Name: "Test " + strings.Split(email, "@")[0], Role: role}
	if perm.DefaultScope(role) != perm.Statewide {
		n.ScopeID = "office-1"
	}
	u, token, err := e.svc.CreateUser(e.ctx, n, setupActor)
	if err != nil {
		e.t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u, token
}

// userWithPassword adds an account that has set goodPassword but no TOTP yet.
func (e *env) userWithPassword(email string, role perm.Role) *auth.User {
	e.t.Helper()
	u, token := e.createUser(email, role)
	if _, err := e.svc.CompleteSetup(e.ctx, token, goodPassword, goodPassword, actor()); err != nil {
		e.t.Fatalf("CompleteSetup(%s): %v", email, err)
	}
	return e.user(u.ID)
}

// enrolled is an account that finished its first login with TOTP.
type enrolled struct {
	*auth.User
	secret string   // TOTP secret
	codes  []string // recovery codes
}

// enrolledUser adds an account with goodPassword and TOTP turned on.
func (e *env) enrolledUser(email string, role perm.Role) *enrolled {
	e.t.Helper()
	u := e.userWithPassword(email, role)
	tok := e.login(email, goodPassword, auth.StageEnroll)
	key, err := e.svc.EnrollmentKey(e.ctx, tok)
	if err != nil {
		e.t.Fatalf("EnrollmentKey: %v", err)
	}
	full, codes, err := e.svc.ConfirmEnrollment(e.ctx, tok, e.code(key.Secret(), 0), actor())
	if err != nil {
		e.t.Fatalf("ConfirmEnrollment: %v", err)
	}
	if err := e.svc.Logout(e.ctx, full, e.as(u)); err != nil {
		e.t.Fatal(err)
	}
	return &enrolled{User: e.user(u.ID), secret: key.Secret(), codes: codes}
}

// login checks the password and expects a partial session in stage want.
func (e *env) login(email, pw string, want auth.Stage) string {
	e.t.Helper()
	tok, stage, err := e.svc.Login(e.ctx, email, pw, actor())
	if err != nil {
		e.t.Fatalf("Login(%s): %v", email, err)
	}
	if stage != want || tok == "" {
		e.t.Fatalf("Login(%s) = stage %q, token %q; want stage %q and a token", email, stage, tok, want)
	}
	return tok
}

// fullLogin moves to the next TOTP step and logs u in with password and code.
func (e *env) fullLogin(u *enrolled) string {
	e.t.Helper()
	e.clock.Advance(30 * time.Second)
	tok := e.login(u.Email, goodPassword, auth.StageMFA)
	full, err := e.svc.VerifyTOTP(e.ctx, tok, e.code(u.secret, 0), actor())
	if err != nil {
		e.t.Fatalf("VerifyTOTP: %v", err)
	}
	return full
}

// code is the TOTP code of secret at the fake time shifted by steps.
func (e *env) code(secret string, steps int) string {
	e.t.Helper()
	c, err := auth.TOTPCode(secret, e.clock.Now().Add(time.Duration(steps)*30*time.Second))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// user reloads an account.
func (e *env) user(id string) *auth.User {
	e.t.Helper()
	u, err := auth.UserByID(e.ctx, e.d, id)
	if err != nil {
		e.t.Fatalf("UserByID(%s): %v", id, err)
	}
	return u
}

// authenticate expects token to be a valid session and returns it with
// the principal of a request carrying it.
func (e *env) authenticate(token string) (*auth.Session, auth.Principal) {
	e.t.Helper()
	s, p, err := e.svc.Authenticate(e.ctx, token, auth.Client{IP: clientIP, UserAgent: "test-agent"})
	if err != nil {
		e.t.Fatalf("Authenticate: %v", err)
	}
	return s, p
}

// count runs SELECT COUNT(*) FROM table [WHERE where].
func (e *env) count(table, where string, args ...any) int {
	e.t.Helper()
	q := "SELECT COUNT(*) FROM " + table
	if where != "" {
		q += " WHERE " + where
	}
	var n int
	if err := e.d.QueryRow(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// sessionRows counts the stored sessions of a token.
func (e *env) sessionRows(token string) int {
	e.t.Helper()
	return e.count("sessions", "token_hash = ?", sha256Hex(token))
}

// audits lists audit rows matching f, newest first.
func (e *env) audits(f audit.Filter) []audit.Record {
	e.t.Helper()
	if f.Limit == 0 {
		f.Limit = audit.MaxLimit
	}
	recs, err := e.log.List(e.ctx, f)
	if err != nil {
		e.t.Fatal(err)
	}
	return recs
}

// lastAudit returns the newest audit row with exactly this action.
func (e *env) lastAudit(action string) audit.Record {
	e.t.Helper()
	for _, r := range e.audits(audit.Filter{ActionPrefix: action}) {
		if r.Action == action {
			return r
		}
	}
	e.t.Fatalf("no audit row with action %q", action)
	return audit.Record{}
}

// countAudit counts rows with exactly action and result.
func (e *env) countAudit(action string, result audit.Result) int {
	e.t.Helper()
	n := 0
	for _, r := range e.audits(audit.Filter{ActionPrefix: action, Result: result}) {
		if r.Action == action {
			n++
		}
	}
	return n
}

// verifyAudit fails the test unless the audit chain is intact.
func (e *env) verifyAudit() {
	e.t.Helper()
	rep, err := e.log.Verify(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	if rep.Broken != nil {
		e.t.Fatalf("audit chain broken at seq %d: %s", rep.Broken.Seq, rep.Broken.Reason)
	}
	if rep.Rows == 0 {
		e.t.Fatal("audit log is empty")
	}
}

// passwordHash reads the stored hash of a user.
func (e *env) passwordHash(id string) string {
	e.t.Helper()
	var h string
	if err := e.d.QueryRow(e.ctx, "SELECT password_hash FROM users WHERE id = ?", id).Scan(&h); err != nil {
		e.t.Fatal(err)
	}
	return h
}

func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// wrongCode returns a six-digit code that differs from code in every digit.
func wrongCode(code string) string {
	b := []byte(code)
	for i := range b {
		b[i] = '0' + (b[i]-'0'+5)%10
	}
	return string(b)
}

// wantErr fails unless errors.Is(err, want).
func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
}

// wantProblem fails unless err is valid.Errors with a problem on field
// (and, when key is not empty, with that message key).
func wantProblem(t *testing.T, err error, field, key string) {
	t.Helper()
	var ve valid.Errors
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v (%T), want valid.Errors on %q", err, err, field)
	}
	p, ok := ve.For(field)
	if !ok {
		t.Fatalf("err = %v, want a problem on field %q", err, field)
	}
	if key != "" && p.Key != key {
		t.Fatalf("field %q has key %q, want %q", field, p.Key, key)
	}
}

// wantThrottled fails unless err is a *ThrottledError with a wait in (0, window].
func wantThrottled(t *testing.T, err error) *auth.ThrottledError {
	t.Helper()
	var te *auth.ThrottledError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *auth.ThrottledError", err)
	}
	if te.Wait <= 0 || te.Wait > auth.ThrottleWindow {
		t.Fatalf("Wait = %v, want in (0, %v]", te.Wait, auth.ThrottleWindow)
	}
	if te.Minutes() < 1 {
		t.Fatalf("Minutes() = %d, want >= 1", te.Minutes())
	}
	return te
}
