package password

import (
	"slices"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	const user, email = "Max Mustermann", "max.mustermann@example.org"
	tests := []struct {
		name string
		pw   string
		want []Problem
	}{
		{"acceptable", "correct horse battery staple", nil},
		{"12 multibyte code points", "äöüßéèêñçøåæ", nil},
		{"12 with emoji", "🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑", nil},
		{"11 multibyte code points", "äöüßéèêñçøå", []Problem{TooShort}},
		{"11 ascii", "abcdefghijk", []Problem{TooShort}},
		{"empty", "", []Problem{TooShort}},
		{"decomposed counts after NFC", strings.Repeat("e\u0301", 11), []Problem{TooShort}},
		{"spaces allowed", "            ", nil},
		{"64", strings.Repeat("x", 64), nil},
		{"1024", strings.Repeat("ü", MaxLength), nil},
		{"1025", strings.Repeat("x", MaxLength+1), []Problem{TooLong}},
		{"1025 multibyte", strings.Repeat("ü", MaxLength+1), []Problem{TooLong}},
		{"huge input", strings.Repeat("x", maxInputBytes+1), []Problem{TooLong}},
		{"common", "password1234", []Problem{Common}},
		{"common digits", "123456789012", []Problem{Common}},
		{"common keyboard", "qwerty123456", []Problem{Common}},
		{"common any case", "PassWord1234", []Problem{Common}},
		{"common German addition", "Passwort1234", []Problem{Common}},
		{"common QWERTZ addition", "qwertz123456", []Problem{Common}},
		{"common and short", "password", []Problem{TooShort, Common}},
		{"e-mail", email, []Problem{Contextual}},
		{"e-mail upper case", strings.ToUpper(email), []Problem{Contextual}},
		{"e-mail local part", "Max.Mustermann", []Problem{Contextual}},
		{"name", "max mustermann", []Problem{Contextual}},
		{"surname with digits", "Mustermann2024!", []Problem{Contextual}},
		{"service name", "Niedersachsen", []Problem{Contextual}},
		{"service name with digits", "KMN-Niedersachsen1", []Problem{Contextual}},
		{"service short and contextual", "kmn123", []Problem{TooShort, Contextual}},
		{"name inside a longer phrase is fine", "mustermann mag kaffee", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.pw, user, email, "")
			if !slices.Equal(got, tt.want) {
				t.Errorf("Check(%.40q) = %v, want %v", tt.pw, got, tt.want)
			}
		})
	}
}

func TestCheckShortNamePartsIgnored(t *testing.T) {
	// A two-letter name part must not refuse every password starting with it.
	if got := Check("li1234567890x", "Li Wu"); got != nil {
		t.Errorf("Check = %v, want nil", got)
	}
	if got := Check("liwu12345678", "Li Wu"); !slices.Equal(got, []Problem{Contextual}) {
		t.Errorf("Check(full name + digits) = %v, want [Contextual]", got)
	}
}

func TestCommonListLoaded(t *testing.T) {
	set := commonSet()
	if len(set) < 10000 {
		t.Fatalf("common list has %d entries, want at least 10,000", len(set))
	}
	for _, pw := range []string{"123456", "password", "password1234", "123456789012", "passwort1234"} {
		if !isCommon(pw) {
			t.Errorf("%q not in common list", pw)
		}
	}
	if isCommon("# password1234") || isCommon("") {
		t.Error("comment or empty line loaded as a password")
	}
}

func TestNormalize(t *testing.T) {
	if Normalize("e\u0301") != "\u00e9" {
		t.Error("Normalize does not compose to NFC")
	}
	if Normalize(" a b ") != " a b " {
		t.Error("Normalize must keep spaces")
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "password1234", "e\u0301\u0301\u0301", "max.mustermann@example.org", "\xff\xfe", strings.Repeat("ü", MaxLength)} {
		f.Add(s, "Max Mustermann")
	}
	f.Fuzz(func(t *testing.T, pw, ctx string) {
		problems := Check(pw, ctx, ctx+"@example.org")
		if problems == nil {
			n := len([]rune(Normalize(pw)))
			if n < MinLength || n > MaxLength {
				t.Errorf("accepted %d code points", n)
			}
		}
	})
}

func FuzzDecode(f *testing.F) {
	good, _ := NewHasher(Test).Hash("a good password")
	for _, s := range []string{"", good, "$argon2id$v=19$m=1,t=1,p=1$$", "$argon2id$v=19$m=99999999999,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, encoded string) {
		d, err := decode(encoded)
		if err != nil {
			return
		}
		if d.memory > maxMemoryKiB || d.time > maxTime || d.threads < 1 || d.keyLen > maxKeyLen {
			t.Errorf("decode accepted out-of-range %+v", d.params)
		}
	})
}
