-- Migrant self-organisations (package mso): the profile of a registry
-- organisation of kind 'mso' (what it does, languages, communities,
-- activities, contact, and whether it agreed to appear in the public
-- directory, with who recorded that and when), and the support requests
-- an MSO brings to its region (funding advice, founding an association,
-- premises, training) with a timeline of notes and status changes.
-- No client data: the subject and the notes are about the organisation's
-- request; they are sealed with the key file all the same
-- ("mso_requests.subject:<id>", "mso_request_notes.body:<id>"), like every
-- other free text staff type.

-- +goose Up
-- One profile per organisation (1:1, keyed by the organisation's id).
-- consent_by/consent_at record the last change of public; withdrawing
-- sets public to false, which the directory reads on every request.
CREATE TABLE mso_profiles (
    organisation_id TEXT PRIMARY KEY REFERENCES organisations (id),
    description     TEXT NOT NULL DEFAULT '',
    communities     TEXT NOT NULL DEFAULT '',
    activities      TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    public          BOOLEAN NOT NULL DEFAULT FALSE,
    consent_by      TEXT NULL REFERENCES users (id),
    consent_at      TIMESTAMP NULL,
    updated_by      TEXT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX mso_profiles_public ON mso_profiles (public);

-- The languages an MSO works in (ISO 639 codes), for the directory's filter.
CREATE TABLE mso_languages (
    organisation_id TEXT NOT NULL REFERENCES mso_profiles (organisation_id) ON DELETE CASCADE,
    lang            TEXT NOT NULL CHECK (lang <> ''),
    PRIMARY KEY (organisation_id, lang)
);
CREATE INDEX mso_languages_lang ON mso_languages (lang);

-- A support request, handled by the region the organisation belonged to
-- when it was opened (region_id; NULL: an organisation without a region,
-- which only the ministry handles).
CREATE TABLE mso_requests (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    region_id       TEXT NULL REFERENCES regions (id),
    kind            TEXT NOT NULL CHECK (kind IN ('funding_advice', 'founding', 'premises', 'training', 'other')),
    subject_enc     TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'declined')),
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX mso_requests_region ON mso_requests (region_id, status);
CREATE INDEX mso_requests_org ON mso_requests (organisation_id, created_at);

-- The timeline of a request: a note (body), a status change (status), or
-- both at once.
CREATE TABLE mso_request_notes (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES mso_requests (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES users (id),
    status     TEXT NOT NULL DEFAULT '' CHECK (status IN ('', 'open', 'in_progress', 'done', 'declined')),
    body_enc   TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mso_request_notes_request ON mso_request_notes (request_id, created_at);

-- +goose Down
DROP TABLE mso_request_notes;
DROP TABLE mso_requests;
DROP TABLE mso_languages;
DROP TABLE mso_profiles;
