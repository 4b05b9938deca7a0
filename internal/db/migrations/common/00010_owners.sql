-- Tables have owners: each package reads and writes its own tables only.
--
-- 1. An office's case visibility ("office": counselors see all files of
--    the office; "own": only their own) is a setting of case management,
--    so it moves from offices (the registry's table) into a table of its
--    own. Offices without a row use "office".
-- 2. An account's scope is stored as the id of the registry row it names.
--    Accounts created before held an office's or organisation's external
--    id there; they now hold the row's id, so that "who works in office X"
--    compares ids and never needs the registry's tables.

-- +goose Up
CREATE TABLE case_office_settings (
    office_id  TEXT PRIMARY KEY REFERENCES offices (id) ON DELETE CASCADE,
    visibility TEXT NOT NULL CHECK (visibility IN ('office', 'own')),
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO case_office_settings (office_id, visibility, updated_at)
    SELECT id, case_visibility, updated_at FROM offices WHERE case_visibility <> 'office';
ALTER TABLE offices DROP COLUMN case_visibility;

UPDATE users SET scope_id = (SELECT o.id FROM offices o WHERE o.external_id = users.scope_id)
    WHERE scope_kind = 'office' AND scope_id NOT IN (SELECT id FROM offices)
    AND scope_id IN (SELECT external_id FROM offices WHERE external_id IS NOT NULL);
UPDATE users SET scope_id = (SELECT g.id FROM organisations g WHERE g.external_id = users.scope_id)
    WHERE scope_kind = 'organisation' AND scope_id NOT IN (SELECT id FROM organisations)
    AND scope_id IN (SELECT external_id FROM organisations WHERE external_id IS NOT NULL);
CREATE INDEX users_scope ON users (scope_kind, scope_id);

-- +goose Down
DROP INDEX users_scope;
ALTER TABLE offices ADD COLUMN case_visibility TEXT NOT NULL DEFAULT 'office' CHECK (case_visibility IN ('office', 'own'));
UPDATE offices SET case_visibility = 'own' WHERE id IN (SELECT office_id FROM case_office_settings WHERE visibility = 'own');
DROP TABLE case_office_settings;
