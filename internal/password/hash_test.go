package password

import (
	"errors"
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	h := NewHasher(Test)
	const composed, decomposed = "caf\u00e9-ist-lecker", "cafe\u0301-ist-lecker"
	tests := []struct {
		name     string
		stored   string
		typed    string
		wantOK   bool
		hashFail bool
	}{
		{"round trip", "correct horse battery staple", "correct horse battery staple", true, false},
		{"wrong password", "correct horse battery staple", "correct horse battery stapler", false, false},
		{"case matters", "Correct Horse Battery", "correct horse battery", false, false},
		{"NFC composed vs decomposed", composed, decomposed, true, false},
		{"NFC decomposed vs composed", decomposed, composed, true, false},
		{"empty password hashes", "", "", true, false},
		{"max length", strings.Repeat("ä", MaxLength), strings.Repeat("ä", MaxLength), true, false},
		{"typed too long never matches", "short-enough-pw", strings.Repeat("x", MaxLength+1), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			encoded, err := h.Hash(tt.stored)
			if err != nil {
				t.Fatalf("Hash: %v", err)
			}
			if !strings.HasPrefix(encoded, "$argon2id$v=19$m=1024,t=1,p=1$") {
				t.Errorf("Hash = %q, want PHC argon2id string", encoded)
			}
			ok, err := h.Verify(tt.typed, encoded)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if ok != tt.wantOK {
				t.Errorf("Verify = %v, want %v", ok, tt.wantOK)
			}
		})
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	h := NewHasher(Test)
	a, _ := h.Hash("the same password")
	b, _ := h.Hash("the same password")
	if a == b {
		t.Errorf("two hashes of one password are equal: %q", a)
	}
}

func TestHashTooLong(t *testing.T) {
	h := NewHasher(Test)
	for _, pw := range []string{strings.Repeat("a", MaxLength+1), strings.Repeat("a", maxInputBytes+1)} {
		if _, err := h.Hash(pw); !errors.Is(err, ErrTooLong) {
			t.Errorf("Hash(%d bytes) error = %v, want ErrTooLong", len(pw), err)
		}
	}
}

func TestVerifyMalformed(t *testing.T) {
	h := NewHasher(Test)
	good, err := h.Hash("a good password")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$") // "", argon2id, v=19, m=..., salt, key
	salt, key := parts[4], parts[5]
	tests := []struct {
		name    string
		encoded string
	}{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=1024,t=1,p=1$" + salt + "$" + key},
		{"missing key", "$argon2id$v=19$m=1024,t=1,p=1$" + salt},
		{"extra field", good + "$x"},
		{"old version", "$argon2id$v=16$m=1024,t=1,p=1$" + salt + "$" + key},
		{"version junk", "$argon2id$v=19x$m=1024,t=1,p=1$" + salt + "$" + key},
		{"params reordered", "$argon2id$v=19$t=1,m=1024,p=1$" + salt + "$" + key},
		{"params trailing junk", "$argon2id$v=19$m=1024,t=1,p=1,k=1$" + salt + "$" + key},
		{"negative memory", "$argon2id$v=19$m=-1,t=1,p=1$" + salt + "$" + key},
		{"huge memory", "$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key},
		{"huge time", "$argon2id$v=19$m=1024,t=100000,p=1$" + salt + "$" + key},
		{"zero time", "$argon2id$v=19$m=1024,t=0,p=1$" + salt + "$" + key},
		{"zero parallelism", "$argon2id$v=19$m=1024,t=1,p=0$" + salt + "$" + key},
		{"too many lanes", "$argon2id$v=19$m=1024,t=1,p=256$" + salt + "$" + key},
		{"bad salt base64", "$argon2id$v=19$m=1024,t=1,p=1$!!!!$" + key},
		{"padded salt", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "==$" + key},
		{"short salt", "$argon2id$v=19$m=1024,t=1,p=1$AAAA$" + key},
		{"short key", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$AAAA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := h.Verify("a good password", tt.encoded)
			if ok || !errors.Is(err, ErrMalformedHash) {
				t.Errorf("Verify = %v, %v; want false, ErrMalformedHash", ok, err)
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	test, prod := NewHasher(Test), NewHasher(Production)
	testHash, _ := test.Hash("a good password")
	prodHash, _ := prod.Hash("a good password")
	tests := []struct {
		name    string
		hasher  *Hasher
		encoded string
		want    bool
	}{
		{"test hash under production", prod, testHash, true},
		{"production hash under production", prod, prodHash, false},
		{"production hash under test", test, prodHash, false},
		{"test hash under test", test, testHash, false},
		{"malformed", prod, "not a hash", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.hasher.NeedsRehash(tt.encoded); got != tt.want {
				t.Errorf("NeedsRehash = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestProductionParameters(t *testing.T) {
	encoded, err := NewHasher(Production).Hash("a good password")
	if err != nil {
		t.Fatal(err)
	}
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; !strings.HasPrefix(encoded, want) {
		t.Errorf("Hash = %q, want prefix %q", encoded, want)
	}
}

func TestDummyVerify(t *testing.T) {
	h := NewHasher(Test)
	// Only that it runs for any input; its timing is measured by benchmarks,
	// never asserted in a test.
	for _, pw := range []string{"", "a good password", strings.Repeat("x", maxInputBytes+1)} {
		h.DummyVerify(pw)
	}
}

func TestNewHasherUnknownCost(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewHasher(99) did not panic")
		}
	}()
	NewHasher(99)
}

func BenchmarkHash(b *testing.B) {
	h := NewHasher(Production)
	for b.Loop() {
		if _, err := h.Hash("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	h := NewHasher(Production)
	encoded, _ := h.Hash("correct horse battery staple")
	for b.Loop() {
		h.Verify("correct horse battery stapler", encoded)
	}
}

// BenchmarkDummyVerify should report about the same time as BenchmarkVerify.
func BenchmarkDummyVerify(b *testing.B) {
	h := NewHasher(Production)
	for b.Loop() {
		h.DummyVerify("correct horse battery stapler")
	}
}
