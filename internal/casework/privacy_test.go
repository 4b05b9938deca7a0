package casework_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

var caseTables = []string{"client_files", "client_contact_data", "consents", "counseling_contacts", "counseling_contact_topics", "audit_log"}

func TestConsentGovernsContactData(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		cd := casework.ContactData{Name: "Amina K.", Phone: "0511 1234", Email: "amina@example.org", Address: "Hannover"}
		wantProblem(t, f.store.SetContactData(f.ctx, f.a1, file.ID, cd), "contact_data", "case.consent_required")
		if _, err := f.store.ContactData(f.ctx, f.a1, file.ID); !errors.Is(err, casework.ErrNoConsent) {
			t.Fatalf("read without consent: %v", err)
		}
		// Consent for counseling does not cover contact data.
		f.consent(t, file.ID, "counseling")
		wantProblem(t, f.store.SetContactData(f.ctx, f.a1, file.ID, cd), "contact_data", "case.consent_required")
		c := f.consent(t, file.ID, "contact_data")
		if err := f.store.SetContactData(f.ctx, f.a1, file.ID, cd); err != nil {
			t.Fatal(err)
		}
		if got, err := f.store.ContactData(f.ctx, f.a2, file.ID); err != nil || *got != cd {
			t.Fatalf("read contact data: %+v %v", got, err)
		}
		if got, err := f.store.Get(f.ctx, f.a1, file.ID); err != nil || got.ContactData == nil || *got.ContactData != cd || len(got.Consents) != 2 {
			t.Fatalf("get with contact data: %+v %v", got, err)
		}
		if _, err := f.store.ContactData(f.ctx, f.b1, file.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("other office read contact data: %v", err)
		}
		if err := f.store.WithdrawConsent(f.ctx, f.a1, file.ID, c.ID, date(2026, 3, 9)); err != nil {
			t.Fatal(err)
		}
		// Withdrawal erases what the consent covered and blocks reads and writes.
		if n := f.count(t, "SELECT COUNT(*) FROM client_contact_data"); n != 0 {
			t.Fatalf("contact data survived withdrawal: %d rows", n)
		}
		if _, err := f.store.ContactData(f.ctx, f.a1, file.ID); !errors.Is(err, casework.ErrNoConsent) {
			t.Fatalf("read after withdrawal: %v", err)
		}
		wantProblem(t, f.store.SetContactData(f.ctx, f.a1, file.ID, cd), "contact_data", "case.consent_required")
		got, err := f.store.Get(f.ctx, f.a1, file.ID)
		if err != nil || got.ContactData != nil || got.Consents[1].Active() || !got.Consents[1].WithdrawnOn.Equal(date(2026, 3, 9)) {
			t.Fatalf("after withdrawal: %+v %v", got, err)
		}
		wantProblem(t, f.store.WithdrawConsent(f.ctx, f.a1, file.ID, c.ID, date(2026, 3, 10)), "consent", "case.consent_withdrawn")
		recs := f.audited(t, "consent.withdraw", file.ID)
		if len(recs) != 1 || recs[0].Detail["contact_data_erased"] != "true" || len(f.audited(t, "consent.record", file.ID)) != 2 {
			t.Fatalf("consent audit: %+v", recs)
		}
	})
}

func (f *fixture) consent(t *testing.T, fileID, purpose string) *casework.Consent {
	t.Helper()
	c, err := f.store.RecordConsent(f.ctx, f.a1, fileID, casework.ConsentInput{Purpose: purpose, GivenOn: date(2026, 3, 2), Form: "written"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEncryptedAtRest(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const marker = "MARKER-Zq8vW3-secret"
		file := f.create(t, f.a1, f.adult())
		f.consent(t, file.ID, "contact_data")
		if err := f.store.SetContactData(f.ctx, f.a1, file.ID, casework.ContactData{Name: marker + "-name", Address: marker + "-address"}); err != nil {
			t.Fatal(err)
		}
		first, err := f.store.AddContact(f.ctx, f.a1, file.ID, casework.ContactInput{On: date(2026, 3, 3), Minutes: 30,
			Channel: "in_person", Topics: []string{"housing", "work"}, Note: "Gespräch: " + marker})
		if err != nil {
			t.Fatal(err)
		}
		second, err := f.store.AddContact(f.ctx, f.a1, file.ID, casework.ContactInput{On: date(2026, 3, 4), Minutes: 20, Channel: "phone", Note: "kurz"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.store.Get(f.ctx, f.a1, file.ID)
		if err != nil || len(got.Contacts) != 2 || !strings.Contains(got.Contacts[0].Note, marker) || strings.Join(got.Contacts[0].Topics, ",") != "housing,work" {
			t.Fatalf("decrypted contacts: %+v %v", got, err)
		}
		assertAbsent(t, f, marker, file.Code)
		// A note moved to another row does not open (the AAD names the row).
		if _, err := d.Exec(f.ctx, `UPDATE counseling_contacts SET note_enc = (SELECT note_enc FROM counseling_contacts WHERE id = ?)
			WHERE id = ?`, first.ID, second.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Get(f.ctx, f.a1, file.ID); err == nil {
			t.Fatal("a note copied to another row was decrypted")
		}
	})
}

// assertAbsent checks that marker is stored nowhere in plain text: in the
// SQLite file after a checkpoint, or in any row of the case tables and the
// audit log on PostgreSQL. present is a plain value that must be found,
// proving that the search reads the stored data.
func assertAbsent(t *testing.T, f *fixture, marker, present string) {
	t.Helper()
	if f.d.Dialect() == db.SQLite {
		if _, err := f.d.Exec(f.ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(f.d.SQLitePath())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(raw, []byte(present)) || bytes.Contains(raw, []byte(marker[:10])) {
			t.Fatalf("plain text in the SQLite file (%d bytes), or the search reads nothing", len(raw))
		}
		return
	}
	found := false
	for _, table := range caseTables {
		rows, err := f.d.Query(f.ctx, "SELECT t::text FROM "+table+" t")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			n++
			found = found || strings.Contains(s, present)
			if strings.Contains(s, marker[:10]) {
				t.Errorf("plain text in %s: %s", table, s)
			}
		}
		rows.Close()
		if n == 0 {
			t.Errorf("%s is empty: the check proves nothing", table)
		}
	}
	if !found {
		t.Errorf("%q not found: the search reads nothing", present)
	}
	assertAbsentFromDump(t, f, marker, present)
}

// assertAbsentFromDump runs pg_dump over the test's schema (data only) and
// looks for the marker in its output. pg_dump ships with the PostgreSQL
// client that CI installs; without it the check fails in CI.
func assertAbsentFromDump(t *testing.T, f *fixture, marker, present string) {
	t.Helper()
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pg_dump not found: the dump check must run in CI")
		}
		t.Log("pg_dump not found: dump check skipped")
		return
	}
	var schema string
	if err := f.d.QueryRow(f.ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(pgDump, "--data-only", "--schema="+schema, "--dbname="+os.Getenv(dbtest.PostgresEnv))
	dump, err := cmd.Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	if !bytes.Contains(dump, []byte(present)) || bytes.Contains(dump, []byte(marker[:10])) {
		t.Fatalf("plain text in the pg_dump of %s (%d bytes), or the dump holds no case data", schema, len(dump))
	}
}

func TestExportAndErasure(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		keep := f.create(t, f.a1, f.adult())
		f.consent(t, file.ID, "contact_data")
		if err := f.store.SetContactData(f.ctx, f.a1, file.ID, casework.ContactData{Name: "Amina K.", Phone: "0511 1234"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.AddContact(f.ctx, f.a1, file.ID, casework.ContactInput{On: date(2026, 3, 3), Minutes: 30,
			Channel: "video", Interpreter: true, Topics: []string{"health"}, Note: "Arzttermin besprochen"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Export(f.ctx, f.b1, file.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("export from another office: %v", err)
		}
		raw, err := f.store.Export(f.ctx, f.a2, file.ID)
		if err != nil {
			t.Fatal(err)
		}
		var x struct {
			Code        string
			ContactData struct{ Name, Phone string } `json:"contact_data"`
			Consents    []struct{ Purpose string }
			Contacts    []struct {
				Note        string
				Interpreter bool
				Topics      []string
				Date        string
			}
		}
		if err := json.Unmarshal(raw, &x); err != nil {
			t.Fatal(err)
		}
		if x.Code != file.Code || x.ContactData.Name != "Amina K." || len(x.Consents) != 1 || len(x.Contacts) != 1 ||
			x.Contacts[0].Note != "Arzttermin besprochen" || !x.Contacts[0].Interpreter || x.Contacts[0].Date != "2026-03-03" {
			t.Fatalf("export: %s", raw)
		}
		if len(f.audited(t, "case.export", file.ID)) != 1 {
			t.Fatal("export not audited")
		}
		if err := f.store.Erase(f.ctx, f.b1, file.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("erase from another office: %v", err)
		}
		if err := f.store.Erase(f.ctx, f.a1, file.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Get(f.ctx, f.a1, file.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("erased file readable: %v", err)
		}
		f.assertGone(t, file.ID)
		if recs := f.audited(t, "case.erase", file.ID); len(recs) != 1 || recs[0].Detail["reason"] != "request" {
			t.Fatalf("erase audit: %+v", recs)
		}
		if _, err := f.store.Get(f.ctx, f.a1, keep.ID); err != nil {
			t.Fatalf("erasure touched another file: %v", err)
		}
	})
}

// assertGone checks that nothing of the file is left in any case table.
func (f *fixture) assertGone(t *testing.T, id string) {
	t.Helper()
	for _, q := range []string{
		"SELECT COUNT(*) FROM client_files WHERE id = ?",
		"SELECT COUNT(*) FROM client_contact_data WHERE file_id = ?",
		"SELECT COUNT(*) FROM consents WHERE file_id = ?",
		"SELECT COUNT(*) FROM counseling_contacts WHERE file_id = ?",
	} {
		if n := f.count(t, q, id); n != 0 {
			t.Errorf("%s: %d rows left", q, n)
		}
	}
	if n := f.count(t, "SELECT COUNT(*) FROM counseling_contact_topics t LEFT JOIN counseling_contacts c ON c.id = t.contact_id WHERE c.id IS NULL"); n != 0 {
		t.Errorf("%d orphaned contact topics", n)
	}
}
