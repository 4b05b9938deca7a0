package online_test

import (
	"context"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/online"
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
	id, err := e2e.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	salt := e2e.NewSalt()
	_, wrap, err := e2e.PasswordSecrets("schluesselkennwort", salt)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := e2e.SealPrivateKey(id, wrap)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStaffKey(context.Background(), p, online.StaffKey{PublicKey: id.PublicB64(), Salt: e2e.Encode(salt), PrivateByPassword: sealed}); err != nil {
		t.Fatal(err)
	}
	return id
}

// client is an anonymous account made as the browser makes it.
type client struct {
	id, nickname, password, code string
	key                          e2e.Identity
}

func (fx *fixture) signUp(t testing.TB, nickname string) client {
	t.Helper()
	c := client{nickname: nickname, password: "ein sehr langes Passwort", code: e2e.NewRecoveryCode()}
	var err error
	if c.key, err = e2e.NewIdentity(); err != nil {
		t.Fatal(err)
	}
	id, _, err := fx.s.Register(context.Background(), signUpOf(t, c))
	if err != nil {
		t.Fatal(err)
	}
	c.id = id
	return c
}

func signUpOf(t testing.TB, c client) online.SignUp {
	t.Helper()
	salt, rsalt := e2e.NewSalt(), e2e.NewSalt()
	auth1, wrap, err := e2e.PasswordSecrets(c.password, salt)
	if err != nil {
		t.Fatal(err)
	}
	rauth, rwrap, err := e2e.RecoverySecrets(c.code, rsalt)
	if err != nil {
		t.Fatal(err)
	}
	byPw, _ := e2e.SealPrivateKey(c.key, wrap)
	byRec, _ := e2e.SealPrivateKey(c.key, rwrap)
	return online.SignUp{Nickname: c.nickname, Lang: "ar", Salt: e2e.Encode(salt), Auth: e2e.Encode(auth1),
		RecoverySalt: e2e.Encode(rsalt), RecoveryAuth: e2e.Encode(rauth), PublicKey: c.key.PublicB64(),
		PrivateByPassword: byPw, PrivateByRecovery: byRec}
}

// enquiry is an Arabic MBE enquiry from Hannover.
var enquiry = online.Enquiry{Topic: "residence_law", Postcode: "30159", AgeGroup: online.AgeAdult, Lang: "ar"}

// start opens a conversation as the browser does and returns its id and key.
func (fx *fixture) start(t testing.TB, c client, e online.Enquiry, text string) (string, []byte) {
	t.Helper()
	ctx := context.Background()
	route, err := fx.s.RouteOf(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	id, ck := online.NewConversationID(), e2e.NewConversationKey()
	keys := wrapFor(t, ck, id, append([]online.Recipient{{ID: c.id, PublicKey: c.key.PublicB64(), Client: true}}, route.Staff...))
	if err := fx.s.StartConversation(ctx, c.id, online.Start{ID: id, Enquiry: e, Keys: keys, First: encrypt(t, ck, id, 1, c.id, text)}); err != nil {
		t.Fatal(err)
	}
	return id, ck
}

func wrapFor(t testing.TB, ck []byte, id string, rs []online.Recipient) []online.Key {
	t.Helper()
	var keys []online.Key
	for _, r := range rs {
		w, err := e2e.WrapConversationKey(ck, r.PublicKey, id, 1, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, online.Key{Epoch: 1, RecipientID: r.ID, Wrapped: w})
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
