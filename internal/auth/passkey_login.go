package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// BeginPasskeySecondFactor starts the second step of a login with one of
// the account's passkeys (the session of token has passed the password).
func (s *Service) BeginPasskeySecondFactor(ctx context.Context, token string) (Ceremony, error) {
	if s.webauthn == nil {
		return Ceremony{}, ErrPasskeysOff
	}
	sess, u, err := s.partial(ctx, token, StageMFA)
	if err != nil {
		return Ceremony{}, err
	}
	x, err := passkeyUserOf(ctx, s.db, u)
	if err != nil {
		return Ceremony{}, err
	}
	return s.beginKnown(ctx, x, "second_factor", sess.ID)
}

// beginKnown starts a ceremony with one of x's passkeys for the session
// sessionID (ErrPasskey when x has none).
func (s *Service) beginKnown(ctx context.Context, x passkeyUser, purpose, sessionID string) (Ceremony, error) {
	if len(x.creds) == 0 {
		return Ceremony{}, ErrPasskey
	}
	options, data, err := s.webauthn.BeginLogin(x, webauthn.WithUserVerification(protocol.VerificationPreferred))
	if err != nil {
		return Ceremony{}, fmt.Errorf("auth: passkey options: %w", err)
	}
	return s.saveChallenge(ctx, purpose, sessionID, data, options)
}

// FinishPasskeySecondFactor completes the login with the browser's
// answer to ceremony id and returns the full session's token.
func (s *Service) FinishPasskeySecondFactor(ctx context.Context, token, id string, response []byte, p Principal) (string, error) {
	sess, u, err := s.partial(ctx, token, StageMFA)
	if err != nil {
		return "", err
	}
	p = p.as(u)
	if err := s.checkThrottle(ctx, u.Email, p, "auth.passkey"); err != nil {
		return "", err
	}
	x, err := passkeyUserOf(ctx, s.db, u)
	if err != nil {
		return "", err
	}
	parsed, perr := protocol.ParseCredentialRequestResponseBytes(response)
	return s.promote(ctx, token, u, p, "auth.login_passkey", func(tx *db.Tx) (bool, error) {
		data, err := s.takeChallenge(ctx, tx, id, "second_factor", sess.ID)
		if err != nil || perr != nil {
			return false, nil
		}
		cred, err := s.webauthn.ValidateLogin(x, data, parsed)
		if err != nil {
			return false, nil
		}
		return s.usedPasskey(ctx, tx, x.u.ID, cred)
	})
}

// usedPasskey stores the credential after a sign-in (its signature
// counter); false refuses a credential that looks cloned (its counter
// went back).
func (s *Service) usedPasskey(ctx context.Context, tx *db.Tx, userID string, cred *webauthn.Credential) (bool, error) {
	if cred.Authenticator.CloneWarning {
		return false, nil
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return false, err
	}
	res, err := tx.Exec(ctx, `UPDATE user_passkeys SET credential = ?, last_used_at = ? WHERE credential_id = ? AND user_id = ?`,
		string(raw), s.now(), credentialKey(cred.ID), userID)
	if err != nil {
		return false, fmt.Errorf("auth: passkey use: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// BeginPasskeySignIn starts a sign-in with a passkey alone: the browser
// offers the passkeys it holds for the platform; user verification (PIN,
// fingerprint) is required, so the passkey is both factors.
func (s *Service) BeginPasskeySignIn(ctx context.Context) (Ceremony, error) {
	if s.webauthn == nil {
		return Ceremony{}, ErrPasskeysOff
	}
	options, data, err := s.webauthn.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return Ceremony{}, fmt.Errorf("auth: passkey options: %w", err)
	}
	return s.saveChallenge(ctx, "sign_in", "", data, options)
}

// FinishPasskeySignIn checks the browser's answer to ceremony id and
// starts a full session of the passkey's account (enabled accounts with
// a completed set-up only); ErrPasskey otherwise, counted like a wrong
// password.
func (s *Service) FinishPasskeySignIn(ctx context.Context, id string, response []byte, p Principal) (string, error) {
	if err := s.checkThrottle(ctx, "", p, "auth.login_passkey"); err != nil {
		return "", err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(response)
	if err != nil {
		return "", s.loginFailed(ctx, "", p, "passkey_refused")
	}
	var token string
	var who *User
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		data, err := s.takeChallenge(ctx, tx, id, "sign_in", "")
		if err != nil {
			return err
		}
		user, cred, err := s.webauthn.ValidatePasskeyLogin(s.discoverable(ctx, tx), data, parsed)
		if err != nil {
			return ErrPasskey
		}
		who = user.(passkeyUser).u
		if ok, err := s.usedPasskey(ctx, tx, who.ID, cred); err != nil || !ok {
			return errors.Join(err, ErrPasskey)
		}
		pw := p.as(who)
		if err := recordAttempt(ctx, tx, s.attemptOf(pw, who.Email, true), s.now()); err != nil {
			return err
		}
		if token, err = createSession(ctx, tx, who.ID, StageFull, p.client.IP, p.client.UserAgent, s.now(), s.absolute); err != nil {
			return err
		}
		return s.record(ctx, tx, pw, "auth.login_passkey", audit.ResultSuccess, "user", who.ID, nil)
	})
	if errors.Is(err, ErrPasskey) {
		return "", s.loginFailed(ctx, "", p, "passkey_refused")
	}
	return token, err
}

// discoverable finds the account of a passkey's user handle (its id):
// enabled accounts whose set-up is complete.
func (s *Service) discoverable(ctx context.Context, tx *db.Tx) webauthn.DiscoverableUserHandler {
	return func(_, userHandle []byte) (webauthn.User, error) {
		u, err := UserByID(ctx, tx, string(userHandle))
		if err != nil {
			return nil, err
		}
		if u.Disabled || !u.TOTPEnabled {
			return nil, ErrPasskey
		}
		return passkeyUserOf(ctx, tx, u)
	}
}

// BeginPasskeyStepUp starts renewing the second factor of p's session
// with a passkey before a dangerous action.
func (s *Service) BeginPasskeyStepUp(ctx context.Context, p Principal) (Ceremony, error) {
	x, err := s.passkeyAccount(ctx, p)
	if err != nil {
		return Ceremony{}, err
	}
	return s.beginKnown(ctx, x, "step_up", p.sessionID)
}

// FinishPasskeyStepUp renews the session's second factor with the
// browser's answer (audited as "auth.step_up" like a code).
func (s *Service) FinishPasskeyStepUp(ctx context.Context, p Principal, id string, response []byte) error {
	x, err := s.passkeyAccount(ctx, p)
	if err != nil {
		return err
	}
	if err := s.checkThrottle(ctx, x.u.Email, p, "auth.step_up"); err != nil {
		return err
	}
	parsed, perr := protocol.ParseCredentialRequestResponseBytes(response)
	refused := false
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		data, err := s.takeChallenge(ctx, tx, id, "step_up", p.sessionID)
		if err != nil || perr != nil {
			refused = true
			return nil
		}
		cred, err := s.webauthn.ValidateLogin(x, data, parsed)
		if err != nil {
			refused = true
			return nil
		}
		if ok, err := s.usedPasskey(ctx, tx, x.u.ID, cred); err != nil || !ok {
			refused = err == nil
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE sessions SET factor_at = ? WHERE id = ? AND user_id = ?", s.now(), p.sessionID, x.u.ID); err != nil {
			return fmt.Errorf("auth: step-up: %w", err)
		}
		return s.record(ctx, tx, p, "auth.step_up", audit.ResultSuccess, "user", x.u.ID, map[string]string{"factor": "passkey"})
	})
	if err == nil && refused {
		return s.codeFailed(ctx, x.u, p, "auth.step_up")
	}
	return err
}
