-- Referrals between network members (package referral) and the consent
-- that travels with them (package casework).
--
-- A referral consent names exactly one recipient (an office or an
-- organisation of the registry, or an organisation not on the platform by
-- name) and the data categories the client agreed to share (comma list of
-- statistics, contact, plan). Consents from before keep their free-text
-- recipient and no categories: they cover no referral.
--
-- A referral keeps what was shared as a sealed snapshot (shared_enc, JSON
-- of exactly the consented categories, sealed with the key file under
-- "referrals.shared:"+id) taken when it was sent: the recipient reads the
-- snapshot, never the file. request_enc holds what is asked and the
-- message, outcome_note_enc the recipient's note to the sender. When the
-- consent is withdrawn, the referral is revoked and its snapshot erased.
-- A draft (state draft) has neither consent nor snapshot yet: both are
-- taken when it is sent, and the recipient does not see it before.

-- +goose Up
ALTER TABLE consents ADD COLUMN recipient_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN recipient_id TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN categories TEXT NOT NULL DEFAULT '';

CREATE TABLE referrals (
    id               TEXT PRIMARY KEY,
    file_id          TEXT NOT NULL REFERENCES client_files (id) ON DELETE CASCADE,
    file_code        TEXT NOT NULL,
    program_id       TEXT NOT NULL,
    sender_office_id TEXT NOT NULL REFERENCES offices (id),
    sender_id        TEXT NOT NULL REFERENCES users (id),
    recipient_kind   TEXT NOT NULL CHECK (recipient_kind IN ('office', 'organisation', 'external')),
    recipient_id     TEXT NOT NULL DEFAULT '',
    recipient_name   TEXT NOT NULL DEFAULT '',
    consent_id       TEXT NULL REFERENCES consents (id) ON DELETE CASCADE,
    topic            TEXT NOT NULL,
    urgency          TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    categories       TEXT NOT NULL,
    request_enc      TEXT NOT NULL,
    shared_enc       TEXT NOT NULL DEFAULT '',
    respond_by       DATE NULL,
    state            TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'accepted', 'declined', 'completed', 'withdrawn', 'revoked')),
    decline_reason   TEXT NOT NULL DEFAULT '',
    outcome          TEXT NOT NULL DEFAULT '',
    outcome_reason   TEXT NOT NULL DEFAULT '',
    outcome_note_enc TEXT NOT NULL DEFAULT '',
    answered_by      TEXT NULL REFERENCES users (id),
    sent_at          TIMESTAMP NOT NULL,
    answered_at      TIMESTAMP NULL,
    completed_at     TIMESTAMP NULL,
    ended_at         TIMESTAMP NULL,
    consent_withdrawn BOOLEAN NOT NULL DEFAULT FALSE,
    handover         BOOLEAN NOT NULL DEFAULT FALSE,
    opened_file_id   TEXT NULL REFERENCES client_files (id) ON DELETE SET NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK ((recipient_kind = 'external') = (recipient_id = '')),
    CHECK ((state = 'draft') = (consent_id IS NULL))
);
CREATE INDEX referrals_file ON referrals (file_id, sent_at);
CREATE INDEX referrals_recipient ON referrals (recipient_kind, recipient_id, state, sent_at);
CREATE INDEX referrals_sender ON referrals (sender_office_id, state, sent_at);
CREATE INDEX referrals_consent ON referrals (consent_id);

-- +goose Down
DROP TABLE referrals;
ALTER TABLE consents DROP COLUMN categories;
ALTER TABLE consents DROP COLUMN recipient_id;
ALTER TABLE consents DROP COLUMN recipient_kind;
