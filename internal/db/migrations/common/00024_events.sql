-- Trainings and events (package event): the event with its texts per
-- language and its dates, and the registrations of people without an
-- account. Registrants' name, e-mail, organisation, role and needs are
-- sealed with the key file ("event_registrations.<field>:<id>");
-- email_key is an HMAC of the e-mail address under a key from the key
-- file, so the same address registers once per event without the address
-- being readable. The personal link's token is found by its SHA-256 hash
-- and kept sealed as well, so later mails (an offer) can carry the same
-- link.
--
-- A registration is 'unconfirmed' until its e-mail link is opened (double
-- opt-in); it then takes a place ('confirmed') or waits ('waitlisted',
-- ordered by confirmed_at) — or, for an event that needs approval, waits
-- for the organiser ('requested') first. A freed place is offered to the first waiting
-- person ('offered' until offer_expires_at; it counts as taken).

-- +goose Up
CREATE TABLE events (
    id                  TEXT PRIMARY KEY,
    organiser_kind      TEXT NOT NULL CHECK (organiser_kind IN ('state', 'region', 'organisation', 'office')),
    organiser_id        TEXT NOT NULL DEFAULT '',
    audience            TEXT NOT NULL CHECK (audience IN ('administration', 'school', 'counselors', 'migrants', 'public')),
    format              TEXT NOT NULL CHECK (format IN ('in_person', 'online', 'hybrid')),
    address             TEXT NOT NULL DEFAULT '',
    online_link         TEXT NOT NULL DEFAULT '',
    region_id           TEXT NOT NULL DEFAULT '',
    topic               TEXT NOT NULL DEFAULT '',
    lang                TEXT NOT NULL,
    capacity            INTEGER NOT NULL CHECK (capacity >= 1),
    registration_closes TIMESTAMP NOT NULL,
    needs_approval      BOOLEAN NOT NULL DEFAULT FALSE,
    accessibility       TEXT NOT NULL DEFAULT '',
    cost                TEXT NOT NULL DEFAULT '',
    contact             TEXT NOT NULL DEFAULT '',
    state               TEXT NOT NULL CHECK (state IN ('draft', 'published', 'cancelled')),
    created_by          TEXT NOT NULL REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX events_public ON events (state, audience, region_id);

CREATE TABLE event_texts (
    event_id    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, lang)
);

CREATE TABLE event_dates (
    event_id  TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, seq)
);
CREATE INDEX event_dates_start ON event_dates (starts_at);

CREATE TABLE event_registrations (
    id               TEXT PRIMARY KEY,
    event_id         TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    email_key        TEXT NOT NULL,
    name_enc         TEXT NOT NULL,
    email_enc        TEXT NOT NULL,
    organisation_enc TEXT NOT NULL DEFAULT '',
    role_enc         TEXT NOT NULL DEFAULT '',
    needs_enc        TEXT NOT NULL DEFAULT '',
    lang             TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('unconfirmed', 'requested', 'confirmed', 'waitlisted', 'offered', 'cancelled')),
    token_hash       TEXT NOT NULL UNIQUE,
    token_enc        TEXT NOT NULL,
    offer_expires_at TIMESTAMP NULL,
    registered_by    TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at       TIMESTAMP NOT NULL,
    confirmed_at     TIMESTAMP NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (event_id, email_key)
);
CREATE INDEX event_registrations_state ON event_registrations (event_id, state, confirmed_at);

-- +goose Down
DROP TABLE event_registrations;
DROP TABLE event_dates;
DROP TABLE event_texts;
DROP TABLE events;
