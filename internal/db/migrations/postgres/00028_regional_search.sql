-- The search over the regional networks' meetings, decisions, documents
-- and threads (package regional, search*.go). One row per item with what
-- a hit shows and the item's terms, made in Go (German stems and folded
-- words, the same on both engines). (PostgreSQL variant: a generated
-- tsvector with a GIN index; the SQLite file of the same name keeps an
-- FTS5 index.) The terms are analysed already, so the tsvector takes them
-- with the 'simple' configuration as they are, the title weighted A.

-- +goose Up
CREATE TABLE regional_search (
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
    tsv               TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', body_terms), 'B')
    ) STORED,
    PRIMARY KEY (kind, item_id)
);
CREATE INDEX regional_search_space ON regional_search (space, happened_on);
CREATE INDEX regional_search_tsv ON regional_search USING GIN (tsv);

-- +goose Down
DROP TABLE regional_search;
