-- After registration (package event): when the 7-day and the 1-day
-- reminder went to a confirmed registration (each goes once); attendance
-- as the organiser checks it; the certificate's verification code, made
-- when the participant first downloads the certificate.

-- +goose Up
ALTER TABLE event_registrations ADD COLUMN reminded7_at TIMESTAMP NULL;
ALTER TABLE event_registrations ADD COLUMN reminded1_at TIMESTAMP NULL;
ALTER TABLE event_registrations ADD COLUMN attended BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE event_registrations ADD COLUMN checked_in_at TIMESTAMP NULL;
ALTER TABLE event_registrations ADD COLUMN certificate_code TEXT NULL;
CREATE UNIQUE INDEX event_registrations_certificate ON event_registrations (certificate_code);

-- +goose Down
DROP INDEX event_registrations_certificate;
ALTER TABLE event_registrations DROP COLUMN certificate_code;
ALTER TABLE event_registrations DROP COLUMN checked_in_at;
ALTER TABLE event_registrations DROP COLUMN attended;
ALTER TABLE event_registrations DROP COLUMN reminded1_at;
ALTER TABLE event_registrations DROP COLUMN reminded7_at;
