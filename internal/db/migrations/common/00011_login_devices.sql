-- Throttling by account and device: a login attempt remembers the trusted
-- device it came from (the nonce of a signed device cookie of the account,
-- '' for strangers) and the address range of the client (IPv4 /24, IPv6
-- /64), so that strangers' failures lock strangers only and hopping within
-- one network does not escape the address limit. Older rows keep '' and
-- age out within a day.

-- +goose Up
ALTER TABLE login_attempts ADD COLUMN device TEXT NOT NULL DEFAULT '';
ALTER TABLE login_attempts ADD COLUMN ip_range TEXT NOT NULL DEFAULT '';
CREATE INDEX login_attempts_device ON login_attempts (email, device, at);
CREATE INDEX login_attempts_range ON login_attempts (ip_range, at);
DROP INDEX login_attempts_ip;

-- +goose Down
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);
DROP INDEX login_attempts_range;
DROP INDEX login_attempts_device;
ALTER TABLE login_attempts DROP COLUMN ip_range;
ALTER TABLE login_attempts DROP COLUMN device;
