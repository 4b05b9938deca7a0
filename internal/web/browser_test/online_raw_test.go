package browser_test

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
)

// wantNoMarkers reads what an attacker with the database would: the
// SQLite file with its write-ahead log, or a pg_dump of the test schema;
// none of the markers may appear in it.
func wantNoMarkers(t *testing.T, srv *apptest.Server, markers ...string) {
	t.Helper()
	raw := rawDatabase(t, srv)
	if len(raw) < 10000 {
		t.Fatalf("the raw database has only %d bytes: the read is broken", len(raw))
	}
	if !bytes.Contains(raw, []byte("online_messages")) {
		t.Fatal("the raw database does not even name online_messages: the read is broken")
	}
	for _, m := range markers {
		for _, part := range strings.Fields(m)[:1] {
			if bytes.Contains(raw, []byte(part)) {
				t.Errorf("the raw database contains %q from a message", part)
			}
		}
	}
}

func rawDatabase(t *testing.T, srv *apptest.Server) []byte {
	t.Helper()
	if path := srv.App.DB.SQLitePath(); path != "" {
		var all []byte
		for _, p := range []string{path, path + "-wal"} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	return pgDump(t, srv.App.Config.DatabaseURL)
}

// pgDump dumps the schema the test server runs in (named by the URL's
// search_path option).
func pgDump(t *testing.T, dbURL string) []byte {
	t.Helper()
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		t.Fatal("pg_dump not found: install postgresql-client (scripts/test does as root)")
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	schema := q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	out, err := exec.Command(bin, "--schema="+schema, "--data-only", u.String()).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	return out
}
