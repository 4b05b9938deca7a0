-- Anonymous online counseling (package online), end-to-end encrypted
-- (docs/E2E.md). The server keeps ciphertext, wrapped keys and metadata:
-- no column here holds readable message text.
--
-- online_clients are anonymous accounts: a nickname (nickname_key is its
-- case-folded form, unique), argon2id hashes of the login and recovery
-- "auth" values the browser derives (never the password or the code), the
-- salts, the identity public key and the private key sealed under the
-- password and under the recovery code. notice_email_enc is the optional
-- address for "new answer" notices, sealed with the key file.
--
-- online_staff_keys are counselors' identity keys, sealed under their key
-- passphrase. online_offices say whether and for which programs an office
-- takes online enquiries, with its welcome and absence notes.
--
-- A conversation goes to an office (pool 'office') or, where no office
-- covers the area, to the region's or the state's pool; keys are wrapped
-- per epoch for each recipient. Messages are numbered from 1 without gaps
-- (seq, bound into each ciphertext's associated data).

-- +goose Up
CREATE TABLE online_clients (
    id                  TEXT PRIMARY KEY,
    nickname            TEXT NOT NULL,
    nickname_key        TEXT NOT NULL UNIQUE,
    lang                TEXT NOT NULL,
    auth_hash           TEXT NOT NULL,
    salt                TEXT NOT NULL,
    recovery_hash       TEXT NOT NULL,
    recovery_salt       TEXT NOT NULL,
    public_key          TEXT NOT NULL,
    private_by_password TEXT NOT NULL,
    private_by_recovery TEXT NOT NULL,
    notice_email_enc    TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMP NOT NULL,
    active_at           TIMESTAMP NOT NULL
);
CREATE INDEX online_clients_active ON online_clients (active_at);

CREATE TABLE online_sessions (
    token_hash TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL REFERENCES online_clients (id) ON DELETE CASCADE,
    seen_at    TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX online_sessions_client ON online_sessions (client_id);

CREATE TABLE online_staff_keys (
    user_id             TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    public_key          TEXT NOT NULL,
    salt                TEXT NOT NULL,
    private_by_password TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL
);

CREATE TABLE online_offices (
    office_id   TEXT PRIMARY KEY REFERENCES offices (id) ON DELETE CASCADE,
    programs    TEXT NOT NULL,
    team_access BOOLEAN NOT NULL DEFAULT FALSE,
    welcome     TEXT NOT NULL DEFAULT '',
    absence     TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE online_conversations (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL REFERENCES online_clients (id) ON DELETE CASCADE,
    pool          TEXT NOT NULL CHECK (pool IN ('office', 'region', 'state')),
    office_id     TEXT NULL REFERENCES offices (id) ON DELETE SET NULL,
    region_id     TEXT NOT NULL DEFAULT '',
    program_id    TEXT NOT NULL,
    topic         TEXT NOT NULL,
    lang          TEXT NOT NULL,
    counselor_id  TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
    state         TEXT NOT NULL CHECK (state IN ('new', 'open', 'closed')),
    epoch         INTEGER NOT NULL,
    last_seq      INTEGER NOT NULL,
    client_seen   INTEGER NOT NULL DEFAULT 0,
    staff_seen    INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    closed_at     TIMESTAMP NULL,
    delete_after  TIMESTAMP NULL
);
CREATE INDEX online_conversations_client ON online_conversations (client_id, updated_at);
CREATE INDEX online_conversations_office ON online_conversations (office_id, state, updated_at);
CREATE INDEX online_conversations_counselor ON online_conversations (counselor_id, state, updated_at);
CREATE INDEX online_conversations_delete ON online_conversations (delete_after);

CREATE TABLE online_keys (
    conversation_id TEXT NOT NULL REFERENCES online_conversations (id) ON DELETE CASCADE,
    epoch           INTEGER NOT NULL,
    recipient_id    TEXT NOT NULL,
    wrapped         TEXT NOT NULL,
    PRIMARY KEY (conversation_id, epoch, recipient_id)
);
CREATE INDEX online_keys_recipient ON online_keys (recipient_id);

CREATE TABLE online_messages (
    conversation_id TEXT NOT NULL REFERENCES online_conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    epoch           INTEGER NOT NULL,
    sender_id       TEXT NOT NULL,
    from_client     BOOLEAN NOT NULL,
    body            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

-- +goose Down
DROP TABLE online_messages;
DROP TABLE online_keys;
DROP TABLE online_conversations;
DROP TABLE online_offices;
DROP TABLE online_staff_keys;
DROP TABLE online_sessions;
DROP TABLE online_clients;
