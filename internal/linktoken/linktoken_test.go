package linktoken_test

import (
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/linktoken"
)

func TestTokensAndKeys(t *testing.T) {
	a, ha := linktoken.New()
	b, _ := linktoken.New()
	if a == b || len(a) != 43 || linktoken.Hash(a) != ha || ha == a {
		t.Fatalf("tokens %q %q, hash %q", a, b, ha)
	}
	// A known vector: SHA-256 of "abc", base64url without padding.
	if got := linktoken.Hash("abc"); got != "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0" {
		t.Errorf("Hash(abc) = %q", got)
	}
	k := []byte("key")
	if linktoken.AddressKey(k, " Olena@Example.org ") != linktoken.AddressKey(k, "olena@example.org") ||
		linktoken.AddressKey(k, "olena@example.org") == linktoken.AddressKey([]byte("other"), "olena@example.org") {
		t.Error("address keys")
	}
}
