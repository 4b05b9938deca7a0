package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/demo"
)

// storageFlags adds --data and --db, shared by every command that opens the database.
func storageFlags(fs *flag.FlagSet, cfg *config.Config) {
	fs.StringVar(&cfg.DataDir, "data", envOr("KMN_DATA", cfg.DataDir), "data directory: SQLite database and key file (KMN_DATA)")
	fs.StringVar(&cfg.DatabaseURL, "db", envOr("KMN_DB", ""), "database URL; empty = SQLite in the data directory, postgres://… = PostgreSQL (KMN_DB)")
}

func cmdServe(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("serve", "Runs the web server. Migrations run at start; SIGTERM or Ctrl-C shuts down gracefully.", out)
	storageFlags(fs, &cfg)
	fs.StringVar(&cfg.Addr, "addr", envOr("KMN_ADDR", cfg.Addr), "listen address (KMN_ADDR)")
	fs.StringVar(&cfg.BaseURL, "base-url", envOr("KMN_BASE_URL", ""), "public URL for links, e.g. https://kmn.example.org (KMN_BASE_URL)")
	fs.BoolVar(&cfg.SecureCookies, "secure", envBool("KMN_SECURE"), "served over TLS (directly or via a proxy): Secure __Host- cookies and HSTS (KMN_SECURE)")
	fs.BoolVar(&cfg.BehindProxy, "behind-proxy", envBool("KMN_BEHIND_PROXY"), "trust X-Forwarded-For from a reverse proxy (KMN_BEHIND_PROXY)")
	fs.BoolVar(&cfg.Demo, "demo", envBool("KMN_DEMO"), "load demo accounts with public passwords and show the demo banner (KMN_DEMO)")
	fs.StringVar(&cfg.AccessibilityContact, "accessibility-contact", envOr("KMN_ACCESSIBILITY_CONTACT", ""),
		"e-mail address the accessibility statement names for reports of barriers (KMN_ACCESSIBILITY_CONTACT)")
	fs.IntVar(&cfg.OnlineRetentionDays, "online-retention-days", envInt("KMN_ONLINE_RETENTION_DAYS", 30),
		"days a closed online-counseling conversation is kept before it is deleted (KMN_ONLINE_RETENTION_DAYS)")
	mailFlags(fs, &cfg)
	backupFlags(fs, &cfg)
	scale := fs.Int("scale", 1, "with --demo: multiply the demo counseling offices for load tests (1–100)")
	adminEmail := fs.String("admin-email", envOr("KMN_ADMIN_EMAIL", "admin@kmn.local"), "e-mail of the first admin account, created on first run (KMN_ADMIN_EMAIL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *scale < 1 || *scale > demo.MaxScale {
		return &exitError{code: 2, msg: fmt.Sprintf("--scale must be between 1 and %d", demo.MaxScale)}
	}
	log := newLogger(os.Stderr)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.prepare(ctx, out, *adminEmail, *scale); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "KMN is running at %s (engine %s)\n", a.Config.PublicURL(), a.DB.Dialect())
	return a.Serve(ctx, ln)
}

// prepare loads demo data or makes sure a first admin can set up an account.
func (a *App) prepare(ctx context.Context, out io.Writer, adminEmail string, scale int) error {
	if a.KeyCreated {
		fmt.Fprintf(out, "Created the encryption key file in %s (mode 0600). Back it up separately from the database.\n", a.Config.DataDir)
	}
	if a.Config.Demo {
		fmt.Fprintln(out, "DEMO MODE: loading demo accounts with public passwords (see README). Never use demo mode with real data.")
		st, err := a.LoadDemoScale(ctx, scale)
		if err == nil && !st.Empty() {
			fmt.Fprint(out, st)
		}
		return err
	}
	link, err := a.FirstRun(ctx, adminEmail)
	if err != nil || link == "" {
		return err
	}
	fmt.Fprintf(out, "\nNo administrator has set a password yet. Open this one-time link (valid 72 h) to set up %s:\n\n    %s\n\n", adminEmail, link)
	return nil
}

// newLogger logs JSON when stderr is not a terminal (servers, containers)
// and readable text when it is.
func newLogger(w *os.File) *slog.Logger {
	if st, err := w.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}
