package regional_test

import (
	"context"
	"sync"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// fixture: the store of a whole test platform with a recording mailer
// and notifier; region "hannover" with its coordinator and one member
// organisation (a counselor of its office represents it), and region
// "braunschweig" with a coordinator and a member of its own.
type fixture struct {
	srv *apptest.Server
	s   *regional.Store

	ministry, coord, member, otherCoord, other apptest.Account
	// memberOrg is the organisation of member's office; otherOrg other's.
	memberOrg, otherOrg string
	// memberID is memberOrg's row in hannover's network.
	memberID string

	mu      sync.Mutex
	mails   []regional.Invitation
	notices []regional.Notice
}

func forEachEngine(t *testing.T, fn func(t *testing.T, fx *fixture)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { fn(t, newFixture(t, engine == "postgres")) })
	}
}

func newFixture(t *testing.T, postgres bool) *fixture {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{Postgres: postgres})
	fx := &fixture{srv: srv}
	fx.s = regional.NewStore(srv.App.DB, srv.App.Audit, srv.App.Keys, regional.Options{Clock: srv.App.Clock,
		Mail: func(_ context.Context, _ *db.Tx, inv regional.Invitation) error {
			fx.mu.Lock()
			fx.mails = append(fx.mails, inv)
			fx.mu.Unlock()
			return nil
		},
		Notify: func(_ context.Context, _ *db.Tx, n regional.Notice) error {
			fx.mu.Lock()
			fx.notices = append(fx.notices, n)
			fx.mu.Unlock()
			return nil
		}})
	fx.ministry = srv.CreateAccount(t, "ministerium-rv@example.org", perm.Ministry, perm.Statewide, "")
	fx.coord = srv.CreateAccount(t, "koordination-h@example.org", perm.RegionCoordinator, perm.Region, "hannover")
	fx.otherCoord = srv.CreateAccount(t, "koordination-bs@example.org", perm.RegionCoordinator, perm.Region, "braunschweig")
	fx.member = srv.CreateAccount(t, "vertretung-h@example.org", perm.Counselor, perm.Office, "rv-office-h")
	fx.other = srv.CreateAccount(t, "vertretung-bs@example.org", perm.Partner, perm.Organisation, "rv-org-bs")
	fx.otherOrg = fx.other.ScopeID
	ctx := context.Background()
	if err := srv.App.DB.QueryRow(ctx, "SELECT organisation_id FROM offices WHERE id = ?", fx.member.ScopeID).Scan(&fx.memberOrg); err != nil {
		t.Fatal(err)
	}
	var err error
	if fx.memberID, err = fx.s.AddMember(ctx, fx.x(t, fx.coord), "hannover", fx.memberOrg); err != nil {
		t.Fatal(err)
	}
	if err := fx.s.SetRepresentatives(ctx, fx.x(t, fx.coord), "hannover", fx.memberID, fx.member.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.s.AddMember(ctx, fx.x(t, fx.otherCoord), "braunschweig", fx.otherOrg); err != nil {
		t.Fatal(err)
	}
	return fx
}

// x is account a's participant view, built as for a request.
func (fx *fixture) x(t *testing.T, a apptest.Account) regional.Participant {
	t.Helper()
	x, err := fx.s.ParticipantOf(context.Background(), fx.srv.Principal(t, a))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// noticesFor lists the notices to user so far.
func (fx *fixture) noticesFor(user string) []regional.Notice {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	var out []regional.Notice
	for _, n := range fx.notices {
		if n.UserID == user {
			out = append(out, n)
		}
	}
	return out
}
