-- Indexes for the caseload at scale. The topic filter walks a file's
-- contacts and probes each contact's topics; with (file_id, id) the walk
-- reads the index alone instead of every contact row with its note.

-- +goose Up
CREATE INDEX counseling_contacts_file_id ON counseling_contacts (file_id, id);

-- +goose Down
DROP INDEX counseling_contacts_file_id;
