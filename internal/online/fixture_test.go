package online_test

import (
	"context"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/asbrowser"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// fixture: office A in Hannover (German, Arabic; takes MBE online) with
// counselors a1, a2 (keys) and a3 (no key); office B in Göttingen (German,
// Turkish; takes MBE) with counselor b1 (key).
type fixture struct {
	srv            *apptest.Server
	s              *online.Store
	officeA        string
	officeB        string
	a1, a2, a3, b1 auth.Principal
	keys           map[string]e2e.Identity
}

func forEachEngine(t *testing.T, fn func(t *testing.T, fx *fixture)) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { fn(t, newFixture(t, engine == "postgres")) })
	}
}

var editor = network.EditorOf(auth.SystemPrincipal("online-test"))

func newFixture(t testing.TB, postgres bool) *fixture {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{Postgres: postgres})
	fx := &fixture{srv: srv, s: srv.App.Online, keys: map[string]e2e.Identity{}}
	fx.officeA = fx.office(t, "Online A", "30159", "Hannover", []string{"de", "ar"})
	fx.officeB = fx.office(t, "Online B", "37073", "Göttingen", []string{"de", "tr"})
	if err := srv.App.Finder.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	lead := func(office string) auth.Principal {
		return srv.Principal(t, srv.CreateAccount(t, "lead-"+office+"@o.example", perm.OfficeLead, perm.Office, office))
	}
	for _, o := range []string{fx.officeA, fx.officeB} {
		if err := fx.s.SetOfficeSettings(context.Background(), lead(o), online.OfficeSettings{OfficeID: o, Programs: []string{"mbe"}}); err != nil {
			t.Fatal(err)
		}
	}
	who := func(email, office string, key bool) auth.Principal {
		p := srv.Principal(t, srv.CreateAccount(t, email, perm.Counselor, perm.Office, office))
		if key {
			fx.keys[p.UserID()] = staffKey(t, fx.s, p)
		}
		return p
	}
	fx.a1, fx.a2, fx.a3 = who("a1@o.example", fx.officeA, true), who("a2@o.example", fx.officeA, true), who("a3@o.example", fx.officeA, false)
	fx.b1 = who("b1@o.example", fx.officeB, true)
	return fx
}

func (fx *fixture) office(t testing.TB, name, postcode, city string, langs []string) string {
	t.Helper()
	ctx := context.Background()
	org, err := fx.srv.App.Network.CreateOrganisation(ctx, editor, network.OrganisationInput{Name: "Träger " + name, Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := fx.srv.App.Network.CreateOffice(ctx, editor, network.OfficeInput{OrganisationID: org.ID, Name: name, Street: "Hauptstraße 1",
		Postcode: postcode, City: city, Languages: langs, Programs: []string{"mbe"}}, fx.srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// staffKey sets up p's key as the browser does.
func staffKey(t testing.TB, s *online.Store, p auth.Principal) e2e.Identity {
	t.Helper()
	id, err := asbrowser.StaffKey(context.Background(), s, p, "schluesselkennwort")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// client is an anonymous account made as the browser makes it.
type client = asbrowser.Client

func (fx *fixture) signUp(t testing.TB, nickname string) client {
	t.Helper()
	c, err := asbrowser.SignUp(context.Background(), fx.s, nickname, "ein sehr langes Passwort", "ar")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func signUpOf(t testing.TB, c client) online.SignUp {
	t.Helper()
	u, err := asbrowser.SignUpAgain(c, c.Nickname, "ar")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// enquiry is an Arabic MBE enquiry from Hannover.
var enquiry = online.Enquiry{Topic: "residence_law", Postcode: "30159", AgeGroup: online.AgeAdult, Lang: "ar"}

// start opens a conversation as the browser does and returns its id and key.
func (fx *fixture) start(t testing.TB, c client, e online.Enquiry, text string) (string, []byte) {
	t.Helper()
	id, ck, err := asbrowser.Start(context.Background(), fx.s, c, e, text)
	if err != nil {
		t.Fatal(err)
	}
	return id, ck
}

func wrapFor(t testing.TB, ck []byte, id string, rs []online.Recipient) []online.Key {
	t.Helper()
	keys, err := asbrowser.Wrap(ck, id, rs)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func encrypt(t testing.TB, ck []byte, id string, seq int, sender, text string) online.Message {
	t.Helper()
	body, err := e2e.EncryptMessage(ck, id, 1, seq, sender, text)
	if err != nil {
		t.Fatal(err)
	}
	return online.Message{Seq: seq, Epoch: 1, SenderID: sender, Body: body}
}
