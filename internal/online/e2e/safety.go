package e2e

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"
)

// SafetyNumber returns the number two participants compare (read aloud, on
// the phone or in person) to detect a server that swapped a public key. It
// is symmetric, so both see the same number: six groups of five digits.
func SafetyNumber(pubA, pubB string) (string, error) {
	a, err := parsePublic(pubA)
	if err != nil {
		return "", err
	}
	b, err := parsePublic(pubB)
	if err != nil {
		return "", err
	}
	lo, hi := a.Bytes(), b.Bytes()
	if bytes.Compare(lo, hi) > 0 {
		lo, hi = hi, lo
	}
	h := sha256.New()
	h.Write([]byte(safetyPrefix))
	h.Write(lo)
	h.Write(hi)
	return safetyGroups(h.Sum(nil)), nil
}

// safetyGroups reads six 40-bit big-endian integers from the digest and
// prints each modulo 100000 with five digits. 40 bits keep the modulo bias
// negligible (2^40 is about 11 million times 100000).
func safetyGroups(digest []byte) string {
	groups := make([]string, 6)
	for i := range groups {
		var v uint64
		for _, c := range digest[5*i : 5*i+5] {
			v = v<<8 | uint64(c)
		}
		groups[i] = fmt.Sprintf("%05d", v%100000)
	}
	return strings.Join(groups, " ")
}
