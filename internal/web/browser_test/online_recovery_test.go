package browser_test

import (
	"context"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/asbrowser"
)

const markerRecovered = "MARKER-NACH-WIEDERHERSTELLUNG-8P2D"

// TestBrowserCounselorKeyRecovery: the lead sets up the office's recovery
// key (its code shown once); the counselor sets up a key (escrowed to it);
// an enquiry arrives; the counselor forgets the key passphrase, asks for a
// release under a new one in a fresh browser; the lead releases it with
// the code; the counselor takes the key back and reads the enquiry. Axe on
// every page.
func TestBrowserCounselorKeyRecovery(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	_, counselor, lead := seedOnlineOfficeWithLead(t, srv)

	boss := newTab(t, srv)
	boss.login(t, lead.Email, lead.Password, lead.TOTPSecret)
	boss.page(t, "/online/settings", "online settings")
	boss.Click(t, `form[data-online=office-key-setup] button`)
	boss.waitVisible(t, ".recovery-panel")
	boss.check(t, "office recovery code")
	code := boss.Text(t, ".recovery-panel code")
	if len(code) < 26 {
		t.Fatalf("office recovery code %q", code)
	}

	staff := newTab(t, srv)
	staff.login(t, counselor.Email, counselor.Password, counselor.TOTPSecret)
	staff.page(t, "/online/keys", "key set-up")
	staff.Fill(t, "#password", "das alte Schlüsselkennwort")
	staff.Fill(t, "#password2", "das alte Schlüsselkennwort")
	staff.Click(t, "#online-setup button[type=submit]")
	staff.waitPath(t, "/online")
	conv := clientEnquiry(t, srv, markerRecovered)

	// Forgotten, in a new browser: ask for a release under a new passphrase.
	again := newTab(t, srv)
	again.login(t, counselor.Email, counselor.Password, counselor.TOTPSecret)
	again.page(t, "/online/keys", "key unlock")
	again.Click(t, "details.reset-request summary")
	again.Fill(t, "#reset-password", "das neue Schlüsselkennwort")
	again.Fill(t, "#reset-password2", "das neue Schlüsselkennwort")
	again.Click(t, "#online-reset-request button[type=submit]")
	again.waitText(t, "main .notice", "")
	again.check(t, "key reset waiting")

	boss.page(t, "/online/settings", "online settings with a request")
	boss.Fill(t, `form[data-online=reset-grant] input[name=code]`, code)
	boss.Click(t, `form[data-online=reset-grant] button`)
	boss.waitGone(t, `form[data-online=reset-grant]`)

	again.page(t, "/online/keys", "key released")
	again.Fill(t, "#password", "das neue Schlüsselkennwort")
	again.Click(t, "#online-reset-complete button[type=submit]")
	again.waitPath(t, "/online")
	again.page(t, "/online/c/"+conv, "enquiry after the recovery")
	again.waitText(t, "#messages", markerRecovered)
}

// clientEnquiry opens an enquiry for the office's counselors from a client
// made in Go, and returns its id.
func clientEnquiry(t *testing.T, srv *apptest.Server, text string) string {
	t.Helper()
	ctx := context.Background()
	c, err := asbrowser.SignUp(ctx, srv.App.Online, "Recovery", "ein langes Passwort", "de")
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := asbrowser.Start(ctx, srv.App.Online, c, online.Enquiry{Topic: "residence_law", Postcode: "30159",
		AgeGroup: online.AgeAdult, Lang: "de"}, text)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// waitGone waits until the page (reloaded by its script) no longer has
// selector.
func (b *tab) waitGone(t *testing.T, selector string) {
	t.Helper()
	for range 150 {
		if !b.Exists(t, selector) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s is still on %s", selector, b.URL(t))
}
