package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/mail/mailtest"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/asbrowser"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// TestOnlineConsentToFile: the client agrees in the conversation; the
// assigned counselor opens a file from it (prefilled, pseudonym only)
// and the conversation links to it. Without the consent the form is not
// prefilled and nothing is linked.
func TestOnlineConsentToFile(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	office := srv.Office(t, "mbe-online-file")
	lead := srv.CreateAccount(t, "lead-of@example.org", perm.OfficeLead, perm.Office, office)
	if err := srv.App.Online.SetOfficeSettings(ctx, srv.Principal(t, lead), online.OfficeSettings{OfficeID: office, Programs: []string{"mbe"}}); err != nil {
		t.Fatal(err)
	}
	acc := srv.CreateAccount(t, "berater-of@example.org", perm.Counselor, perm.Office, office)
	staffKey(t, srv, acc)
	client := srv.NewClient(t)
	u, key := onlineSignUpKey(t, "Mina")
	res, body := client.JSON(t, "POST", "/online-client/api/signup", "de", u)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("sign-up: %d %s", res.StatusCode, body)
	}
	var me struct {
		ClientID string `json:"client_id"`
	}
	_ = json.Unmarshal([]byte(body), &me)
	key.ID = me.ClientID
	conv := startConversation(t, srv, key)
	counselor := srv.NewClient(t)
	counselor.Login(t, acc)
	if resp, _ := counselor.Post(t, "/online/c/"+conv+"/take", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("take: %d", resp.StatusCode)
	}
	if _, page := counselor.Get(t, "/cases/new?online="+conv); strings.Contains(page, `name="online_id"`) {
		t.Error("the form links the conversation before the client agreed")
	}
	if resp, _ := client.Post(t, "/de/online/c/"+conv+"/file-consent", url.Values{"consent": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("consent: %d", resp.StatusCode)
	}
	if _, page := client.Get(t, "/de/online/c/"+conv); !strings.Contains(page, "zugestimmt") {
		t.Error("the client's page does not show the consent")
	}
	_, page := counselor.Get(t, "/cases/new?online="+conv)
	if !strings.Contains(page, `name="online_id" value="`+conv+`"`) {
		t.Fatal("the form does not carry the conversation after the consent")
	}
	resp, body := counselor.Post(t, "/cases", url.Values{"office_id": {office}, "program_id": {"mbe"}, "intake_on": {caseYesterday()},
		"birth_year": {"1990"}, "gender": {"female"}, "residence_status": {"other"}, "online_id": {conv}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	file := strings.TrimPrefix(resp.Header.Get("Location"), "/cases/")
	if _, page := counselor.Get(t, "/online/c/"+conv); !strings.Contains(page, `href="/cases/`+file+`"`) {
		t.Error("the conversation does not link the new file")
	}
}

// staffKey sets up acc's online key as the browser would.
func staffKey(t *testing.T, srv *apptest.Server, acc apptest.Account) e2e.Identity {
	t.Helper()
	id, err := asbrowser.StaffKey(context.Background(), srv.App.Online, srv.Principal(t, acc), "schluesselkennwort")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// startConversation opens an MBE enquiry as the client's browser does.
func startConversation(t *testing.T, srv *apptest.Server, c asbrowser.Client) string {
	t.Helper()
	id, _, err := asbrowser.Start(context.Background(), srv.App.Online, c, online.Enquiry{Topic: "work", AgeGroup: online.AgeAdult, Lang: "de"}, "Frage")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestOnlineNoticeMail: a client who left an address gets one mail when
// the counselor answers (in the client's language, the login link, no
// nickname, no content), none for further answers until the client has
// read them, and none once the address is removed.
func TestOnlineNoticeMail(t *testing.T) {
	smtp := mailtest.Start(t)
	srv := apptest.Start(t, apptest.Options{Mail: smtp})
	ctx := context.Background()
	office := srv.Office(t, "mbe-online-mail")
	lead := srv.CreateAccount(t, "lead-om@example.org", perm.OfficeLead, perm.Office, office)
	if err := srv.App.Online.SetOfficeSettings(ctx, srv.Principal(t, lead), online.OfficeSettings{OfficeID: office, Programs: []string{"mbe"}}); err != nil {
		t.Fatal(err)
	}
	acc := srv.CreateAccount(t, "berater-om@example.org", perm.Counselor, perm.Office, office)
	staffID := staffKey(t, srv, acc)
	client := srv.NewClient(t)
	u, key := onlineSignUpKey(t, "Leyla")
	_, body := client.JSON(t, "POST", "/online-client/api/signup", "ar", u)
	var me struct {
		ClientID string `json:"client_id"`
	}
	_ = json.Unmarshal([]byte(body), &me)
	if resp, page := client.Post(t, "/ar/online/account/email", url.Values{"email": {"keine-adresse"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="email-error"`) {
		t.Errorf("a bad address: %d", resp.StatusCode)
	}
	if resp, _ := client.Post(t, "/ar/online/account/email", url.Values{"email": {"leyla@example.org"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("address: %d", resp.StatusCode)
	}
	key.ID = me.ClientID
	conv := startConversation(t, srv, key)
	counselor := srv.Principal(t, acc)
	pt := online.StaffParty(counselor)
	if err := srv.App.Online.Take(ctx, pt, conv); err != nil {
		t.Fatal(err)
	}
	answer := func(seq int) {
		t.Helper()
		v, err := srv.App.Online.View(ctx, pt, conv, 0)
		if err != nil {
			t.Fatal(err)
		}
		ck, _ := e2e.UnwrapConversationKey(v.Keys[0].Wrapped, staffID, conv, 1, acc.ID)
		b, _ := e2e.EncryptMessage(ck, conv, 1, seq, acc.ID, "MARKER-MAIL-ANTWORT")
		if err := srv.App.Online.Post(ctx, pt, conv, online.Message{Seq: seq, Epoch: 1, SenderID: acc.ID, Body: b}); err != nil {
			t.Fatal(err)
		}
	}
	answer(2)
	answer(3)
	m := waitMailTo(t, smtp, "leyla@example.org")
	if m.To[0] != "leyla@example.org" || m.Header.Get("Content-Language") != "ar" || !strings.Contains(m.Text, "/ar/online/login") {
		t.Errorf("mail to %v in %q: %q", m.To, m.Header.Get("Content-Language"), m.Text)
	}
	for _, secret := range []string{"Leyla", "MARKER", conv} {
		if strings.Contains(m.Subject+m.Text+m.HTML, secret) {
			t.Errorf("the notice mail contains %q", secret)
		}
	}
	if _, err := srv.App.Online.View(ctx, online.ClientParty(me.ClientID), conv, 0); err != nil {
		t.Fatal(err)
	}
	if resp, _ := client.Post(t, "/ar/online/account/email/delete", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", resp.StatusCode)
	}
	answer(4)
	time.Sleep(2 * time.Second)
	if n := len(mailsTo(smtp, "leyla@example.org")); n != 1 {
		t.Errorf("%d mails, want exactly 1 (one per unread stretch, none after removal)", n)
	}
}

func mailsTo(smtp *mailtest.Server, addr string) []mailtest.Received {
	var out []mailtest.Received
	for _, m := range smtp.Messages() {
		if len(m.To) == 1 && m.To[0] == addr {
			out = append(out, m)
		}
	}
	return out
}

// waitMailTo waits for the first mail to addr.
func waitMailTo(t *testing.T, smtp *mailtest.Server, addr string) mailtest.Received {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if got := mailsTo(smtp, addr); len(got) > 0 {
			return got[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no mail to %s", addr)
	return mailtest.Received{}
}
