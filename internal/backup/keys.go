package backup

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"

	"filippo.io/age"
)

// ParseRecipients reads the age public keys to encrypt backups to: either
// one or more keys (age1…) separated by commas or spaces, or the path of
// a recipients file (one key per line, # comments), as age -R reads it.
// Anything not starting with "age1" is taken for a path.
func ParseRecipients(s string) ([]age.Recipient, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("backup: no age recipients given")
	}
	if isPrivateKey(s) {
		return nil, errPrivateKey
	}
	if !strings.HasPrefix(s, "age1") {
		return recipientsFile(s)
	}
	var rs []age.Recipient
	split := func(r rune) bool { return r == ',' || unicode.IsSpace(r) }
	for _, key := range strings.FieldsFunc(s, split) {
		if isPrivateKey(key) {
			return nil, errPrivateKey
		}
		// age.ParseRecipients knows every key type age has (X25519 and the
		// post-quantum hybrid), so one line is parsed as a file of one.
		r, err := age.ParseRecipients(strings.NewReader(key))
		if err != nil {
			return nil, fmt.Errorf("backup: recipient %q: %w", key, err)
		}
		rs = append(rs, r...)
	}
	return rs, nil
}

// errPrivateKey does not repeat the key: errors end up in logs and
// terminals.
var errPrivateKey = errors.New("backup: a private key (AGE-SECRET-KEY-…) was given where public keys (age1…) belong; keep the private key off the server")

func isPrivateKey(s string) bool {
	return strings.HasPrefix(strings.ToUpper(s), "AGE-SECRET-KEY-")
}

func recipientsFile(path string) ([]age.Recipient, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("backup: recipients (neither age1… keys nor a readable file): %w", err)
	}
	defer f.Close()
	rs, err := age.ParseRecipients(f)
	if err != nil {
		return nil, fmt.Errorf("backup: recipients file %s: %w", path, err)
	}
	return rs, nil
}

// LoadIdentities reads an age identity file (the private keys, as
// age-keygen writes them). Like the key file in internal/secret, it refuses
// a file that group or others may read: whoever reads it can read every
// backup.
func LoadIdentities(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("backup: identity file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat() // the file opened, not whatever the path names now
	if err != nil {
		return nil, fmt.Errorf("backup: identity file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("backup: identity file %s is not a regular file", path)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("backup: identity file %s is readable by group or others (mode %v); run chmod 600", path, fi.Mode().Perm())
	}
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("backup: identity file %s: %w", path, err)
	}
	return ids, nil
}
