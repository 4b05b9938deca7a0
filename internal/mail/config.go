package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"strings"
	"time"
)

// The values of Config.Security.
const (
	// SecuritySTARTTLS upgrades a plain connection (port 587) and refuses
	// a server that does not offer STARTTLS, so a stripped STARTTLS
	// never sends credentials in the clear.
	SecuritySTARTTLS = "starttls"
	// SecurityTLS speaks TLS from the first byte (port 465).
	SecurityTLS = "tls"
	// SecurityNone sends in the clear; allowed only to a relay on this
	// machine, where nothing crosses a network.
	SecurityNone = "none"
)

// defaultTimeout bounds each SMTP command when Config.Timeout is zero.
const defaultTimeout = 15 * time.Second

// Config says how to reach the SMTP relay.
type Config struct {
	Host string
	// Port is the TCP port; zero means the usual one for Security
	// (587, 465 or 25).
	Port     int
	Username string
	Password string
	// From is the sender, e.g. "KMN <noreply@kmn.example>".
	From string
	// Security is SecuritySTARTTLS (the default when empty), SecurityTLS
	// or SecurityNone.
	Security string
	// TLSConfig replaces the default TLS settings. It exists for tests,
	// which must trust the test server's certificate; it is not settable
	// from flags, so production always verifies against the system roots.
	TLSConfig *tls.Config
	// Timeout bounds dialling and each SMTP command; zero means 15 s.
	Timeout time.Duration
}

// Configured reports whether an SMTP relay is set at all; without one the
// app uses the development log sender.
func (c Config) Configured() bool { return c.Host != "" }

// Validate reports every problem in c at once, in words an operator can
// act on.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("mail: "+format, args...))
	}
	switch {
	case c.Host == "":
		add("the SMTP host is missing")
	case strings.Contains(c.Host, "://") || strings.ContainsAny(c.Host, " /") ||
		(strings.Contains(c.Host, ":") && net.ParseIP(c.Host) == nil):
		add("the SMTP host %q must be a bare host name or IP address (no scheme, no port)", c.Host)
	}
	if c.Port < 0 || c.Port > 65535 {
		add("the SMTP port %d is outside 1–65535 (0 picks the usual port)", c.Port)
	}
	switch c.security() {
	case SecuritySTARTTLS, SecurityTLS:
	case SecurityNone:
		if c.Host != "" && !isLocal(c.Host) {
			add("SMTP security %q is only allowed for a relay on localhost, 127.0.0.1 or ::1, not %q; use %q or %q",
				SecurityNone, c.Host, SecuritySTARTTLS, SecurityTLS)
		}
	default:
		add("unknown SMTP security %q; use %q, %q or %q", c.Security, SecuritySTARTTLS, SecurityTLS, SecurityNone)
	}
	if c.From == "" {
		add("the sender address (From) is missing")
	} else if _, err := mail.ParseAddress(c.From); err != nil {
		add("the sender address %q is not valid, e.g. \"KMN <noreply@example.org>\"", c.From)
	}
	if (c.Username == "") != (c.Password == "") {
		add("set both the SMTP username and password, or neither")
	}
	if c.Timeout < 0 {
		add("the SMTP timeout %s is negative", c.Timeout)
	}
	return errors.Join(errs...)
}

// LogValue keeps the password out of logs when a Config is logged whole.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", c.Host), slog.Int("port", c.port()),
		slog.String("security", c.security()), slog.String("from", c.From),
		slog.Bool("auth", c.Username != ""),
	)
}

// security is c.Security with the default applied.
func (c Config) security() string {
	if c.Security == "" {
		return SecuritySTARTTLS
	}
	return c.Security
}

// port is c.Port with the usual port for the security mode as default.
func (c Config) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.security() {
	case SecurityTLS:
		return 465
	case SecurityNone:
		return 25
	}
	return 587
}

// timeout is c.Timeout with the default applied.
func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return defaultTimeout
}

// isLocal reports whether host names this machine. The list matches the
// hosts go-mail lets PLAIN/LOGIN authenticate to without TLS.
func isLocal(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
