-- The network registry: regions (Regionalverbünde), districts, programs,
-- topics, organisations, offices with their languages, programs and topics,
-- and funded posts. Reference rows (districts, programs, topics, regions)
-- are seeded by the application from embedded data, not here, so that the
-- data stays editable and the migration stays schema-only.

-- +goose Up
CREATE TABLE regions (
    id         TEXT PRIMARY KEY CHECK (id <> ''),
    name       TEXT NOT NULL UNIQUE,
    seat       TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE districts (
    ags        TEXT PRIMARY KEY CHECK (LENGTH(ags) = 5 AND ags LIKE '03%'),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0 CHECK (population >= 0),
    region_id  TEXT NULL REFERENCES regions (id)
);
CREATE INDEX districts_region ON districts (region_id);

CREATE TABLE programs (
    id            TEXT PRIMARY KEY CHECK (id <> ''),
    funding_level TEXT NOT NULL CHECK (funding_level IN ('federal', 'state', 'municipal')),
    funder        TEXT NOT NULL DEFAULT '',
    min_age       INTEGER NULL CHECK (min_age IS NULL OR min_age >= 0),
    max_age       INTEGER NULL CHECK (max_age IS NULL OR max_age <= 130),
    position      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
);

CREATE TABLE program_texts (
    program_id  TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (program_id, lang)
);

CREATE TABLE topics (
    id       TEXT PRIMARY KEY CHECK (id <> ''),
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    external_id TEXT NULL UNIQUE,
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL CHECK (kind IN ('provider', 'association', 'mso', 'municipality', 'authority', 'school', 'ministry')),
    authority   TEXT NOT NULL DEFAULT '' CHECK (authority IN ('', 'bamf', 'employment_agency', 'jobcenter', 'foreigners_authority')),
    parent_id   TEXT NULL REFERENCES organisations (id),
    region_id   TEXT NULL REFERENCES regions (id),
    district_ags TEXT NULL REFERENCES districts (ags),
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    CHECK ((kind = 'authority') = (authority <> ''))
);
CREATE INDEX organisations_region ON organisations (region_id);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE region_contacts (
    id              TEXT PRIMARY KEY,
    region_id       TEXT NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    function        TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    organisation_id TEXT NULL REFERENCES organisations (id),
    position        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX region_contacts_region ON region_contacts (region_id);

CREATE TABLE region_coordinators (
    region_id       TEXT PRIMARY KEY REFERENCES regions (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id)
);

CREATE TABLE offices (
    id                TEXT PRIMARY KEY,
    external_id       TEXT NULL UNIQUE,
    organisation_id   TEXT NOT NULL REFERENCES organisations (id),
    name              TEXT NOT NULL CHECK (name <> ''),
    street            TEXT NOT NULL DEFAULT '',
    postcode          TEXT NOT NULL CHECK (LENGTH(postcode) = 5),
    city              TEXT NOT NULL DEFAULT '',
    district_ags      TEXT NOT NULL REFERENCES districts (ags),
    lat               DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN 47 AND 56),
    lon               DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN 5 AND 16),
    phone             TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    website           TEXT NOT NULL DEFAULT '',
    hours             TEXT NOT NULL DEFAULT '{}',
    appointment_info  TEXT NOT NULL DEFAULT '',
    step_free         BOOLEAN NOT NULL DEFAULT FALSE,
    accessible_toilet BOOLEAN NOT NULL DEFAULT FALSE,
    hearing_loop      BOOLEAN NOT NULL DEFAULT FALSE,
    online_counseling BOOLEAN NOT NULL DEFAULT FALSE,
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'temporarily_closed', 'closed')),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX offices_district ON offices (district_ags);
CREATE INDEX offices_organisation ON offices (organisation_id);
CREATE INDEX offices_name ON offices (name);

CREATE TABLE office_languages (
    office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    lang      TEXT NOT NULL CHECK (LENGTH(lang) BETWEEN 2 AND 3),
    PRIMARY KEY (office_id, lang)
);
CREATE INDEX office_languages_lang ON office_languages (lang);

CREATE TABLE office_programs (
    office_id  TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    program_id TEXT NOT NULL REFERENCES programs (id),
    PRIMARY KEY (office_id, program_id)
);
CREATE INDEX office_programs_program ON office_programs (program_id);

CREATE TABLE office_topics (
    office_id TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    topic_id  TEXT NOT NULL REFERENCES topics (id),
    PRIMARY KEY (office_id, topic_id)
);
CREATE INDEX office_topics_topic ON office_topics (topic_id);

CREATE TABLE funded_posts (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    office_id       TEXT NULL REFERENCES offices (id),
    program_id      TEXT NOT NULL REFERENCES programs (id),
    fte_hundredths  INTEGER NOT NULL CHECK (fte_hundredths > 0 AND fte_hundredths <= 10000),
    funder          TEXT NOT NULL DEFAULT '',
    starts_on       DATE NOT NULL,
    ends_on         DATE NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX funded_posts_program ON funded_posts (program_id);
CREATE INDEX funded_posts_organisation ON funded_posts (organisation_id);

-- +goose Down
DROP TABLE funded_posts;
DROP TABLE office_topics;
DROP TABLE office_programs;
DROP TABLE office_languages;
DROP TABLE offices;
DROP TABLE region_coordinators;
DROP TABLE region_contacts;
DROP TABLE organisations;
DROP TABLE topics;
DROP TABLE program_texts;
DROP TABLE programs;
DROP TABLE districts;
DROP TABLE regions;
