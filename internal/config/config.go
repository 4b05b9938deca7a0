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
}

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
	return nil
}
