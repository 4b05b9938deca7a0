-- Case management, first slice: client files (a pseudonym code plus the
-- statistics fields), contact data only after consent (every field
-- encrypted by the application), consents with withdrawal, counseling
-- contacts with topics (the note encrypted by the application), closing with
-- a deletion date. Offices choose whether counselors see all of the office's
-- files or only their own (leads always see the whole office).
-- Dates are DATE columns written by Go as midnight UTC.

-- +goose Up
ALTER TABLE offices ADD COLUMN case_visibility TEXT NOT NULL DEFAULT 'office' CHECK (case_visibility IN ('office', 'own'));

CREATE TABLE client_files (
    id               TEXT PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE CHECK (LENGTH(code) = 13),
    office_id        TEXT NOT NULL REFERENCES offices (id),
    program_id       TEXT NOT NULL REFERENCES programs (id),
    counselor_id     TEXT NOT NULL REFERENCES users (id),
    intake_on        DATE NOT NULL,
    birth_year       INTEGER NOT NULL CHECK (birth_year BETWEEN 1880 AND 2200),
    gender           TEXT NOT NULL CHECK (gender IN ('female', 'male', 'diverse', 'not_stated')),
    country          TEXT NOT NULL DEFAULT '' CHECK (country = '' OR LENGTH(country) = 2),
    first_language   TEXT NOT NULL DEFAULT '' CHECK (LENGTH(first_language) IN (0, 2, 3)),
    residence_status TEXT NOT NULL CHECK (residence_status IN ('eu_citizen', 'permanent', 'temporary', 'asylum_pending', 'tolerated', 'humanitarian', 'other', 'not_stated')),
    arrival_year     INTEGER NULL CHECK (arrival_year IS NULL OR arrival_year >= birth_year),
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_on        DATE NULL,
    close_reason     TEXT NOT NULL DEFAULT '' CHECK (close_reason IN ('', 'goals_reached', 'referred', 'moved', 'no_contact', 'client_request', 'ineligible', 'other')),
    delete_after     DATE NULL,
    version          INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    CHECK ((status = 'closed') = (closed_on IS NOT NULL)),
    CHECK ((status = 'closed') = (delete_after IS NOT NULL)),
    CHECK ((status = 'closed') = (close_reason <> ''))
);
CREATE INDEX client_files_office ON client_files (office_id, counselor_id);
CREATE INDEX client_files_delete_after ON client_files (delete_after);

CREATE TABLE client_contact_data (
    file_id     TEXT PRIMARY KEY REFERENCES client_files (id) ON DELETE CASCADE,
    name_enc    TEXT NOT NULL,
    phone_enc   TEXT NOT NULL,
    email_enc   TEXT NOT NULL,
    address_enc TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE consents (
    id           TEXT PRIMARY KEY,
    file_id      TEXT NOT NULL REFERENCES client_files (id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL CHECK (purpose IN ('counseling', 'contact_data', 'referral', 'statistics')),
    recipient    TEXT NOT NULL DEFAULT '',
    given_on     DATE NOT NULL,
    form         TEXT NOT NULL CHECK (form IN ('written', 'oral', 'online')),
    withdrawn_on DATE NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    CHECK ((purpose = 'referral') = (recipient <> '')),
    CHECK (withdrawn_on IS NULL OR withdrawn_on >= given_on)
);
CREATE INDEX consents_file ON consents (file_id, purpose);

CREATE TABLE counseling_contacts (
    id          TEXT PRIMARY KEY,
    file_id     TEXT NOT NULL REFERENCES client_files (id) ON DELETE CASCADE,
    contact_on  DATE NOT NULL,
    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
    channel     TEXT NOT NULL CHECK (channel IN ('in_person', 'phone', 'video', 'online', 'outreach')),
    language    TEXT NOT NULL DEFAULT '' CHECK (LENGTH(language) IN (0, 2, 3)),
    interpreter BOOLEAN NOT NULL DEFAULT FALSE,
    note_enc    TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX counseling_contacts_file ON counseling_contacts (file_id, contact_on);

CREATE TABLE counseling_contact_topics (
    contact_id TEXT NOT NULL REFERENCES counseling_contacts (id) ON DELETE CASCADE,
    topic_id   TEXT NOT NULL REFERENCES topics (id),
    PRIMARY KEY (contact_id, topic_id)
);
CREATE INDEX counseling_contact_topics_topic ON counseling_contact_topics (topic_id);

-- +goose Down
DROP TABLE counseling_contact_topics;
DROP TABLE counseling_contacts;
DROP TABLE consents;
DROP TABLE client_contact_data;
DROP TABLE client_files;
ALTER TABLE offices DROP COLUMN case_visibility;
