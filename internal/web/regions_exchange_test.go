package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// exchangePDF is a small PDF as far as any sniffer is concerned.
const exchangePDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"

// exchangeFixture: region hannover with its coordinator and a member
// organisation (two partners work for it: the member and a colleague);
// braunschweig with a member of its own (other).
type exchangeFixture struct {
	srv                             *apptest.Server
	coord, member, colleague, other apptest.Account
	// c, m, k and o are signed-in clients of coord, member, colleague
	// and other.
	c, m, k, o *apptest.Client
}

func newExchangeFixture(t *testing.T) exchangeFixture {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{})
	fx := exchangeFixture{srv: srv,
		coord:     srv.CreateAccount(t, "koordination-ex@example.org", perm.RegionCoordinator, perm.Region, "hannover"),
		member:    srv.CreateAccount(t, "mitglied-ex@example.org", perm.Partner, perm.Organisation, "rv-ex-org"),
		colleague: srv.CreateAccount(t, "kollegin-ex@example.org", perm.Partner, perm.Organisation, "rv-ex-org"),
		other:     srv.CreateAccount(t, "fremd-ex@example.org", perm.Partner, perm.Organisation, "rv-ex-other")}
	otherCoord := srv.CreateAccount(t, "koordination-bs-ex@example.org", perm.RegionCoordinator, perm.Region, "braunschweig")
	ctx := context.Background()
	for _, m := range []struct {
		by     apptest.Account
		region string
		org    string
	}{{fx.coord, "hannover", fx.member.ScopeID}, {otherCoord, "braunschweig", fx.other.ScopeID}} {
		x, err := srv.App.Regional.ParticipantOf(ctx, srv.Principal(t, m.by))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.App.Regional.AddMember(ctx, x, m.region, m.org); err != nil {
			t.Fatal(err)
		}
	}
	clients := make([]*apptest.Client, 4)
	for i, a := range []apptest.Account{fx.coord, fx.member, fx.colleague, fx.other} {
		clients[i] = srv.NewClient(t)
		clients[i].Login(t, a)
	}
	fx.c, fx.m, fx.k, fx.o = clients[0], clients[1], clients[2], clients[3]
	return fx
}

// wantPage checks an answer's status and that its text holds every part.
func wantPage(t *testing.T, what string, resp *http.Response, body string, status int, parts ...string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d: %s", what, resp.StatusCode, status, apptest.Text(body))
	}
	body = html.UnescapeString(body)
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s lacks %q", what, p)
		}
	}
}

// wantStatuses checks that client c gets status on each GET path.
func wantStatuses(t *testing.T, who string, c *apptest.Client, status int, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if resp, _ := c.Get(t, p); resp.StatusCode != status {
			t.Errorf("%s GET %s: %d, want %d", who, p, resp.StatusCode, status)
		}
	}
}

// TestRegionsExchangeAnnouncements: the coordinator announces to the
// region (a refused form first); the member finds it unread, opens it,
// and the coordinator sees the read count; a member of another region
// gets 404 and members cannot write one.
func TestRegionsExchangeAnnouncements(t *testing.T) {
	fx := newExchangeFixture(t)
	resp, body := fx.c.Get(t, "/announcements/new")
	wantPage(t, "form", resp, body, 200, `value="hannover" checked`)
	resp, body = fx.c.Post(t, "/announcements", url.Values{"title": {""}, "body": {"Text"}})
	wantPage(t, "refused form", resp, body, 422, `id="title-error"`, `id="spaces-error"`, ">Text</textarea>")
	resp, body = fx.c.Post(t, "/announcements", url.Values{"title": {"Treffen verschoben"}, "body": {"Neuer Termin:\nim Mai"}, "spaces": {"hannover"}})
	wantPage(t, "announce", resp, body, 303)
	path := resp.Header.Get("Location")
	if !strings.HasPrefix(path, "/announcements/") {
		t.Fatalf("announce redirects to %q", path)
	}
	resp, body = fx.m.Get(t, "/announcements")
	wantPage(t, "member's list", resp, body, 200, "Treffen verschoben", `<span class="badge">neu</span>`, `href="/regions/hannover"`)
	resp, body = fx.m.Get(t, path)
	wantPage(t, "member opens", resp, body, 200, "Neuer Termin:\nim Mai")
	if strings.Contains(body, "Gelesen:") {
		t.Error("a member sees the read count")
	}
	if _, body = fx.m.Get(t, "/announcements"); strings.Contains(body, `<span class="badge">neu</span>`) {
		t.Error("still unread after opening")
	}
	resp, body = fx.c.Get(t, path)
	wantPage(t, "author opens", resp, body, 200, "Gelesen: 1 von 2 erreichten Personen")
	if strings.Contains(body, "Test partner") && strings.Contains(body, "mitglied-ex") {
		t.Error("the read count names readers")
	}
	wantStatuses(t, "other region's member", fx.o, 404, path)
	wantStatuses(t, "member", fx.m, 403, "/announcements/new")
	if resp, _ := fx.m.Post(t, "/announcements", url.Values{"title": {"X"}, "body": {"Y"}, "spaces": {"hannover"}}); resp.StatusCode != 403 {
		t.Errorf("member announces: %d", resp.StatusCode)
	}
	if resp, body := fx.c.Post(t, "/announcements", url.Values{"title": {"X"}, "body": {"Y"}, "spaces": {"braunschweig"}}); resp.StatusCode != 422 ||
		!strings.Contains(body, `id="spaces-error"`) {
		t.Errorf("coordinator announces to another region: %d", resp.StatusCode)
	}
}

// officeZip is a minimal Word document.
func officeZip(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var folderFormRe = regexp.MustCompile(`action="/regions/hannover/folders/([0-9a-f-]{36})"`)

// TestRegionsExchangeLibrary: the coordinator makes a folder; the member
// uploads into it (refused files first), adds a version and downloads
// both; a member of another region gets 404; only the uploader or the
// coordinator deletes, after a confirmation.
func TestRegionsExchangeLibrary(t *testing.T) {
	fx := newExchangeFixture(t)
	resp, body := fx.m.Get(t, "/regions/hannover/documents")
	wantPage(t, "empty library", resp, body, 200, "Noch keine Dokumente.", "Noch keine Ordner.", `enctype="multipart/form-data"`)
	if strings.Contains(body, `action="/regions/hannover/folders"`) {
		t.Error("a member is offered to create folders")
	}
	if resp, _ := fx.m.Post(t, "/regions/hannover/folders", url.Values{"name": {"X"}}); resp.StatusCode != 403 {
		t.Errorf("member creates a folder: %d", resp.StatusCode)
	}
	resp, body = fx.c.Post(t, "/regions/hannover/folders", url.Values{"name": {"Konzepte"}})
	wantPage(t, "create folder", resp, body, 303)
	resp, body = fx.c.Post(t, "/regions/hannover/folders", url.Values{"name": {"Konzepte"}})
	wantPage(t, "folder twice", resp, body, 422, "Einen Ordner dieses Namens gibt es schon.")
	m := folderFormRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no folder form on the coordinator's library")
	}
	folder := m[1]

	for _, c := range []struct {
		name, file, content string
		status              int
		want                string
	}{
		{"text named pdf", "bescheid.pdf", "Das ist nur Text.", 422, "Diese Datei hat kein erlaubtes Format."},
		{"old word", "alt.doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", 422, "Diese Datei hat kein erlaubtes Format."},
		{"empty", "leer.pdf", "", 422, "Bitte wählen Sie eine Datei aus"},
		{"too large", "gross.pdf", exchangePDF + strings.Repeat("x", regional.MaxLibraryBytes), 413, "zu groß"},
	} {
		resp, body := fx.m.PostMultipart(t, "/regions/hannover/documents", "file", c.file, c.content,
			url.Values{"title": {"Konzept"}, "folder": {folder}})
		wantPage(t, c.name, resp, body, c.status, c.want)
	}
	resp, body = fx.m.PostMultipart(t, "/regions/hannover/documents", "file", "Konzept Wohnen.pdf", exchangePDF,
		url.Values{"title": {"Konzept Wohnen"}, "description": {"Entwurf der AG"}, "folder": {folder}})
	wantPage(t, "upload", resp, body, 303)
	doc := resp.Header.Get("Location")
	resp, body = fx.m.Get(t, doc)
	wantPage(t, "document", resp, body, 200, "Konzept Wohnen.pdf", "Entwurf der AG", "PDF, 1 KB, Version 1", "im Ordner Konzepte", doc+"/delete")
	resp, body = fx.m.Get(t, "/regions/hannover/documents?folder="+folder)
	wantPage(t, "folder", resp, body, 200, "Konzept Wohnen", "1 Dokument")

	resp, body = fx.k.PostMultipart(t, doc+"/versions", "file", "Konzept.docx", officeZip(t), nil)
	wantPage(t, "new version", resp, body, 303)
	resp, body = fx.k.PostMultipart(t, doc+"/versions", "file", "Konzept.pdf", "kein pdf", nil)
	wantPage(t, "refused version", resp, body, 422, "Diese Datei hat kein erlaubtes Format.", "Bitte wählen Sie die Datei erneut aus")
	resp, body = fx.m.Get(t, doc+"/versions/1")
	wantPage(t, "download", resp, body, 200)
	if body != exchangePDF || resp.Header.Get("Content-Type") != "application/pdf" || resp.Header.Get("X-Content-Type-Options") != "nosniff" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="Konzept Wohnen.pdf"` {
		t.Errorf("download: %d bytes, type %q, disposition %q", len(body), resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	if resp, _ := fx.m.Get(t, doc+"/versions/2"); !strings.Contains(resp.Header.Get("Content-Type"), "wordprocessingml") {
		t.Errorf("second version's type: %q", resp.Header.Get("Content-Type"))
	}
	wantStatuses(t, "member", fx.m, 404, doc+"/versions/3", doc+"/versions/x", "/regions/hannover/documents?folder=no-such-folder")

	wantStatuses(t, "other region's member", fx.o, 404, "/regions/hannover/documents", doc, doc+"/versions/1", doc+"/delete")
	resp, _ = fx.o.PostMultipart(t, "/regions/hannover/documents", "file", "a.pdf", exchangePDF, url.Values{"title": {"X"}})
	wantPage(t, "other region's upload", resp, "", 404)
	resp, _ = fx.o.PostMultipart(t, doc+"/versions", "file", "a.pdf", exchangePDF, nil)
	wantPage(t, "other region's version", resp, "", 404)

	wantStatuses(t, "colleague", fx.k, 403, doc+"/delete")
	resp, body = fx.m.Get(t, doc+"/delete")
	wantPage(t, "confirm", resp, body, 200, "Soll das Dokument „Konzept Wohnen“ gelöscht werden?", "Alle 2 Versionen")
	resp, body = fx.c.Post(t, "/regions/hannover/folders/"+folder+"/delete", nil)
	wantPage(t, "delete a folder with documents", resp, body, 422, "Der Ordner enthält noch Dokumente")
	resp, body = fx.m.Post(t, doc+"/delete", nil)
	wantPage(t, "delete", resp, body, 303)
	wantStatuses(t, "member", fx.m, 404, doc)
	resp, body = fx.c.Post(t, "/regions/hannover/folders/"+folder, url.Values{"name": {"Vorlagen"}})
	wantPage(t, "rename folder", resp, body, 303)
	resp, body = fx.c.Post(t, "/regions/hannover/folders/"+folder+"/delete", nil)
	wantPage(t, "delete the empty folder", resp, body, 303)
}

// TestRegionsExchangeThreads: a member opens a thread mentioning the
// coordinator (a refused form first); the post is escaped with its line
// breaks and the mention marked; the coordinator replies and the member
// hears of it; the title filter finds it; a member of another region
// gets 404.
func TestRegionsExchangeThreads(t *testing.T) {
	fx := newExchangeFixture(t)
	resp, body := fx.m.Get(t, "/regions/hannover/threads")
	wantPage(t, "empty exchange", resp, body, 200, "Noch keine Themen.")
	resp, body = fx.m.Post(t, "/regions/hannover/threads", url.Values{"title": {" "}, "body": {""}})
	wantPage(t, "refused thread", resp, body, 422, `id="title-error"`, `id="body-error"`)
	resp, body = fx.m.Post(t, "/regions/hannover/threads", url.Values{"title": {"Wohnsitzauflage"},
		"body": {"Wie macht ihr das, @koordination-ex?\n<script>alert(1)</script>"}})
	wantPage(t, "start thread", resp, body, 303)
	path := resp.Header.Get("Location")
	resp, body = fx.m.Get(t, path)
	wantPage(t, "thread", resp, body, 200, "Nicht mehr folgen")
	if !strings.Contains(body, `<mark class="mention">@koordination-ex</mark>?`+"\n&lt;script&gt;") || strings.Contains(body, "<script>alert") {
		t.Error("the post is not escaped, loses its line break or lacks the marked mention")
	}
	resp, body = fx.c.Post(t, path+"/posts", url.Values{"body": {"Bei uns so."}})
	wantPage(t, "reply", resp, body, 303)
	if loc := resp.Header.Get("Location"); loc != path+"#post-2" {
		t.Errorf("reply redirects to %q", loc)
	}
	resp, body = fx.c.Post(t, path+"/posts", url.Values{"body": {""}})
	wantPage(t, "empty reply", resp, body, 422, `id="body-error"`)
	ctx := context.Background()
	var n int
	if err := fx.srv.App.DB.QueryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?", fx.coord.ID, "thread_mention").Scan(&n); err != nil || n != 1 {
		t.Errorf("mention notifications of the coordinator: %d %v", n, err)
	}
	if err := fx.srv.App.DB.QueryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?", fx.member.ID, "thread_reply").Scan(&n); err != nil || n != 1 {
		t.Errorf("reply notifications of the member: %d %v", n, err)
	}
	resp, body = fx.m.Get(t, "/regions/hannover/threads?q=WOHNSITZ")
	wantPage(t, "filter", resp, body, 200, "Wohnsitzauflage", "1 Thema", "Sie folgen")
	resp, body = fx.m.Get(t, "/regions/hannover/threads?q=sprachkurs")
	wantPage(t, "filter without match", resp, body, 200, "Kein Thema passt zu Ihrer Suche.")
	resp, body = fx.m.Post(t, path+"/subscription", url.Values{"follow": {"0"}})
	wantPage(t, "unsubscribe", resp, body, 303)
	_, body = fx.m.Get(t, path)
	wantPage(t, "thread after unsubscribing", &http.Response{StatusCode: 200}, body, 200, "Sie folgen dem Thema nicht mehr.", "Thema folgen")

	wantStatuses(t, "other region's member", fx.o, 404, "/regions/hannover/threads", "/regions/hannover/threads/new", path)
	for _, p := range []string{path + "/posts", path + "/subscription", "/regions/hannover/threads"} {
		if resp, _ := fx.o.Post(t, p, url.Values{"body": {"Hallo"}, "title": {"X"}, "follow": {"1"}}); resp.StatusCode != 404 {
			t.Errorf("other region's member POST %s: %d", p, resp.StatusCode)
		}
	}
}
