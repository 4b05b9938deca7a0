-- Feedback on the accessibility statement (BITV 2.0 § 7, NBGG): anonymous
-- messages about barriers on the public site, read by the admins.
--
-- What the person wrote is encrypted by the application (AES-256-GCM with
-- the key file, AAD "accessibility_feedback.<field>:"+id): the message, the
-- page it concerns and the optional e-mail address for an answer. '' means
-- "not given". lang is the language of the page the form was sent from
-- (one of the public languages), so the answer can be in it.
--
-- A handled message gets a deletion date (handled_at + 12 months,
-- feedback.Retention); the platform's housekeeping deletes it then. Open
-- messages stay until an admin handles them: answering is the duty the
-- statement promises.
--
-- accessibility_feedback_senders is the per-address-range rate limit: one
-- row per accepted message, holding an HMAC of the sender's address range
-- (IPv4 /24, IPv6 /64) under a key derived from the key file, never the
-- address. Rows older than the limit's window are deleted by the same
-- housekeeping, and nothing links a row to a message.

-- +goose Up
CREATE TABLE accessibility_feedback (
    id           TEXT PRIMARY KEY,
    received_at  TIMESTAMP NOT NULL,
    lang         TEXT NOT NULL CHECK (lang IN ('de', 'en', 'ar', 'fa', 'uk', 'ru', 'tr')),
    message_enc  TEXT NOT NULL,
    page_enc     TEXT NOT NULL DEFAULT '',
    email_enc    TEXT NOT NULL DEFAULT '',
    handled_at   TIMESTAMP NULL,
    handled_by   TEXT NULL REFERENCES users (id),
    delete_after TIMESTAMP NULL,
    CHECK ((handled_at IS NULL AND delete_after IS NULL) OR (handled_at IS NOT NULL AND delete_after IS NOT NULL))
);
CREATE INDEX accessibility_feedback_received ON accessibility_feedback (received_at);
CREATE INDEX accessibility_feedback_due ON accessibility_feedback (delete_after);

CREATE TABLE accessibility_feedback_senders (
    address_range TEXT NOT NULL,
    sent_at       TIMESTAMP NOT NULL
);
CREATE INDEX accessibility_feedback_senders_range ON accessibility_feedback_senders (address_range, sent_at);

-- +goose Down
DROP TABLE accessibility_feedback_senders;
DROP TABLE accessibility_feedback;
