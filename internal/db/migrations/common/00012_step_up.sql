-- Step-up: a session remembers when it last passed a second factor (the
-- login, or a fresh code asked for before a dangerous action), so that
-- erasing a file, exporting it, handing it over, changing roles or
-- rotating the key can require a code from the last five minutes.

-- +goose Up
ALTER TABLE sessions ADD COLUMN factor_at TIMESTAMP NULL;
UPDATE sessions SET factor_at = created_at WHERE stage = 'full';

-- +goose Down
ALTER TABLE sessions DROP COLUMN factor_at;
