package backup_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/kmn-niedersachsen/kmn/internal/audit"
	"github.com/kmn-niedersachsen/kmn/internal/backup"
	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// TestRestoreDrill is the drill an operator should run: back up with a
// key kept elsewhere, lose the database, restore, and check that nothing is
// missing or changed and that the audit chain still verifies.
func TestRestoreDrill(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	dbPath := filepath.Join(dataDir, backup.DBFile)
	src := openAt(t, dbPath)
	insertUsers(t, src, 50)
	writeAudit(t, src, 12)
	id := newIdentity(t)
	res, err := backup.Encrypted(ctx, src, backup.EncryptOptions{
		Dir: filepath.Join(t.TempDir(), "backups"), Recipients: []age.Recipient{id.Recipient()},
	})
	if err != nil {
		t.Fatal(err)
	}
	want, wantAudit := dumpAll(t, src), verifyAudit(t, src)
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	wipe(t, dbPath)
	if err := backup.RestoreEncrypted(ctx, res.Path, dataDir, []age.Identity{id}, false); err != nil {
		t.Fatal(err)
	}
	restored, err := db.OpenSQLite(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	compareDumps(t, want, dumpAll(t, restored))
	if got := verifyAudit(t, restored); got != wantAudit {
		t.Errorf("audit after restore: %+v, before %+v", got, wantAudit)
	}
}

// writeAudit writes n entries through the audit log's write API, half in
// a transaction of their own (Write), half with a change (Append).
func writeAudit(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := context.Background()
	log := audit.New(d)
	for i := range n {
		e := audit.Entry{ActorID: "u00000001", Actor: "u1@example.org", Action: "case.read",
			ObjectType: "case", ObjectID: fmt.Sprintf("c%d", i), Result: audit.ResultSuccess,
			IP: "192.0.2.1", Detail: map[string]string{"n": fmt.Sprint(i), "umlaut": "Prüfung"}}
		var err error
		if i%2 == 0 {
			err = log.Write(ctx, e)
		} else {
			err = d.InTx(ctx, func(tx *db.Tx) error {
				if err := insertUser(ctx, tx); err != nil {
					return err
				}
				return log.Append(ctx, tx, e)
			})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// verifyAudit checks the chain and returns the report for comparison.
func verifyAudit(t *testing.T, d *db.DB) audit.Report {
	t.Helper()
	rep, err := audit.New(d).Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Broken != nil || rep.Rows == 0 {
		t.Fatalf("audit chain: %d rows, broken %+v", rep.Rows, rep.Broken)
	}
	return rep
}

// wipe deletes the database and its side files, as a lost disk would.
func wipe(t *testing.T, dbPath string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(dbPath)); len(entries) != 0 {
		t.Fatalf("data directory not empty after wipe: %v", entries)
	}
}

// dumpAll returns every table's rows (ORDER BY 1) as strings, keyed by
// table, plus the schema itself.
func dumpAll(t *testing.T, d *db.DB) map[string][]string {
	t.Helper()
	tables := column(t, d, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if len(tables) < 5 {
		t.Fatalf("only %d tables: %v", len(tables), tables)
	}
	dump := map[string][]string{"sqlite_master": dumpQuery(t, d, "SELECT type, name, sql FROM sqlite_master ORDER BY 1, 2")}
	for _, name := range tables {
		dump[name] = dumpQuery(t, d, `SELECT * FROM "`+name+`" ORDER BY 1`)
	}
	return dump
}

func column(t *testing.T, d *db.DB, q string) []string {
	t.Helper()
	var out []string
	for _, row := range dumpQuery(t, d, q) {
		out = append(out, strings.TrimSuffix(row, "|"))
	}
	return out
}

// dumpQuery renders each row as its columns' text joined by "|"; NULL is
// rendered as \N so it differs from the empty string.
func dumpQuery(t *testing.T, d *db.DB, q string) []string {
	t.Helper()
	rows, err := d.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var b strings.Builder
		for _, v := range vals {
			if v.Valid {
				b.WriteString(v.String)
			} else {
				b.WriteString(`\N`)
			}
			b.WriteByte('|')
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func compareDumps(t *testing.T, want, got map[string][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("restored %d tables, source %d", len(got), len(want))
	}
	rows := 0
	for table, w := range want {
		g := got[table]
		rows += len(w)
		if strings.Join(g, "\n") != strings.Join(w, "\n") {
			t.Errorf("table %s: restored %d rows, source %d, or contents differ", table, len(g), len(w))
		}
	}
	if want["audit_log"] == nil || want["users"] == nil {
		t.Errorf("dump lacks audit_log or users: %d tables", len(want))
	}
	t.Logf("compared %d tables, %d rows", len(want), rows)
}

func newIdentity(t *testing.T) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// fixedNow is the time encrypted backups in tests are named by.
var fixedNow = time.Date(2026, 12, 7, 7, 0, 0, 0, time.UTC)
