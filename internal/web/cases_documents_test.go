package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/network"
)

var documentLinkRe = regexp.MustCompile(`/cases/[0-9a-f-]{36}/documents/([0-9a-f-]{36})"`)

// testPNG is a small PNG as far as any sniffer is concerned.
const testPNG = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00 scan bytes \x00\xff"

func countDocuments(t *testing.T, srv *apptest.Server) int {
	t.Helper()
	var n int
	if err := srv.App.DB.QueryRow(context.Background(), "SELECT COUNT(*) FROM case_documents").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCaseDocuments(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "docs@cases.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, c, fx.officeID)
	resp, body := c.Post(t, "/cases/"+id+"/consents", url.Values{"purpose": {"counseling"}, "given_on": {caseYesterday()}, "form": {"written"}})
	wantStatus(t, "consent", resp, body, 303)
	body = caseGet(t, c, "/cases/"+id)
	if !strings.Contains(body, "Noch keine Dokumente gespeichert.") || !strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Fatal("file page lacks the empty documents section or the upload form")
	}
	consentID := withdrawRe.FindStringSubmatch(body)[1]

	// Upload: the scan of the consent.
	resp, body = c.PostMultipart(t, "/cases/"+id+"/documents", "file", "scan.png", testPNG,
		url.Values{"title": {"Einwilligung Scan"}, "consent_id": {consentID}})
	wantStatus(t, "upload", resp, body, 303)
	if loc := resp.Header.Get("Location"); loc != "/cases/"+id+"#documents" {
		t.Fatalf("upload redirects to %q", loc)
	}
	body = caseGet(t, c, "/cases/"+id)
	for _, s := range []string{"Das Dokument wurde gespeichert.", "Einwilligung Scan", "PNG-Bild", "1 KB", "Scan der Einwilligung: Beratung"} {
		if !strings.Contains(body, s) {
			t.Errorf("file page lacks %q", s)
		}
	}
	m := documentLinkRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no download link on the file page")
	}
	docPath := "/cases/" + id + "/documents/" + m[1]

	// Download: the same bytes, as an attachment named by the id only, sandboxed.
	resp, body = c.Get(t, docPath)
	wantStatus(t, "download", resp, body, 200)
	cd := resp.Header.Get("Content-Disposition")
	if body != testPNG || resp.Header.Get("Content-Type") != "image/png" || cd != `attachment; filename="document-`+m[1]+`.png"` ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("download: %d bytes, type %q, disposition %q, CSP %q", len(body), resp.Header.Get("Content-Type"), cd,
			resp.Header.Get("Content-Security-Policy"))
	}

	// A counselor of another office reaches nothing of it.
	if _, err := srv.App.Network.CreateOffice(context.Background(), ministryEditor, network.OfficeInput{OrganisationID: fx.orgID,
		Name: "MBE AWO Linden", ExternalID: "awo-h-2", Postcode: "30449", Languages: []string{"de"}, Programs: []string{"mbe"}}, srv.App.Geo); err != nil {
		t.Fatal(err)
	}
	stranger := srv.NewClient(t)
	stranger.Login(t, srv.CreateAccount(t, "fremd@cases.example", perm.Counselor, perm.Office, "awo-h-2"))
	for _, p := range []string{docPath, docPath + "/delete"} {
		resp, body := stranger.Get(t, p)
		wantStatus(t, "stranger GET "+p, resp, body, 404)
	}
	resp, body = stranger.Post(t, docPath+"/delete", nil)
	wantStatus(t, "stranger delete", resp, body, 404)
	resp, body = stranger.PostMultipart(t, "/cases/"+id+"/documents", "file", "x.png", testPNG, url.Values{"title": {"x"}})
	wantStatus(t, "stranger upload", resp, body, 404)

	// Bad uploads: a clear message, the title kept, nothing stored.
	for _, tc := range []struct {
		name, file, content, title string
		status                     int
		want                       []string
	}{
		{"text named .pdf", "bescheid.pdf", "Das ist nur Text.", "Bescheid", 422,
			[]string{"Diese Datei ist kein PDF-, JPEG- oder PNG-Dokument.", "Bitte die Datei erneut auswählen", `value="Bescheid"`}},
		{"no title", "scan.png", testPNG, "", 422, []string{"Bitte einen Titel angeben.", "Bitte die Datei erneut auswählen"}},
		{"no file", "", "", "Ohne Datei", 422, []string{"Bitte eine Datei auswählen."}},
		{"too large", "gross.png", testPNG + strings.Repeat("x", casework.MaxDocumentBytes), "Groß", 413,
			[]string{"Die gesendeten Daten sind zu groß. Es wurde nichts gespeichert."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			field := "file"
			if tc.file == "" {
				field = ""
			}
			resp, body := c.PostMultipart(t, "/cases/"+id+"/documents", field, tc.file, tc.content, url.Values{"title": {tc.title}})
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			body = html.UnescapeString(body)
			for _, s := range tc.want {
				if !strings.Contains(body, s) && !strings.Contains(body, html.UnescapeString(s)) {
					t.Errorf("answer lacks %q", s)
				}
			}
			if n := countDocuments(t, srv); n != 1 {
				t.Errorf("%d documents stored, want 1", n)
			}
		})
	}

	// Delete after confirmation.
	resp, body = c.Get(t, docPath+"/delete")
	wantStatus(t, "delete confirm", resp, body, 200)
	if !strings.Contains(body, "Einwilligung Scan") || !strings.Contains(body, `action="`+docPath+`/delete"`) {
		t.Fatal("confirmation page lacks the title or the form")
	}
	resp, body = c.Post(t, docPath+"/delete", nil)
	wantStatus(t, "delete", resp, body, 303)
	if n := countDocuments(t, srv); n != 0 {
		t.Fatalf("%d documents left after deletion", n)
	}
	body = caseGet(t, c, "/cases/"+id)
	if !strings.Contains(body, "Das Dokument wurde gelöscht.") || strings.Contains(body, "Einwilligung Scan") {
		t.Error("file page after deletion: no flash, or the document is still listed")
	}
	resp, body = c.Get(t, docPath)
	wantStatus(t, "download of a deleted document", resp, body, 404)
	resp, body = c.Post(t, docPath+"/delete", nil)
	wantStatus(t, "delete twice", resp, body, 404)
}

func TestCaseDocumentsClosedFile(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	fx := newNetworkFixture(t, srv)
	c := srv.NewClient(t)
	c.Login(t, srv.CreateAccount(t, "closed@cases.example", perm.Counselor, perm.Office, fx.officeID))
	id := createCase(t, c, fx.officeID)
	resp, body := c.Post(t, "/cases/"+id+"/close", url.Values{"on": {caseYesterday()}, "reason": {"moved"}, "version": {"1"}})
	wantStatus(t, "close", resp, body, 303)
	body = caseGet(t, c, "/cases/"+id)
	if strings.Contains(body, `action="/cases/`+id+`/documents"`) {
		t.Error("a closed file shows the upload form")
	}
	resp, body = c.PostMultipart(t, "/cases/"+id+"/documents", "file", "scan.png", testPNG, url.Values{"title": {"Zu spät"}})
	wantStatus(t, "upload to a closed file", resp, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Die Akte ist abgeschlossen.") {
		t.Error("no message for the closed file")
	}
	if n := countDocuments(t, srv); n != 0 {
		t.Fatalf("%d documents stored in a closed file", n)
	}
}
