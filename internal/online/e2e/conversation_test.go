package e2e

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
)

const arabic = "مرحبا، كيف حالك؟ 👋🏽 Grüße"

func mustIdentity(t *testing.T) Identity {
	t.Helper()
	id, err := NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestConversationKey(t *testing.T) {
	alice, bob := mustIdentity(t), mustIdentity(t)
	key := NewConversationKey()
	wrapped, err := WrapConversationKey(key, alice.PublicB64(), "c1", 2, "u-alice")
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidWrappedKey(wrapped); err != nil {
		t.Errorf("ValidWrappedKey: %v", err)
	}
	got, err := UnwrapConversationKey(wrapped, alice, "c1", 2, "u-alice")
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("round trip: %v", err)
	}
	tests := []struct {
		name, wrapped, conv, recipient string
		epoch                          int
		id                             Identity
	}{
		{"other identity", wrapped, "c1", "u-alice", 2, bob},
		{"other conversation", wrapped, "c2", "u-alice", 2, alice},
		{"other epoch", wrapped, "c1", "u-alice", 3, alice},
		{"other recipient id", wrapped, "c1", "u-bob", 2, alice},
		{"tampered ciphertext", flip(wrapped, 100), "c1", "u-alice", 2, alice},
		{"tampered ephemeral key", flip(wrapped, 10), "c1", "u-alice", 2, alice},
		{"truncated", wrapped[:100], "c1", "u-alice", 2, alice},
		{"not base64", wrapped + "!", "c1", "u-alice", 2, alice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := UnwrapConversationKey(tt.wrapped, tt.id, tt.conv, tt.epoch, tt.recipient); !errors.Is(err, ErrVerify) {
				t.Errorf("err = %v, want ErrVerify", err)
			}
		})
	}
	if _, err := WrapConversationKey(key[:16], alice.PublicB64(), "c1", 1, "u"); err == nil {
		t.Error("a 16-byte key was wrapped")
	}
	if _, err := WrapConversationKey(key, "AAAA", "c1", 1, "u"); err == nil {
		t.Error("wrapped for a malformed public key")
	}
}

func TestMessages(t *testing.T) {
	key := NewConversationKey()
	for _, text := range []string{"", "Hallo", arabic, `<b>"quoted" & \escaped</b>`} {
		sealed, err := EncryptMessage(key, "c1", 1, 7, "s1", text)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := DecryptMessage(key, "c1", 1, 7, "s1", sealed); err != nil || got != text {
			t.Errorf("round trip of %q: %q, %v", text, got, err)
		}
	}
	sealed, _ := EncryptMessage(key, "c1", 1, 7, "s1", arabic)
	tests := []struct {
		name, conv, sender, sealed string
		epoch, seq                 int
		key                        []byte
	}{
		{"other seq", "c1", "s1", sealed, 1, 8, key},
		{"other epoch", "c1", "s1", sealed, 2, 7, key},
		{"other sender", "c1", "s2", sealed, 1, 7, key},
		{"other conversation", "c2", "s1", sealed, 1, 7, key},
		{"other key", "c1", "s1", sealed, 1, 7, NewConversationKey()},
		{"tampered iv", "c1", "s1", flip(sealed, 0), 1, 7, key},
		{"tampered body", "c1", "s1", flip(sealed, 20), 1, 7, key},
		{"truncated", "c1", "s1", sealed[:20], 1, 7, key},
		{"empty", "c1", "s1", "", 1, 7, key},
		{"not base64", "c1", "s1", "*" + sealed, 1, 7, key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecryptMessage(tt.key, tt.conv, tt.epoch, tt.seq, tt.sender, tt.sealed); !errors.Is(err, ErrVerify) {
				t.Errorf("err = %v, want ErrVerify", err)
			}
		})
	}
}

func TestMessagePlaintext(t *testing.T) {
	key := NewConversationKey()
	aad, _ := msgAAD("c", 1, 1, "s")
	tests := []struct {
		plain string
		want  string
		ok    bool
	}{
		{`{"text":"hi","later":1}`, "hi", true},
		{`{"TEXT":"hi"}`, "", false},
		{`{"text":null}`, "", false},
		{`{"text":5}`, "", false},
		{`["hi"]`, "", false},
		{`null`, "", false},
		{"{\"text\":\"\xff\"}", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.plain, func(t *testing.T) {
			box, _ := seal(key, []byte(tt.plain), aad)
			got, err := DecryptMessage(key, "c", 1, 1, "s", Encode(box))
			if tt.ok != (err == nil) || got != tt.want {
				t.Errorf("got %q, %v", got, err)
			}
			if !tt.ok && !errors.Is(err, ErrVerify) {
				t.Errorf("err = %v, want ErrVerify", err)
			}
		})
	}
}

// TestSeparatorInIDs: "|" in an identifier would let two places spell the
// same AAD, so it is refused instead of encrypted.
func TestSeparatorInIDs(t *testing.T) {
	key := NewConversationKey()
	id := mustIdentity(t)
	if _, err := EncryptMessage(key, "c|1", 1, 1, "s", "x"); err == nil {
		t.Error("EncryptMessage accepted | in the conversation id")
	}
	if _, err := DecryptMessage(key, "c", 1, 1, "s|2", "x"); err == nil || errors.Is(err, ErrVerify) {
		t.Errorf("DecryptMessage: err = %v, want a usage error", err)
	}
	if _, err := WrapConversationKey(key, id.PublicB64(), "c", 1, "a|b"); err == nil {
		t.Error("WrapConversationKey accepted | in the recipient id")
	}
}

func TestSafetyNumber(t *testing.T) {
	a, b, c := mustIdentity(t).PublicB64(), mustIdentity(t).PublicB64(), mustIdentity(t).PublicB64()
	ab, err := SafetyNumber(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\d{5}( \d{5}){5}$`).MatchString(ab) {
		t.Errorf("shape: %q", ab)
	}
	if ba, _ := SafetyNumber(b, a); ba != ab {
		t.Errorf("not symmetric: %q vs %q", ab, ba)
	}
	if ac, _ := SafetyNumber(a, c); ac == ab {
		t.Errorf("another pair has the same number %q", ac)
	}
	if _, err := SafetyNumber(a, "AAAA"); err == nil {
		t.Error("accepted a malformed key")
	}
}

// TestSafetyGroups pins the 40-bit arithmetic: 2^40-1 mod 100000 = 27775,
// which a 32-bit implementation gets wrong.
func TestSafetyGroups(t *testing.T) {
	ff := bytes.Repeat([]byte{0xff}, 32)
	if got := safetyGroups(ff); got != strings.TrimSpace(strings.Repeat("27775 ", 6)) {
		t.Errorf("all ones: %q", got)
	}
	d := make([]byte, 32)
	d[4], d[9] = 7, 1 // group 0 = 7, group 1 = 1 → zero-padded
	if got := safetyGroups(d); got != "00007 00001 00000 00000 00000 00000" {
		t.Errorf("padding: %q", got)
	}
}

func TestValidators(t *testing.T) {
	pub := mustIdentity(t).PublicB64()
	raw, _ := Decode(pub)
	offCurve := append([]byte{4}, bytes.Repeat([]byte{1}, 64)...)
	for name, tt := range map[string]struct {
		s  string
		ok bool
	}{
		"valid":       {pub, true},
		"padded":      {pub + "=", false},
		"std base64":  {strings.NewReplacer("-", "+", "_", "/").Replace(pub) + "+", false},
		"compressed":  {Encode(append([]byte{2}, raw[1:33]...)), false},
		"off curve":   {Encode(offCurve), false},
		"empty":       {"", false},
		"too long":    {Encode(append(raw, 0)), false},
		"not a point": {Encode(make([]byte, 65)), false},
	} {
		t.Run(name, func(t *testing.T) {
			if err := ValidPublicKey(tt.s); (err == nil) != tt.ok {
				t.Errorf("ValidPublicKey: %v", err)
			}
		})
	}
	if err := ValidSealed(Encode(make([]byte, 28+2)), 2, 10); err != nil {
		t.Errorf("ValidSealed: %v", err)
	}
	for _, n := range []int{28 + 1, 28 + 11} {
		if ValidSealed(Encode(make([]byte, n)), 2, 10) == nil {
			t.Errorf("ValidSealed accepted %d bytes", n)
		}
	}
	if ValidWrappedKey(Encode(make([]byte, WrappedKeyLen))) == nil {
		t.Error("ValidWrappedKey accepted a zero ephemeral key")
	}
}
