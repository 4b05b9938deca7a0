-- Notifications of staff members (package notify): something happened
-- that concerns them (a file transferred to them, a substitution, their
-- deadlines). A notification holds its kind, a link into the platform and
-- for the deadline digest its counts — never a client's name, code or
-- topic, so it may be mailed (the mail links to /notifications).
--
-- digest_pending marks notifications waiting for the recipient's daily
-- digest mail. notification_prefs holds each person's choice per kind
-- (app: in the platform only; email: also a mail at once; digest: also in
-- the daily mail at 07:00 on working days); a missing row is the kind's
-- default. notification_digests records the day each person's digest was
-- made, so a repeated run of the digest task sends nothing twice.

-- +goose Up
CREATE TABLE notifications (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    link           TEXT NOT NULL,
    counts         TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    read_at        TIMESTAMP NULL,
    digest_pending BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
CREATE INDEX notifications_digest ON notifications (digest_pending, user_id);

CREATE TABLE notification_prefs (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('app', 'email', 'digest')),
    PRIMARY KEY (user_id, kind)
);

CREATE TABLE notification_digests (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day     DATE NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- +goose Down
DROP TABLE notification_digests;
DROP TABLE notification_prefs;
DROP TABLE notifications;
