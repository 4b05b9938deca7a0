-- The caseload lists an office's files newest intake first and filters by
-- counselor, status, program, part of the code and the topics of the
-- contacts. The first index holds all the file's columns of that, so a page
-- reads the index in order and stops after it, and counting and searching
-- read no table row, whatever the office's caseload. The topic rows get a
-- copy of their file's office and counselor (set with the row, changed
-- with a transfer), so the topic filter reads one index range of the
-- viewer's scope instead of probing every file.

-- +goose Up
CREATE INDEX client_files_office_intake ON client_files (office_id, intake_on, id, counselor_id, status, program_id, code);

ALTER TABLE counseling_contact_topics ADD COLUMN office_id TEXT NOT NULL DEFAULT '';
ALTER TABLE counseling_contact_topics ADD COLUMN counselor_id TEXT NOT NULL DEFAULT '';
UPDATE counseling_contact_topics SET
    office_id = (SELECT f.office_id FROM client_files f WHERE f.id = counseling_contact_topics.file_id),
    counselor_id = (SELECT f.counselor_id FROM client_files f WHERE f.id = counseling_contact_topics.file_id);
CREATE INDEX counseling_contact_topics_office ON counseling_contact_topics (office_id, topic_id, counselor_id, file_id);
CREATE INDEX counseling_contact_topics_counselor ON counseling_contact_topics (counselor_id, topic_id, office_id, file_id);

-- +goose Down
DROP INDEX counseling_contact_topics_counselor;
DROP INDEX counseling_contact_topics_office;
ALTER TABLE counseling_contact_topics DROP COLUMN counselor_id;
ALTER TABLE counseling_contact_topics DROP COLUMN office_id;
DROP INDEX client_files_office_intake;
