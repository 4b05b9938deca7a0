package casework

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// codeAlphabet leaves out look-alikes (0/O, 1/I/L, U/V) so that codes read
// out on the phone or copied by hand stay unambiguous.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

// newCode makes a pseudonym like "KMN-7F3Q-9XKD": 8 random symbols of 30,
// about 6.6·10¹¹ codes.
func newCode() string {
	b := []byte("KMN-XXXX-XXXX")
	for _, i := range []int{4, 5, 6, 7, 9, 10, 11, 12} {
		b[i] = codeAlphabet[randIndex(len(codeAlphabet))]
	}
	return string(b)
}

// randIndex is a uniform random number below n (n < 256).
func randIndex(n int) int {
	limit := byte(256 - 256%n)
	var one [1]byte
	for {
		_, _ = rand.Read(one[:])
		if one[0] < limit {
			return int(one[0]) % n
		}
	}
}

// freeCode returns a code not yet in use. A collision is so unlikely that
// a few tries are plenty; checking first (instead of retrying the INSERT)
// keeps the PostgreSQL transaction usable.
func freeCode(ctx context.Context, q db.Querier) (string, error) {
	for range 5 {
		code := newCode()
		var one int
		err := q.QueryRow(ctx, "SELECT 1 FROM client_files WHERE code = ?", code).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return code, nil
		}
		if err != nil {
			return "", fmt.Errorf("casework: check code: %w", err)
		}
	}
	return "", errors.New("casework: no free pseudonym code")
}
