package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// EncryptOptions says where Encrypted writes and to whom.
type EncryptOptions struct {
	// Dir is the backup directory, created (mode 0700) if missing. The
	// plaintext snapshot is made here too, as a hidden .kmn-*.tmp file that
	// exists only while Encrypted runs: exclude .kmn-*.tmp when copying the
	// directory off the machine.
	Dir string
	// Recipients are the age public keys the backup is encrypted to (at
	// least one); any of the matching identities can decrypt it.
	Recipients []age.Recipient
	// Identities, when given, make Encrypted decrypt the written file fully
	// and check the database inside. Leave it empty on servers, which should
	// not hold the identity; the backup is then verified by checksum.
	Identities []age.Identity
	// Now names the file (UTC, to the second); zero means the current time.
	Now time.Time
}

// The values of Result.Verified.
const (
	// VerifiedChecksum: the file re-read from disk has the SHA-256 computed
	// while it was written.
	VerifiedChecksum = "checksum"
	// VerifiedDecrypted: in addition, it decrypted with the identities given
	// and the database inside passed the integrity check.
	VerifiedDecrypted = "decrypted"
)

// Result describes a backup that Encrypted wrote and verified.
type Result struct {
	// Path is the backup file, Dir/kmn-<UTC time>.db.age.
	Path string
	// Size is the encrypted file's size in bytes.
	Size int64
	// SHA256 is the hex SHA-256 of the encrypted file, for the operator's
	// record or an off-site copy's check.
	SHA256 string
	// Verified is VerifiedChecksum or VerifiedDecrypted.
	Verified string
}

// Encrypted takes a consistent snapshot of d (VACUUM INTO, as SQLite does),
// checks it with PRAGMA integrity_check, encrypts it with age to
// opts.Recipients as Dir/kmn-<UTC time>.db.age and verifies the result
// before publishing it, so a file of that name is always a complete,
// verified backup. The plaintext snapshot is removed on every path. It
// refuses PostgreSQL (ErrPostgres) and an existing file of the same name
// (ErrExists).
func Encrypted(ctx context.Context, d *db.DB, opts EncryptOptions) (Result, error) {
	if d.Dialect() != db.SQLite {
		return Result{}, ErrPostgres
	}
	if err := opts.validate(); err != nil {
		return Result{}, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return Result{}, fmt.Errorf("backup: create backup directory: %w", err)
	}
	removeStaleTemps(opts.Dir)
	out := filepath.Join(opts.Dir, FileName(now))
	if err := refuseExisting(out); err != nil {
		return Result{}, err
	}
	return encryptTo(ctx, d, out, opts)
}

// encryptTo does Encrypted's work once out is known to be free.
func encryptTo(ctx context.Context, d *db.DB, out string, opts EncryptOptions) (Result, error) {
	plain, err := plainSnapshot(ctx, d, opts.Dir)
	defer removeSQLiteFile(plain)
	if err != nil {
		return Result{}, err
	}
	tmp := filepath.Join(opts.Dir, "."+filepath.Base(out)+".tmp")
	res, err := encryptFile(ctx, plain, tmp, opts.Recipients)
	if err != nil {
		return Result{}, err
	}
	defer os.Remove(tmp) // no-op once published
	// The plaintext is not needed any more: do not keep it on disk while
	// verifying.
	removeSQLiteFile(plain)
	if res.Verified, err = verify(ctx, tmp, res.SHA256, opts); err != nil {
		return Result{}, err
	}
	if err := publish(tmp, out); err != nil {
		return Result{}, err
	}
	res.Path = out
	return res, nil
}

func (o EncryptOptions) validate() error {
	if o.Dir == "" {
		return errors.New("backup: no backup directory given")
	}
	if len(o.Recipients) == 0 {
		return errors.New("backup: no age recipient given to encrypt to")
	}
	return nil
}

// plainSnapshot makes the VACUUM INTO copy in a new 0600 temporary file in
// dir and checks it. It returns the file's name also on error, for the
// caller's removal.
func plainSnapshot(ctx context.Context, d *db.DB, dir string) (string, error) {
	f, err := os.CreateTemp(dir, tempPrefix+"plain-*"+tempSuffix)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	name := f.Name()
	if err := f.Close(); err != nil {
		return name, fmt.Errorf("backup: %w", err)
	}
	if err := snapshot(ctx, d, name); err != nil {
		return name, err
	}
	if err := check(ctx, name); err != nil {
		return name, fmt.Errorf("backup: snapshot failed its check: %w", err)
	}
	return name, nil
}

// encryptFile encrypts plain into the new file tmp (mode 0600, synced) and
// returns its size and the SHA-256 of the bytes as they were written.
func encryptFile(ctx context.Context, plain, tmp string, rs []age.Recipient) (Result, error) {
	src, err := os.Open(plain)
	if err != nil {
		return Result{}, fmt.Errorf("backup: %w", err)
	}
	defer src.Close()
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return Result{}, fmt.Errorf("%w: %s (another backup running, or an interrupted one: remove it)", ErrExists, tmp)
	}
	if err != nil {
		return Result{}, fmt.Errorf("backup: %w", err)
	}
	h := sha256.New()
	err = encryptStream(ctx, io.MultiWriter(f, h), src, rs)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return Result{}, fmt.Errorf("backup: encrypt: %w", err)
	}
	return statResult(tmp, hex.EncodeToString(h.Sum(nil)))
}

// encryptStream writes src to dst encrypted with age. Closing the age
// writer writes the final chunk, without which the file does not decrypt.
func encryptStream(ctx context.Context, dst io.Writer, src io.Reader, rs []age.Recipient) error {
	w, err := age.Encrypt(dst, rs...)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, ctxReader{ctx, src}); err != nil {
		return err
	}
	return w.Close()
}

func statResult(path, sum string) (Result, error) {
	fi, err := os.Stat(path)
	if err != nil {
		os.Remove(path)
		return Result{}, fmt.Errorf("backup: %w", err)
	}
	return Result{Size: fi.Size(), SHA256: sum}, nil
}
