-- Single sign-on with the organisations' identity providers (OpenID
-- Connect, package auth, issue 19). An admin configures a provider: its
-- issuer, the platform's client id and secret there (sealed with the key
-- file, "sso_providers.client_secret:<id>"), the e-mail domains it covers,
-- and whether its multi-factor claim counts as the second factor. Roles
-- and scopes stay the platform's: a sign-in finds the account by the
-- provider's subject once linked, or first by a verified e-mail address in
-- one of the provider's domains (then the subject is linked).
--
-- A provider's back-channel logout (a signed logout token) ends the
-- sessions it names (by its session id, or all of the subject's).
--
-- sso_logins keeps a sign-in between the redirect and the callback: the
-- state is found by its SHA-256, used once, ten minutes; the nonce and the
-- PKCE verifier go with it.

-- +goose Up
CREATE TABLE sso_providers (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    issuer            TEXT NOT NULL UNIQUE,
    client_id         TEXT NOT NULL,
    client_secret_enc TEXT NOT NULL,
    domains           TEXT NOT NULL,
    idp_mfa           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);

CREATE TABLE sso_logins (
    state_hash  TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
    nonce       TEXT NOT NULL,
    verifier    TEXT NOT NULL,
    next        TEXT NOT NULL DEFAULT '',
    expires_at  TIMESTAMP NOT NULL
);

CREATE TABLE sso_subjects (
    provider_id TEXT NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
    subject     TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    linked_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (provider_id, subject)
);
CREATE INDEX sso_subjects_user ON sso_subjects (user_id);

-- A session started through a provider keeps the provider and its session
-- id (sid), so the provider's back-channel logout ends it.
ALTER TABLE sessions ADD COLUMN sso_provider TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN sso_sid TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sessions DROP COLUMN sso_sid;
ALTER TABLE sessions DROP COLUMN sso_provider;
DROP TABLE sso_subjects;
DROP TABLE sso_logins;
DROP TABLE sso_providers;
