package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"filippo.io/age"
)

// verify checks the encrypted file at path: always its checksum against
// sum, the hash of the bytes as they were written; with identities also a
// full decryption and a check of the database inside. It returns the level
// reached (VerifiedChecksum or VerifiedDecrypted).
func verify(ctx context.Context, path, sum string, opts EncryptOptions) (string, error) {
	if err := verifyChecksum(path, sum); err != nil {
		return "", err
	}
	if len(opts.Identities) == 0 {
		return VerifiedChecksum, nil
	}
	if err := verifyDecrypt(ctx, path, opts); err != nil {
		return "", err
	}
	return VerifiedDecrypted, nil
}

// verifyChecksum re-reads path and compares its SHA-256 with want, which
// catches a write the disk or file system did not keep.
func verifyChecksum(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: verify: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("backup: verify: %w", err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("backup: verify %s: SHA-256 on re-reading is %s, written %s", path, got, want)
	}
	return nil
}

// verifyDecrypt decrypts path with the identities into a 0600 temporary
// file in the backup directory, removed afterwards, and checks that copy
// like a restore would.
func verifyDecrypt(ctx context.Context, path string, opts EncryptOptions) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: verify: %w", err)
	}
	defer f.Close()
	r, err := age.Decrypt(f, opts.Identities...)
	if err != nil {
		return fmt.Errorf("backup: verify: decrypt: %w", err)
	}
	tmp, err := os.CreateTemp(opts.Dir, tempPrefix+"verify-*"+tempSuffix)
	if err != nil {
		return fmt.Errorf("backup: verify: %w", err)
	}
	defer removeSQLiteFile(tmp.Name())
	_, err = io.Copy(tmp, ctxReader{ctx, r})
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: verify: decrypt: %w", err)
	}
	if err := check(ctx, tmp.Name()); err != nil {
		return fmt.Errorf("backup: verify: decrypted database: %w", err)
	}
	return nil
}
