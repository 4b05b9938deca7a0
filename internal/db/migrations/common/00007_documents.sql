-- Documents and scans in client files: PDF, JPEG or PNG, at most 10 MiB,
-- optionally the scan of one consent. Title and content are encrypted by the
-- application (AES-256-GCM, AAD "case_documents.<field>:"+id); no plain
-- hash or file name of the content is stored, so nothing here identifies a
-- document without the key. The type is the one detected from the bytes,
-- never the one the browser claimed.
--
-- content_enc is TEXT, not BLOB/BYTEA: it holds the keyring's sealed form
-- ("keyID:base64(nonce‖ciphertext)"), the same as every other *_enc column.
-- That costs a third more space (a 10 MiB scan takes about 13.4 MiB) but
-- keeps one migration for both engines and lets `kmn keys reencrypt`,
-- `status` and `retire` treat the column like any other, with no byte-column
-- code path of their own.
--
-- consent_id ON DELETE CASCADE: the scan is the consent's evidence and
-- belongs to it. A consent row is never deleted on its own today (withdrawal
-- only sets withdrawn_on, so the scan stays as proof of what was given); if
-- a wrongly recorded consent is ever deleted, its scan has no purpose left
-- and must go too rather than linger as an unassigned personal document.
-- The file's deletion (retention purge, erasure) removes every document
-- through file_id ON DELETE CASCADE.

-- +goose Up
CREATE TABLE case_documents (
    id           TEXT PRIMARY KEY,
    file_id      TEXT NOT NULL REFERENCES client_files (id) ON DELETE CASCADE,
    consent_id   TEXT NULL REFERENCES consents (id) ON DELETE CASCADE,
    title_enc    TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes   INTEGER NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    content_enc  TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL REFERENCES users (id),
    uploaded_at  TIMESTAMP NOT NULL
);
CREATE INDEX case_documents_file ON case_documents (file_id, uploaded_at);
CREATE INDEX case_documents_consent ON case_documents (consent_id);

-- +goose Down
DROP TABLE case_documents;
