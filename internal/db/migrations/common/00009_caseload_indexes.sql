-- The caseload's topic filter asks, for each file in scope, whether any of
-- its contacts had a topic. Carrying the file on each contact-topic row
-- turns that into one index probe per file instead of a walk over the
-- file's contacts. Rows reach the file through their contact too (and go
-- with it), so file_id needs no foreign key of its own.

-- +goose Up
ALTER TABLE counseling_contact_topics ADD COLUMN file_id TEXT NOT NULL DEFAULT '';
UPDATE counseling_contact_topics SET file_id = (SELECT c.file_id FROM counseling_contacts c WHERE c.id = counseling_contact_topics.contact_id);
CREATE INDEX counseling_contact_topics_file ON counseling_contact_topics (file_id, topic_id);

-- +goose Down
DROP INDEX counseling_contact_topics_file;
ALTER TABLE counseling_contact_topics DROP COLUMN file_id;
