package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedHash is returned (wrapped) when an encoded hash cannot be parsed
// or names parameters this package does not accept.
var ErrMalformedHash = errors.New("password: malformed argon2id hash")

// Bounds on parameters read from an encoded hash, so that a corrupt or
// planted database value cannot make Verify allocate gigabytes or run for
// minutes.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 64
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 128
)

// params are the argon2id settings recorded in a hash.
type params struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
	saltLen int
	keyLen  int
}

// decoded is a parsed PHC string.
type decoded struct {
	params
	salt []byte
	key  []byte
}

var b64 = base64.RawStdEncoding

// encode formats a hash in the PHC string format used by the argon2
// reference implementation: $argon2id$v=19$m=…,t=…,p=…$salt$key.
func encode(p params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses and bounds-checks a PHC argon2id string.
func decode(encoded string) (decoded, error) {
	var d decoded
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return d, fmt.Errorf("%w: not an argon2id PHC string", ErrMalformedHash)
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || parts[2] != fmt.Sprintf("v=%d", version) {
		return d, fmt.Errorf("%w: bad version field", ErrMalformedHash)
	}
	if version != argon2.Version {
		return d, fmt.Errorf("%w: unsupported version %d", ErrMalformedHash, version)
	}
	if err := d.parseParams(parts[3]); err != nil {
		return d, err
	}
	var err error
	if d.salt, err = b64.Strict().DecodeString(parts[4]); err != nil {
		return d, fmt.Errorf("%w: salt: %v", ErrMalformedHash, err)
	}
	if d.key, err = b64.Strict().DecodeString(parts[5]); err != nil {
		return d, fmt.Errorf("%w: key: %v", ErrMalformedHash, err)
	}
	d.saltLen, d.keyLen = len(d.salt), len(d.key)
	return d, d.check()
}

// parseParams reads the "m=…,t=…,p=…" field, insisting on the canonical form.
func (d *decoded) parseParams(field string) error {
	var m, t, p uint64
	if _, err := fmt.Sscanf(field, "m=%d,t=%d,p=%d", &m, &t, &p); err != nil ||
		field != fmt.Sprintf("m=%d,t=%d,p=%d", m, t, p) {
		return fmt.Errorf("%w: bad parameter field", ErrMalformedHash)
	}
	if m > maxMemoryKiB || t > maxTime || p > 255 {
		return fmt.Errorf("%w: parameters out of range", ErrMalformedHash)
	}
	d.memory, d.time, d.threads = uint32(m), uint32(t), uint8(p)
	return nil
}

// check rejects parameters argon2 cannot use or that fall outside our bounds.
func (d *decoded) check() error {
	switch {
	case d.time < 1, d.threads < 1:
		return fmt.Errorf("%w: time and parallelism must be at least 1", ErrMalformedHash)
	case d.memory < 8*uint32(d.threads):
		return fmt.Errorf("%w: memory below 8 KiB per lane", ErrMalformedHash)
	case d.saltLen < minSaltLen || d.saltLen > maxSaltLen:
		return fmt.Errorf("%w: salt length %d", ErrMalformedHash, d.saltLen)
	case d.keyLen < minKeyLen || d.keyLen > maxKeyLen:
		return fmt.Errorf("%w: key length %d", ErrMalformedHash, d.keyLen)
	}
	return nil
}
