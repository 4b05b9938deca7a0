package browser_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/network"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/asbrowser"
)

// Markers written in the journey's messages: the raw database must not
// contain them (TestBrowserOnlineCounseling ends by reading it).
const (
	markerQuestion = "MARKER-FRAGE-7Q2X سؤال عن الإقامة"
	markerAnswer   = "MARKER-ANTWORT-9K4Z Bitte bringen Sie den Pass mit."
	markerHandover = "MARKER-UEBERGABE-3M8W Ich übernehme ab heute."
	markerFile     = "MARKER-DATEI-5T1Q"
	markerDraft    = "MARKER-ENTWURF-6H3V"
	// colleaguePassphrase opens the key of seedColleague's account.
	colleaguePassphrase = "Kennwort der Kollegin 2026"
)

// seedOnlineOffice creates an office in Hannover that speaks Arabic and
// takes online enquiries of the MBE, and its counselor.
func seedOnlineOffice(t *testing.T, srv *apptest.Server) (office string, counselor apptest.Account) {
	t.Helper()
	office, counselor, _ = seedOnlineOfficeWithLead(t, srv)
	return office, counselor
}

// seedOnlineOfficeWithLead is seedOnlineOffice with the office's lead.
func seedOnlineOfficeWithLead(t *testing.T, srv *apptest.Server) (office string, counselor, lead apptest.Account) {
	t.Helper()
	ctx := context.Background()
	org, err := srv.App.Network.CreateOrganisation(ctx, ministry, network.OrganisationInput{Name: "Diakonie Hannover",
		Kind: network.Provider, RegionID: "hannover"})
	if err != nil {
		t.Fatal(err)
	}
	o, err := srv.App.Network.CreateOffice(ctx, ministry, network.OfficeInput{OrganisationID: org.ID, Name: "MBE Online Hannover",
		Street: "Burgstraße 8", Postcode: "30159", City: "Hannover", Languages: []string{"de", "ar"}, Programs: []string{"mbe"},
		Topics: []string{"residence_law"}}, srv.App.Geo)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.App.Finder.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	lead = srv.CreateAccount(t, "leitung-online@example.org", perm.OfficeLead, perm.Office, o.ID)
	if err := srv.App.Online.SetOfficeSettings(ctx, srv.Principal(t, lead), online.OfficeSettings{OfficeID: o.ID,
		Programs: []string{"mbe"}, Welcome: "Willkommen bei der Online-Beratung."}); err != nil {
		t.Fatal(err)
	}
	return o.ID, srv.CreateAccount(t, "beratung-online@example.org", perm.Counselor, perm.Office, o.ID), lead
}

// TestBrowserOnlineCounseling is the whole journey at 390 px: an anonymous
// client signs up in Arabic (right to left), keeps the recovery code and
// asks a question; the counselor of the routed office sets up a key,
// takes the enquiry and answers; the client reads the answer; the client
// forgets the password, sets a new one with the recovery code and still
// reads everything; a message changed in the database shows as not
// verified. Every page is axe-clean. Then the raw database (the SQLite
// file, or pg_dump) must not contain any message text.
func TestBrowserOnlineCounseling(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	office, counselor := seedOnlineOffice(t, srv)

	staff := newTab(t, srv)
	staff.SetWidth(t, browsertest.Phone)
	staff.login(t, counselor.Email, counselor.Password, counselor.TOTPSecret)
	staff.page(t, "/online/keys", "key set-up")
	staff.Fill(t, "#password", "kurz")
	staff.Click(t, "#online-setup button[type=submit]")
	staff.waitVisible(t, "#online-errors")
	staff.check(t, "key set-up refused")
	staff.setValue(t, "#password", "ein langes Schlüsselkennwort")
	staff.Fill(t, "#password2", "ein langes Schlüsselkennwort")
	staff.Click(t, "#online-setup button[type=submit]")
	staff.waitPath(t, "/online")

	client := newTab(t, srv)
	client.SetWidth(t, browsertest.Phone)
	client.page(t, "/ar/online/", "online start (ar)")
	if d := client.dir(t); d != "rtl" {
		t.Errorf("Arabic online page dir = %q, want rtl", d)
	}
	code := client.signUp(t, "Zahra-2026", "كلمة مرور طويلة جدا")
	client.ask(t, markerQuestion)
	conv := strings.TrimPrefix(client.URL(t), srv.URL)

	staff.page(t, "/dashboard", "dashboard with the enquiry")
	if got := staff.Text(t, `a[href="/online?view=new"] strong`); got != "1" {
		t.Errorf("dashboard: %q new online enquiries, want 1", got)
	}
	staff.page(t, "/online?view=new", "inbox")
	staffConv := "/online/c/" + conv[strings.LastIndex(conv, "/")+1:]
	staff.submit(t, `main a[href="`+staffConv+`"]`, http.StatusOK, staffConv)
	staff.submit(t, `form[action$="/take"] button`, http.StatusOK, staffConv)
	staff.waitText(t, "#messages", markerQuestion)
	staff.check(t, "conversation (staff)")
	// The client's page is still open: the answer arrives live.
	client.waitText(t, "#conversation[data-live]", "")
	staff.setValue(t, "#message", markerAnswer)
	staff.Click(t, "#online-answer button[type=submit]")
	staff.waitText(t, "#messages", markerAnswer)
	staffSafety := staff.textContent(t, "#safety-number")
	client.waitText(t, "#messages", markerAnswer)
	client.check(t, "conversation with the answer (ar)")
	if got := client.textContent(t, "#safety-number"); got != staffSafety || len(got) != 35 {
		t.Errorf("safety numbers: client %q, counselor %q (want equal, 6 groups of 5)", got, staffSafety)
	}

	// The counselor hands over to a colleague, who reads everything and
	// answers under the new key; the client reads that too.
	colleague := seedColleague(t, srv, office)
	staff.page(t, staffConv, "conversation before the handover")
	staff.Select(t, "#to", colleague.ID)
	staff.Click(t, "#online-handover button[type=submit]")
	staff.waitPath(t, "/online")
	other := newTab(t, srv)
	other.SetWidth(t, browsertest.Phone)
	other.login(t, colleague.Email, colleague.Password, colleague.TOTPSecret)
	other.page(t, "/online/keys", "key unlock")
	other.Fill(t, "#password", colleaguePassphrase)
	other.Click(t, "#online-unlock button[type=submit]")
	other.waitPath(t, "/online")
	other.page(t, staffConv, "conversation after the handover")
	other.waitText(t, "#messages", markerAnswer)
	// A long answer survives a reload: the draft is kept, encrypted.
	other.Run(t, chromedp.SendKeys(chromedp.CSS("#message"), markerDraft))
	time.Sleep(1500 * time.Millisecond)
	stored := browsertest.Get(t, other.Browser, chromedp.Evaluate[string](`JSON.stringify(localStorage)`))
	if !strings.Contains(stored, "kmn-online-draft:") || strings.Contains(stored, markerDraft) {
		t.Errorf("the draft is not kept, or kept in plain text: %.200s", stored)
	}
	other.page(t, staffConv, "conversation with a kept draft")
	other.waitValue(t, "#message", markerDraft)
	other.setValue(t, "#message", markerHandover)
	other.Click(t, "#online-answer button[type=submit]")
	other.waitText(t, "#messages", markerHandover)
	client.waitText(t, "#messages", markerHandover)

	// A kind of file not allowed is refused in the browser.
	txt := filepath.Join(t.TempDir(), "notiz.txt")
	if err := os.WriteFile(txt, []byte("nur Text"), 0o600); err != nil {
		t.Fatal(err)
	}
	client.Run(t, chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{txt}))
	client.Click(t, "#online-answer button[type=submit]")
	client.waitVisible(t, "#file-error")
	client.check(t, "attachment refused (ar)")

	// The client sends a letter as a PDF; the colleague downloads it.
	pdf := filepath.Join(t.TempDir(), "brief.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n"+markerFile+"\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	client.Run(t, chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{pdf}))
	client.Click(t, "#online-answer button[type=submit]")
	client.waitText(t, "#messages", "brief.pdf")
	other.waitText(t, "#messages .file-button", "brief.pdf")
	other.Click(t, "#messages .file-button")
	time.Sleep(time.Second)
	if got := other.textContent(t, "#messages .file-button"); !strings.Contains(got, "brief.pdf") {
		t.Errorf("the attachment did not open: %q", got)
	}
	if status := staff.Navigate(t, srv.URL+staffConv); status != http.StatusNotFound {
		t.Errorf("the previous counselor opens the handed-over conversation: %d, want 404", status)
	}

	// A forgotten password: sign out, set a new one with the code.
	client.page(t, "/ar/online/home", "home (ar)")
	client.submit(t, `form[data-online=logout] button`, http.StatusOK, "/ar/online/")
	client.page(t, "/ar/online/recover", "recovery (ar)")
	client.Fill(t, "#nickname", "zahra-2026")
	client.Fill(t, "#code", strings.ToLower(code))
	client.Fill(t, "#password", "ein ganz neues Passwort")
	client.Fill(t, "#password2", "ein ganz neues Passwort")
	client.Click(t, "#online-recover button[type=submit]")
	client.waitPath(t, "/ar/online/home")
	client.page(t, conv, "conversation after the reset (ar)")
	client.waitText(t, "#messages", markerQuestion)
	client.waitText(t, "#messages", markerAnswer)

	// A message changed on the server does not pass as genuine.
	if _, err := srv.App.DB.Exec(context.Background(), `UPDATE online_messages SET body = ? WHERE seq = 2`, tampered(t, srv)); err != nil {
		t.Fatal(err)
	}
	client.page(t, conv, "conversation with a changed message (ar)")
	client.waitText(t, "#messages .unverified", "")
	wantNoMarkers(t, srv, markerQuestion, markerAnswer, markerHandover, markerFile)
}

// tampered is message 2's ciphertext with one bit flipped.
func tampered(t *testing.T, srv *apptest.Server) string {
	t.Helper()
	var body string
	if err := srv.App.DB.QueryRow(context.Background(), `SELECT body FROM online_messages WHERE seq = 2`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	b := []byte(body)
	i := len(b) / 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// signUp fills the sign-up form (first empty: the error summary), keeps
// the recovery code and continues to the client's home page.
func (b *tab) signUp(t *testing.T, nickname, password string) string {
	t.Helper()
	b.page(t, "/ar/online/signup", "sign-up (ar)")
	b.Click(t, "#online-signup button[type=submit]")
	b.waitVisible(t, "#online-errors")
	b.check(t, "sign-up refused (ar)")
	b.Fill(t, "#nickname", nickname)
	b.Fill(t, "#password", "kurz")
	b.Click(t, "#online-signup button[type=submit]")
	b.waitVisible(t, "#password-error")
	b.setValue(t, "#password", password)
	b.Fill(t, "#password2", password)
	b.Click(t, "#online-signup button[type=submit]")
	b.waitVisible(t, "#recovery-panel")
	b.check(t, "recovery code (ar)")
	code := b.Text(t, "#recovery-code")
	if len(strings.ReplaceAll(code, "-", "")) != 26 {
		t.Fatalf("recovery code %q: want 26 characters", code)
	}
	b.Click(t, "#recovery-saved")
	b.Click(t, "#recovery-continue")
	b.waitPath(t, "/ar/online/home")
	b.check(t, "home (ar)")
	return code
}

// ask sends a question from the home page and waits for the conversation.
func (b *tab) ask(t *testing.T, text string) {
	t.Helper()
	b.Select(t, "#topic", "residence_law")
	b.Click(t, "#age-adult")
	b.Fill(t, "#postcode", "30159")
	b.Select(t, "#lang", "ar")
	b.setValue(t, "#message", text)
	b.Click(t, "#online-ask button[type=submit]")
	b.waitPathPrefix(t, "/ar/online/c/")
	b.waitText(t, "#messages", text)
	b.check(t, "conversation (ar)")
	b.wantNoHorizontalScroll(t, "conversation (ar)")
}

// waitText waits until selector exists and its text contains want (the
// scripts decrypt after the page has loaded).
func (b *tab) waitText(t *testing.T, selector, want string) {
	t.Helper()
	js := `(() => { const e = document.querySelector(` + jsString(selector) + `); return e ? e.textContent : ""; })()`
	deadline := time.Now().Add(30 * time.Second)
	var got string
	for time.Now().Before(deadline) {
		got = browsertest.Get(t, b.Browser, chromedp.Evaluate[string](js))
		if got != "" && strings.Contains(got, want) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s on %s: text %q does not contain %q", selector, b.URL(t), got, want)
}

func (b *tab) waitVisible(t *testing.T, selector string) {
	t.Helper()
	b.Run(t, chromedp.WaitVisible(selector))
}

// waitPath waits until the scripts have gone to path (query aside).
func (b *tab) waitPath(t *testing.T, path string) {
	t.Helper()
	b.waitURL(t, path, func(p string) bool { return p == path })
}

func (b *tab) waitPathPrefix(t *testing.T, prefix string) {
	t.Helper()
	b.waitURL(t, prefix, func(p string) bool { return strings.HasPrefix(p, prefix) })
}

func (b *tab) waitURL(t *testing.T, want string, ok func(path string) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		p, _, _ := strings.Cut(strings.TrimPrefix(b.URL(t), b.srv.URL), "?")
		if ok(p) {
			b.Run(t, chromedp.WaitReady("body"))
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("still at %s, want %s", b.URL(t), want)
}

// textContent is the text of selector, also inside closed details.
func (b *tab) textContent(t *testing.T, selector string) string {
	t.Helper()
	js := `(() => { const e = document.querySelector(` + jsString(selector) + `); return e ? e.textContent : "<missing>"; })()`
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[string](js))
}

// seedColleague is a second counselor of the office whose key is set up
// (under colleaguePassphrase) as the browser would.
func seedColleague(t *testing.T, srv *apptest.Server, office string) apptest.Account {
	t.Helper()
	acc := srv.CreateAccount(t, "kollegin-online@example.org", perm.Counselor, perm.Office, office)
	if _, err := asbrowser.StaffKey(context.Background(), srv.App.Online, srv.Principal(t, acc), colleaguePassphrase); err != nil {
		t.Fatal(err)
	}
	return acc
}

// waitValue waits until the form field's value is want (a script fills it).
func (b *tab) waitValue(t *testing.T, selector, want string) {
	t.Helper()
	var got string
	for range 150 {
		if got = b.value(t, selector); got == want {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s = %q, want %q", selector, got, want)
}
