package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// RecoveryCodeCount is how many single-use codes a user gets.
const RecoveryCodeCount = 10

// recoveryAlphabet avoids look-alike characters (0/O, 1/I/L).
const recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// newRecoveryCode returns a 12-character code (about 59 bits), shown as
// xxxx-xxxx-xxxx.
func newRecoveryCode() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
	}
	return s.String()
}

// normalizeRecoveryCode accepts codes typed with spaces, dashes or capitals.
func normalizeRecoveryCode(code string) string {
	code = strings.ToLower(code)
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(recoveryAlphabet, r) {
			return r
		}
		return -1
	}, code)
}

func hashRecoveryCode(userID, code string) string {
	h := sha256.Sum256([]byte(userID + ":" + normalizeRecoveryCode(code)))
	return hex.EncodeToString(h[:])
}

// replaceRecoveryCodes deletes the user's codes and stores a fresh set.
func replaceRecoveryCodes(ctx context.Context, q db.Querier, userID string) ([]string, error) {
	if _, err := q.Exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
		return nil, fmt.Errorf("auth: delete recovery codes: %w", err)
	}
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		codes[i] = newRecoveryCode()
		if _, err := q.Exec(ctx, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)",
			userID, hashRecoveryCode(userID, codes[i])); err != nil {
			return nil, fmt.Errorf("auth: store recovery code: %w", err)
		}
	}
	return codes, nil
}

// useRecoveryCode marks a code used; false when it is unknown or spent. The
// conditional UPDATE makes two simultaneous uses of one code impossible.
func useRecoveryCode(ctx context.Context, q db.Querier, userID, code string, now time.Time) (bool, error) {
	res, err := q.Exec(ctx, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
		now, userID, hashRecoveryCode(userID, code))
	if err != nil {
		return false, fmt.Errorf("auth: use recovery code: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RecoveryCodesLeft counts the unused codes of a user.
func RecoveryCodesLeft(ctx context.Context, q db.Querier, userID string) (int, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("auth: count recovery codes: %w", err)
	}
	return n, nil
}
