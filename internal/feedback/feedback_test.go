package feedback_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
	"github.com/kmn-niedersachsen/kmn/internal/password"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// marker is text a visitor writes; it must never be found at rest or in
// the audit log.
const marker = "Rollstuhl-Marker-7f3a"

type fixture struct {
	ctx             context.Context
	d               *db.DB
	store           *feedback.Store
	audit           *audit.Log
	now             time.Time
	admin, ministry auth.Principal
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{ctx: context.Background(), d: d, now: time.Date(2026, time.December, 7, 10, 0, 0, 0, time.UTC)}
	clk := clock.New(func() time.Time { return f.now })
	for _, u := range []struct{ id, role, kind string }{{"u-admin", "admin", "statewide"}, {"u-ministry", "ministry", "statewide"}} {
		if _, err := d.Exec(f.ctx, `INSERT INTO users (id, email, name, role, scope_kind, scope_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, '', ?, ?)`, u.id, u.id+"@example.org", "Name "+u.id, u.role, u.kind, f.now, f.now); err != nil {
			t.Fatal(err)
		}
	}
	keys, _, err := secret.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f.audit = audit.New(d).WithClock(clk.Now)
	f.store = feedback.NewStore(d, f.audit, keys, feedback.Options{Clock: clk, RangeKey: keys.Derive("feedback-range")})
	as := auth.NewService(d, f.audit, keys, auth.Options{Clock: clk, Cost: password.Test})
	for id, p := range map[string]*auth.Principal{"u-admin": &f.admin, "u-ministry": &f.ministry} {
		if *p, err = as.PrincipalOf(f.ctx, id, auth.Client{IP: "192.0.2.10"}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// visitor is an anonymous sender from ip.
func visitor(ip string) auth.Principal { return auth.Anonymous(auth.Client{IP: ip}) }

func (f *fixture) submit(t *testing.T, ip string, in feedback.Input) string {
	t.Helper()
	id, err := f.store.Submit(f.ctx, visitor(ip), in)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return id
}

func TestSubmitAndRead(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		id := f.submit(t, "198.51.100.7", feedback.Input{Lang: "ar", Message: "  Die Karte " + marker + "\r\nist nicht lesbar  ",
			Page: "/ar/search", Email: "hilfe@example.org"})
		m, err := f.store.Get(f.ctx, f.admin, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Text != "Die Karte "+marker+"\nist nicht lesbar" || m.Page != "/ar/search" || m.Email != "hilfe@example.org" || m.Lang != "ar" || !m.Open() {
			t.Errorf("read back %+v", m)
		}
		if !m.ReceivedAt.Equal(f.now) {
			t.Errorf("received %v, want %v", m.ReceivedAt, f.now)
		}
		ms, total, err := f.store.List(f.ctx, f.admin, feedback.Filter{Status: feedback.Open, Limit: 10})
		if err != nil || total != 1 || len(ms) != 1 || ms[0].ID != id {
			t.Fatalf("open list: %d of %d, %v", len(ms), total, err)
		}
		if n, err := f.store.CountOpen(f.ctx, f.admin); n != 1 || err != nil {
			t.Errorf("CountOpen = %d, %v", n, err)
		}
		wantNoMarker(t, f)
		wantAudit(t, f, "feedback.receive", "feedback.read", "feedback.list")
	})
}

// wantNoMarker checks that nothing the visitor wrote is stored in clear
// text: not in the message's row, not in the audit log.
func wantNoMarker(t *testing.T, f *fixture) {
	t.Helper()
	var msg, page, email string
	if err := f.d.QueryRow(f.ctx, "SELECT message_enc, page_enc, email_enc FROM accessibility_feedback").Scan(&msg, &page, &email); err != nil {
		t.Fatal(err)
	}
	for _, cell := range []string{msg, page, email} {
		if cell == "" || strings.Contains(cell, marker) || strings.Contains(cell, "example.org") || strings.Contains(cell, "search") {
			t.Errorf("cell at rest holds clear text or nothing: %q", cell)
		}
	}
	recs, err := f.audit.List(f.ctx, audit.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		all := r.Actor + r.IP + r.ObjectID
		for k, v := range r.Detail {
			all += k + v
		}
		if strings.Contains(all, marker) || strings.Contains(all, "hilfe@") || strings.Contains(all, "198.51.100") {
			t.Errorf("audit row %s holds the visitor's text or address: %+v", r.Action, r)
		}
	}
}

// wantAudit checks that the audit log holds the actions.
func wantAudit(t *testing.T, f *fixture, actions ...string) {
	t.Helper()
	for _, a := range actions {
		n, err := f.audit.Count(f.ctx, audit.Filter{ActionPrefix: a})
		if err != nil || n == 0 {
			t.Errorf("no audit row %s (%v)", a, err)
		}
	}
}

func TestOnlyAdminsRead(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		id := f.submit(t, "198.51.100.7", feedback.Input{Lang: "de", Message: marker})
		for name, p := range map[string]auth.Principal{"ministry": f.ministry, "anonymous": visitor("198.51.100.7")} {
			if _, err := f.store.Get(f.ctx, p, id); !errors.Is(err, feedback.ErrForbidden) {
				t.Errorf("%s Get: %v", name, err)
			}
			if _, _, err := f.store.List(f.ctx, p, feedback.Filter{Limit: 10}); !errors.Is(err, feedback.ErrForbidden) {
				t.Errorf("%s List: %v", name, err)
			}
			if _, err := f.store.CountOpen(f.ctx, p); !errors.Is(err, feedback.ErrForbidden) {
				t.Errorf("%s CountOpen: %v", name, err)
			}
			if err := f.store.MarkHandled(f.ctx, p, id); !errors.Is(err, feedback.ErrForbidden) {
				t.Errorf("%s MarkHandled: %v", name, err)
			}
			if err := f.store.Delete(f.ctx, p, id); !errors.Is(err, feedback.ErrForbidden) {
				t.Errorf("%s Delete: %v", name, err)
			}
		}
		if _, err := f.store.Get(f.ctx, f.admin, "no-such-id"); !errors.Is(err, feedback.ErrNotFound) {
			t.Errorf("unknown id: %v", err)
		}
	})
}

func TestBadInputStoresNothing(t *testing.T) {
	cases := []struct {
		name  string
		in    feedback.Input
		field string
		key   string
	}{
		{"empty message", feedback.Input{Lang: "de", Message: " \n "}, "message", "access.error_message_required"},
		{"long message", feedback.Input{Lang: "de", Message: strings.Repeat("ü", feedback.MaxMessageRunes+1)}, "message", "access.error_message_too_long"},
		{"long page", feedback.Input{Lang: "de", Message: "x", Page: strings.Repeat("p", feedback.MaxPageRunes+1)}, "page_address", "access.error_page_too_long"},
		{"bad e-mail", feedback.Input{Lang: "de", Message: "x", Email: "keine adresse"}, "reply_email", "access.error_email_invalid"},
		{"named e-mail", feedback.Input{Lang: "de", Message: "x", Email: "Name <a@example.org>"}, "reply_email", "access.error_email_invalid"},
		{"unknown language", feedback.Input{Lang: "xx", Message: "x"}, "lang", "access.error_language"},
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := f.store.Submit(f.ctx, visitor("198.51.100.7"), c.in)
				var problems valid.Errors
				if !errors.As(err, &problems) {
					t.Fatalf("err = %v, want valid.Errors", err)
				}
				if p, ok := problems.For(c.field); !ok || p.Key != c.key {
					t.Errorf("problems %v, want %s on %s", problems, c.key, c.field)
				}
			})
		}
		// A message of exactly the limit is fine.
		f.submit(t, "198.51.100.7", feedback.Input{Lang: "de", Message: strings.Repeat("ü", feedback.MaxMessageRunes)})
		if n, _ := f.store.CountOpen(f.ctx, f.admin); n != 1 {
			t.Errorf("%d messages stored, want only the valid one", n)
		}
	})
}

func TestRateLimitPerAddressRange(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		msg := feedback.Input{Lang: "de", Message: "Bitte größere Schrift"}
		// Hopping between addresses of one /24 does not escape the limit.
		for i := range feedback.RateLimit {
			f.submit(t, fmt.Sprintf("203.0.113.%d", i+1), msg)
		}
		if _, err := f.store.Submit(f.ctx, visitor("203.0.113.200"), msg); !errors.Is(err, feedback.ErrRateLimited) {
			t.Fatalf("message %d from the range: %v, want ErrRateLimited", feedback.RateLimit+1, err)
		}
		// Another range, and an IPv6 /64, are not affected.
		f.submit(t, "203.0.114.1", msg)
		f.submit(t, "2001:db8:1:2::1", msg)
		f.now = f.now.Add(feedback.RateWindow)
		f.submit(t, "203.0.113.9", msg)
		if n, _ := f.store.CountOpen(f.ctx, f.admin); n != feedback.RateLimit+3 {
			t.Errorf("%d messages stored, want %d", n, feedback.RateLimit+3)
		}
		var ranges int
		if err := d.QueryRow(f.ctx, "SELECT COUNT(*) FROM accessibility_feedback_senders WHERE address_range LIKE '%203.0.113%'").Scan(&ranges); err != nil || ranges != 0 {
			t.Errorf("the rate limit stores address ranges in clear (%d rows, %v)", ranges, err)
		}
	})
}

func TestHandleDeleteAndRetention(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		kept := f.submit(t, "198.51.100.7", feedback.Input{Lang: "de", Message: "offen bleibt"})
		handled := f.submit(t, "198.51.100.7", feedback.Input{Lang: "de", Message: "erledigt"})
		deleted := f.submit(t, "198.51.100.7", feedback.Input{Lang: "de", Message: "weg damit"})

		if err := f.store.MarkHandled(f.ctx, f.admin, handled); err != nil {
			t.Fatal(err)
		}
		m, err := f.store.Get(f.ctx, f.admin, handled)
		if err != nil {
			t.Fatal(err)
		}
		if m.Open() || m.HandledBy != "Name u-admin" || !m.DeleteAfter.Equal(f.now.AddDate(0, feedback.RetentionMonths, 0)) {
			t.Errorf("handled message: %+v", m)
		}
		// Handling again keeps the first date.
		f.now = f.now.Add(time.Hour)
		if err := f.store.MarkHandled(f.ctx, f.admin, handled); err != nil {
			t.Fatal(err)
		}
		if again, _ := f.store.Get(f.ctx, f.admin, handled); !again.HandledAt.Equal(m.HandledAt) {
			t.Errorf("handled again moved the date to %v", again.HandledAt)
		}
		if err := f.store.Delete(f.ctx, f.admin, deleted); err != nil {
			t.Fatal(err)
		}
		if err := f.store.Delete(f.ctx, f.admin, deleted); !errors.Is(err, feedback.ErrNotFound) {
			t.Errorf("second delete: %v", err)
		}
		open, nOpen, _ := f.store.List(f.ctx, f.admin, feedback.Filter{Status: feedback.Open, Limit: 10})
		done, nDone, _ := f.store.List(f.ctx, f.admin, feedback.Filter{Status: feedback.Handled, Limit: 10})
		if nOpen != 1 || open[0].ID != kept || nDone != 1 || done[0].ID != handled {
			t.Errorf("lists: open %d, handled %d", nOpen, nDone)
		}

		// The day before the deletion date nothing goes; on it the handled
		// message goes, the open one stays, and the rate limit's rows are gone.
		f.now = m.DeleteAfter.Add(-time.Minute)
		if n, err := f.store.PurgeDue(f.ctx); n != 0 || err != nil {
			t.Errorf("purge before the date: %d, %v", n, err)
		}
		f.now = m.DeleteAfter
		if n, err := f.store.PurgeDue(f.ctx); n != 1 || err != nil {
			t.Errorf("purge on the date: %d, %v", n, err)
		}
		if _, err := f.store.Get(f.ctx, f.admin, handled); !errors.Is(err, feedback.ErrNotFound) {
			t.Errorf("purged message still there: %v", err)
		}
		if _, err := f.store.Get(f.ctx, f.admin, kept); err != nil {
			t.Errorf("open message purged: %v", err)
		}
		var senders int
		if err := d.QueryRow(f.ctx, "SELECT COUNT(*) FROM accessibility_feedback_senders").Scan(&senders); err != nil || senders != 0 {
			t.Errorf("%d rate-limit rows left (%v)", senders, err)
		}
		wantAudit(t, f, "feedback.handle", "feedback.delete")
		recs, _ := f.audit.List(f.ctx, audit.Filter{ActionPrefix: "feedback.delete", Limit: 10})
		reasons := ""
		for _, r := range recs {
			reasons += r.Detail["reason"] + ","
		}
		if reasons != "retention,admin," {
			t.Errorf("delete reasons %q, want retention and admin", reasons)
		}
	})
}
