-- Case management, team features: time-limited substitutions and the
-- per-program deletion period. A substitution lets a colleague of the same
-- office (the substitute) work on an absent counselor's files of that
-- office from starts_on to ends_on (both inclusive), also where the office's
-- case_visibility is "own". Ending one early sets ended_at/ended_by and
-- keeps the row as a record. Dates are DATE columns written by Go as
-- midnight UTC. programs.retention_years is how long a closed file of the
-- program is kept before it is deleted.

-- +goose Up
CREATE TABLE case_substitutions (
    id            TEXT PRIMARY KEY,
    office_id     TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    absent_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    substitute_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    starts_on     DATE NOT NULL,
    ends_on       DATE NOT NULL,
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    ended_at      TIMESTAMP NULL,
    ended_by      TEXT NULL REFERENCES users (id),
    CHECK (ends_on >= starts_on),
    CHECK (absent_id <> substitute_id),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL))
);
-- The scope lookup: substitutions of one substitute, by absent colleague.
CREATE INDEX case_substitutions_substitute ON case_substitutions (substitute_id, absent_id, office_id, ends_on);
CREATE INDEX case_substitutions_office ON case_substitutions (office_id, ends_on);
CREATE INDEX case_substitutions_absent ON case_substitutions (absent_id);

ALTER TABLE programs ADD COLUMN retention_years INTEGER NOT NULL DEFAULT 3 CHECK (retention_years BETWEEN 1 AND 30);

-- +goose Down
ALTER TABLE programs DROP COLUMN retention_years;
DROP TABLE case_substitutions;
