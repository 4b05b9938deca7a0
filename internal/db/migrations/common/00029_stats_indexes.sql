-- The statistics count files, contacts and goals of a period through the
-- case store's tallies (casework/tally.go), statewide, for one office or for
-- one counselor's own files. Files closed in a period are one range of
-- closed_on, and contacts of a period one range of contact_on, instead of
-- a scan of every file or contact ever recorded. A counselor's own files
-- are one range of counselor_id: the (office_id, counselor_id) index serves
-- that only by reading all of it (PostgreSQL) or, on SQLite, only after
-- ANALYZE, and without it SQLite preferred walking the contact dates.

-- +goose Up
CREATE INDEX client_files_closed ON client_files (closed_on);
CREATE INDEX client_files_counselor ON client_files (counselor_id);
CREATE INDEX counseling_contacts_on ON counseling_contacts (contact_on);

-- +goose Down
DROP INDEX counseling_contacts_on;
DROP INDEX client_files_counselor;
DROP INDEX client_files_closed;
