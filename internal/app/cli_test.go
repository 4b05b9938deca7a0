package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := app.Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// openDemo opens a data directory with the demo accounts loaded.
func openDemo(t *testing.T, dir string) *app.App {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir, cfg.PasswordCost, cfg.Demo = dir, config.CostTest, true
	a, err := app.Open(context.Background(), cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	a := openDemo(t, dir)
	defer a.Close()
	out := filepath.Join(t.TempDir(), "kmn-backup.db")
	if code, stdout, stderr := run("backup", "--data", dir, "--out", out); code != 0 || !strings.Contains(stdout, "kmn.key") {
		t.Fatalf("backup: %d %s %s", code, stdout, stderr)
	}
	if code, _, _ := run("backup", "--data", dir, "--out", out); code == 0 {
		t.Fatal("backup overwrote an existing file")
	}
	fresh := filepath.Join(t.TempDir(), "restored")
	if code, _, stderr := run("restore", "--in", out, "--data", fresh); code != 0 {
		t.Fatalf("restore: %d %s", code, stderr)
	}
	if code, _, _ := run("restore", "--in", out, "--data", fresh); code == 0 {
		t.Fatal("restore replaced an existing database without --force")
	}
	restored, err := db.OpenSQLite(context.Background(), filepath.Join(fresh, "kmn.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	for _, q := range []string{"SELECT id || email || password_hash || totp_secret FROM users ORDER BY id", "SELECT hash FROM audit_log ORDER BY seq"} {
		if got, want := column(t, restored, q), column(t, a.DB, q); strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
			t.Errorf("%s: restored %d rows, source %d, or contents differ", q, len(got), len(want))
		}
	}
}

func column(t *testing.T, d *db.DB, q string) []string {
	t.Helper()
	rows, err := d.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestBackupRefusesPostgres(t *testing.T) {
	url := dbtest.PostgresURL(t)
	code, _, stderr := run("backup", "--db", url, "--out", filepath.Join(t.TempDir(), "x"))
	if code != 2 || !strings.Contains(stderr, "pg_dump") {
		t.Fatalf("backup on PostgreSQL: %d %q", code, stderr)
	}
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	tests := []struct {
		name, sql, want string
	}{
		{"edited row", "UPDATE audit_log SET actor = 'jemand' WHERE seq = 3", "row 3"},
		{"deleted row", "DELETE FROM audit_log WHERE seq = 2", "row 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			a := openDemo(t, dir)
			ctx := context.Background()
			if code, stdout, _ := run("audit", "verify", "--data", dir); code != 0 || !strings.Contains(stdout, "chain intact") {
				t.Fatalf("intact log: %d %s", code, stdout)
			}
			for _, q := range []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete", tt.sql} {
				if _, err := a.DB.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			a.Close()
			code, _, stderr := run("audit", "verify", "--data", dir)
			if code != 1 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("tampered log: exit %d, %q (want %q)", code, stderr, tt.want)
			}
		})
	}
}

func TestUserAdd(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := run("user", "add", "--data", dir, "--email", "Lea@Example.org", "--name", "Lea", "--role", "ministry")
	if code != 0 || !strings.Contains(stdout, "/setup/") || !strings.Contains(stdout, "lea@example.org") {
		t.Fatalf("user add: %d %s %s", code, stdout, stderr)
	}
	tests := [][]string{
		{"--email", "x@example.org", "--name", "X", "--role", "king"},
		{"--email", "kaputt", "--name", "X", "--role", "ministry"},
		{"--email", "lea@example.org", "--name", "Lea", "--role", "ministry"},
		{"--email", "y@example.org", "--name", "Y", "--role", "counselor"},
		// An office the registry does not know.
		{"--email", "z@example.org", "--name", "Z", "--role", "counselor", "--office", "no-such-office"},
	}
	for _, args := range tests {
		if code, _, stderr := run(append([]string{"user", "add", "--data", dir}, args...)...); code != 2 || !strings.Contains(stderr, "invalid input") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}

func TestFirstRunPrintsSetupLinkOnce(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir, cfg.PasswordCost = t.TempDir(), config.CostTest
	a, err := app.Open(context.Background(), cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !a.KeyCreated {
		t.Error("first run did not create the key file")
	}
	link, err := a.FirstRun(context.Background(), "chefin@example.org")
	if err != nil || !strings.Contains(link, "/setup/") {
		t.Fatalf("first run: %q %v", link, err)
	}
	token := link[strings.LastIndex(link, "/")+1:]
	if _, err := a.Auth.CompleteSetup(context.Background(), token, "ein sehr langes passwort", "ein sehr langes passwort", authActor()); err != nil {
		t.Fatal(err)
	}
	if link, err := a.FirstRun(context.Background(), "chefin@example.org"); err != nil || link != "" {
		t.Fatalf("a link after the admin set a password: %q %v", link, err)
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	a := openDemo(t, t.TempDir())
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
}

func TestVersionAndHelp(t *testing.T) {
	if code, out, _ := run("version"); code != 0 || !strings.HasPrefix(out, "kmn ") {
		t.Errorf("version: %d %q", code, out)
	}
	for _, cmd := range []string{"serve", "migrate", "backup", "restore", "version", "totp"} {
		if code, out, _ := run(cmd, "--help"); code != 0 || !strings.Contains(out, "Usage: kmn "+cmd) {
			t.Errorf("%s --help: %d %q", cmd, code, out)
		}
	}
	if code, _, _ := run("nonsense"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, out, _ := run("totp", app.DemoAccounts[0].TOTPSecret); code != 0 || len(strings.TrimSpace(out)) != 6 {
		t.Errorf("totp: %d %q", code, out)
	}
}
