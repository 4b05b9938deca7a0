// Package asbrowser does in Go what the browser's online counseling
// scripts do (docs/E2E.md): sign up an anonymous client, set up a
// counselor's key, open a conversation with its keys and first message.
// Demo data, the load benchmark and tests use it, so that everything they
// store has the same shape as what browsers store — and no plaintext.
package asbrowser

import (
	"context"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// Client is an anonymous account as its browser knows it.
type Client struct {
	ID, Nickname, Password, Code string
	Key                          e2e.Identity
	// Auth is what the browser sends to log in with Password.
	Auth string
}

// NewSignUp derives what a browser sends to sign up with nickname and
// password, with a fresh identity key and recovery code.
func NewSignUp(nickname, password, lang string) (online.SignUp, Client, error) {
	c := Client{Nickname: nickname, Password: password, Code: e2e.NewRecoveryCode()}
	var err error
	if c.Key, err = e2e.NewIdentity(); err != nil {
		return online.SignUp{}, c, err
	}
	u, err := signUpOf(c, lang)
	return u, c, err
}

// SignUpAgain is the sign-up of the same client's key and secrets under
// another nickname (tests of refusals).
func SignUpAgain(c Client, nickname, lang string) (online.SignUp, error) {
	c.Nickname = nickname
	return signUpOf(c, lang)
}

func signUpOf(c Client, lang string) (online.SignUp, error) {
	salt, rsalt := e2e.NewSalt(), e2e.NewSalt()
	auth1, wrap, err := e2e.PasswordSecrets(c.Password, salt)
	if err != nil {
		return online.SignUp{}, err
	}
	rauth, rwrap, err := e2e.RecoverySecrets(c.Code, rsalt)
	if err != nil {
		return online.SignUp{}, err
	}
	byPassword, err := e2e.SealPrivateKey(c.Key, wrap)
	if err != nil {
		return online.SignUp{}, err
	}
	byRecovery, err := e2e.SealPrivateKey(c.Key, rwrap)
	if err != nil {
		return online.SignUp{}, err
	}
	return online.SignUp{Nickname: c.Nickname, Lang: lang, Salt: e2e.Encode(salt), Auth: e2e.Encode(auth1),
		RecoverySalt: e2e.Encode(rsalt), RecoveryAuth: e2e.Encode(rauth), PublicKey: c.Key.PublicB64(),
		PrivateByPassword: byPassword, PrivateByRecovery: byRecovery}, nil
}

// SignUp opens the account in the store.
func SignUp(ctx context.Context, s *online.Store, nickname, password, lang string) (Client, error) {
	u, c, err := NewSignUp(nickname, password, lang)
	if err != nil {
		return c, err
	}
	c.Auth = u.Auth
	c.ID, _, err = s.Register(ctx, u)
	return c, err
}

// StaffKey sets up p's identity key under passphrase.
func StaffKey(ctx context.Context, s *online.Store, p auth.Principal, passphrase string) (e2e.Identity, error) {
	id, err := e2e.NewIdentity()
	if err != nil {
		return id, err
	}
	salt := e2e.NewSalt()
	_, wrap, err := e2e.PasswordSecrets(passphrase, salt)
	if err != nil {
		return id, err
	}
	sealed, err := e2e.SealPrivateKey(id, wrap)
	if err != nil {
		return id, err
	}
	return id, s.SetStaffKey(ctx, p, online.StaffKey{PublicKey: id.PublicB64(), Salt: e2e.Encode(salt), PrivateByPassword: sealed})
}

// Start opens a conversation as the client's browser does: the route, the
// key of epoch 1 wrapped for every recipient, the first message. It
// returns the conversation's id and key.
func Start(ctx context.Context, s *online.Store, c Client, e online.Enquiry, text string) (string, []byte, error) {
	route, err := s.RouteOf(ctx, e)
	if err != nil {
		return "", nil, err
	}
	id, ck := online.NewConversationID(), e2e.NewConversationKey()
	keys, err := Wrap(ck, id, append([]online.Recipient{{ID: c.ID, PublicKey: c.Key.PublicB64(), Client: true}}, route.Staff...))
	if err != nil {
		return "", nil, err
	}
	first, err := e2e.EncryptMessage(ck, id, 1, 1, c.ID, text)
	if err != nil {
		return "", nil, err
	}
	err = s.StartConversation(ctx, c.ID, online.Start{ID: id, Enquiry: e, Keys: keys,
		First: online.Message{Seq: 1, Epoch: 1, SenderID: c.ID, Body: first}})
	return id, ck, err
}

// Wrap wraps the conversation key of epoch 1 for each recipient.
func Wrap(ck []byte, id string, rs []online.Recipient) ([]online.Key, error) {
	var keys []online.Key
	for _, r := range rs {
		w, err := e2e.WrapConversationKey(ck, r.PublicKey, id, 1, r.ID)
		if err != nil {
			return nil, err
		}
		keys = append(keys, online.Key{Epoch: 1, RecipientID: r.ID, Wrapped: w})
	}
	return keys, nil
}
