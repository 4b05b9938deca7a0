package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/config"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
)

type keyLine struct {
	id     string
	values int
	active bool
}

// keyStatus runs kmn keys status and parses its key list.
func keyStatus(t *testing.T, dir string) ([]keyLine, string) {
	t.Helper()
	code, stdout, stderr := run("keys", "status", "--data", dir)
	if code != 0 {
		t.Fatalf("keys status: %d %s %s", code, stdout, stderr)
	}
	var keys []keyLine
	inKeys := false
	for _, line := range strings.Split(stdout, "\n") {
		switch {
		case strings.HasPrefix(line, "keys"):
			inKeys = true
		case !strings.HasPrefix(line, "  "):
			inKeys = false
		case inKeys:
			f := strings.Fields(line)
			n, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatalf("status line %q", line)
			}
			keys = append(keys, keyLine{f[0], n, strings.Contains(line, "(active)")})
		}
	}
	return keys, stdout
}

func TestKeysRotateReencryptsAndLoginStillWorks(t *testing.T) {
	dir := t.TempDir()
	openDemo(t, dir).Close()
	ctx := context.Background()

	keys, _ := keyStatus(t, dir)
	if len(keys) != 1 || !keys[0].active || keys[0].values < len(app.DemoAccounts) {
		t.Fatalf("initial status: %+v", keys)
	}
	first, secrets := keys[0].id, keys[0].values

	// Rotate without re-encrypting: the old key is still in use and cannot go.
	code, stdout, stderr := run("keys", "rotate", "--no-reencrypt", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "EVERY server") || !strings.Contains(stdout, "kmn keys reencrypt") {
		t.Fatalf("rotate --no-reencrypt: %d %s %s", code, stdout, stderr)
	}
	keys, _ = keyStatus(t, dir)
	if len(keys) != 2 || keys[0].values != secrets || !keys[1].active || keys[1].values != 0 {
		t.Fatalf("after rotate --no-reencrypt: %+v", keys)
	}
	second := keys[1].id
	if code, _, stderr := run("keys", "retire", first, "--data", dir); code != 1 || !strings.Contains(stderr, "still used") {
		t.Fatalf("retiring a used key: %d %s", code, stderr)
	}

	// Rotate again, re-encrypting: everything moves to the newest key.
	code, stdout, stderr = run("keys", "rotate", "--data", dir)
	if code != 0 || !strings.Contains(stdout, "copy") || !strings.Contains(stdout, "EVERY server") ||
		!strings.Contains(stdout, "total: "+strconv.Itoa(secrets)+" re-encrypted") {
		t.Fatalf("rotate: %d %s %s", code, stdout, stderr)
	}
	keys, status := keyStatus(t, dir)
	if len(keys) != 3 || keys[0].values != 0 || keys[1].values != 0 || !keys[2].active || keys[2].values != secrets {
		t.Fatalf("after rotate: %+v\n%s", keys, status)
	}
	if !strings.Contains(status, "users.totp_secret") {
		t.Errorf("status does not list the TOTP column:\n%s", status)
	}
	third := keys[2].id

	// A second run changes nothing.
	if code, stdout, _ := run("keys", "reencrypt", "--data", dir); code != 0 || !strings.Contains(stdout, "total: 0 re-encrypted") {
		t.Fatalf("second re-encryption: %d %s", code, stdout)
	}

	// Retire: never the active key; the unused old ones, yes.
	if code, _, stderr := run("keys", "retire", third, "--data", dir); code != 1 || !strings.Contains(stderr, "active") {
		t.Fatalf("retiring the active key: %d %s", code, stderr)
	}
	if code, _, _ := run("keys", "retire", "k-nope", "--data", dir); code != 2 {
		t.Fatalf("retiring an unknown key: %d", code)
	}
	for _, id := range []string{first, second} {
		if code, stdout, stderr := run("keys", "retire", id, "--data", dir); code != 0 || !strings.Contains(stdout, "retired key "+id) {
			t.Fatalf("retire %s: %d %s %s", id, code, stdout, stderr)
		}
	}
	keys, _ = keyStatus(t, dir)
	if len(keys) != 1 || keys[0].id != third || !keys[0].active || keys[0].values != secrets {
		t.Fatalf("after retiring: %+v", keys)
	}

	// A fresh start reads the re-encrypted secrets, and the demo users log in.
	cfg := config.Default()
	cfg.DataDir, cfg.PasswordCost = dir, config.CostTest
	a, err := app.Open(ctx, cfg, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	kr, _, err := secret.LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	actor := auth.Anonymous(auth.Client{IP: "192.0.2.1", UserAgent: "keys test"})
	for _, d := range app.DemoAccounts[:2] {
		var id, stored string
		if err := a.DB.QueryRow(ctx, "SELECT id, totp_secret FROM users WHERE email = ?", d.Email).Scan(&id, &stored); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(stored, third+":") {
			t.Errorf("%s: secret not on the new key: %.20s…", d.Email, stored)
		}
		if got, err := kr.Decrypt(stored, "users.totp_secret:"+id); err != nil || string(got) != d.TOTPSecret {
			t.Errorf("%s: stored secret does not decrypt to the demo secret: %v", d.Email, err)
		}
		token, stage, err := a.Auth.Login(ctx, d.Email, d.Password, actor)
		if err != nil || stage != auth.StageMFA {
			t.Fatalf("%s: login: stage %q, %v", d.Email, stage, err)
		}
		totp, err := auth.TOTPCode(d.TOTPSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if full, err := a.Auth.VerifyTOTP(ctx, token, totp, actor); err != nil || full == "" {
			t.Fatalf("%s: TOTP after rotation: %v", d.Email, err)
		}
	}
}

func TestKeysRefusesMissingKeyFile(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"keys", "rotate"}, {"keys", "status"}, {"keys", "retire", "k1"}} {
		code, _, stderr := run(append(args, "--data", dir)...)
		if code != 2 || !strings.Contains(stderr, "no key file") {
			t.Errorf("%v on an empty directory: %d %s", args, code, stderr)
		}
	}
	if code, _, _ := run("keys"); code != 2 {
		t.Errorf("kmn keys without a subcommand: %d", code)
	}
}
