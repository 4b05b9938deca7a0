-- Volunteers and language mediation (package volunteer, issue 18).
--
-- A volunteer signs up on the public site without an account: name,
-- e-mail and phone are sealed with the key file
-- ("volunteers.<field>:<id>"); email_key is an HMAC of the address, so one
-- address signs up once. The volunteer is 'unconfirmed' until the e-mail
-- link is opened (double opt-in), then 'registered' until a coordinator of
-- their region confirms them after a conversation and records the
-- confidentiality pledge ('confirmed'); 'inactive' ends the work. The
-- personal link (token_hash, token sealed for later mails) is their way in:
-- their own profile, offers and assignments, never anybody else's.
--
-- region_id is the regional network of the volunteer's district, and of
-- the request's office with the office's position, copied when the row is
-- written (package network answers them): the region that handles it
-- stays the same if the registry changes later.
--
-- A mediation request names what a counselor needs, never who the client
-- is. unmet records that, when it was made, nobody confirmed in reach spoke
-- the language (counted by region for the statistics). Each ask of a
-- volunteer is a row of mediation_asks with its own state; one request
-- has at most one accepted ask (the assignment), whose hours are logged
-- afterwards.

-- +goose Up
CREATE TABLE volunteers (
    id           TEXT PRIMARY KEY,
    email_key    TEXT NOT NULL UNIQUE,
    name_enc     TEXT NOT NULL,
    email_enc    TEXT NOT NULL,
    phone_enc    TEXT NOT NULL DEFAULT '',
    lang         TEXT NOT NULL,
    gender       TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'female', 'male', 'diverse')),
    postcode     TEXT NOT NULL,
    district_ags TEXT NOT NULL REFERENCES districts (ags),
    region_id    TEXT NOT NULL DEFAULT '',
    lat          DOUBLE PRECISION NOT NULL,
    lon          DOUBLE PRECISION NOT NULL,
    max_km       INTEGER NOT NULL DEFAULT 0 CHECK (max_km >= 0),
    remote       BOOLEAN NOT NULL DEFAULT FALSE,
    activities   TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL CHECK (state IN ('unconfirmed', 'registered', 'confirmed', 'inactive')),
    token_hash   TEXT NOT NULL UNIQUE,
    token_enc    TEXT NOT NULL,
    pledge_at    TIMESTAMP NULL,
    confirmed_by TEXT NULL REFERENCES users (id),
    confirmed_at TIMESTAMP NULL,
    note_enc     TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX volunteers_region ON volunteers (region_id, state);

CREATE TABLE volunteer_languages (
    volunteer_id TEXT NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    language     TEXT NOT NULL,
    dialects     TEXT NOT NULL DEFAULT '',
    level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (volunteer_id, language)
);
CREATE INDEX volunteer_languages_language ON volunteer_languages (language);

CREATE TABLE volunteer_slots (
    volunteer_id TEXT NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    from_min     INTEGER NOT NULL CHECK (from_min BETWEEN 0 AND 1440),
    till_min     INTEGER NOT NULL CHECK (till_min BETWEEN 0 AND 1440),
    PRIMARY KEY (volunteer_id, weekday, from_min)
);

CREATE TABLE volunteer_documents (
    id           TEXT PRIMARY KEY,
    volunteer_id TEXT NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('good_conduct', 'good_conduct_extended', 'other')),
    valid_until  DATE NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    recorded_at  TIMESTAMP NOT NULL,
    reminded_at  TIMESTAMP NULL
);
CREATE INDEX volunteer_documents_until ON volunteer_documents (valid_until);

CREATE TABLE mediation_requests (
    id           TEXT PRIMARY KEY,
    office_id    TEXT NOT NULL REFERENCES offices (id),
    region_id    TEXT NOT NULL DEFAULT '',
    lat          DOUBLE PRECISION NOT NULL,
    lon          DOUBLE PRECISION NOT NULL,
    requested_by TEXT NOT NULL REFERENCES users (id),
    language     TEXT NOT NULL,
    dialect      TEXT NOT NULL DEFAULT '',
    starts_at    TIMESTAMP NOT NULL,
    ends_at      TIMESTAMP NOT NULL,
    mode         TEXT NOT NULL CHECK (mode IN ('in_person', 'phone', 'video')),
    place        TEXT NOT NULL DEFAULT '',
    sensitivity  TEXT NOT NULL DEFAULT '' CHECK (sensitivity IN ('', 'residence', 'health', 'family', 'other')),
    gender       TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'female', 'male', 'diverse')),
    conflicts    TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL CHECK (state IN ('open', 'filled', 'cancelled')),
    unmet        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX mediation_requests_office ON mediation_requests (office_id, starts_at);
CREATE INDEX mediation_requests_region ON mediation_requests (region_id, starts_at);

CREATE TABLE mediation_asks (
    id           TEXT PRIMARY KEY,
    request_id   TEXT NOT NULL REFERENCES mediation_requests (id) ON DELETE CASCADE,
    volunteer_id TEXT NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    state        TEXT NOT NULL CHECK (state IN ('asked', 'accepted', 'declined', 'withdrawn')),
    asked_by     TEXT NOT NULL REFERENCES users (id),
    asked_at     TIMESTAMP NOT NULL,
    answered_at  TIMESTAMP NULL,
    minutes      INTEGER NULL CHECK (minutes BETWEEN 1 AND 1440),
    logged_at    TIMESTAMP NULL,
    UNIQUE (request_id, volunteer_id)
);
CREATE INDEX mediation_asks_volunteer ON mediation_asks (volunteer_id, state);

-- A volunteer signs in to their account with a link sent to their
-- address (volunteer_sign_ins: one use, 30 minutes); the session
-- (volunteer_sessions) ends after an hour without use or twelve hours.
-- Both are found by the SHA-256 hash of their token.
CREATE TABLE volunteer_sign_ins (
    token_hash   TEXT PRIMARY KEY,
    volunteer_id TEXT NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX volunteer_sign_ins_volunteer ON volunteer_sign_ins (volunteer_id);

CREATE TABLE volunteer_sessions (
    token_hash   TEXT PRIMARY KEY,
    volunteer_id TEXT NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    seen_at      TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX volunteer_sessions_volunteer ON volunteer_sessions (volunteer_id);

-- +goose Down
DROP TABLE volunteer_sessions;
DROP TABLE volunteer_sign_ins;
DROP TABLE mediation_asks;
DROP TABLE mediation_requests;
DROP TABLE volunteer_documents;
DROP TABLE volunteer_slots;
DROP TABLE volunteer_languages;
DROP TABLE volunteers;
