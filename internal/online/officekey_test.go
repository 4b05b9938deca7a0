package online_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// TestCounselorKeyRecovery: a counselor who forgot the key passphrase gets
// the same key back under a new one: escrowed to the office's recovery key,
// released by the lead with the office's recovery code, re-sealed in the
// counselor's browser. Everything done here in Go as the browsers do it.
func TestCounselorKeyRecovery(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		lead := fx.srv.Principal(t, fx.srv.CreateAccount(t, "lead-rec@o.example", perm.OfficeLead, perm.Office, fx.officeA))
		code, office := e2e.NewRecoveryCode(), mustIdentity(t)
		rsalt := e2e.NewSalt()
		_, rwrap, _ := e2e.RecoverySecrets(code, rsalt)
		sealedOffice, _ := e2e.SealPrivateKey(office, rwrap)
		ok := online.OfficeKey{OfficeID: fx.officeA, PublicKey: office.PublicB64(), Salt: e2e.Encode(rsalt), PrivateByCode: sealedOffice}
		if err := fx.s.SetOfficeKey(ctx, fx.a1, ok); !errors.Is(err, online.ErrNotFound) {
			t.Errorf("a counselor sets the office key: %v", err)
		}
		if err := fx.s.SetOfficeKey(ctx, lead, ok); err != nil {
			t.Fatal(err)
		}
		targets, err := fx.s.EscrowTargets(ctx, fx.a1)
		if err != nil || len(targets) != 1 || targets[0].PublicKey != office.PublicB64() {
			t.Fatalf("escrow targets = %+v, %v", targets, err)
		}
		mine := fx.keys[fx.a1.UserID()]
		if err := fx.s.SetEscrow(ctx, fx.a1, []online.Escrow{escrowFor(t, mine, targets[0], fx.a1.UserID())}); err != nil {
			t.Fatal(err)
		}
		if targets, _ := fx.s.EscrowTargets(ctx, fx.a1); len(targets) != 0 {
			t.Errorf("escrow targets after the escrow: %+v", targets)
		}
		// Forgotten: a transport key under the new passphrase.
		transport, newSalt := mustIdentity(t), e2e.NewSalt()
		_, newWrap, _ := e2e.PasswordSecrets("ein neues Schlüsselkennwort", newSalt)
		sealedT, _ := e2e.SealPrivateKey(transport, newWrap)
		if err := fx.s.RequestKeyReset(ctx, fx.a1, online.StaffKey{PublicKey: transport.PublicB64(), Salt: e2e.Encode(newSalt), PrivateByPassword: sealedT}); err != nil {
			t.Fatal(err)
		}
		if err := fx.s.CompleteKeyReset(ctx, fx.a1, e2e.Encode(newSalt), sealedT); !errors.Is(err, online.ErrChanged) {
			t.Errorf("completing before the grant: %v", err)
		}
		if _, err := fx.s.PendingResets(ctx, fx.a2, fx.officeA); !errors.Is(err, online.ErrNotFound) {
			t.Errorf("a counselor lists resets: %v", err)
		}
		pending, err := fx.s.PendingResets(ctx, lead, fx.officeA)
		if err != nil || len(pending) != 1 || pending[0].UserID != fx.a1.UserID() {
			t.Fatalf("pending = %+v, %v", pending, err)
		}
		grant := leadGrants(t, code, ok, pending[0])
		otherLead := fx.srv.Principal(t, fx.srv.CreateAccount(t, "lead-b-rec@o.example", perm.OfficeLead, perm.Office, fx.officeB))
		if err := fx.s.GrantKeyReset(ctx, otherLead, fx.officeB, fx.a1.UserID(), grant); !errors.Is(err, online.ErrNotFound) {
			t.Errorf("another office's lead grants: %v", err)
		}
		if err := fx.s.GrantKeyReset(ctx, lead, fx.officeA, fx.a1.UserID(), grant); err != nil {
			t.Fatal(err)
		}
		recovered := counselorCompletes(t, fx, fx.a1, newWrap)
		if recovered.PublicB64() != mine.PublicB64() {
			t.Error("the recovered key is another one")
		}
		k, err := fx.s.StaffKeyOf(ctx, fx.a1)
		if err != nil || k.PublicKey != mine.PublicB64() {
			t.Fatalf("staff key after the reset: %+v, %v", k, err)
		}
		if opened, err := e2e.OpenPrivateKey(k.PrivateByPassword, newWrap); err != nil || opened.PublicB64() != mine.PublicB64() {
			t.Errorf("the new passphrase does not open the key: %v", err)
		}
	})
}

func mustIdentity(t *testing.T) e2e.Identity {
	t.Helper()
	id, err := e2e.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// escrowFor seals key under a fresh key wrapped for the office's recovery key.
func escrowFor(t *testing.T, key e2e.Identity, office online.OfficeKey, userID string) online.Escrow {
	t.Helper()
	k := e2e.NewConversationKey()
	wrapped, err := e2e.WrapConversationKey(k, office.PublicKey, "escrow-"+office.OfficeID, 1, userID)
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := e2e.SealPrivateKey(key, k)
	return online.Escrow{OfficeID: office.OfficeID, WrappedKey: wrapped, SealedPrivate: sealed}
}

// leadGrants opens the office key with the code, the escrow with it, and
// re-wraps the counselor's key for the request's transport key.
func leadGrants(t *testing.T, code string, ok online.OfficeKey, r online.KeyReset) online.Escrow {
	t.Helper()
	salt, _ := e2e.Decode(ok.Salt)
	_, rwrap, _ := e2e.RecoverySecrets(code, salt)
	office, err := e2e.OpenPrivateKey(ok.PrivateByCode, rwrap)
	if err != nil {
		t.Fatal(err)
	}
	k, err := e2e.UnwrapConversationKey(r.Escrow.WrappedKey, office, "escrow-"+ok.OfficeID, 1, r.UserID)
	if err != nil {
		t.Fatal(err)
	}
	key, err := e2e.OpenPrivateKey(r.Escrow.SealedPrivate, k)
	if err != nil {
		t.Fatal(err)
	}
	k2 := e2e.NewConversationKey()
	wrapped, _ := e2e.WrapConversationKey(k2, r.PublicKey, "reset-"+r.UserID, 1, r.UserID)
	sealed, _ := e2e.SealPrivateKey(key, k2)
	return online.Escrow{OfficeID: ok.OfficeID, WrappedKey: wrapped, SealedPrivate: sealed}
}

// counselorCompletes opens the granted key with the transport key and
// seals it under the new passphrase's wrap key.
func counselorCompletes(t *testing.T, fx *fixture, p auth.Principal, newWrap []byte) e2e.Identity {
	t.Helper()
	ctx := context.Background()
	r, err := fx.s.KeyResetOf(ctx, p)
	if err != nil || !r.Granted {
		t.Fatalf("reset = %+v, %v", r, err)
	}
	transport, err := e2e.OpenPrivateKey(r.PrivateByPassword, newWrap)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := e2e.UnwrapConversationKey(r.WrappedKey, transport, "reset-"+p.UserID(), 1, p.UserID())
	if err != nil {
		t.Fatal(err)
	}
	key, err := e2e.OpenPrivateKey(r.SealedPrivate, k2)
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := e2e.SealPrivateKey(key, newWrap)
	if err := fx.s.CompleteKeyReset(ctx, p, r.Salt, sealed); err != nil {
		t.Fatal(err)
	}
	return key
}
