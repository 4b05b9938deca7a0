package audit

import (
	"context"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/clock"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

func TestAppendOnlyTriggers(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		writeN(t, newLog(d), 2)
		for _, q := range []string{"UPDATE audit_log SET action = 'x' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 2"} {
			if _, err := d.Exec(context.Background(), q); err == nil {
				t.Errorf("%s: the database allowed it", q)
			}
		}
	})
}

func TestVerifyFindsTampering(t *testing.T) {
	const rows = 6
	tests := []struct {
		name    string
		tamper  func(t *testing.T, d *db.DB)
		wantSeq int64
	}{
		{"edited action", func(t *testing.T, d *db.DB) {
			exec(t, d, "UPDATE audit_log SET action = ? WHERE seq = ?", "test.harmless", 3)
		}, 3},
		{"edited detail", func(t *testing.T, d *db.DB) {
			exec(t, d, "UPDATE audit_log SET detail = ? WHERE seq = ?", `{"after":"admin","before":"x","role":"counselor"}`, 4)
		}, 4},
		{"edited time", func(t *testing.T, d *db.DB) {
			exec(t, d, "UPDATE audit_log SET at = ? WHERE seq = ?", clock.System().Now(), 2)
		}, 2},
		{"deleted middle row", func(t *testing.T, d *db.DB) {
			exec(t, d, "DELETE FROM audit_log WHERE seq = ?", 3)
		}, 4},
		{"deleted first row", func(t *testing.T, d *db.DB) {
			exec(t, d, "DELETE FROM audit_log WHERE seq = ?", 1)
		}, 2},
		{"edited row with its hash recomputed", func(t *testing.T, d *db.DB) {
			rehash(t, d, 3, "test.harmless")
		}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
				l := newLog(d)
				writeN(t, l, rows)
				dropAppendOnly(t, d)
				tt.tamper(t, d)
				rep := verify(t, l)
				if rep.Broken == nil || rep.Broken.Seq != tt.wantSeq {
					t.Fatalf("broken %+v, want seq %d", rep.Broken, tt.wantSeq)
				}
				t.Logf("reason: %s", rep.Broken.Reason)
			})
		})
	}
}

// rehash edits a row's action and stores a hash that matches the edit, as
// an attacker who knows the algorithm would.
func rehash(t *testing.T, d *db.DB, seq int64, action string) {
	t.Helper()
	rows, err := d.Query(context.Background(), "SELECT "+columns+" FROM audit_log WHERE seq = ?", seq)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatal("row not found")
	}
	r, err := scanRow(rows)
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
	r.e.Action = action
	if r.hash, err = computeHash(r); err != nil {
		t.Fatal(err)
	}
	exec(t, d, "UPDATE audit_log SET action = ?, hash = ? WHERE seq = ?", action, r.hash, seq)
}

// TestTailTruncationNeedsHead documents the chain's blind spot: deleting the
// newest rows leaves a valid chain, seen only by comparing heads.
func TestTailTruncationNeedsHead(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		l := newLog(d)
		writeN(t, l, 4)
		recorded := verify(t, l).Head
		dropAppendOnly(t, d)
		exec(t, d, "DELETE FROM audit_log WHERE seq = ?", 4)
		rep := verify(t, l)
		if rep.Broken != nil {
			t.Fatalf("unexpected break %+v", rep.Broken)
		}
		if rep.Head == recorded || rep.Rows != 3 {
			t.Errorf("head %s rows %d: truncation must change the head", rep.Head, rep.Rows)
		}
	})
}
