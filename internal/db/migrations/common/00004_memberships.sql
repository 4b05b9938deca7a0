-- Memberships give a staff member further roles within an office,
-- organisation or region, beside the account's own role and scope
-- (users.role, users.scope_kind, users.scope_id): a person may, say, lead
-- one office and counsel in another. The scope column matching scope_kind
-- references the registry row; scope_key repeats its id for the key.

-- +goose Up
CREATE TABLE memberships (
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'ministry', 'region_coordinator', 'office_lead', 'counselor', 'partner')),
    scope_kind      TEXT NOT NULL CHECK (scope_kind IN ('statewide', 'region', 'organisation', 'office')),
    scope_key       TEXT NOT NULL,
    office_id       TEXT NULL REFERENCES offices (id),
    organisation_id TEXT NULL REFERENCES organisations (id),
    region_id       TEXT NULL REFERENCES regions (id),
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, role, scope_kind, scope_key),
    CHECK ((scope_kind = 'office') = (office_id IS NOT NULL)),
    CHECK ((scope_kind = 'organisation') = (organisation_id IS NOT NULL)),
    CHECK ((scope_kind = 'region') = (region_id IS NOT NULL)),
    CHECK (scope_key = COALESCE(office_id, organisation_id, region_id, ''))
);
CREATE INDEX memberships_office ON memberships (office_id);
CREATE INDEX memberships_region ON memberships (region_id);

-- +goose Down
DROP TABLE memberships;
