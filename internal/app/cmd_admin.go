package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/backup"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

func cmdMigrate(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("migrate", "Applies the embedded database migrations and exits.", out)
	storageFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := Open(ctx, cfg, newLogger(os.Stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	v, err := a.DB.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "database (%s) is at schema version %d\n", a.DB.Dialect(), v)
	return nil
}

func cmdUser(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return &exitError{code: 2, msg: "usage: kmn user add --email … --name … --role … [--office|--region|--organisation ID]"}
	}
	cfg := config.Default()
	fs := newFlags("user add", "Creates a staff account and prints a one-time setup link (no password is ever printed).\nRoles: "+roleList(), out)
	storageFlags(fs, &cfg)
	fs.StringVar(&cfg.BaseURL, "base-url", envOr("KMN_BASE_URL", ""), "public URL for the link (KMN_BASE_URL)")
	fs.StringVar(&cfg.Addr, "addr", envOr("KMN_ADDR", cfg.Addr), "server address, used for the link when no base URL is set (KMN_ADDR)")
	var n auth.NewUser
	var role, office, region, org string
	fs.StringVar(&n.Email, "email", "", "e-mail address (login name)")
	fs.StringVar(&n.Name, "name", "", "full name")
	fs.StringVar(&role, "role", "", "role: "+roleList())
	fs.StringVar(&office, "office", "", "office the role applies to")
	fs.StringVar(&region, "region", "", "region the role applies to")
	fs.StringVar(&org, "organisation", "", "organisation the role applies to")
	fs.StringVar(&n.Language, "lang", "de", "interface language: de or en")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	n.Role = perm.Role(role)
	n.ScopeKind, n.ScopeID = scopeFromFlags(n.Role, office, region, org)
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	u, token, err := a.Auth.CreateUser(ctx, n, auth.SystemPrincipal("cli"))
	var problems valid.Errors
	if errors.As(err, &problems) {
		return &exitError{code: 2, msg: problems.Error()}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created %s (%s, %s)\none-time setup link, valid %s:\n%s/setup/%s\n", u.Email, u.Role, u.ScopeKind,
		auth.SetupLinkLifetime, a.Config.PublicURL(), token)
	return nil
}

func roleList() string {
	s := make([]string, len(perm.Roles))
	for i, r := range perm.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

func scopeFromFlags(r perm.Role, office, region, org string) (perm.ScopeKind, string) {
	switch {
	case office != "":
		return perm.Office, office
	case region != "":
		return perm.Region, region
	case org != "":
		return perm.Organisation, org
	}
	return perm.DefaultScope(r), ""
}

func cmdBackup(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("backup", "Writes a consistent copy of the running SQLite database to FILE.\nFor PostgreSQL use pg_dump. The key file (kmn.key) is NOT included: back it up separately.", out)
	storageFlags(fs, &cfg)
	path := fs.String("out", "", "backup file to write (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return &exitError{code: 2, msg: "--out FILE is required"}
	}
	if cfg.Engine() == "postgres" {
		return &exitError{code: 2, msg: backup.ErrPostgres.Error()}
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	if err := backup.SQLite(ctx, d, *path); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup written to %s in %s\nremember: the key file %s/kmn.key is needed to read encrypted data; keep a copy apart from the backup\n",
		*path, time.Since(start).Round(time.Millisecond), cfg.DataDir)
	return nil
}

func cmdRestore(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("restore", "Restores a backup made by 'kmn backup' into a data directory. Stop the server first.", out)
	fs.StringVar(&cfg.DataDir, "data", envOr("KMN_DATA", cfg.DataDir), "data directory to restore into (KMN_DATA)")
	from := fs.String("in", "", "backup file to restore")
	force := fs.Bool("force", false, "replace an existing database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return &exitError{code: 2, msg: "--in FILE is required"}
	}
	if err := backup.Restore(ctx, *from, cfg.DataDir, *force); err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %s into %s\nput the matching key file (kmn.key, mode 0600) into the data directory before starting the server\n", *from, cfg.DataDir)
	return nil
}

func cmdAudit(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return &exitError{code: 2, msg: "usage: kmn audit verify [--data DIR] [--db URL]"}
	}
	cfg := config.Default()
	fs := newFlags("audit verify", "Checks the hash chain of the audit log. Exits 1 and names the first broken row if any row was edited or deleted.", out)
	storageFlags(fs, &cfg)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.Audit.Verify(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "rows: %d\nhead: %s\n", rep.Rows, rep.Head)
	if rep.Broken != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("audit log BROKEN at row %d: %s", rep.Broken.Seq, rep.Broken.Reason)}
	}
	fmt.Fprintln(out, "chain intact; compare the head with the one you recorded last time to detect removed newest rows")
	return nil
}

func cmdVersion(_ context.Context, args []string, out io.Writer) error {
	fs := newFlags("version", "Prints the version.", out)
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(out, "kmn", Version())
	return nil
}

func cmdTOTP(_ context.Context, args []string, out io.Writer) error {
	fs := newFlags("totp", "Prints the current six-digit code for a TOTP secret, e.g. a demo account's (see README).", out)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &exitError{code: 2, msg: "usage: kmn totp SECRET"}
	}
	code, err := auth.TOTPCode(strings.ToUpper(strings.ReplaceAll(fs.Arg(0), " ", "")), time.Now())
	if err != nil {
		return &exitError{code: 2, msg: "not a valid TOTP secret"}
	}
	fmt.Fprintln(out, code)
	return nil
}
