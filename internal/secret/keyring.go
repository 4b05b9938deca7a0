// Package secret keeps the platform's encryption keys outside the database
// and encrypts values at rest with AES-256-GCM. The key file lives in the data
// directory (mode 0600) and is created on first run; several keys may exist
// so that a rotation can add a new active key while old ciphertexts stay
// readable until they are re-encrypted.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// KeyFileName is the key file inside the data directory.
const KeyFileName = "kmn.key"

// ErrDecrypt hides why a ciphertext could not be opened (wrong key, edited
// bytes): callers only need to know it is unusable.
var ErrDecrypt = errors.New("secret: cannot decrypt")

// Keyring holds the keys and knows which one encrypts. It is safe for
// concurrent use: a running server may rotate while requests encrypt.
type Keyring struct {
	mu sync.RWMutex
	ring
}

// ring is the keys as loaded from one version of the key file.
type ring struct {
	path   string
	file   keyFile
	aeads  map[string]cipher.AEAD
	active string
}

type keyFile struct {
	Active string `json:"active"`
	Keys   []key  `json:"keys"`
}

type key struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	Key     []byte    `json:"key"` // 32 bytes, base64 in JSON
}

// LoadOrCreate reads the key file in dataDir, creating it (and the directory)
// when missing. created reports a first run.
func LoadOrCreate(dataDir string) (k *Keyring, created bool, err error) {
	path := filepath.Join(dataDir, KeyFileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		k, err = create(path)
		return k, err == nil, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("secret: read key file: %w", err)
	}
	if err := checkMode(path); err != nil {
		return nil, false, err
	}
	var f keyFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, false, fmt.Errorf("secret: key file %s is not valid: %w", path, err)
	}
	k, err = fromFile(path, f)
	return k, false, err
}

func create(path string) (*Keyring, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("secret: create data directory: %w", err)
	}
	f := keyFile{}
	f.Keys = append(f.Keys, newKey())
	f.Active = f.Keys[0].ID
	k, err := fromFile(path, f)
	if err != nil {
		return nil, err
	}
	return k, k.save(true)
}

func newKey() key {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return key{ID: "k" + time.Now().UTC().Format("20060102150405"), Created: time.Now().UTC(), Key: b}
}

func fromFile(path string, f keyFile) (*Keyring, error) {
	r, err := ringOf(path, f)
	if err != nil {
		return nil, err
	}
	return &Keyring{ring: r}, nil
}

func ringOf(path string, f keyFile) (ring, error) {
	k := ring{path: path, file: f, aeads: map[string]cipher.AEAD{}, active: f.Active}
	for _, kk := range f.Keys {
		if len(kk.Key) != 32 || kk.ID == "" || strings.Contains(kk.ID, ":") {
			return ring{}, fmt.Errorf("secret: key %q in %s is malformed", kk.ID, path)
		}
		block, err := aes.NewCipher(kk.Key)
		if err != nil {
			return ring{}, fmt.Errorf("secret: %w", err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return ring{}, fmt.Errorf("secret: %w", err)
		}
		k.aeads[kk.ID] = aead
	}
	if _, ok := k.aeads[f.Active]; !ok {
		return ring{}, fmt.Errorf("secret: active key %q missing from %s", f.Active, path)
	}
	return k, nil
}

// save writes the key file atomically with mode 0600. exclusive refuses to
// replace an existing file (two servers starting at once on a fresh directory).
func (k ring) save(exclusive bool) error {
	b, err := json.MarshalIndent(k.file, "", "  ")
	if err != nil {
		return fmt.Errorf("secret: %w", err)
	}
	tmp := k.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("secret: write key file: %w", err)
	}
	if exclusive {
		if err := os.Link(tmp, k.path); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("secret: create key file: %w", err)
		}
		return os.Remove(tmp)
	}
	return os.Rename(tmp, k.path)
}

func checkMode(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("secret: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("secret: key file %s is readable by others (mode %v); run chmod 600", path, st.Mode().Perm())
	}
	return nil
}

// Rotate adds a fresh key and makes it the active one. Existing ciphertexts
// keep working because they name their key.
func (k *Keyring) Rotate() (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	nk := newKey()
	base := nk.ID
	for n := len(k.file.Keys); ; n++ { // unique even after a retired key
		nk.ID = fmt.Sprintf("%s-%d", base, n)
		if _, taken := k.aeads[nk.ID]; !taken {
			break
		}
	}
	file := k.file
	file.Keys = append(append([]key{}, file.Keys...), nk)
	file.Active = nk.ID
	next, err := ringOf(k.path, file)
	if err != nil {
		return "", err
	}
	if err := next.save(false); err != nil {
		return "", err
	}
	k.ring = next
	return nk.ID, nil
}

// ActiveID names the key that encrypts new values.
func (k *Keyring) ActiveID() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.active
}

// Encrypt seals plaintext with the active key. aad binds the ciphertext to
// its place (e.g. "users.totp_secret:"+userID) so it cannot be moved to
// another row. The result is "keyID:base64(nonce‖ciphertext)".
func (k *Keyring) Encrypt(plaintext []byte, aad string) string {
	k.mu.RLock()
	aead, active := k.aeads[k.active], k.active
	k.mu.RUnlock()
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	sealed := aead.Seal(nonce, nonce, plaintext, []byte(aad))
	return active + ":" + base64.RawStdEncoding.EncodeToString(sealed)
}

// Decrypt opens a value made by Encrypt with the same aad.
func (k *Keyring) Decrypt(value, aad string) ([]byte, error) {
	id, data, ok := strings.Cut(value, ":")
	k.mu.RLock()
	aead, known := k.aeads[id]
	k.mu.RUnlock()
	if !ok || !known {
		return nil, ErrDecrypt
	}
	raw, err := base64.RawStdEncoding.DecodeString(data)
	if err != nil || len(raw) < aead.NonceSize() {
		return nil, ErrDecrypt
	}
	out, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(aad))
	if err != nil {
		return nil, ErrDecrypt
	}
	return out, nil
}

// Derive returns a 32-byte key for one purpose (e.g. "csrf"), derived with
// HKDF from the first key, which never changes, so rotation does not log
// everybody out.
func (k *Keyring) Derive(purpose string) []byte {
	k.mu.RLock()
	root := k.file.Keys[0].Key
	k.mu.RUnlock()
	out, err := hkdf.Key(sha256.New, root, nil, "kmn/"+purpose, 32)
	if err != nil {
		panic(err) // only for lengths HKDF cannot produce
	}
	return out
}
