package app_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/backup"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/jobs"
)

func task(t *testing.T, a *app.App, name string) jobs.Task {
	t.Helper()
	tasks := a.Jobs.Tasks()
	i := slices.IndexFunc(tasks, func(x jobs.Task) bool { return x.Name == name })
	if i < 0 {
		t.Fatalf("no periodic task %q", name)
	}
	return tasks[i]
}

// TestPeriodicTasksAreRegistered: the housekeeping the ticker used to do,
// and the new work, are periodic tasks that run without error; the backup
// task appears only when recipients are configured and writes an
// encrypted backup that restores.
func TestPeriodicTasksAreRegistered(t *testing.T) {
	ctx := context.Background()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir, cfg.PasswordCost = dir, config.CostTest
	cfg.Backup.Recipients = id.Recipient().String()
	a, err := app.Open(ctx, cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, name := range []string{"sessions.cleanup", "cases.retention", "feedback.retention", "notifications.digest", "notifications.purge", "substitutions.notice"} {
		if err := task(t, a, name).Run(ctx); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := task(t, a, "backup.daily").Run(ctx); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(backup.DefaultDir(dir), "kmn-*.db.age"))
	if len(files) != 1 {
		t.Fatalf("backups: %v", files)
	}
	keyFile := filepath.Join(t.TempDir(), "identity")
	if err := os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ids, err := backup.LoadIdentities(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := backup.RestoreEncrypted(ctx, files[0], t.TempDir(), ids, false); err != nil {
		t.Errorf("the scheduled backup does not restore: %v", err)
	}

	plain := config.Default()
	plain.DataDir, plain.PasswordCost = t.TempDir(), config.CostTest
	b, err := app.Open(ctx, plain, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, x := range b.Jobs.Tasks() {
		if strings.HasPrefix(x.Name, "backup.") {
			t.Errorf("backup task %q without recipients", x.Name)
		}
	}
}
