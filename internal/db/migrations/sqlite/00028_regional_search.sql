-- The search over the regional networks' meetings, decisions, documents
-- and threads (package regional, search*.go). One row per item with what
-- a hit shows and the item's terms, made in Go (German stems and folded
-- words, the same on both engines). (SQLite variant: an FTS5 index over
-- the terms; the PostgreSQL file of the same name keeps a tsvector.)
--
-- id is the FTS5 table's rowid; it must be an INTEGER PRIMARY KEY, which
-- VACUUM (and so a backup) keeps, so the item's key is UNIQUE here
-- instead of the primary key it is on PostgreSQL.

-- +goose Up
CREATE TABLE regional_search (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('meeting', 'decision', 'document', 'thread')),
    item_id           TEXT NOT NULL,
    space             TEXT NOT NULL,
    topic             TEXT NOT NULL DEFAULT '',
    happened_on       DATE NOT NULL,
    title             TEXT NOT NULL,
    body              TEXT NOT NULL DEFAULT '',
    href              TEXT NOT NULL,
    coordinators_only BOOLEAN NOT NULL DEFAULT FALSE,
    title_terms       TEXT NOT NULL DEFAULT '',
    body_terms        TEXT NOT NULL DEFAULT '',
    updated_at        TIMESTAMP NOT NULL,
    UNIQUE (kind, item_id)
);
CREATE INDEX regional_search_space ON regional_search (space, happened_on);

-- The full-text index over the terms, with regional_search as its
-- external content: it stores the index only, and the triggers below
-- keep it in step in the writing transaction.
CREATE VIRTUAL TABLE regional_search_fts USING fts5 (
    title_terms, body_terms,
    content = 'regional_search', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);

-- +goose StatementBegin
CREATE TRIGGER regional_search_ai AFTER INSERT ON regional_search BEGIN
    INSERT INTO regional_search_fts (rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER regional_search_ad AFTER DELETE ON regional_search BEGIN
    INSERT INTO regional_search_fts (regional_search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER regional_search_au AFTER UPDATE ON regional_search BEGIN
    INSERT INTO regional_search_fts (regional_search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
    INSERT INTO regional_search_fts (rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER regional_search_au;
DROP TRIGGER regional_search_ad;
DROP TRIGGER regional_search_ai;
DROP TABLE regional_search_fts;
DROP TABLE regional_search;
