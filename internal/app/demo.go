package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
	"github.com/kmn-niedersachsen/kmn/internal/feedback"
)

// DemoAccount is one account of the demo data. The README lists them all.
type DemoAccount struct {
	Email, Name, Password, TOTPSecret string
	Role                              perm.Role
	ScopeKind                         perm.ScopeKind
	ScopeID                           string
}

// DemoAccounts has one account per role. The passwords and TOTP secrets are
// public (README): demo mode is for trying the platform, never for real data.
var DemoAccounts = []DemoAccount{
	{"admin@kmn.example", "Ada Admin", "demo-passwort-admin", "ADMINDEMOKMN2345", perm.Admin, perm.Statewide, ""},
	{"ministerium@kmn.example", "Mina Ministerium", "demo-passwort-ministerium", "MINISTRYDEMO2345", perm.Ministry, perm.Statewide, ""},
	{"region@kmn.example", "Rainer Region", "demo-passwort-region", "REGIONDEMOKMN234", perm.RegionCoordinator, perm.Region, "braunschweig"},
	{"leitung@kmn.example", "Lea Leitung", "demo-passwort-leitung", "LEADDEMOKMN23456", perm.OfficeLead, perm.Office, demo.HannoverOfficeID},
	{"beratung@kmn.example", "Bora Beratung", "demo-passwort-beratung", "COUNSELORDEMO234", perm.Counselor, perm.Office, demo.HannoverOfficeID},
	{"partner@kmn.example", "Paul Partner", "demo-passwort-partner", "PARTNERDEMOKMN23", perm.Partner, perm.Organisation, demo.AgencyHannoverID},
}

// LoadDemo loads the demo network at scale 1 with staff (when the registry
// has no office yet) and creates the demo accounts that do not exist yet.
func (a *App) LoadDemo(ctx context.Context) error {
	_, err := a.LoadDemoScale(ctx, 1)
	return err
}

// LoadDemoScale is LoadDemo with scale times the counseling offices, for
// load tests. The Stats are zero when the registry had offices already.
// The demo accounts' office gets a caseload the first time (DemoCaseload).
func (a *App) LoadDemoScale(ctx context.Context, scale int) (demo.Stats, error) {
	st, err := demo.Generate(ctx, demo.Deps{Network: a.Network, Geo: a.Geo, Auth: a.Auth},
		demo.Options{Scale: scale, Staff: true})
	if err != nil {
		return st, fmt.Errorf("app: demo network: %w", err)
	}
	users := map[string]*auth.User{}
	for _, d := range DemoAccounts {
		u, err := a.Auth.SeedUser(ctx, auth.NewUser{Email: d.Email, Name: d.Name, Role: d.Role, ScopeKind: d.ScopeKind, ScopeID: d.ScopeID}, d.Password, d.TOTPSecret)
		if err != nil {
			return st, fmt.Errorf("app: demo account %s: %w", d.Email, err)
		}
		users[d.Email] = u
	}
	if st.Files, err = a.demoCaseload(ctx, users["beratung@kmn.example"], users["leitung@kmn.example"]); err != nil {
		return st, fmt.Errorf("app: demo caseload: %w", err)
	}
	if st.Files > 0 {
		if err := a.demoReferrals(ctx, users["beratung@kmn.example"], users["partner@kmn.example"]); err != nil {
			return st, fmt.Errorf("app: demo referrals: %w", err)
		}
		if err := a.demoOnline(ctx, users["beratung@kmn.example"], users["leitung@kmn.example"]); err != nil {
			return st, fmt.Errorf("app: demo online counseling: %w", err)
		}
		if err := a.demoEvents(ctx, users["region@kmn.example"]); err != nil {
			return st, fmt.Errorf("app: demo events: %w", err)
		}
		if err := a.demoRegional(ctx, users); err != nil {
			return st, fmt.Errorf("app: demo regional networks: %w", err)
		}
		if err := a.demoMSOs(ctx, users); err != nil {
			return st, fmt.Errorf("app: demo MSOs: %w", err)
		}
		if err := a.demoVolunteerWork(ctx, users); err != nil {
			return st, fmt.Errorf("app: demo volunteers: %w", err)
		}
		if err := a.demoStatistics(ctx, users["beratung@kmn.example"].ScopeID); err != nil {
			return st, fmt.Errorf("app: demo statistics: %w", err)
		}
		// The day's deadline notifications, as the 07:00 task makes them,
		// so the bells have something to show from the first minute.
		if _, err := a.Notify.SendDigests(ctx); err != nil {
			return st, fmt.Errorf("app: demo digest: %w", err)
		}
	}
	if st.Files > 0 { // the first demo load: the admin's inbox gets two messages
		for _, in := range demoFeedback {
			if _, err := a.Feedback.Submit(ctx, auth.Principal{}, in); err != nil {
				return st, fmt.Errorf("app: demo feedback: %w", err)
			}
		}
	}
	return st, nil
}

// demoFeedback are invented messages of the accessibility statement's
// form, so the admin's inbox shows how they arrive.
var demoFeedback = []feedback.Input{
	{Lang: "de", Page: "/de/search", Message: "Die Karte lässt sich mit der Tastatur nicht bedienen. Die Liste darunter geht gut."},
	{Lang: "ar", Page: "/ar/offices", Message: "النص عن المواعيد موجود بالألمانية فقط. هل يمكن ترجمته؟"},
}

// demoCaseloadFiles is the size of the demo office's caseload: enough to
// page through and filter, small enough to load in well under a second.
const demoCaseloadFiles = 48

// demoCaseload gives the demo counselor's office its files (with every
// deadline state among the counselor's own) and two substitutions, one in
// force and one to come, unless the office has files already. It returns
// the number of files created.
func (a *App) demoCaseload(ctx context.Context, counselor, lead *auth.User) (int, error) {
	office := counselor.ScopeID
	if n, err := a.Cases.OfficeFileCount(ctx, office); err != nil || n > 0 {
		return 0, err
	}
	today := a.Clock.Today()
	st, err := demo.Caseload(ctx, a.Cases, demo.CaseloadOptions{OfficeID: office, Counselor: counselor.ID,
		Files: demoCaseloadFiles, Today: today})
	if err != nil {
		return 0, err
	}
	return st.Files, a.demoSubstitutions(ctx, office, counselor, lead, today)
}

// demoSubstitutions: the demo counselor stands in for a colleague this
// week, and that colleague covers the counselor's leave next month; the
// lead records both, as leads do.
func (a *App) demoSubstitutions(ctx context.Context, office string, counselor, lead *auth.User, today time.Time) error {
	staff, err := a.Auth.OfficeStaff(ctx, office)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(staff, func(m auth.StaffMember) bool {
		return m.Role == perm.Counselor && m.UserID != counselor.ID
	})
	if i < 0 {
		return nil
	}
	colleague := staff[i].UserID
	for _, in := range []casework.SubstitutionInput{
		{OfficeID: office, AbsentID: colleague, SubstituteID: counselor.ID, StartsOn: today, EndsOn: today.AddDate(0, 0, 6)},
		{OfficeID: office, AbsentID: counselor.ID, SubstituteID: colleague, StartsOn: today.AddDate(0, 0, 30), EndsOn: today.AddDate(0, 0, 44)},
	} {
		if err := a.Cases.SeedSubstitution(ctx, lead.ID, in); err != nil {
			return fmt.Errorf("substitution: %w", err)
		}
	}
	return nil
}
