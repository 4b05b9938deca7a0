-- Office free texts in the public languages besides German. The German
-- text stays in offices (the base every page falls back to); a row here
-- holds what the office's editors translated into one other language.
-- The rows change only with their office (same transaction, same
-- updated_at, same audit entry) and go with it. The language list is the
-- public languages without German (network.TextLanguages); a test saves
-- a text in each of them.

-- +goose Up
CREATE TABLE office_texts (
    office_id        TEXT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    lang             TEXT NOT NULL CHECK (lang IN ('en', 'ar', 'fa', 'uk', 'ru', 'tr')),
    appointment_info TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (office_id, lang)
);

-- +goose Down
DROP TABLE office_texts;
