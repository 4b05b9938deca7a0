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

const backupHelp = `Writes a consistent copy of the running SQLite database (the server may keep running).

Plain:     kmn backup --out FILE
           FILE must not exist; it holds the data unencrypted.
Encrypted: kmn backup --encrypt-to RECIPIENTS [--out DIR]
           writes DIR/kmn-<UTC time>.db.age (DIR defaults to DATA/backups), encrypted with age
           to RECIPIENTS: age public keys (age1…, comma-separated) or a recipients file. The
           file is verified by checksum after writing. Keep the age identity (private key) off
           this server; 'kmn restore --identity FILE' decrypts.

For PostgreSQL use pg_dump or WAL archiving. The key file (kmn.key) is NOT included: back it up separately.`

func cmdBackup(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("backup", backupHelp, out)
	storageFlags(fs, &cfg)
	path := fs.String("out", "", "plain: backup file to write (must not exist); with --encrypt-to: directory (default DATA/backups)")
	to := fs.String("encrypt-to", "", "age public keys (age1…, comma-separated) or a recipients file: write an encrypted backup")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" && *to == "" {
		return &exitError{code: 2, msg: "--out FILE (or --encrypt-to RECIPIENTS) is required"}
	}
	if cfg.Engine() == "postgres" {
		return &exitError{code: 2, msg: backup.ErrPostgres.Error()}
	}
	if *to != "" {
		return encryptedBackup(ctx, cfg, *to, *path, out)
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

// encryptedBackup is kmn backup --encrypt-to: one backup.Encrypted run, as
// the periodic job does it (without the pruning).
func encryptedBackup(ctx context.Context, cfg config.Config, to, dir string, out io.Writer) error {
	rs, err := backup.ParseRecipients(to)
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	if dir == "" {
		dir = backup.DefaultDir(cfg.DataDir)
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	res, err := backup.Encrypted(ctx, d, backup.EncryptOptions{Dir: dir, Recipients: rs})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "encrypted backup written to %s in %s\n%d bytes, sha256 %s, verified by %s\n"+
		"remember: the key file %s/kmn.key is needed to read encrypted data; keep a copy apart from the backup\n",
		res.Path, time.Since(start).Round(time.Millisecond), res.Size, res.SHA256, res.Verified, cfg.DataDir)
	return nil
}

func cmdRestore(ctx context.Context, args []string, out io.Writer) error {
	cfg := config.Default()
	fs := newFlags("restore", "Restores a backup made by 'kmn backup' into a data directory. Stop the server first.\n"+
		"Usage: kmn restore [flags] FILE (or --in FILE). An encrypted backup (.age) needs --identity:\n"+
		"  kmn restore --identity backup-key.txt kmn-20261207T070000Z.db.age\n"+
		"The identity file holds the age private key and must not be readable by others (chmod 600).", out)
	fs.StringVar(&cfg.DataDir, "data", envOr("KMN_DATA", cfg.DataDir), "data directory to restore into (KMN_DATA)")
	in := fs.String("in", "", "backup file to restore (or give it as the argument)")
	identity := fs.String("identity", "", "age identity file (private key) to decrypt an encrypted backup")
	force := fs.Bool("force", false, "replace an existing database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	from, err := restoreSource(*in, fs.Args())
	if err != nil {
		return err
	}
	if err := restoreFrom(ctx, from, *identity, cfg.DataDir, *force); err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %s into %s\nput the matching key file (kmn.key, mode 0600) into the data directory before starting the server\n", from, cfg.DataDir)
	return nil
}

// restoreSource picks the backup file from --in or the one argument.
func restoreSource(in string, args []string) (string, error) {
	switch {
	case len(args) > 1 || (len(args) == 1 && in != "" && args[0] != in):
		return "", &exitError{code: 2, msg: "give one backup file, as the argument or with --in (flags go before it)"}
	case len(args) == 1:
		return args[0], nil
	case in == "":
		return "", &exitError{code: 2, msg: "usage: kmn restore [--identity FILE] [--data DIR] [--force] BACKUP"}
	}
	return in, nil
}

// restoreFrom decrypts when an identity is given, and refuses an .age file
// without one rather than failing later on "not a database".
func restoreFrom(ctx context.Context, from, identity, dataDir string, force bool) error {
	if identity == "" {
		if strings.HasSuffix(from, ".age") {
			return &exitError{code: 2, msg: from + " is encrypted: give the age identity (private key) file with --identity FILE"}
		}
		return backup.Restore(ctx, from, dataDir, force)
	}
	ids, err := backup.LoadIdentities(identity)
	if err != nil {
		return err
	}
	return backup.RestoreEncrypted(ctx, from, dataDir, ids, force)
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
