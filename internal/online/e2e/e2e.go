// Package e2e is the Go side of the end-to-end encryption of online
// counseling (docs/E2E.md, protocol v1). The browser side is
// internal/web/site/static/online-crypto.js; both must produce and accept
// the same bytes, which the browser test in this package pins down in a real
// Chromium.
//
// The server never holds a password or a private key in normal operation.
// It uses this package to refuse malformed uploads (ValidPublicKey,
// ValidSealed, ValidWrappedKey, ValidSealedFile) and to seed demo
// conversations with known demo passwords; tests use it as the independent
// second implementation.
//
// Only standard-library primitives are used (no hand-written cryptography);
// golang.org/x/text is used for the NFC normalisation of passwords.
package e2e

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"encoding/base64"
	"errors"
	"fmt"
)

// Domain separation strings. Every derived key and every sealed box names
// its purpose, so a value moved to another place fails to verify.
const (
	infoAuth      = "kmn-online/v1/auth"
	infoWrap      = "kmn-online/v1/wrap"
	infoRecovery  = "kmn-online/v1/recovery"
	aadPrivateKey = "kmn-online/v1/private-key"
	infoKeyPrefix = "kmn-online/v1/key|"
	aadMsgPrefix  = "kmn-online/v1/msg|"
	aadFilePrefix = "kmn-online/v1/file|"
	safetyPrefix  = "kmn-online/v1/safety|"
)

// Sizes of the protocol's binary values, exported so the server can bound
// uploads without knowing the construction.
const (
	// KeyLen is the length of every symmetric key (AES-256).
	KeyLen = 32
	// SaltLen is the length of the per-account password and recovery salts.
	SaltLen = 16
	// PublicKeyLen is the length of a raw uncompressed P-256 point.
	PublicKeyLen = 65
	// SealedOverhead is what a sealed box adds to its plaintext: the 12-byte
	// IV in front and the 16-byte GCM tag behind.
	SealedOverhead = 12 + 16
	// WrappedKeyLen is the exact length of a wrapped conversation key:
	// the ephemeral public key and a sealed 32-byte key.
	WrappedKeyLen = PublicKeyLen + SealedOverhead + KeyLen
)

// ErrVerify means a sealed box did not open: wrong key, tampered bytes, or
// a box moved to another conversation, epoch, position or sender. Readers
// show "this message could not be verified" for it, so it is one sentinel
// whatever the cause.
var ErrVerify = errors.New("e2e: could not be verified")

// b64 is the protocol's text form of binary values: base64url without
// padding. Strict decoding refuses non-canonical spellings, so one value has
// one form on the wire.
var b64 = base64.RawURLEncoding.Strict()

// Encode returns the protocol's text form of b (base64url, no padding).
func Encode(b []byte) string { return b64.EncodeToString(b) }

// Decode parses the protocol's text form of a binary value.
func Decode(s string) ([]byte, error) {
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("e2e: not base64url: %w", err)
	}
	return b, nil
}

// aead returns AES-256-GCM that prepends its random 12-byte IV, which is
// exactly the sealed-box layout iv ‖ ciphertext ‖ tag.
func aead(key []byte) (cipher.AEAD, error) {
	if len(key) != KeyLen {
		return nil, fmt.Errorf("e2e: key is %d bytes, want %d", len(key), KeyLen)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCMWithRandomNonce(block)
}

// seal makes a sealed box of plaintext under key with the given AAD.
func seal(key, plaintext []byte, aad string) ([]byte, error) {
	g, err := aead(key)
	if err != nil {
		return nil, err
	}
	return g.Seal(nil, nil, plaintext, []byte(aad)), nil
}

// open opens a sealed box; every failure to authenticate is ErrVerify.
func open(key, box []byte, aad string) ([]byte, error) {
	g, err := aead(key)
	if err != nil {
		return nil, err
	}
	if len(box) < SealedOverhead {
		return nil, ErrVerify
	}
	pt, err := g.Open(nil, nil, box, []byte(aad))
	if err != nil {
		return nil, ErrVerify
	}
	return pt, nil
}

// parsePublic decodes a raw P-256 public key and checks it is on the curve,
// so a bad key fails at upload and not in some reader's browser.
func parsePublic(s string) (*ecdh.PublicKey, error) {
	raw, err := Decode(s)
	if err != nil {
		return nil, err
	}
	if len(raw) != PublicKeyLen {
		return nil, fmt.Errorf("e2e: public key is %d bytes, want %d", len(raw), PublicKeyLen)
	}
	pub, err := ecdh.P256().NewPublicKey(raw)
	if err != nil {
		return nil, fmt.Errorf("e2e: public key: %w", err)
	}
	return pub, nil
}

// ValidPublicKey reports why s is not an identity public key the browsers
// can use (base64url of an uncompressed P-256 point), or nil.
func ValidPublicKey(s string) error {
	_, err := parsePublic(s)
	return err
}

// ValidSealed checks the shape of an uploaded sealed box whose plaintext is
// at least minPlain and at most maxPlain bytes. The server cannot open it;
// this only refuses what no browser would send.
func ValidSealed(s string, minPlain, maxPlain int) error {
	if len(s) > b64.EncodedLen(maxPlain+SealedOverhead) {
		return fmt.Errorf("e2e: sealed box too long")
	}
	b, err := Decode(s)
	if err != nil {
		return err
	}
	if n := len(b) - SealedOverhead; n < minPlain || n > maxPlain {
		return fmt.Errorf("e2e: sealed box holds %d bytes, want %d to %d", n, minPlain, maxPlain)
	}
	return nil
}

// ValidWrappedKey checks the shape of an uploaded wrapped conversation key:
// exact length and an ephemeral key on the curve.
func ValidWrappedKey(s string) error {
	b, err := Decode(s)
	if err != nil {
		return err
	}
	if len(b) != WrappedKeyLen {
		return fmt.Errorf("e2e: wrapped key is %d bytes, want %d", len(b), WrappedKeyLen)
	}
	if _, err := ecdh.P256().NewPublicKey(b[:PublicKeyLen]); err != nil {
		return fmt.Errorf("e2e: wrapped key: %w", err)
	}
	return nil
}
