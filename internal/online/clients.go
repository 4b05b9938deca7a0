package online

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

// SignUp is what the browser sends to open an anonymous account: the
// nickname, and the values it derived from the password and the recovery
// code (docs/E2E.md) — never the password or the code themselves.
type SignUp struct {
	Nickname          string `json:"nickname"`
	Lang              string `json:"lang"`
	Salt              string `json:"salt"`
	Auth              string `json:"auth"`
	RecoverySalt      string `json:"recovery_salt"`
	RecoveryAuth      string `json:"recovery_auth"`
	PublicKey         string `json:"public_key"`
	PrivateByPassword string `json:"private_by_password"`
	PrivateByRecovery string `json:"private_by_recovery"`
}

func (u SignUp) check() valid.Errors {
	var e valid.Errors
	checkNickname(&e, u.Nickname)
	if !slices.Contains(i18n.Public, u.Lang) {
		e.Add("lang", "online.error_malformed")
	}
	for _, f := range []struct{ name, v string }{{"salt", u.Salt}, {"recovery_salt", u.RecoverySalt}} {
		checkBytes(&e, f.name, f.v, saltLen, saltLen)
	}
	checkBytes(&e, "auth", u.Auth, authLen, authLen)
	checkBytes(&e, "recovery_auth", u.RecoveryAuth, authLen, authLen)
	if e2e.ValidPublicKey(u.PublicKey) != nil {
		e.Add("public_key", "online.error_malformed")
	}
	checkBytes(&e, "private_by_password", u.PrivateByPassword, minSealedKey, maxSealedKey)
	checkBytes(&e, "private_by_recovery", u.PrivateByRecovery, minSealedKey, maxSealedKey)
	return e
}

// NicknameFree reports whether nobody has chosen nick yet.
func (s *Store) NicknameFree(ctx context.Context, nick string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM online_clients WHERE nickname_key = ?`, nicknameKey(nick)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("online: nickname: %w", err)
	}
	return n == 0, nil
}

// Register opens an anonymous account and its first session: the client
// id and the session token. Invalid input comes back as valid.Errors, a
// taken nickname as ErrNicknameTaken.
func (s *Store) Register(ctx context.Context, u SignUp) (clientID, token string, err error) {
	u.Nickname = CleanNickname(u.Nickname)
	if e := u.check(); len(e) > 0 {
		return "", "", e
	}
	authHash, err := s.hasher.Hash(u.Auth)
	if err != nil {
		return "", "", fmt.Errorf("online: hash: %w", err)
	}
	recoveryHash, err := s.hasher.Hash(u.RecoveryAuth)
	if err != nil {
		return "", "", fmt.Errorf("online: hash: %w", err)
	}
	id, now := uuid.Must(uuid.NewV7()).String(), s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO online_clients (id, nickname, nickname_key, lang, auth_hash, salt, recovery_hash,
			recovery_salt, public_key, private_by_password, private_by_recovery, created_at, active_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, u.Nickname, nicknameKey(u.Nickname), u.Lang, authHash,
			u.Salt, recoveryHash, u.RecoverySalt, u.PublicKey, u.PrivateByPassword, u.PrivateByRecovery, now, now)
		if db.IsUniqueViolation(err) {
			return ErrNicknameTaken
		}
		if err != nil {
			return fmt.Errorf("online: register: %w", err)
		}
		if token, err = s.startSession(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, id, "online.signup", audit.ResultSuccess)
	})
	return id, token, err
}

// LoginSalt is the salt the browser stretches the password with. An
// unknown nickname gets a salt made from the nickname under a server key,
// always the same, so the answer does not tell whether the account exists.
func (s *Store) LoginSalt(ctx context.Context, nick string) (string, error) {
	var salt string
	err := s.db.QueryRow(ctx, `SELECT salt FROM online_clients WHERE nickname_key = ?`, nicknameKey(nick)).Scan(&salt)
	if errors.Is(err, sql.ErrNoRows) {
		return s.fakeSalt("login", nick), nil
	}
	if err != nil {
		return "", fmt.Errorf("online: salt: %w", err)
	}
	return salt, nil
}

func (s *Store) fakeSalt(kind, nick string) string {
	m := hmac.New(sha256.New, s.o.SaltKey)
	m.Write([]byte(kind + "\x00" + nicknameKey(nick)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:saltLen])
}

// Login checks the browser's auth value and starts a session: the client
// (with the private key sealed under the password) and the token.
func (s *Store) Login(ctx context.Context, nick, authValue string) (*Client, string, error) {
	var c Client
	var hash string
	err := s.db.QueryRow(ctx, `SELECT id, auth_hash FROM online_clients WHERE nickname_key = ?`, nicknameKey(nick)).Scan(&c.ID, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		s.hasher.DummyVerify(authValue)
		return nil, "", ErrBadLogin
	}
	if err != nil {
		return nil, "", fmt.Errorf("online: login: %w", err)
	}
	if ok, err := s.hasher.Verify(authValue, hash); err != nil || !ok {
		return nil, "", ErrBadLogin
	}
	var token string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if token, err = s.startSession(ctx, tx, c.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, c.ID, "online.login", audit.ResultSuccess)
	})
	if err != nil {
		return nil, "", err
	}
	client, err := s.Client(ctx, c.ID)
	return client, token, err
}

// Client returns one client's account.
func (s *Store) Client(ctx context.Context, id string) (*Client, error) {
	var c Client
	var notice string
	err := s.db.QueryRow(ctx, `SELECT id, nickname, lang, public_key, private_by_password, salt, created_at, active_at,
		notice_email_enc FROM online_clients WHERE id = ?`, id).Scan(&c.ID, &c.Nickname, &c.Lang, &c.PublicKey,
		&c.PrivateByPassword, &c.Salt, &c.CreatedAt, &c.ActiveAt, &notice)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("online: client: %w", err)
	}
	c.HasNoticeEmail = notice != ""
	return &c, nil
}
