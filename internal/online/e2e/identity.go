package e2e

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"fmt"
)

// Identity is a participant's long-term ECDH P-256 key pair. Conversation
// keys are wrapped for its public key; only its private key unwraps them.
type Identity struct {
	Private *ecdh.PrivateKey
}

// NewIdentity makes a fresh identity key pair.
func NewIdentity() (Identity, error) {
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return Identity{}, fmt.Errorf("e2e: new identity: %w", err)
	}
	return Identity{Private: k}, nil
}

// PublicB64 returns the public key in the form the server stores and other
// participants wrap keys for: base64url of the 65-byte uncompressed point.
func (id Identity) PublicB64() string {
	return Encode(id.Private.PublicKey().Bytes())
}

// SealPrivateKey seals the private key under a wrap key from
// PasswordSecrets or RecoverySecrets, for storage on the server. The
// plaintext is PKCS #8 with id-ecPublicKey, which is what WebCrypto exports
// and imports for ECDH P-256.
func SealPrivateKey(id Identity, wrap []byte) (string, error) {
	der, err := x509.MarshalPKCS8PrivateKey(id.Private)
	if err != nil {
		return "", fmt.Errorf("e2e: marshal private key: %w", err)
	}
	box, err := seal(wrap, der, aadPrivateKey)
	if err != nil {
		return "", err
	}
	return Encode(box), nil
}

// OpenPrivateKey opens a sealed private key. A wrong password or recovery
// code gives ErrVerify.
func OpenPrivateKey(sealed string, wrap []byte) (Identity, error) {
	box, err := Decode(sealed)
	if err != nil {
		return Identity{}, ErrVerify
	}
	der, err := open(wrap, box, aadPrivateKey)
	if err != nil {
		return Identity{}, err
	}
	return ParsePrivateKey(der)
}

// ParsePrivateKey reads an ECDH P-256 private key from PKCS #8 as WebCrypto
// exports it. Go parses id-ecPublicKey as an ECDSA key; it is the same
// scalar, so it is converted.
func ParsePrivateKey(der []byte) (Identity, error) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return Identity{}, fmt.Errorf("e2e: private key: %w", err)
	}
	var priv *ecdh.PrivateKey
	switch k := k.(type) {
	case *ecdsa.PrivateKey:
		priv, err = k.ECDH()
	case *ecdh.PrivateKey:
		priv = k
	default:
		err = fmt.Errorf("unexpected type %T", k)
	}
	if err != nil {
		return Identity{}, fmt.Errorf("e2e: private key: %w", err)
	}
	if priv.Curve() != ecdh.P256() {
		return Identity{}, fmt.Errorf("e2e: private key is not on P-256")
	}
	return Identity{Private: priv}, nil
}
