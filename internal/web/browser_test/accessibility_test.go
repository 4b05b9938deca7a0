package browser_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
)

// page opens path, checks it with axe and for sideways scrolling.
func (b *tab) page(t *testing.T, path, name string) {
	t.Helper()
	b.open(t, path, name)
	b.wantNoHorizontalScroll(t, name)
}

// TestBrowserAccessibilityStatement: at 1280 px and at 390 px, a visitor
// finds the statement from a footer, reads it in German, Arabic and
// English and the Leichte Sprache page, sends the form empty (error
// summary), then with a message (thank-you page); an admin reads the
// message, marks it handled and deletes it. Every page is axe-clean and
// none scrolls sideways.
func TestBrowserAccessibilityStatement(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	admin := srv.CreateAccount(t, "admin@a11y.example", perm.Admin, perm.Statewide, "")
	for _, width := range []int{browsertest.Desktop, browsertest.Phone} {
		t.Run(fmt.Sprintf("%d px", width), func(t *testing.T) {
			b := newTab(t, srv)
			b.SetWidth(t, width)
			at := fmt.Sprintf(" at %d px", width)

			b.page(t, "/tr/", "start page (tr)"+at)
			b.submit(t, `.public-footer a[href="/tr/accessibility"]`, http.StatusOK, "/tr/accessibility")
			b.wantNoHorizontalScroll(t, "statement (tr)"+at)
			if l := b.lang(t); l != "tr" {
				t.Errorf("statement from the Turkish footer has lang %q", l)
			}
			for _, lang := range []string{"ar", "en", "de"} {
				b.page(t, "/"+lang+"/accessibility", "statement ("+lang+")"+at)
			}
			b.page(t, "/de/leichte-sprache", "Leichte Sprache"+at)
			if h1 := b.Text(t, "h1"); !strings.HasPrefix(h1, "Leichte Sprache") {
				t.Errorf("Leichte Sprache h1 = %q", h1)
			}

			b.open(t, "/de/accessibility", "statement (de)"+at)
			b.submit(t, "#feedback button[type=submit]", http.StatusUnprocessableEntity, "/de/accessibility/feedback#feedback")
			b.wantErrorSummary(t, "#message")
			b.check(t, "refused form"+at)
			b.wantNoHorizontalScroll(t, "refused form"+at)
			message := fmt.Sprintf("Auf dem Telefon ist die Karte zu klein (%d px)", width)
			// Typed (Fill clears first, which an empty textarea refuses).
			b.Run(t, chromedp.SendKeys(chromedp.CSS("#message"), message))
			b.Fill(t, "#reply_email", "antwort@example.org")
			b.submit(t, "#feedback button[type=submit]", http.StatusOK, "/de/accessibility/thanks#main")
			b.check(t, "thank-you page"+at)
			b.wantNoHorizontalScroll(t, "thank-you page"+at)

			b.login(t, admin.Email, admin.Password, admin.TOTPSecret)
			b.page(t, "/admin/feedback", "feedback inbox"+at)
			if list := b.Text(t, "main table"); !strings.Contains(list, message) {
				t.Fatalf("inbox lacks the message: %q", list)
			}
			b.submit(t, `main table a[href^="/admin/feedback/"]`, http.StatusOK, "")
			b.check(t, "feedback message"+at)
			b.wantNoHorizontalScroll(t, "feedback message"+at)
			if text := b.Text(t, ".feedback-text"); text != message {
				t.Errorf("message page shows %q", text)
			}
			b.submit(t, `form[action$="/handled"] button[type=submit]`, http.StatusOK, "")
			b.check(t, "handled message"+at)
			b.submit(t, `main a[href$="/delete"]`, http.StatusOK, "/delete")
			b.check(t, "delete confirmation"+at)
			b.wantNoHorizontalScroll(t, "delete confirmation"+at)
			b.submit(t, `form[action$="/delete"] button.danger`, http.StatusOK, "/admin/feedback")
			if flash := b.Text(t, ".flash"); flash != "Die Nachricht wurde gelöscht." {
				t.Errorf("flash after deleting = %q", flash)
			}
		})
	}
}
