package feedback

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// table holds the sealed cells: field f (message, page, email) of row id
// is sealed into column f+"_enc" under the AAD table+"."+f+":"+id, the
// platform's convention (secret.DefaultAAD), so key rotation re-encrypts
// them like every other sealed column (internal/app/cmd_keys.go lists
// them).
const table = "accessibility_feedback"

// seal encrypts one cell; an empty value stays empty ("not given").
func (s *Store) seal(plaintext, field, id string) string {
	if plaintext == "" {
		return ""
	}
	return s.keys.Encrypt([]byte(plaintext), aad(field, id))
}

// open decrypts one cell sealed by seal.
func (s *Store) open(value, field, id string) (string, error) {
	if value == "" {
		return "", nil
	}
	b, err := s.keys.Decrypt(value, aad(field, id))
	if err != nil {
		return "", fmt.Errorf("feedback: open %s of %s: %w", field, id, err)
	}
	return string(b), nil
}

func aad(field, id string) string { return table + "." + field + ":" + id }

// rangeID is the keyed hash under which the rate limit counts an address
// range: the same range gives the same value, and the table never holds
// the range itself.
func (s *Store) rangeID(addressRange string) string {
	m := hmac.New(sha256.New, s.rangeKey)
	m.Write([]byte("kmn-feedback-range\x00" + addressRange))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
