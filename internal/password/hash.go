package password

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// ErrTooLong is returned by Hash for a password longer than MaxLength code
// points. Check reports the same case as TooLong, for the user.
var ErrTooLong = errors.New("password: longer than MaxLength")

// Cost selects argon2id parameters.
type Cost int

const (
	// Production uses the OWASP-recommended argon2id settings:
	// m=19456 KiB (19 MiB), t=2, p=1.
	Production Cost = iota
	// Test uses cheap settings (m=1024 KiB, t=1, p=1). Only for tests: it
	// offers little protection against offline guessing.
	Test
)

var costParams = map[Cost]params{
	Production: {memory: 19456, time: 2, threads: 1, saltLen: 16, keyLen: 32},
	Test:       {memory: 1024, time: 1, threads: 1, saltLen: 16, keyLen: 32},
}

// Hasher hashes and verifies passwords with one set of argon2id parameters.
// It is safe for concurrent use.
type Hasher struct {
	p         params
	dummySalt []byte
}

// NewHasher returns a Hasher for the given cost. It panics on an unknown
// Cost, which is a programming error.
func NewHasher(c Cost) *Hasher {
	p, ok := costParams[c]
	if !ok {
		panic(fmt.Sprintf("password: unknown Cost %d", c))
	}
	return &Hasher{p: p, dummySalt: make([]byte, p.saltLen)}
}

// Hash normalises pw and returns its argon2id hash as a PHC string with a
// fresh random salt. It refuses passwords longer than MaxLength with
// ErrTooLong rather than truncating them. It does not apply the rest of the
// policy; call Check for that.
func (h *Hasher) Hash(pw string) (string, error) {
	pw, long := tooLong(pw)
	if long {
		return "", ErrTooLong
	}
	salt := make([]byte, h.p.saltLen)
	rand.Read(salt) // never returns an error; crashes the program instead
	return encode(h.p, salt, h.key(pw, salt, h.p)), nil
}

// Verify reports whether pw matches the encoded hash, comparing in constant
// time. A mismatch is ok=false with a nil error; err is non-nil (wrapping
// ErrMalformedHash) only when encoded cannot be parsed. A password longer
// than MaxLength never matches, but costs as much time as one that might.
func (h *Hasher) Verify(pw, encoded string) (ok bool, err error) {
	d, err := decode(encoded)
	if err != nil {
		return false, err
	}
	pw, long := tooLong(pw)
	if long {
		h.DummyVerify("")
		return false, nil
	}
	got := h.key(pw, d.salt, d.params)
	return subtle.ConstantTimeCompare(got, d.key) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters weaker than
// this Hasher's, or cannot be parsed, so that the caller should store a new
// hash after the next successful login.
func (h *Hasher) NeedsRehash(encoded string) bool {
	d, err := decode(encoded)
	if err != nil {
		return true
	}
	return d.memory < h.p.memory || d.time < h.p.time || d.threads < h.p.threads ||
		d.saltLen < h.p.saltLen || d.keyLen < h.p.keyLen
}

// DummyVerify does the same argon2id work as Verify against a hash made by
// this Hasher, and throws the result away. Call it when the account does not
// exist, so that response time does not reveal which accounts exist.
func (h *Hasher) DummyVerify(pw string) {
	pw, _ = tooLong(pw)
	key := h.key(pw, h.dummySalt, h.p)
	subtle.ConstantTimeCompare(key, make([]byte, len(key)))
}

// key derives the argon2id key of an already-normalised password.
func (h *Hasher) key(pw string, salt []byte, p params) []byte {
	return argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, uint32(p.keyLen))
}
