-- Counselors' keys survive a forgotten key passphrase through an office
-- recovery key (package online, docs/E2E.md "Office recovery key").
--
-- online_office_keys: an office's recovery key pair; its private key is
-- sealed under a recovery code only the office lead holds.
-- online_key_escrow: each counselor's private key, sealed under a random
-- key that is wrapped for the office's recovery public key.
-- online_key_resets: a counselor's request to get their key back under a
-- new passphrase (a transport key pair sealed under it), and the lead's
-- grant (the private key re-wrapped for the transport key).

-- +goose Up
CREATE TABLE online_office_keys (
    office_id       TEXT PRIMARY KEY REFERENCES offices (id) ON DELETE CASCADE,
    public_key      TEXT NOT NULL,
    salt            TEXT NOT NULL,
    private_by_code TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

CREATE TABLE online_key_escrow (
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    office_id      TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    wrapped_key    TEXT NOT NULL,
    sealed_private TEXT NOT NULL,
    PRIMARY KEY (user_id, office_id)
);

CREATE TABLE online_key_resets (
    user_id             TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    public_key          TEXT NOT NULL,
    salt                TEXT NOT NULL,
    private_by_password TEXT NOT NULL,
    requested_at        TIMESTAMP NOT NULL,
    granted_by          TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
    wrapped_key         TEXT NOT NULL DEFAULT '',
    sealed_private      TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE online_key_resets;
DROP TABLE online_key_escrow;
DROP TABLE online_office_keys;
