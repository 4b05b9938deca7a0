-- Deadlines of open client files, kept up to date in the same transaction
-- as every change of their sources (plan measures and reviews, the plan's
-- review, the residence title, the JMD clients' 27th birthday), so that
-- the deadline page, the dashboard and the caseload's due filters read one
-- definition and stay cheap at any caseload. file_code, office_id and
-- counselor_id repeat the file's, so the viewer's scope applies to the rows
-- directly and the lists need no join.
-- client_files.next_due_on is the earliest of a file's deadlines (NULL for
-- none and for closed files); deadlines_version says which definition
-- computed a file's rows (the case store recomputes older ones at start).

-- +goose Up
CREATE TABLE case_deadlines (
    file_id      TEXT NOT NULL REFERENCES client_files (id) ON DELETE CASCADE,
    file_code    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('measure', 'review', 'residence', 'jmd_27')),
    item_id      TEXT NOT NULL DEFAULT '',
    due_on       DATE NOT NULL,
    area         TEXT NOT NULL DEFAULT '',
    office_id    TEXT NOT NULL,
    counselor_id TEXT NOT NULL,
    PRIMARY KEY (file_id, kind, item_id)
);
-- Covering the scope (counselor and office) and the kind, so counting a
-- viewer's deadlines reads the index only.
CREATE INDEX case_deadlines_counselor ON case_deadlines (counselor_id, due_on, office_id, kind);
CREATE INDEX case_deadlines_office ON case_deadlines (office_id, due_on, counselor_id, kind);
CREATE INDEX case_deadlines_due ON case_deadlines (file_id, due_on);

ALTER TABLE client_files ADD COLUMN next_due_on DATE NULL;
ALTER TABLE client_files ADD COLUMN deadlines_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX client_files_next_due ON client_files (office_id, next_due_on);

-- +goose Down
DROP INDEX client_files_next_due;
ALTER TABLE client_files DROP COLUMN deadlines_version;
ALTER TABLE client_files DROP COLUMN next_due_on;
DROP TABLE case_deadlines;
