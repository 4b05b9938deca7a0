package auth

import (
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// totpOpts are the RFC 6238 defaults every authenticator app understands.
var totpOpts = totp.ValidateOpts{Period: 30, Skew: 0, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPIssuer is shown in authenticator apps.
const TOTPIssuer = "KMN Niedersachsen"

// NewTOTPKey makes a fresh 160-bit TOTP secret for the account.
func NewTOTPKey(email string) (*otp.Key, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: email, Period: 30, SecretSize: 20})
	if err != nil {
		return nil, fmt.Errorf("auth: totp: %w", err)
	}
	return k, nil
}

// TOTPKeyFromSecret rebuilds the otpauth:// key of a stored secret (for the QR code).
func TOTPKeyFromSecret(email, secret string) (*otp.Key, error) {
	url := fmt.Sprintf("otpauth://totp/%s:%s?algorithm=SHA1&digits=6&issuer=%s&period=30&secret=%s",
		escapeOTP(TOTPIssuer), escapeOTP(email), escapeOTP(TOTPIssuer), secret)
	k, err := otp.NewKeyFromURL(url)
	if err != nil {
		return nil, fmt.Errorf("auth: totp key: %w", err)
	}
	return k, nil
}

func escapeOTP(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, " ", "%20"), ":", "%3A")
}

// TOTPCode returns the code for secret at t (used by tests, the demo helper
// command and nothing else).
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totpOpts)
}

// matchTOTP returns the time step a code belongs to, accepting one step of
// clock drift either way, or 0 when it matches none.
func matchTOTP(secret, code string, now time.Time) int64 {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return 0
	}
	step := now.Unix() / 30
	for _, s := range []int64{step, step - 1, step + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*30, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s
		}
	}
	return 0
}
