// Package config holds the one Config struct of the platform. It is loaded
// once in cmd/kmn from flags and KMN_* environment variables and passed down;
// no package reads the environment on its own.
package config

import (
	"fmt"
	"net/mail"
	"path/filepath"
	"strings"
	"time"

	kmail "github.com/kmn-niedersachsen/kmn/internal/mail"
)

// Config is everything the server needs to start.
type Config struct {
	// Addr is the listen address of the HTTP server.
	Addr string
	// DataDir holds the SQLite database, the key file and backups.
	DataDir string
	// DatabaseURL selects the engine: empty or "sqlite://path" for SQLite,
	// "postgres://…" for PostgreSQL.
	DatabaseURL string
	// BaseURL is the public URL used in one-time setup links.
	BaseURL string
	// SecureCookies marks cookies Secure and prefixes them with __Host-.
	// Set it when the platform is reached over TLS, directly or behind a proxy.
	SecureCookies bool
	// BehindProxy trusts X-Forwarded-For for the client IP.
	BehindProxy bool
	// Demo loads demo data and shows the demo banner.
	Demo bool
	// Session lifetimes.
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// ShutdownTimeout bounds the graceful shutdown.
	ShutdownTimeout time.Duration
	// PasswordCost lowers argon2id cost in tests only; zero means production cost.
	PasswordCost PasswordCost
	// APIRate is the open-data API's sustained requests per second per
	// client (0: the API's default).
	APIRate float64
	// AccessibilityContact is the e-mail address the accessibility
	// statement names for reports of barriers, besides its feedback form
	// (the operator's contact point; empty: the form and the postal
	// address of the responsible body only).
	AccessibilityContact string
	// OnlineRetentionDays is how long a closed online-counseling
	// conversation is kept before it is deleted (default 30).
	OnlineRetentionDays int
	// Mail is the SMTP server for outgoing mail; without one, mail is
	// written to the log, which production mode refuses.
	Mail kmail.Config
	// Backup configures the scheduled, encrypted backups (SQLite only).
	Backup Backup
}

// Backup configures the scheduled backups: an age-encrypted online copy of
// the SQLite database every day, verified and pruned. Empty Recipients:
// no scheduled backups.
type Backup struct {
	// Dir receives the backups (default: DATA/backups).
	Dir string
	// Recipients are the age public keys (age1…) or a recipients file the
	// backups are encrypted to; the private key stays off the server.
	Recipients string
	// Identity is an optional age identity file: with it, every backup is
	// verified by decrypting it, else by its checksum.
	Identity string
	// KeepDaily and KeepWeekly say how many daily and weekly copies stay.
	KeepDaily, KeepWeekly int
}

// Production is true when the platform serves real users: over TLS
// (--secure) and not in demo mode. It refuses what is only acceptable on
// a developer's machine, such as mail written to the log.
func (c Config) Production() bool { return c.SecureCookies && !c.Demo }

// PasswordCost chooses the argon2id parameters.
type PasswordCost int

const (
	// CostProduction is the OWASP-recommended setting (19 MiB, t=2).
	CostProduction PasswordCost = iota
	// CostTest is a cheap setting for tests; never selectable from the command line.
	CostTest
)

// Default returns the configuration used when no flag or variable is set.
func Default() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "./kmn-data",
		IdleTimeout:     30 * time.Minute,
		AbsoluteTimeout: 12 * time.Hour,
		ShutdownTimeout: 15 * time.Second,
		Backup:          Backup{KeepDaily: 7, KeepWeekly: 8},
	}
}

// Engine names the database engine the URL selects.
func (c Config) Engine() string {
	if strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

// SQLitePath is the database file for the SQLite engine.
func (c Config) SQLitePath() string {
	if p, ok := strings.CutPrefix(c.DatabaseURL, "sqlite://"); ok && p != "" {
		return p
	}
	return filepath.Join(c.DataDir, "kmn.db")
}

// PublicURL is the base URL for links the platform prints or mails.
func (c Config) PublicURL() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	return "http://" + c.Addr
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if c.DataDir == "" {
		return fmt.Errorf("config: the data directory must not be empty")
	}
	if c.IdleTimeout <= 0 || c.AbsoluteTimeout < c.IdleTimeout {
		return fmt.Errorf("config: session timeouts must be positive and idle ≤ absolute")
	}
	if c.DatabaseURL != "" && c.Engine() == "sqlite" && !strings.HasPrefix(c.DatabaseURL, "sqlite://") {
		return fmt.Errorf("config: database URL must start with postgres:// or sqlite://")
	}
	if a, err := mail.ParseAddress(c.AccessibilityContact); c.AccessibilityContact != "" && (err != nil || a.Address != c.AccessibilityContact) {
		return fmt.Errorf("config: the accessibility contact must be a plain e-mail address")
	}
	if c.OnlineRetentionDays < 0 || c.OnlineRetentionDays > 365 {
		return fmt.Errorf("config: closed online conversations are kept 1 to 365 days (0: the default of 30)")
	}
	if c.Backup.KeepDaily < 1 || c.Backup.KeepWeekly < 0 {
		return fmt.Errorf("config: keep at least one daily backup and no negative number of weekly ones")
	}
	return c.validateMail()
}

// validateMail checks the SMTP settings, and that production mode has them.
func (c Config) validateMail() error {
	if !c.Mail.Configured() {
		if c.Production() {
			return fmt.Errorf("config: no SMTP server configured: in production mode (--secure) KMN must be able to send " +
				"notifications; set --smtp-host and --smtp-from (KMN_SMTP_HOST, KMN_SMTP_FROM), see README \"E-mail\"")
		}
		return nil
	}
	if err := c.Mail.Validate(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return nil
}
