-- The regional networks at work (package regional): who belongs to a
-- region's network, its meetings with agenda, invitations, minutes,
-- decisions and tasks, announcements, document libraries and exchange
-- threads. space is a region's id or 'state' for what belongs to the whole
-- state (the statewide library, threads and announcements); it has no
-- foreign key because 'state' is not a region. None of this is client
-- data: names of staff and organisations only.

-- +goose Up
-- An organisation of the registry in a region's network, with the staff
-- account that represents it and a deputy (both optional until named).
CREATE TABLE region_members (
    id                TEXT PRIMARY KEY,
    region_id         TEXT NOT NULL REFERENCES regions (id),
    organisation_id   TEXT NOT NULL REFERENCES organisations (id),
    representative_id TEXT NULL REFERENCES users (id),
    deputy_id         TEXT NULL REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (region_id, organisation_id),
    CHECK (representative_id IS NULL OR deputy_id IS NULL OR representative_id <> deputy_id)
);
CREATE INDEX region_members_org ON region_members (organisation_id);

-- A staff account invited to a region's network as a guest (an expert,
-- a member of another region), until a date or for good.
CREATE TABLE region_guests (
    id         TEXT PRIMARY KEY,
    region_id  TEXT NOT NULL REFERENCES regions (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    note       TEXT NOT NULL DEFAULT '',
    until_on   DATE NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (region_id, user_id)
);
CREATE INDEX region_guests_user ON region_guests (user_id);

-- A meeting of a region's network; series_id groups the meetings of a
-- regular series (the first meeting's id).
CREATE TABLE meetings (
    id         TEXT PRIMARY KEY,
    region_id  TEXT NOT NULL REFERENCES regions (id),
    series_id  TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL CHECK (title <> ''),
    starts_at  TIMESTAMP NOT NULL,
    ends_at    TIMESTAMP NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL CHECK (state IN ('planned', 'cancelled')),
    invited_at TIMESTAMP NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_region ON meetings (region_id, starts_at);
CREATE INDEX meetings_start ON meetings (starts_at);

-- An item of a meeting's agenda; document_id links a library document.
CREATE TABLE agenda_items (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL CHECK (title <> ''),
    presenter   TEXT NOT NULL DEFAULT '',
    minutes     INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
    document_id TEXT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);

-- Who was invited to a meeting (representatives, deputies and guests when
-- the invitation went out), their answer and whether they came.
CREATE TABLE meeting_invitations (
    meeting_id   TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id),
    capacity     TEXT NOT NULL CHECK (capacity IN ('representative', 'deputy', 'guest', 'coordinator')),
    answer       TEXT NOT NULL DEFAULT '' CHECK (answer IN ('', 'yes', 'no', 'maybe')),
    answered_at  TIMESTAMP NULL,
    attended     BOOLEAN NULL,
    invited_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_invitations_user ON meeting_invitations (user_id);

-- The minutes of a meeting in versions: drafted, circulated for
-- corrections, approved (then locked). A correction of approved minutes is
-- a new version whose corrects_id names the one it corrects.
CREATE TABLE minutes (
    id            TEXT PRIMARY KEY,
    meeting_id    TEXT NOT NULL REFERENCES meetings (id),
    version       INTEGER NOT NULL CHECK (version >= 1),
    state         TEXT NOT NULL CHECK (state IN ('draft', 'circulated', 'approved')),
    corrects_id   TEXT NULL REFERENCES minutes (id),
    summary       TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    circulated_at TIMESTAMP NULL,
    approved_at   TIMESTAMP NULL,
    approved_by   TEXT NULL REFERENCES users (id),
    UNIQUE (meeting_id, version)
);

-- The minutes' text for one agenda item.
CREATE TABLE minute_items (
    minutes_id     TEXT NOT NULL REFERENCES minutes (id),
    agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id),
    text           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (minutes_id, agenda_item_id)
);

-- A decision taken at a meeting, recorded with the minutes' version.
CREATE TABLE decisions (
    id             TEXT PRIMARY KEY,
    region_id      TEXT NOT NULL REFERENCES regions (id),
    meeting_id     TEXT NOT NULL REFERENCES meetings (id),
    minutes_id     TEXT NOT NULL REFERENCES minutes (id),
    agenda_item_id TEXT NULL REFERENCES agenda_items (id),
    text           TEXT NOT NULL CHECK (text <> ''),
    topic          TEXT NOT NULL DEFAULT '',
    decided_on     DATE NOT NULL,
    created_by     TEXT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX decisions_region ON decisions (region_id, decided_on);
CREATE INDEX decisions_minutes ON decisions (minutes_id);

-- A task agreed at a meeting: what, who (an organisation of the network,
-- a person, or both), until when, and how far it is.
CREATE TABLE region_tasks (
    id                  TEXT PRIMARY KEY,
    region_id           TEXT NOT NULL REFERENCES regions (id),
    meeting_id          TEXT NOT NULL REFERENCES meetings (id),
    minutes_id          TEXT NOT NULL REFERENCES minutes (id),
    agenda_item_id      TEXT NULL REFERENCES agenda_items (id),
    title               TEXT NOT NULL CHECK (title <> ''),
    responsible_org_id  TEXT NULL REFERENCES organisations (id),
    responsible_user_id TEXT NULL REFERENCES users (id),
    due_on              DATE NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('open', 'done', 'dropped')),
    created_by          TEXT NOT NULL REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    done_at             TIMESTAMP NULL,
    CHECK (responsible_org_id IS NOT NULL OR responsible_user_id IS NOT NULL)
);
CREATE INDEX region_tasks_region ON region_tasks (region_id, state, due_on);
CREATE INDEX region_tasks_user ON region_tasks (responsible_user_id, state, due_on);
CREATE INDEX region_tasks_org ON region_tasks (responsible_org_id, state, due_on);

-- An announcement of a coordinator or the ministry to one region, several
-- or all (one row per region in announcement_regions; 'state' reaches
-- everybody taking part anywhere).
CREATE TABLE announcements (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL CHECK (title <> ''),
    body       TEXT NOT NULL DEFAULT '',
    author_id  TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX announcements_created ON announcements (created_at);

CREATE TABLE announcement_regions (
    announcement_id TEXT NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    space           TEXT NOT NULL,
    PRIMARY KEY (announcement_id, space)
);
CREATE INDEX announcement_regions_space ON announcement_regions (space);

-- Who has read an announcement: counted for the author, never listed by
-- name to other members.
CREATE TABLE announcement_reads (
    announcement_id TEXT NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id),
    read_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (announcement_id, user_id)
);

-- A region's (or the state's) document library: folders, documents and
-- their versions. Content is sealed with the key file like case documents
-- ("library_versions.content:<id>").
CREATE TABLE library_folders (
    id         TEXT PRIMARY KEY,
    space      TEXT NOT NULL,
    name       TEXT NOT NULL CHECK (name <> ''),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (space, name)
);

CREATE TABLE library_documents (
    id          TEXT PRIMARY KEY,
    space       TEXT NOT NULL,
    folder_id   TEXT NULL REFERENCES library_folders (id),
    title       TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX library_documents_space ON library_documents (space, folder_id);

CREATE TABLE library_versions (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES library_documents (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL CHECK (version >= 1),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    content_enc  TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL REFERENCES users (id),
    uploaded_at  TIMESTAMP NOT NULL,
    UNIQUE (document_id, version)
);

-- Exchange: threads per region or statewide, their posts, and who follows
-- them.
CREATE TABLE threads (
    id           TEXT PRIMARY KEY,
    space        TEXT NOT NULL,
    title        TEXT NOT NULL CHECK (title <> ''),
    author_id    TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    last_post_at TIMESTAMP NOT NULL,
    posts        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX threads_space ON threads (space, last_post_at);

CREATE TABLE thread_posts (
    id         TEXT PRIMARY KEY,
    thread_id  TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    author_id  TEXT NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL CHECK (body <> ''),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (thread_id, seq)
);

CREATE TABLE thread_subscriptions (
    thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX thread_subscriptions_user ON thread_subscriptions (user_id);

-- +goose Down
DROP TABLE thread_subscriptions;
DROP TABLE thread_posts;
DROP TABLE threads;
DROP TABLE library_versions;
DROP TABLE library_documents;
DROP TABLE library_folders;
DROP TABLE announcement_reads;
DROP TABLE announcement_regions;
DROP TABLE announcements;
DROP TABLE region_tasks;
DROP TABLE decisions;
DROP TABLE minute_items;
DROP TABLE minutes;
DROP TABLE meeting_invitations;
DROP TABLE agenda_items;
DROP TABLE meetings;
DROP TABLE region_guests;
DROP TABLE region_members;
