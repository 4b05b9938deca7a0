-- Short feedback after an event (package event): one per registration, a
-- rating of 1 to 5 and an optional comment sealed with the key file
-- ("event_feedback.comment:<id>"). It goes with the registration.

-- +goose Up
CREATE TABLE event_feedback (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    registration_id TEXT NOT NULL UNIQUE REFERENCES event_registrations (id) ON DELETE CASCADE,
    rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment_enc     TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX event_feedback_event ON event_feedback (event_id);

-- +goose Down
DROP TABLE event_feedback;
