package secret_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
	"github.com/kmn-niedersachsen/kmn/internal/secret"
)

var testCol = secret.Column{Table: "rotate_test", Key: "id", Column: "v",
	AAD: func(id string) string { return "rotate_test.v:" + id }}

func value(t *testing.T, d *db.DB, id string) string {
	t.Helper()
	var v string
	if err := d.QueryRow(context.Background(), "SELECT COALESCE(v, '') FROM rotate_test WHERE id = ?", id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestReencrypt(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dir := filepath.Join(t.TempDir(), "data")
		k, _, err := secret.LoadOrCreate(dir)
		if err != nil {
			t.Fatal(err)
		}
		oldID := k.ActiveID()
		if _, err := d.Exec(ctx, "CREATE TABLE rotate_test (id TEXT PRIMARY KEY, v TEXT)"); err != nil {
			t.Fatal(err)
		}
		// 22 encrypted values (more than four batches of 5), an empty one, a
		// NULL, a corrupted one and one moved from another row.
		plain := map[string]string{}
		for i := range 22 {
			id := fmt.Sprintf("row-%02d", i)
			plain[id] = "geheim " + id
			if _, err := d.Exec(ctx, "INSERT INTO rotate_test (id, v) VALUES (?, ?)", id, k.Encrypt([]byte(plain[id]), testCol.AAD(id))); err != nil {
				t.Fatal(err)
			}
		}
		good := k.Encrypt([]byte("x"), testCol.AAD("row-00"))
		corrupt := good[:len(good)-2] + "AA"
		if good[len(good)-2:] == "AA" {
			corrupt = good[:len(good)-2] + "BB"
		}
		for _, r := range [][2]any{{"zz-empty", ""}, {"zz-null", nil}, {"zz-corrupt", corrupt}, {"zz-moved", good}} {
			if _, err := d.Exec(ctx, "INSERT INTO rotate_test (id, v) VALUES (?, ?)", r[0], r[1]); err != nil {
				t.Fatal(err)
			}
		}

		newID, err := k.Rotate()
		if err != nil || newID == oldID {
			t.Fatalf("rotate: %q %v", newID, err)
		}
		st, err := secret.Reencrypt(ctx, d, k, []secret.Column{testCol}, 5)
		if err != nil {
			t.Fatal(err)
		}
		if st.Changed != 22 || st.Failed != 2 || st.Current != 0 || st.Scanned != 24 || st.Conflicts != 0 {
			t.Fatalf("first run: %+v", st)
		}
		if got := st.Columns[0].FailedKeys; !slices.Equal(got, []string{"zz-corrupt", "zz-moved"}) {
			t.Errorf("failed keys: %v", got)
		}

		// A fresh keyring from the file sees the same result.
		k2, _, err := secret.LoadOrCreate(dir)
		if err != nil {
			t.Fatal(err)
		}
		for id, want := range plain {
			v := value(t, d, id)
			if !strings.HasPrefix(v, newID+":") {
				t.Errorf("%s: not on the new key: %q", id, v)
			}
			if got, err := k2.Decrypt(v, testCol.AAD(id)); err != nil || string(got) != want {
				t.Errorf("%s: decrypts to %q, %v", id, got, err)
			}
		}
		if value(t, d, "zz-corrupt") != corrupt || value(t, d, "zz-moved") != good || value(t, d, "zz-empty") != "" {
			t.Error("an undecryptable or empty value was overwritten")
		}

		st, err = secret.Reencrypt(ctx, d, k2, []secret.Column{testCol}, 5)
		if err != nil || st.Changed != 0 || st.Current != 22 || st.Failed != 2 {
			t.Fatalf("second run: %+v %v", st, err)
		}

		use, err := secret.Usage(ctx, d, []secret.Column{testCol}, 4)
		if err != nil {
			t.Fatal(err)
		}
		if u := use[0]; u.Column != "rotate_test.v" || u.ByKey[newID] != 22 || u.ByKey[oldID] != 2 || u.Empty != 2 {
			t.Fatalf("usage: %+v", u)
		}

		if err := k2.Retire(newID); !errors.Is(err, secret.ErrActiveKey) {
			t.Fatalf("retiring the active key: %v", err)
		}
		if err := k2.Retire("k-nope"); !errors.Is(err, secret.ErrUnknownKey) {
			t.Fatalf("retiring an unknown key: %v", err)
		}
		if err := k2.Retire(oldID); err != nil {
			t.Fatal(err)
		}
		k3, _, err := secret.LoadOrCreate(dir)
		if err != nil {
			t.Fatal(err)
		}
		if ids := k3.KeyIDs(); !slices.Equal(ids, []string{newID}) || k3.ActiveID() != newID {
			t.Fatalf("after retire: %v active %s", ids, k3.ActiveID())
		}
		if got, err := k3.Decrypt(value(t, d, "row-07"), testCol.AAD("row-07")); err != nil || string(got) != plain["row-07"] {
			t.Fatalf("after retire: %q %v", got, err)
		}
	})
}

func TestReencryptDefaultAADAndNames(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	k, _, err := secret.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// The users table of the real schema, with the default AAD convention.
	users := secret.Column{Table: "users", Key: "id", Column: "totp_secret"}
	if _, err := secret.Reencrypt(ctx, d, k, []secret.Column{users}, 0); err != nil {
		t.Fatalf("empty users table: %v", err)
	}
	if got := secret.DefaultAAD("users", "totp_secret", "u1"); got != "users.totp_secret:u1" {
		t.Fatalf("default AAD: %q", got)
	}
	for _, c := range []secret.Column{
		{Table: "users; DROP TABLE users", Key: "id", Column: "totp_secret"},
		{Table: "users", Key: "id", Column: ""},
	} {
		if _, err := secret.Reencrypt(ctx, d, k, []secret.Column{c}, 10); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}
