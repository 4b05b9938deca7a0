package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Errors of single sign-on.
var (
	// ErrSSO: the sign-in at the provider did not complete (unknown,
	// used or expired state, a code or token that does not verify, a
	// disabled account); one message for all.
	ErrSSO = errors.New("auth: single sign-on failed")
	// ErrSSOUnknown: the provider vouched for somebody who has no account
	// here (accounts are made by the platform's admins, not by the IdP).
	ErrSSOUnknown = errors.New("auth: no account for this sign-in")
)

// ssoLoginLifetime bounds the way to the provider and back.
const ssoLoginLifetime = 10 * time.Minute

// ssoClaims are the ID token's claims the platform reads.
type ssoClaims struct {
	Subject       string   `json:"sub"`
	SessionID     string   `json:"sid"`
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	AMR           []string `json:"amr"`
}

// multiFactor reports whether the provider says it checked more than a
// password (RFC 8176 values).
func (c ssoClaims) multiFactor() bool {
	return slices.ContainsFunc(c.AMR, func(m string) bool {
		return slices.Contains([]string{"mfa", "otp", "hwk", "swk", "fpt", "face", "iris", "sc", "sms", "pin"}, m)
	})
}

// ssoClient discovers the provider (cached per issuer) and builds the
// OAuth2 configuration for the platform.
func (s *Service) ssoClient(ctx context.Context, prov *SSOProvider, secret string) (*oidc.Provider, oauth2.Config, error) {
	var op *oidc.Provider
	if cached, ok := s.oidcProviders.Load(prov.Issuer); ok {
		op = cached.(*oidc.Provider)
	} else {
		var err error
		if op, err = oidc.NewProvider(ctx, prov.Issuer); err != nil {
			return nil, oauth2.Config{}, fmt.Errorf("auth: sso discovery: %w", err)
		}
		s.oidcProviders.Store(prov.Issuer, op)
	}
	return op, oauth2.Config{ClientID: prov.ClientID, ClientSecret: secret, Endpoint: op.Endpoint(),
		RedirectURL: s.origin + "/login/sso/callback", Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}, nil
}

// BeginSSO starts a sign-in at provider id and returns the address to
// send the browser to; next is where the platform goes afterwards.
func (s *Service) BeginSSO(ctx context.Context, id, next string) (string, error) {
	prov, secret, err := s.ssoProvider(ctx, s.db, id)
	if err != nil {
		return "", err
	}
	_, cfg, err := s.ssoClient(ctx, prov, secret)
	if err != nil {
		return "", err
	}
	state, hash := newToken()
	nonce, _ := newToken()
	verifier := oauth2.GenerateVerifier()
	now := s.now()
	if _, err := s.db.Exec(ctx, `DELETE FROM sso_logins WHERE expires_at < ?`, now); err != nil {
		return "", fmt.Errorf("auth: sso: %w", err)
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO sso_logins (state_hash, provider_id, nonce, verifier, next, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		hash, id, nonce, verifier, next, now.Add(ssoLoginLifetime)); err != nil {
		return "", fmt.Errorf("auth: sso: %w", err)
	}
	return cfg.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// SSOResult is a completed sign-in: the session's token, its stage (full,
// or the code still to come) and where to go.
type SSOResult struct {
	Token string
	Stage Stage
	Next  string
}

// FinishSSO takes the provider's answer (state and code), verifies the ID
// token (signature, issuer, audience, expiry, nonce) and starts the
// account's session: full when the provider's multi-factor claim counts,
// otherwise the code (or its set-up) follows.
func (s *Service) FinishSSO(ctx context.Context, state, code string, p Principal) (SSOResult, error) {
	var id, nonce, verifier, next string
	var expires time.Time
	err := s.db.QueryRow(ctx, `SELECT provider_id, nonce, verifier, next, expires_at FROM sso_logins WHERE state_hash = ?`, hashToken(state)).
		Scan(&id, &nonce, &verifier, &next, &expires)
	if err != nil || !expires.After(s.now()) {
		return SSOResult{}, s.ssoFailed(ctx, p, "", "unknown_state")
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM sso_logins WHERE state_hash = ?`, hashToken(state)); err != nil {
		return SSOResult{}, fmt.Errorf("auth: sso: %w", err)
	}
	prov, secret, err := s.ssoProvider(ctx, s.db, id)
	if err != nil {
		return SSOResult{}, err
	}
	op, cfg, err := s.ssoClient(ctx, prov, secret)
	if err != nil {
		return SSOResult{}, err
	}
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return SSOResult{}, s.ssoFailed(ctx, p, id, "code_refused")
	}
	raw, _ := tok.Extra("id_token").(string)
	claims, err := s.verifyIDToken(ctx, op, prov.ClientID, raw, nonce)
	if err != nil {
		return SSOResult{}, s.ssoFailed(ctx, p, id, "token_refused")
	}
	return s.ssoSession(ctx, prov, claims, p, next)
}

// verifyIDToken checks an ID token of op for clientID and nonce.
func (s *Service) verifyIDToken(ctx context.Context, op *oidc.Provider, clientID, raw, nonce string) (ssoClaims, error) {
	var c ssoClaims
	idt, err := op.Verifier(&oidc.Config{ClientID: clientID, Now: s.now}).Verify(ctx, raw)
	if err != nil {
		return c, err
	}
	if idt.Nonce == "" || idt.Nonce != nonce {
		return c, ErrSSO
	}
	err = idt.Claims(&c)
	return c, err
}

// ssoFailed audits a refused single sign-on and returns ErrSSO.
func (s *Service) ssoFailed(ctx context.Context, p Principal, provider, reason string) error {
	if err := s.recordAlone(ctx, p, "auth.sso_login", audit.ResultFailure, "sso_provider", provider, map[string]string{"reason": reason}); err != nil {
		return err
	}
	return ErrSSO
}

// ssoSession finds the account the provider vouches for and starts its
// session.
func (s *Service) ssoSession(ctx context.Context, prov *SSOProvider, c ssoClaims, p Principal, next string) (SSOResult, error) {
	var res SSOResult
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		u, err := s.ssoAccount(ctx, tx, prov, c)
		if err != nil {
			return err
		}
		pu := p.as(u)
		res.Stage, res.Next = StageMFA, next
		switch {
		case prov.IdPMFA && c.multiFactor() && u.TOTPEnabled:
			res.Stage = StageFull
		case !u.TOTPEnabled:
			res.Stage = StageEnroll
		}
		lifetime := partialLifetime
		if res.Stage == StageFull {
			lifetime = s.absolute
			if err := recordAttempt(ctx, tx, s.attemptOf(pu, u.Email, true), s.now()); err != nil {
				return err
			}
		}
		if res.Token, err = createSession(ctx, tx, u.ID, res.Stage, p.client.IP, p.client.UserAgent, s.now(), lifetime); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sessions SET sso_provider = ?, sso_sid = ? WHERE token_hash = ?`, prov.ID, c.SessionID, hashToken(res.Token)); err != nil {
			return fmt.Errorf("auth: sso session: %w", err)
		}
		if res.Stage == StageFull {
			if err := markPasskeyDue(ctx, tx, res.Token, u); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, pu, "auth.sso_login", audit.ResultSuccess, "user", u.ID, map[string]string{"provider": prov.ID, "next": string(res.Stage)})
	})
	switch {
	case errors.Is(err, ErrSSOUnknown):
		return res, errors.Join(s.ssoFailed(ctx, p, prov.ID, "unknown_account"), ErrSSOUnknown)
	case errors.Is(err, ErrSSO):
		return res, s.ssoFailed(ctx, p, prov.ID, "disabled")
	}
	return res, err
}

// ssoAccount is the account of the provider's subject: linked before,
// or found now by a verified address in one of the provider's domains
// (and linked). Disabled accounts: ErrSSO.
func (s *Service) ssoAccount(ctx context.Context, tx *db.Tx, prov *SSOProvider, c ssoClaims) (*User, error) {
	var userID string
	err := tx.QueryRow(ctx, `SELECT user_id FROM sso_subjects WHERE provider_id = ? AND subject = ?`, prov.ID, c.Subject).Scan(&userID)
	var u *User
	switch {
	case err == nil:
		u, err = UserByID(ctx, tx, userID)
	case c.Subject == "" || !c.EmailVerified || !slices.Contains(prov.Domains, domainOf(c.Email)):
		return nil, ErrSSOUnknown
	default:
		if u, err = UserByEmail(ctx, tx, c.Email); errors.Is(err, db.ErrNotFound) {
			return nil, ErrSSOUnknown
		}
		if err == nil {
			_, err = tx.Exec(ctx, `INSERT INTO sso_subjects (provider_id, subject, user_id, linked_at) VALUES (?, ?, ?, ?)`, prov.ID, c.Subject, u.ID, s.now())
		}
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, ErrSSO
	}
	return u, nil
}

func domainOf(email string) string {
	_, d, _ := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	return d
}
