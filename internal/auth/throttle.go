package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// Throttling limits: failures within the window lock until the window has
// passed since the latest failure. Counts live in the database so that
// every app server sees the same.
//
// Failures are counted so that nobody can lock an owner out by knowing
// their e-mail address (OWASP's device cookies): a browser in which the
// account signed in before carries a signed device cookie, and only its own
// failures count against it. Every other client is a stranger: strangers'
// failures lock strangers out of the account (MaxAccountFailures), and
// all failures from one address range lock that range (MaxAddressFailures),
// but neither touches the owner's known devices.
const (
	ThrottleWindow     = 15 * time.Minute
	MaxAccountFailures = 5
	MaxAddressFailures = 30
	attemptsKeptFor    = 24 * time.Hour
)

// attempt is one login step for throttling: whose, from where, whether
// it succeeded.
type attempt struct {
	email, ip string
	// device is the nonce of a trusted device cookie of this account, ""
	// for strangers.
	device  string
	success bool
}

func recordAttempt(ctx context.Context, q db.Querier, a attempt, now time.Time) error {
	_, err := q.Exec(ctx, "INSERT INTO login_attempts (id, email, ip, ip_range, device, at, success) VALUES (?, ?, ?, ?, ?, ?, ?)",
		uuid.Must(uuid.NewV7()).String(), a.email, a.ip, AddressRange(a.ip), a.device, now, a.success)
	if err != nil {
		return fmt.Errorf("auth: record attempt: %w", err)
	}
	return nil
}

// throttled returns how long the caller must wait, or 0. A known device
// counts its own failures since its last success; a stranger the account's
// strangers' failures since a stranger's last success, then its address
// range's failures.
func throttled(ctx context.Context, q db.Querier, a attempt, now time.Time) (time.Duration, error) {
	since := now.Add(-ThrottleWindow)
	latest, n, err := recentFailures(ctx, q, `email = ? AND device = ? AND at > COALESCE(
		(SELECT MAX(at) FROM login_attempts WHERE email = ? AND device = ? AND success = ?), ?)`,
		MaxAccountFailures, since, a.email, a.device, a.email, a.device, true, since)
	if err != nil {
		return 0, err
	}
	if n < MaxAccountFailures && a.device == "" {
		latest, n, err = recentFailures(ctx, q, "ip_range = ? AND device = ''", MaxAddressFailures, since, AddressRange(a.ip))
		if err != nil || n < MaxAddressFailures {
			return 0, err
		}
	} else if n < MaxAccountFailures {
		return 0, nil
	}
	return latest.Add(ThrottleWindow).Sub(now), nil
}

// AddressRange groups client addresses for the address limit: IPv4 by /24,
// IPv6 by /64, the block one household, office or provider customer
// usually holds, so that hopping between its addresses does not escape the
// limit. Anything that is no address stands for itself.
func AddressRange(ip string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	bits := 24
	if a.Is6() {
		bits = 64
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return ip
	}
	return p.String()
}

// recentFailures returns the newest failure time and how many failures (up
// to limit) match cond within the window.
func recentFailures(ctx context.Context, q db.Querier, cond string, limit int, since time.Time, args ...any) (time.Time, int, error) {
	rows, err := q.Query(ctx, "SELECT at FROM login_attempts WHERE success = ? AND at > ? AND "+cond+" ORDER BY at DESC LIMIT ?",
		append(append([]any{false, since}, args...), limit)...)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("auth: count failures: %w", err)
	}
	defer rows.Close()
	var latest time.Time
	n := 0
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return time.Time{}, 0, fmt.Errorf("auth: count failures: %w", err)
		}
		if n == 0 {
			latest = at
		}
		n++
	}
	return latest, n, rows.Err()
}

// DeviceToken is the value of the device cookie a browser gets after a
// complete login as email: a random nonce and its HMAC bound to the
// e-mail address, so it proves "this browser signed in as this account
// before" and cannot be made for another account without the key.
func (s *Service) DeviceToken(email string) string {
	nonce := make([]byte, 16)
	_, _ = rand.Read(nonce)
	n := base64.RawURLEncoding.EncodeToString(nonce)
	return n + "." + s.deviceMAC(email, n)
}

// trustedDevice returns the nonce of a device token issued for email, or
// "" when token is absent, forged, or another account's.
func (s *Service) trustedDevice(email, token string) string {
	nonce, mac, ok := strings.Cut(token, ".")
	if !ok || nonce == "" || len(s.deviceKey) == 0 || !hmac.Equal([]byte(mac), []byte(s.deviceMAC(email, nonce))) {
		return ""
	}
	return nonce
}

func (s *Service) deviceMAC(email, nonce string) string {
	m := hmac.New(sha256.New, s.deviceKey)
	m.Write([]byte("kmn-device\x00" + strings.ToLower(strings.TrimSpace(email)) + "\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// attemptOf is an attempt by p at the account email.
func (s *Service) attemptOf(p Principal, email string, success bool) attempt {
	return attempt{email: email, ip: p.client.IP, device: s.trustedDevice(email, p.client.Device), success: success}
}
