package volunteer_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
	"github.com/kmn-niedersachsen/kmn/internal/volunteer"
)

// fixture: the store with a mailer that records, a coordinator of the
// Hannover region, a counselor of a Hannover office and a coordinator of
// another region.
type fixture struct {
	srv                         *apptest.Server
	s                           *volunteer.Store
	coord, counselor, elsewhere auth.Principal
	office                      string
	mu                          sync.Mutex
	mails                       []volunteer.Mail
}

func forEachEngine(t *testing.T, fn func(t *testing.T, fx *fixture)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { fn(t, newFixture(t, engine == "postgres")) })
	}
}

func newFixture(t testing.TB, postgres bool) *fixture {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{Postgres: postgres})
	fx := &fixture{srv: srv, office: srv.Office(t, "vol-office")}
	fx.s = volunteer.NewStore(srv.App.DB, srv.App.Audit, srv.App.Keys, volunteer.Options{Clock: srv.App.Clock, EmailKey: []byte("k"),
		Places: srv.App.Geo, Mail: func(_ context.Context, _ *db.Tx, m volunteer.Mail) error {
			fx.mu.Lock()
			fx.mails = append(fx.mails, m)
			fx.mu.Unlock()
			return nil
		}})
	fx.coord = srv.Principal(t, srv.CreateAccount(t, "coord-vol@example.org", perm.RegionCoordinator, perm.Region, "hannover"))
	fx.elsewhere = srv.Principal(t, srv.CreateAccount(t, "coord-ol@example.org", perm.RegionCoordinator, perm.Region, "oldenburger-land"))
	fx.counselor = srv.Principal(t, srv.CreateAccount(t, "berater-vol@example.org", perm.Counselor, perm.Office, fx.office))
	return fx
}

// mail is the newest mail of kind to addr.
func (fx *fixture) mail(t *testing.T, kind, to string) volunteer.Mail {
	t.Helper()
	fx.mu.Lock()
	defer fx.mu.Unlock()
	for i := len(fx.mails) - 1; i >= 0; i-- {
		if m := fx.mails[i]; m.Kind == kind && m.To == to {
			return m
		}
	}
	t.Fatalf("no %s mail to %s", kind, to)
	return volunteer.Mail{}
}

// everyDay is available 08:00–20:00 every day.
func everyDay() []volunteer.Slot {
	var out []volunteer.Slot
	for d := time.Sunday; d <= time.Saturday; d++ {
		out = append(out, volunteer.Slot{Weekday: d, From: 8 * 60, Till: 20 * 60})
	}
	return out
}

func signUp(email, lang, postcode string) volunteer.SignUpInput {
	return volunteer.SignUpInput{Name: "Olena " + email, Email: email, Lang: "uk", Postcode: postcode, Activities: []string{"mediation"},
		Languages: []volunteer.Language{{Code: lang, Level: 5}, {Code: "de", Level: 3}}, Slots: everyDay(), Consent: true}
}

// confirmed signs a volunteer up, confirms the address and has the
// coordinator confirm them; it returns their id and personal token.
func (fx *fixture) confirmed(t *testing.T, email, lang string) (string, string) {
	t.Helper()
	ctx := context.Background()
	if err := fx.s.SignUp(ctx, signUp(email, lang, "30159")); err != nil {
		t.Fatal(err)
	}
	if err := fx.s.ConfirmEmail(ctx, fx.mail(t, volunteer.MailConfirm, email).Link); err != nil {
		t.Fatal(err)
	}
	vs, err := fx.s.List(ctx, fx.coord, volunteer.Filter{Query: email})
	if err != nil || len(vs) != 1 {
		t.Fatalf("list %s: %v %d", email, err, len(vs))
	}
	if err := fx.s.Confirm(ctx, fx.coord, vs[0].ID, true, "Gespräch am Montag"); err != nil {
		t.Fatal(err)
	}
	return vs[0].ID, fx.mail(t, volunteer.MailWelcome, email).Link
}

// at is day days ahead at hour o'clock in Lower Saxony.
func (fx *fixture) at(day, hour int) time.Time {
	d := fx.srv.Clock.Now().In(clock.Berlin()).AddDate(0, 0, day)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, clock.Berlin())
}

func (fx *fixture) request(t testing.TB, lang string, start time.Time) string {
	t.Helper()
	id, err := fx.s.CreateRequest(context.Background(), fx.counselor, volunteer.RequestInput{OfficeID: fx.office, Language: lang,
		Start: start, Minutes: 60, Mode: "in_person", Place: "Beratungsstelle", Sensitivity: "residence"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func fields(err error) []string {
	var e valid.Errors
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, p := range e {
		out = append(out, p.Field)
	}
	return out
}
