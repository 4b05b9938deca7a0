package regional_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
	"github.com/kmn-niedersachsen/kmn/internal/valid"
)

const (
	testPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
	testPNG = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00 bytes \x00\xff"
	// testDOC is the start of an old binary Office file (OLE2).
	testDOC = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00 old word"
)

// zipped builds a zip archive of the named entries.
func zipped(t *testing.T, entries ...string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(entries[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func docx(t *testing.T) string {
	return zipped(t, "[Content_Types].xml", "<Types/>", "word/document.xml", "<w:document/>")
}

// TestLibraryTypes: the bytes and the extension must agree on one of the
// allowed types.
func TestLibraryTypes(t *testing.T) {
	odt := zipped(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<office/>")
	for _, c := range []struct {
		name, file, content, want string
	}{
		{"pdf", "Konzept.PDF", testPDF, "application/pdf"},
		{"png", "bild.png", testPNG, "image/png"},
		{"jpeg", "foto.jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"},
		{"docx", "protokoll.docx", docx(t), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"xlsx", "zahlen.xlsx", zipped(t, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"odt", "text.odt", odt, "application/vnd.oasis.opendocument.text"},
		{"odt named ods", "text.ods", odt, ""},
		{"docx named xlsx", "protokoll.xlsx", docx(t), ""},
		{"plain zip named docx", "archiv.docx", zipped(t, "a.txt", "a"), ""},
		{"text named pdf", "bescheid.pdf", "Das ist nur Text.", ""},
		{"pdf named png", "bild.png", testPDF, ""},
		{"old word", "alt.doc", testDOC, ""},
		{"no extension", "Konzept", testPDF, ""},
		{"empty", "leer.pdf", "", ""},
	} {
		if got := regional.LibraryType(c.file, []byte(c.content)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestLibraryUpload: a participant uploads; bad files are refused with a
// problem for the field and store nothing; a member of another region
// reaches nothing of the library.
func TestLibraryUpload(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		member := fx.x(t, fx.member)
		id, err := fx.s.AddDocument(ctx, member, "hannover", regional.DocumentInput{Title: "Konzept Wohnen", Description: "Entwurf",
			File: regional.Upload{Filename: `C:\fakepath\Konzept "Wohnen".pdf`, Content: []byte(testPDF)}})
		if err != nil {
			t.Fatal(err)
		}
		var problems valid.Errors
		for _, c := range []struct {
			name string
			in   regional.DocumentInput
			want []string
		}{
			{"wrong type", regional.DocumentInput{Title: "Alt", File: regional.Upload{Filename: "alt.doc", Content: []byte(testDOC)}}, []string{"file"}},
			{"empty", regional.DocumentInput{Title: "Leer", File: regional.Upload{Filename: "leer.pdf"}}, []string{"file"}},
			{"too large", regional.DocumentInput{Title: "Groß", File: regional.Upload{Filename: "gross.pdf",
				Content: []byte(testPDF + strings.Repeat("x", regional.MaxLibraryBytes))}}, []string{"file"}},
			{"no title, long description", regional.DocumentInput{Description: strings.Repeat("d", 2001),
				File: regional.Upload{Filename: "a.pdf", Content: []byte(testPDF)}}, []string{"title", "description"}},
			{"unknown folder", regional.DocumentInput{Title: "X", FolderID: "no-such-folder",
				File: regional.Upload{Filename: "a.pdf", Content: []byte(testPDF)}}, []string{"folder"}},
		} {
			_, err := fx.s.AddDocument(ctx, member, "hannover", c.in)
			if !errors.As(err, &problems) {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			for _, f := range c.want {
				if !problems.Has(f) {
					t.Errorf("%s: no problem for %s in %v", c.name, f, problems)
				}
			}
		}
		docs, total, err := fx.s.Documents(ctx, member, "hannover", regional.LibraryFilter{})
		if err != nil || total != 1 || len(docs) != 1 || docs[0].Latest.Filename != `Konzept Wohnen.pdf` || docs[0].Creator == "" {
			t.Fatalf("library after the refusals: %d %+v %v", total, docs, err)
		}
		v, err := fx.s.VersionContent(ctx, fx.x(t, fx.coord), id, 1)
		if err != nil || string(v.Content) != testPDF || v.ContentType != "application/pdf" || v.Size != len(testPDF) {
			t.Fatalf("download: %+v %v", v, err)
		}

		other := fx.x(t, fx.other)
		if _, err := fx.s.Document(ctx, other, id); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member opens: %v", err)
		}
		if _, err := fx.s.VersionContent(ctx, other, id, 1); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member downloads: %v", err)
		}
		if _, _, err := fx.s.Documents(ctx, other, "hannover", regional.LibraryFilter{}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member lists: %v", err)
		}
		if _, err := fx.s.Folders(ctx, other, "hannover"); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member lists folders: %v", err)
		}
		if _, err := fx.s.AddDocument(ctx, other, "hannover", regional.DocumentInput{Title: "X",
			File: regional.Upload{Filename: "a.pdf", Content: []byte(testPDF)}}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member uploads: %v", err)
		}
		if _, err := fx.s.AddVersion(ctx, other, id, regional.Upload{Filename: "a.pdf", Content: []byte(testPDF)}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member adds a version: %v", err)
		}
		if err := fx.s.DeleteDocument(ctx, other, id); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other region's member deletes: %v", err)
		}
		// The state's library: everybody taking part anywhere.
		stateDoc, err := fx.s.AddDocument(ctx, other, regional.StateSpace, regional.DocumentInput{Title: "Landesweit",
			File: regional.Upload{Filename: "bild.png", Content: []byte(testPNG)}})
		if err != nil {
			t.Fatal(err)
		}
		if d, err := fx.s.Document(ctx, member, stateDoc); err != nil || d.Space != regional.StateSpace || d.Deletable {
			t.Errorf("statewide document for a member of hannover: %+v %v", d, err)
		}
	})
}

// TestLibraryVersions: any participant adds a version; the versions keep
// their content and uploader; the uploader or a coordinator deletes.
func TestLibraryVersions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		member, coord := fx.x(t, fx.member), fx.x(t, fx.coord)
		colleague := fx.x(t, fx.srv.CreateAccount(t, "kollege-v@example.org", perm.Counselor, perm.Office, "rv-office-h"))
		id, err := fx.s.AddDocument(ctx, member, "hannover", regional.DocumentInput{Title: "Protokollvorlage",
			File: regional.Upload{Filename: "vorlage.pdf", Content: []byte(testPDF)}})
		if err != nil {
			t.Fatal(err)
		}
		fx.srv.Clock.Advance(60e9)
		if n, err := fx.s.AddVersion(ctx, colleague, id, regional.Upload{Filename: "vorlage.docx", Content: []byte(docx(t))}); err != nil || n != 2 {
			t.Fatalf("second version: %d %v", n, err)
		}
		var problems valid.Errors
		if _, err := fx.s.AddVersion(ctx, colleague, id, regional.Upload{Filename: "vorlage.doc", Content: []byte(testDOC)}); !errors.As(err, &problems) || !problems.Has("file") {
			t.Errorf("refused version: %v", err)
		}
		d, err := fx.s.Document(ctx, coord, id)
		if err != nil || d.Version != 2 || len(d.Versions) != 2 || d.Versions[0].Version != 2 || d.Versions[0].Filename != "vorlage.docx" ||
			d.Versions[0].UploadedBy != colleague.UserID() || d.Versions[1].UploadedBy != fx.member.ID || d.Latest.Filename != "vorlage.docx" {
			t.Fatalf("versions: %+v %v", d, err)
		}
		if v, err := fx.s.VersionContent(ctx, member, id, 1); err != nil || string(v.Content) != testPDF {
			t.Errorf("first version's content: %v", err)
		}
		if _, err := fx.s.VersionContent(ctx, member, id, 3); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("version 3: %v", err)
		}
		if d, _ := fx.s.Document(ctx, colleague, id); d.Deletable {
			t.Error("a participant who did not upload it may delete")
		}
		if err := fx.s.DeleteDocument(ctx, colleague, id); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("colleague deletes: %v", err)
		}
		if err := fx.s.DeleteDocument(ctx, member, id); err != nil {
			t.Fatalf("uploader deletes: %v", err)
		}
		if _, err := fx.s.Document(ctx, member, id); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("deleted document: %v", err)
		}
		second, _ := fx.s.AddDocument(ctx, member, "hannover", regional.DocumentInput{Title: "Noch eins",
			File: regional.Upload{Filename: "a.pdf", Content: []byte(testPDF)}})
		if err := fx.s.DeleteDocument(ctx, coord, second); err != nil {
			t.Errorf("coordinator deletes: %v", err)
		}
	})
}

// TestLibraryFolders: coordinators manage folders with unique names;
// only empty ones go; documents are filtered by folder.
func TestLibraryFolders(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		member, coord := fx.x(t, fx.member), fx.x(t, fx.coord)
		if _, err := fx.s.CreateFolder(ctx, member, "hannover", "Konzepte"); !errors.Is(err, regional.ErrForbidden) {
			t.Errorf("member creates a folder: %v", err)
		}
		if _, err := fx.s.CreateFolder(ctx, fx.x(t, fx.otherCoord), "hannover", "Konzepte"); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("other coordinator creates a folder: %v", err)
		}
		folder, err := fx.s.CreateFolder(ctx, coord, "hannover", " Konzepte ")
		if err != nil {
			t.Fatal(err)
		}
		var problems valid.Errors
		if _, err := fx.s.CreateFolder(ctx, coord, "hannover", "Konzepte"); !errors.As(err, &problems) || !problems.Has("name") {
			t.Errorf("same name twice: %v", err)
		}
		if _, err := fx.s.CreateFolder(ctx, fx.x(t, fx.otherCoord), "braunschweig", "Konzepte"); err != nil {
			t.Errorf("same name in another region: %v", err)
		}
		other, _ := fx.s.CreateFolder(ctx, coord, "hannover", "Vorlagen")
		if err := fx.s.RenameFolder(ctx, coord, "hannover", other, "Konzepte"); !errors.As(err, &problems) || !problems.Has("name") {
			t.Errorf("rename to a taken name: %v", err)
		}
		if err := fx.s.RenameFolder(ctx, coord, "hannover", other, "Formulare"); err != nil {
			t.Errorf("rename: %v", err)
		}
		if err := fx.s.RenameFolder(ctx, fx.x(t, fx.otherCoord), "braunschweig", other, "X"); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("rename through another space: %v", err)
		}
		if _, err := fx.s.AddDocument(ctx, member, "hannover", regional.DocumentInput{Title: "Im Ordner", FolderID: folder,
			File: regional.Upload{Filename: "a.pdf", Content: []byte(testPDF)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := fx.s.AddDocument(ctx, member, "hannover", regional.DocumentInput{Title: "Lose",
			File: regional.Upload{Filename: "a.pdf", Content: []byte(testPDF)}}); err != nil {
			t.Fatal(err)
		}
		docs, total, err := fx.s.Documents(ctx, member, "hannover", regional.LibraryFilter{FolderID: folder})
		if err != nil || total != 1 || docs[0].Title != "Im Ordner" || docs[0].Folder != "Konzepte" {
			t.Errorf("documents of the folder: %d %+v %v", total, docs, err)
		}
		if _, _, err := fx.s.Documents(ctx, member, "hannover", regional.LibraryFilter{FolderID: "no-such-folder"}); !errors.Is(err, regional.ErrNotFound) {
			t.Errorf("unknown folder: %v", err)
		}
		fs, err := fx.s.Folders(ctx, member, "hannover")
		if err != nil || len(fs) != 2 || fs[0].Name != "Formulare" || fs[1].Documents != 1 {
			t.Errorf("folders: %+v %v", fs, err)
		}
		if err := fx.s.DeleteFolder(ctx, coord, "hannover", folder); !errors.As(err, &problems) || !problems.Has("folders") {
			t.Errorf("delete a folder with documents: %v", err)
		}
		if err := fx.s.DeleteFolder(ctx, coord, "hannover", other); err != nil {
			t.Errorf("delete an empty folder: %v", err)
		}
	})
}
