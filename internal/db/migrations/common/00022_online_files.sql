-- Attachments of online counseling messages (package online): a sealed box
-- of the file's bytes under the conversation key (docs/E2E.md); name, type
-- and size travel encrypted inside the message. One per message.
--
-- A client may agree in the conversation that the counselor opens a client
-- file (pseudonym only): file_consent_at records when, file_id the file.

-- +goose Up
CREATE TABLE online_attachments (
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    body            TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq),
    FOREIGN KEY (conversation_id, seq) REFERENCES online_messages (conversation_id, seq) ON DELETE CASCADE
);

ALTER TABLE online_conversations ADD COLUMN file_consent_at TIMESTAMP NULL;
ALTER TABLE online_conversations ADD COLUMN file_id TEXT NULL REFERENCES client_files (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE online_conversations DROP COLUMN file_id;
ALTER TABLE online_conversations DROP COLUMN file_consent_at;
DROP TABLE online_attachments;
