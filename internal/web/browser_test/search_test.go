package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth"
	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/casework"
)

// TestBrowserSearch: the demo counselor, at a desktop's and a phone's
// width, presses "/" on the dashboard and lands in the header's search
// box, types a place and Enter and gets the results page; a "/" typed
// into a field stays a character; a too short text is refused with a
// message; a whole code opens its file. Every page is axe clean and no
// wider than the screen.
func TestBrowserSearch(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Demo: true})
	ctx := context.Background()
	if err := srv.App.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	acct := demoAccount(t, "beratung@kmn.example")
	b := newTab(t, srv)
	b.login(t, acct.Email, acct.Password, acct.TOTPSecret)
	code, fileID := demoFile(t, srv, acct.Email)

	for _, width := range []int{browsertest.Desktop, browsertest.Phone} {
		b.SetWidth(t, width)
		at := fmt.Sprintf(" at %d px", width)
		b.openWide(t, "/dashboard", "dashboard"+at)

		// "/" anywhere but in a field focuses the box, without typing itself.
		browsertest.Get(t, b.Browser, chromedp.Evaluate[bool](`document.activeElement.blur(), true`))
		b.press(t, "/", "Slash", 191)
		if id := b.focused(t); id != "site-search-q" {
			t.Fatalf("after \"/\"%s the focus is on %q, want the search box", at, id)
		}
		if v := b.value(t, "#site-search-q"); v != "" {
			t.Errorf("the shortcut typed %q into the box", v)
		}
		b.Run(t, chromedp.KeyEvent("Hannover"))
		b.enter(t, http.StatusOK, "/search")
		b.wide(t, "results"+at)
		b.Screenshot(t, fmt.Sprintf("/tmp/kmn-search-%d.png", width)) // for a human to look at
		if text := b.Text(t, "main"); !strings.Contains(text, "Treffer für „Hannover“") || !strings.Contains(text, "Beratungsstellen (") {
			t.Errorf("results%s: %s", at, text)
		}

		// In the page's own field "/" is a character, not the shortcut.
		browsertest.Get(t, b.Browser, chromedp.Evaluate[bool](`(q => (q.focus(), q.setSelectionRange(q.value.length, q.value.length), true))(document.getElementById("q"))`))
		b.press(t, "/", "Slash", 191)
		if id, v := b.focused(t), b.value(t, "#q"); id != "q" || v != "Hannover/" {
			t.Errorf("\"/\" in the field%s: focus %q, value %q", at, id, v)
		}

		// The results are links in reading order: the first office opens.
		href := b.attr(t, "#results-offices + .result-list a", "href")
		b.submit(t, "#results-offices + .result-list a", http.StatusOK, href)
		b.wide(t, "office from the results"+at)

		// Too short: refused with the message at the field.
		b.openWide(t, "/search", "empty search page"+at)
		b.Fill(t, "#q", "H")
		b.enter(t, http.StatusUnprocessableEntity, "/search")
		b.wantErrorSummary(t, "#q")
		b.wide(t, "refused search"+at)
	}

	// A whole code, typed as read out on the phone, opens the file.
	b.openWide(t, "/dashboard", "dashboard")
	b.Fill(t, "#site-search-q", strings.ToLower(strings.ReplaceAll(code, "-", " ")))
	b.enter(t, http.StatusOK, "/cases/"+fileID)
}

// enter presses Enter in the focused field, expects the new document to
// have status want and to be at path, and checks it like submit does.
func (b *tab) enter(t *testing.T, want int, path string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx(), b.Timeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter))
	if err != nil || resp == nil || int(resp.Status) != want {
		t.Fatalf("Enter: %v, response %v, want status %d (now at %s)", err, resp, want, b.URL(t))
	}
	b.wantPath(t, path)
	if want >= 400 {
		b.expected = fmt.Sprintf("Failed to load resource: the server responded with a status of %d (%s) (%s)",
			want, http.StatusText(want), b.URL(t))
	}
}

// press types one printable key as a keyboard does: a keydown carrying
// the character, then a keyup, so that a handler cancelling the keydown
// also cancels the character (chromedp's KeyEvent sends the character as
// an event of its own, which a page cannot cancel).
func (b *tab) press(t *testing.T, key, code string, keyCode int64) {
	t.Helper()
	b.Run(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		ev := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: code, Text: key,
			UnmodifiedText: key, WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode}
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, ev); err != nil {
			return err
		}
		ev.Type, ev.Text, ev.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
		_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, ev)
		return err
	}))
}

// wide checks the current page with axe and for sideways scrolling.
func (b *tab) wide(t *testing.T, name string) {
	t.Helper()
	b.check(t, name)
	if extra, who := b.Overflow(t); extra > 0 {
		t.Errorf("%s is %d px wider than the screen (widest: %s)", name, extra, who)
	}
}

// focused is the id of the element with the focus ("" for none).
func (b *tab) focused(t *testing.T) string {
	t.Helper()
	return browsertest.Get(t, b.Browser, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
}

// demoFile is the code and id of one of the demo counselor's files.
func demoFile(t *testing.T, srv *apptest.Server, email string) (string, string) {
	t.Helper()
	ctx := context.Background()
	u, err := auth.UserByEmail(ctx, srv.App.DB, email)
	if err != nil {
		t.Fatal(err)
	}
	p := srv.Principal(t, apptest.Account{User: u})
	page, err := srv.App.Cases.Caseload(ctx, casework.ViewerOf(p), casework.CaseQuery{Limit: 1})
	if err != nil || len(page.Rows) != 1 {
		t.Fatalf("demo file: %v", err)
	}
	return page.Rows[0].Code, page.Rows[0].ID
}
