-- The roles that must sign in with a passkey (package auth, issue 19):
-- set by admins, typically the roles with access to case data. A member
-- of such a role who has a passkey cannot use the authenticator app's
-- code to sign in (recovery codes still work: a lost device); one who has
-- none yet is sent to add one after signing in (sessions.passkey_due)
-- before any other page opens.

-- +goose Up
CREATE TABLE passkey_required_roles (
    role   TEXT PRIMARY KEY CHECK (role IN ('admin', 'ministry', 'region_coordinator', 'office_lead', 'counselor', 'partner')),
    set_by TEXT NOT NULL REFERENCES users (id),
    set_at TIMESTAMP NOT NULL
);

ALTER TABLE sessions ADD COLUMN passkey_due BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE sessions DROP COLUMN passkey_due;
DROP TABLE passkey_required_roles;
