-- Support plans (Förderplan) and deadlines. A file has at most one plan
-- (start and review date, a version for optimistic locking) with goals by
-- area and measures per goal; goal titles and measure descriptions are
-- encrypted by the application (*_enc). Every save writes a plan_versions
-- row: who, when, a JSON list of changed fields without personal data, and
-- the whole plan as an encrypted JSON snapshot. client_files gains the
-- expiry date of the residence title and the birth month (for the JMD
-- 27th-birthday reminder), both optional.
-- Dates are DATE columns written by Go as midnight UTC.

-- +goose Up
ALTER TABLE client_files ADD COLUMN residence_expires_on DATE NULL;
ALTER TABLE client_files ADD COLUMN birth_month INTEGER NULL CHECK (birth_month BETWEEN 1 AND 12);
CREATE INDEX client_files_office_status ON client_files (office_id, status);

CREATE TABLE support_plans (
    file_id    TEXT PRIMARY KEY REFERENCES client_files (id) ON DELETE CASCADE,
    starts_on  DATE NOT NULL,
    review_on  DATE NOT NULL,
    version    INTEGER NOT NULL CHECK (version > 0),
    updated_at TIMESTAMP NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users (id),
    CHECK (review_on >= starts_on)
);

CREATE TABLE plan_goals (
    id        TEXT PRIMARY KEY,
    file_id   TEXT NOT NULL REFERENCES support_plans (file_id) ON DELETE CASCADE,
    area      TEXT NOT NULL CHECK (area IN ('language', 'work', 'education', 'housing', 'health', 'family', 'residence', 'benefits', 'participation')),
    title_enc TEXT NOT NULL,
    position  INTEGER NOT NULL CHECK (position >= 0),
    outcome   TEXT NULL CHECK (outcome IS NULL OR outcome IN ('reached', 'partly', 'not_reached'))
);
CREATE INDEX plan_goals_file ON plan_goals (file_id, position);

CREATE TABLE plan_measures (
    id              TEXT PRIMARY KEY,
    goal_id         TEXT NOT NULL REFERENCES plan_goals (id) ON DELETE CASCADE,
    file_id         TEXT NOT NULL REFERENCES client_files (id) ON DELETE CASCADE,
    description_enc TEXT NOT NULL,
    responsible     TEXT NOT NULL CHECK (responsible IN ('client', 'counselor', 'partner')),
    due_on          DATE NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    review_on       DATE NULL,
    position        INTEGER NOT NULL CHECK (position >= 0)
);
CREATE INDEX plan_measures_goal ON plan_measures (goal_id, position);
CREATE INDEX plan_measures_file ON plan_measures (file_id, status, due_on);
CREATE INDEX plan_measures_due ON plan_measures (due_on);

CREATE TABLE plan_versions (
    id           TEXT PRIMARY KEY,
    file_id      TEXT NOT NULL REFERENCES client_files (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL CHECK (version > 0),
    saved_at     TIMESTAMP NOT NULL,
    saved_by     TEXT NOT NULL REFERENCES users (id),
    changes      TEXT NOT NULL,
    snapshot_enc TEXT NOT NULL,
    UNIQUE (file_id, version)
);

-- +goose Down
DROP TABLE plan_versions;
DROP TABLE plan_measures;
DROP TABLE plan_goals;
DROP TABLE support_plans;
DROP INDEX client_files_office_status;
ALTER TABLE client_files DROP COLUMN birth_month;
ALTER TABLE client_files DROP COLUMN residence_expires_on;
