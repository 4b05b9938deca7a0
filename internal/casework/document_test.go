package casework_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/db/dbtest"
)

// Minimal documents of each allowed type, recognised by their magic numbers.
var (
	pngDoc  = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0x42}, 64)...)
	jpegDoc = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{0x17}, 64)...)
	pdfDoc  = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
)

func (f *fixture) addDocument(t *testing.T, fileID string, in casework.DocumentInput) *casework.Document {
	t.Helper()
	d, err := f.store.AddDocument(f.ctx, f.a1, fileID, in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDocumentLifecycle(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		other := f.create(t, f.a1, f.adult())
		consent := f.consent(t, file.ID, "counseling")
		scan := f.addDocument(t, file.ID, casework.DocumentInput{Title: "  Einwilligung unterschrieben ", ConsentID: consent.ID, Content: pdfDoc})
		photo := f.addDocument(t, file.ID, casework.DocumentInput{Title: "Bescheid", Content: pngDoc})
		f.addDocument(t, other.ID, casework.DocumentInput{Title: "Foto", Content: jpegDoc})
		if scan.ContentType != "application/pdf" || photo.ContentType != "image/png" || scan.Title != "Einwilligung unterschrieben" {
			t.Fatalf("added: %+v %+v", scan, photo)
		}

		list, err := f.store.Documents(f.ctx, f.a2, file.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("list: %+v %v", list, err)
		}
		if list[0].ID != scan.ID || list[0].Title != "Einwilligung unterschrieben" || list[0].ConsentID != consent.ID ||
			list[0].Size != len(pdfDoc) || list[0].Content != nil || list[1].ContentType != "image/png" || list[1].ConsentID != "" {
			t.Fatalf("list: %+v", list)
		}
		got, err := f.store.Document(f.ctx, f.lead, file.ID, photo.ID)
		if err != nil || !bytes.Equal(got.Content, pngDoc) || got.Title != "Bescheid" {
			t.Fatalf("read: %+v %v", got, err)
		}

		// Outside the scope, or through another file's id: not found.
		for name, err := range map[string]error{
			"list other office":       errOf(f.store.Documents(f.ctx, f.b1, file.ID)),
			"read other office":       errOf(f.store.Document(f.ctx, f.b1, file.ID, photo.ID)),
			"read through other file": errOf(f.store.Document(f.ctx, f.a1, other.ID, photo.ID)),
			"add other office":        errOf(f.store.AddDocument(f.ctx, f.b1, file.ID, casework.DocumentInput{Title: "x", Content: pngDoc})),
			"delete other office":     f.store.DeleteDocument(f.ctx, f.b1, file.ID, photo.ID),
			"delete through other":    f.store.DeleteDocument(f.ctx, f.a1, other.ID, photo.ID),
		} {
			if !errors.Is(err, casework.ErrNotFound) {
				t.Errorf("%s: %v, want ErrNotFound", name, err)
			}
		}

		if err := f.store.DeleteDocument(f.ctx, f.a1, file.ID, photo.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Document(f.ctx, f.a1, file.ID, photo.ID); !errors.Is(err, casework.ErrNotFound) {
			t.Fatalf("deleted document readable: %v", err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM case_documents"); n != 2 {
			t.Fatalf("%d documents left, want 2", n)
		}

		// Every read and write is audited, never with the title.
		for action, want := range map[string]int{"case.document.add": 2, "case.document.list": 1, "case.document.read": 1, "case.document.delete": 1} {
			recs := f.audited(t, action, file.ID)
			if len(recs) != want {
				t.Errorf("%s: %d audit rows, want %d", action, len(recs), want)
			}
			for _, r := range recs {
				if b, _ := json.Marshal(r.Detail); strings.Contains(string(b), "Einwilligung") || strings.Contains(string(b), "Bescheid") {
					t.Errorf("%s audit holds the title: %s", action, b)
				}
			}
		}
		seen := false
		for _, r := range f.audited(t, "case.document.add", file.ID) {
			if r.Detail["document"] != scan.ID {
				continue
			}
			seen = true
			if r.Detail["consent"] != consent.ID || r.Detail["type"] != "application/pdf" || r.Detail["size"] != fmt.Sprint(len(pdfDoc)) {
				t.Errorf("add audit detail: %+v", r.Detail)
			}
		}
		if !seen {
			t.Error("the scan's upload is not audited under its id")
		}
	})
}

func errOf[T any](_ T, err error) error { return err }

func TestDocumentBadInputWritesNothing(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		file := f.create(t, f.a1, f.adult())
		other := f.create(t, f.a1, f.adult())
		foreign := f.consent(t, other.ID, "counseling")
		tooBig := append(append([]byte{}, pngDoc...), make([]byte, casework.MaxDocumentBytes)...)
		for _, tc := range []struct {
			name       string
			in         casework.DocumentInput
			field, key string
		}{
			{"no title", casework.DocumentInput{Title: "  ", Content: pngDoc}, "title", "documents.title_required"},
			{"long title", casework.DocumentInput{Title: strings.Repeat("ä", 201), Content: pngDoc}, "title", "documents.title_too_long"},
			{"no content", casework.DocumentInput{Title: "x"}, "file", "documents.file_required"},
			{"text posing as PDF", casework.DocumentInput{Title: "x", Content: []byte("just text, named scan.pdf")}, "file", "documents.type_not_allowed"},
			{"HTML", casework.DocumentInput{Title: "x", Content: []byte("<html><script>alert(1)</script>")}, "file", "documents.type_not_allowed"},
			{"GIF", casework.DocumentInput{Title: "x", Content: []byte("GIF89a\x01\x00\x01\x00")}, "file", "documents.type_not_allowed"},
			{"too large", casework.DocumentInput{Title: "x", Content: tooBig}, "file", "documents.too_large"},
			{"consent of another file", casework.DocumentInput{Title: "x", ConsentID: foreign.ID, Content: pngDoc}, "consent_id", "documents.consent_unknown"},
			{"unknown consent", casework.DocumentInput{Title: "x", ConsentID: "no-such-consent", Content: pngDoc}, "consent_id", "documents.consent_unknown"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.store.AddDocument(f.ctx, f.a1, file.ID, tc.in)
				wantProblem(t, err, tc.field, tc.key)
			})
		}
		// Exactly the limit is accepted.
		limit := append(append([]byte{}, pngDoc...), make([]byte, casework.MaxDocumentBytes-len(pngDoc))...)
		big := f.addDocument(t, other.ID, casework.DocumentInput{Title: "groß", Content: limit})
		if got, err := f.store.Document(f.ctx, f.a1, other.ID, big.ID); err != nil || !bytes.Equal(got.Content, limit) {
			t.Fatalf("10 MiB document: %v", err)
		}

		closed := f.close(t, file, date(2026, 3, 9))
		_, err := f.store.AddDocument(f.ctx, f.a1, closed.ID, casework.DocumentInput{Title: "x", Content: pngDoc})
		wantProblem(t, err, "status", "case.file_closed")
		if n := f.count(t, "SELECT COUNT(*) FROM case_documents WHERE file_id = ?", file.ID); n != 0 {
			t.Fatalf("refused uploads left %d rows", n)
		}
		if n := len(f.audited(t, "case.document.add", file.ID)); n != 0 {
			t.Fatalf("refused uploads audited as added: %d", n)
		}
	})
}

func TestDocumentEncryptedAtRest(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const marker = "MARKER-Dk4pQ7-secret"
		file := f.create(t, f.a1, f.adult())
		pdf := []byte("%PDF-1.4\n1 0 obj << /Title (" + marker + "-inside) >> endobj\n%%EOF\n")
		first := f.addDocument(t, file.ID, casework.DocumentInput{Title: "Scan " + marker, Content: pdf})
		second := f.addDocument(t, file.ID, casework.DocumentInput{Title: "Zweites", Content: pngDoc})
		if got, err := f.store.Document(f.ctx, f.a1, file.ID, first.ID); err != nil || !bytes.Equal(got.Content, pdf) {
			t.Fatalf("read back: %v", err)
		}
		if d.Dialect() == db.SQLite {
			assertAbsent(t, f, marker, file.Code)
		} else {
			assertRowsAbsent(t, f, "case_documents", marker, "application/pdf")
			assertRowsAbsent(t, f, "audit_log", marker, "case.document.add")
			assertRowsAbsent(t, f, "client_files", marker, file.Code)
		}
		// Sealed cells are bound to their row and column.
		if _, err := d.Exec(f.ctx, `UPDATE case_documents SET content_enc = (SELECT content_enc FROM case_documents WHERE id = ?)
			WHERE id = ?`, first.ID, second.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Document(f.ctx, f.a1, file.ID, second.ID); err == nil {
			t.Fatal("content copied to another row was decrypted")
		}
		if _, err := d.Exec(f.ctx, `UPDATE case_documents SET title_enc = content_enc WHERE id = ?`, first.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Documents(f.ctx, f.a1, file.ID); err == nil {
			t.Fatal("content copied into the title column was decrypted")
		}
	})
}

// assertRowsAbsent checks on PostgreSQL that no row of table holds marker
// in plain text while present is found (so the search reads data).
func assertRowsAbsent(t *testing.T, f *fixture, table, marker, present string) {
	t.Helper()
	rows, err := f.d.Query(f.ctx, "SELECT t::text FROM "+table+" t")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		found = found || strings.Contains(s, present)
		if strings.Contains(s, marker[:10]) {
			t.Errorf("plain text in %s", table)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Errorf("%q not found in %s: the search reads nothing", present, table)
	}
}

func TestDocumentsGoWithTheFile(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		due := f.create(t, f.a1, f.adult())
		erased := f.create(t, f.a1, f.adult())
		keep := f.create(t, f.a1, f.adult())
		for _, file := range []*casework.File{due, erased, keep} {
			c := f.consent(t, file.ID, "counseling")
			f.addDocument(t, file.ID, casework.DocumentInput{Title: "Scan", ConsentID: c.ID, Content: pdfDoc})
			f.addDocument(t, file.ID, casework.DocumentInput{Title: "Foto", Content: jpegDoc})
		}

		// Export: metadata and content, base64, scans named by their consent.
		raw, err := f.store.Export(f.ctx, f.a2, erased.ID)
		if err != nil {
			t.Fatal(err)
		}
		var x struct {
			Documents []struct {
				Title          string
				ContentType    string `json:"content_type"`
				ConsentPurpose string `json:"consent_purpose"`
				ContentBase64  string `json:"content_base64"`
				SizeBytes      int    `json:"size_bytes"`
			}
		}
		if err := json.Unmarshal(raw, &x); err != nil {
			t.Fatal(err)
		}
		if len(x.Documents) != 2 || x.Documents[0].Title != "Scan" || x.Documents[0].ConsentPurpose != "counseling" ||
			x.Documents[1].ContentType != "image/jpeg" || x.Documents[1].SizeBytes != len(jpegDoc) {
			t.Fatalf("export documents: %+v", x.Documents)
		}
		if content, err := base64.StdEncoding.DecodeString(x.Documents[0].ContentBase64); err != nil || !bytes.Equal(content, pdfDoc) {
			t.Fatalf("exported content differs: %v", err)
		}
		if !strings.Contains(string(raw), `"content_base64"`) || !strings.Contains(string(raw), `"consent_purpose"`) {
			t.Fatalf("export field names: %s", raw)
		}

		if err := f.store.Erase(f.ctx, f.a1, erased.ID); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM case_documents WHERE file_id = ?", erased.ID); n != 0 {
			t.Fatalf("erasure left %d documents", n)
		}
		f.close(t, due, date(2026, 3, 9))
		f.purge(t, time.Date(2029, 3, 9, 12, 0, 0, 0, time.UTC), 1)
		if n := f.count(t, "SELECT COUNT(*) FROM case_documents WHERE file_id = ?", due.ID); n != 0 {
			t.Fatalf("retention purge left %d documents", n)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM case_documents WHERE file_id = ?", keep.ID); n != 2 {
			t.Fatalf("the other file has %d documents, want 2", n)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM case_documents"); n != 2 {
			t.Fatalf("%d documents in all, want 2", n)
		}
	})
}
