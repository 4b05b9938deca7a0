-- The open-data API's per-client rate limit, shared by all servers on this
-- database (internal/api/limit_shared.go, GCRA). One row per client: the
-- theoretical arrival time of its next request, in microseconds since the
-- Unix epoch, an integer so that the limit's arithmetic is the same plain
-- SQL on both engines.
--
-- client_key is an HMAC of the client's address under a key derived from
-- the key file, never the address. Rows whose tat passed over a minute ago
-- carry no state and are deleted by a periodic job.
--
-- No index on tat: every API request rewrites it, and an index would make
-- each of those writes update the index too (on PostgreSQL it would also
-- rule out HOT updates). The cleanup scans a table of recent clients only.

-- +goose Up
CREATE TABLE api_rate_limits (
    client_key TEXT PRIMARY KEY,
    tat        BIGINT NOT NULL
);

-- +goose Down
DROP TABLE api_rate_limits;
