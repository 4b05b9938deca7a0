package browsertest_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
)

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"

const cleanPage = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Beratung finden</title>
<script src="/app.js"></script></head>
<body><main>
<h1>Beratung finden</h1>
<form method="post" action="/search">
<label for="plz">Postleitzahl</label>
<input id="plz" name="plz" type="text" autocomplete="postal-code">
<button type="submit">Suchen</button>
</form>
</main></body></html>`

const badPage = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Kaputt</title></head>
<body><main>
<h1>Kaputt</h1>
<img src="/pixel.gif">
<input name="unlabelled" type="text">
<script>window.inlineRan = true;</script>
</main></body></html>`

func server(t *testing.T) *httptest.Server {
	t.Helper()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", csp)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /clean", page(cleanPage))
	mux.Handle("GET /bad", page(badPage))
	mux.HandleFunc("GET /app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.documentElement.dataset.js = "ok";`)
	})
	mux.HandleFunc("GET /pixel.gif", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
	})
	mux.HandleFunc("POST /search", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/result?plz="+r.PostFormValue("plz"), http.StatusSeeOther)
	})
	mux.Handle("GET /result", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page(`<!doctype html><html lang="de"><head><title>Ergebnis</title></head><body><main><h1 id="result">Ergebnis für `+
			html.EscapeString(r.FormValue("plz"))+`</h1></main></body></html>`)(w, r)
	}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestBrowser exercises the harness against a tiny site with a strict CSP.
// One browser serves all subtests to keep it fast.
func TestBrowser(t *testing.T) {
	b := browsertest.New(t)
	srv := server(t)

	t.Run("journey", func(t *testing.T) {
		if got := b.Navigate(t, srv.URL+"/clean"); got != http.StatusOK {
			t.Fatalf("status = %d, want 200", got)
		}
		// The same-origin script ran under script-src 'self'.
		if js := browsertest.Get(t, b, chromedp.Evaluate[string](`document.documentElement.dataset.js || ""`)); js != "ok" {
			t.Errorf("app.js did not run: dataset.js = %q", js)
		}
		b.Fill(t, "#plz", "30159")
		if got := b.Submit(t, `button[type="submit"]`); got != http.StatusOK {
			t.Fatalf("status after submit = %d, want 200", got)
		}
		if got := b.Text(t, "#result"); got != "Ergebnis für 30159" {
			t.Errorf("result text = %q", got)
		}
		if u := b.URL(t); !strings.HasSuffix(u, "/result?plz=30159") {
			t.Errorf("URL = %q", u)
		}
		if !b.Exists(t, "#result") || b.Exists(t, "#nope") {
			t.Errorf("Exists is wrong")
		}
		shot := filepath.Join(t.TempDir(), "result.png")
		b.Screenshot(t, shot)
		if data, err := os.ReadFile(shot); err != nil || !strings.HasPrefix(string(data), "\x89PNG") {
			t.Errorf("screenshot: %v, %d bytes", err, len(data))
		}
	})

	t.Run("axe clean page", func(t *testing.T) {
		b.Navigate(t, srv.URL+"/clean")
		for _, v := range b.Axe(t) {
			t.Logf("minor: %s", v)
		}
	})

	t.Run("axe bad page", func(t *testing.T) {
		b.Navigate(t, srv.URL+"/bad")
		vs := b.AxeViolations(t)
		found := map[string]bool{}
		for _, v := range vs {
			if v.Blocking() {
				found[v.ID] = true
			}
			t.Logf("%s", v)
		}
		for _, id := range []string{"image-alt", "label"} {
			if !found[id] {
				t.Errorf("axe did not report %s as serious/critical; got %v", id, vs)
			}
		}
		// axe ran although the page's CSP forbids inline scripts, and the CSP
		// still applied to the page itself.
		if ran := browsertest.Get(t, b, chromedp.Evaluate[bool](`window.inlineRan === true`)); ran {
			t.Errorf("inline script ran: CSP is bypassed")
		}
		var csp bool
		for _, e := range b.ConsoleErrors() {
			if strings.Contains(e, "Content Security Policy") {
				csp = true
			}
		}
		if !csp {
			t.Errorf("no CSP violation in ConsoleErrors: %q", b.ConsoleErrors())
		}

		// The failing variant reports the serious violations by rule id.
		ft := &fakeT{TB: t}
		b.Axe(ft)
		if !ft.failed || !strings.Contains(ft.msg, "image-alt") || !strings.Contains(ft.msg, "label") {
			t.Errorf("Axe on the bad page: failed=%v msg=%q", ft.failed, ft.msg)
		}
	})

	t.Run("step timeout", func(t *testing.T) {
		b.Navigate(t, srv.URL+"/clean")
		b.Timeout = 500 * time.Millisecond
		defer func() { b.Timeout = browsertest.DefaultTimeout }()
		ft := &fakeT{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			b.Text(ft, "#does-not-exist")
		}()
		<-done
		if !ft.failed || !strings.Contains(ft.msg, "timed out") || !strings.Contains(ft.msg, "/clean") {
			t.Errorf("want a timeout failure naming the page, got failed=%v msg=%q", ft.failed, ft.msg)
		}
	})
}

// fakeT records Errorf and Fatalf instead of failing the real test.
type fakeT struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.msg += fmt.Sprintf(format, args...)
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed = true
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
