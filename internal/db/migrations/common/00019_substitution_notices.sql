-- Whether the substitute of a substitution was told that it starts (on its
-- first day) and that it is over (the day after its last day, or when it is
-- ended early); package casework, task "substitutions.notice". Rows from
-- before this migration count as told, so the first run does not tell
-- people about substitutions they know of.

-- +goose Up
ALTER TABLE case_substitutions ADD COLUMN start_noticed BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE case_substitutions ADD COLUMN end_noticed BOOLEAN NOT NULL DEFAULT TRUE;

-- +goose Down
ALTER TABLE case_substitutions DROP COLUMN end_noticed;
ALTER TABLE case_substitutions DROP COLUMN start_noticed;
