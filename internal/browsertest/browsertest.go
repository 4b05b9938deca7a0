// Package browsertest is a small harness for Go tests that drive a real
// Chromium through chromedp: journey tests (navigate, fill, submit, read) and
// accessibility checks with the vendored axe-core (see axe.go).
//
// The browser is Debian's chromium, named by the environment variable
// KMN_TEST_BROWSER (for example /usr/bin/chromium). Without it the suite is
// skipped, and in CI (CI=true) it fails; see internal/testenv.
//
// Every helper takes the test, runs one step under a per-step timeout
// (Browser.Timeout, 20 s by default) and fails the test with the current URL
// when the step fails, so a hanging page or a missing element gives a clear
// failure instead of a blocked test binary.
//
// Pages keep their Content-Security-Policy: the harness injects axe-core
// through the DevTools protocol, which CSP does not restrict, so the tests see
// the same CSP behaviour as users do. CSP violations and script errors show up
// in ConsoleErrors.
//
// A journey test looks like:
//
//	b := browsertest.New(t)
//	b.Navigate(t, srv.URL+"/login")
//	b.Axe(t)
//	b.Fill(t, "#email", "berater@example.org")
//	b.Fill(t, "#password", pw)
//	if status := b.Submit(t, `button[type=submit]`); status != 200 { ... }
//	if got := b.Text(t, "h1"); got != "Übersicht" { ... }
//
// Selectors are CSS selectors (document.querySelector). Use Run and Get with
// chromedp actions for anything the helpers do not cover.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/testenv"
)

// EnvBrowser names the environment variable with the path of the Chromium
// binary.
const EnvBrowser = "KMN_TEST_BROWSER"

// DefaultTimeout is the default limit for one step.
const DefaultTimeout = 20 * time.Second

// startTimeout limits the start of the browser process.
const startTimeout = 60 * time.Second

// Browser is one headless Chromium with one tab.
type Browser struct {
	// Timeout limits each step (navigation, click, query, axe run).
	Timeout time.Duration

	ctx context.Context // the tab; lives until the test's cleanup

	mu       sync.Mutex
	console  []string
	consoleW sync.WaitGroup
}

// New starts a headless Chromium with a fresh profile for the test and
// stops it in t.Cleanup. It skips the test (fails it in CI) when
// KMN_TEST_BROWSER is not set.
func New(t testing.TB) *Browser {
	t.Helper()
	path := os.Getenv(EnvBrowser)
	if path == "" {
		path = testenv.Require(t, EnvBrowser, "browser")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s=%s: %v (install chromium, e.g. apt-get install chromium)", EnvBrowser, path, err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	b := &Browser{Timeout: DefaultTimeout, ctx: ctx}
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the browser process and its profile dir
		b.consoleW.Wait()
	})

	// The first Do starts the browser and opens the tab. Its context must
	// not carry a deadline (that would end the browser), so bound it here.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("browsertest: start %s: %v", path, err)
		}
	case <-time.After(startTimeout):
		t.Fatalf("browsertest: %s did not start within %v", path, startTimeout)
	}

	b.collectConsole()
	return b
}

// Ctx returns the context of the tab, for running chromedp actions directly.
// It has no deadline; prefer Run and Get, which apply the step timeout.
func (b *Browser) Ctx() context.Context { return b.ctx }

// step returns a context for one step.
func (b *Browser) step() (context.Context, context.CancelFunc) {
	d := b.Timeout
	if d <= 0 {
		d = DefaultTimeout
	}
	return context.WithTimeout(b.ctx, d)
}

// fail ends the test with err, what was being done, and where the tab is.
func (b *Browser) fail(t testing.TB, what string, err error) {
	t.Helper()
	msg := err.Error()
	if errors.Is(err, context.DeadlineExceeded) {
		msg = fmt.Sprintf("timed out after %v (element missing or page hanging?): %v", b.Timeout, err)
	}
	t.Fatalf("browser: %s: %s\n\tcurrent page: %s", what, msg, b.where())
}

// where describes the current page for failure messages.
func (b *Browser) where() string {
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	title, _ := chromedp.Run(ctx, chromedp.Title())
	if title != "" {
		return fmt.Sprintf("%s (title %q)", u, title)
	}
	return u
}

// Run runs the steps in order under one step timeout and fails the test on
// the first error.
func (b *Browser) Run(t testing.TB, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.fail(t, "run", err)
	}
}

// Get runs one action that returns a value, under the step timeout, and
// fails the test on error. For example:
//
//	n := browsertest.Get(t, b, chromedp.Evaluate[int](`document.forms.length`))
func Get[T any](t testing.TB, b *Browser, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.fail(t, "get", err)
	}
	return v
}

// Navigate loads url, waits for the load event and returns the HTTP status
// of the document. It does not fail on 4xx/5xx; check the status.
func (b *Browser) Navigate(t testing.TB, url string) int {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		b.fail(t, "navigate to "+url, err)
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Fill replaces the value of the input or textarea matching the CSS
// selector by typing value into it.
func (b *Browser) Fill(t testing.TB, selector, value string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	sel := chromedp.CSS(selector)
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(sel),
		chromedp.Clear(sel),
		chromedp.SendKeys(sel, value),
	); err != nil {
		b.fail(t, fmt.Sprintf("fill %q", selector), err)
	}
}

// Select sets the value of the select element matching the CSS selector.
func (b *Browser) Select(t testing.TB, selector, value string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	sel := chromedp.CSS(selector)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(sel), chromedp.SetValue(sel, value)); err != nil {
		b.fail(t, fmt.Sprintf("select %q in %q", value, selector), err)
	}
}

// Click clicks the element matching the CSS selector and does not wait for
// a navigation. Use Submit for a click that loads a new document.
func (b *Browser) Click(t testing.TB, selector string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		b.fail(t, fmt.Sprintf("click %q", selector), err)
	}
}

// Submit clicks the element matching the CSS selector (a submit button or
// a link), waits until the new document has loaded (following redirects)
// and returns its HTTP status. It fails the test when no navigation follows
// within the step timeout.
func (b *Browser) Submit(t testing.TB, selector string) int {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
	if err != nil {
		b.fail(t, fmt.Sprintf("submit via %q", selector), err)
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Text returns the visible text (innerText) of the first element matching
// the CSS selector, waiting for it to appear.
func (b *Browser) Text(t testing.TB, selector string) string {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		b.fail(t, fmt.Sprintf("text of %q", selector), err)
	}
	return s
}

// Exists reports whether an element matches the CSS selector now, without
// waiting.
func (b *Browser) Exists(t testing.TB, selector string) bool {
	t.Helper()
	js := fmt.Sprintf("document.querySelector(%s) !== null", jsString(selector))
	return Get(t, b, chromedp.Evaluate[bool](js))
}

// URL returns the URL of the current document.
func (b *Browser) URL(t testing.TB) string {
	t.Helper()
	return Get(t, b, chromedp.Location())
}

// Screenshot writes a PNG of the whole page to path.
func (b *Browser) Screenshot(t testing.TB, path string) {
	t.Helper()
	png := Get(t, b, chromedp.FullScreenshot(100))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browser: screenshot: %v", err)
	}
}

// ConsoleErrors returns the errors the pages have reported so far: console
// errors, uncaught exceptions and browser log errors such as CSP violations
// ("Refused to execute inline script ...") and failed resource loads.
func (b *Browser) ConsoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.console...)
}

// collectConsole records error messages of the tab until the test ends.
func (b *Browser) collectConsole() {
	msgs := chromedp.Console(b.ctx)
	b.consoleW.Add(1)
	go func() {
		defer b.consoleW.Done()
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
				continue
			}
			text := strings.TrimSpace(m.Text)
			if m.URL != "" {
				text += " (" + m.URL + ")"
			}
			b.mu.Lock()
			b.console = append(b.console, text)
			b.mu.Unlock()
		}
	}()
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s) // escapes quotes, controls, U+2028/9 and <>&
	return string(q)
}
