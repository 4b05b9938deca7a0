-- Passkeys (WebAuthn) of staff accounts (package auth, issue 19). A
-- passkey is a second factor after the password and, being a
-- discoverable credential with user verification, a sign-in of its own.
-- credential holds go-webauthn's Credential as JSON (the public key, the
-- signature counter, the flags): nothing in it is secret, so it is not
-- sealed; credential_id (base64url) finds it at sign-in.
--
-- webauthn_challenges keeps a ceremony between its two requests (the
-- options sent to the browser and its answer): found by the SHA-256 of
-- the random id the page posts back, used once, five minutes. A ceremony
-- of a signed-in or half-signed-in session names that session, so another
-- session cannot finish it.

-- +goose Up
CREATE TABLE user_passkeys (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    credential    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP NULL
);
CREATE INDEX user_passkeys_user ON user_passkeys (user_id);

CREATE TABLE webauthn_challenges (
    id_hash    TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('register', 'second_factor', 'sign_in', 'step_up')),
    session_id TEXT NOT NULL DEFAULT '',
    data       TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE webauthn_challenges;
DROP TABLE user_passkeys;
