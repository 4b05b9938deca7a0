package e2e_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kmn-niedersachsen/kmn/internal/browsertest"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// The page runs online-crypto.js under the strict CSP the site uses, so an
// eval or inline script in it would fail here too.
const (
	csp  = "default-src 'self'; script-src 'self'; style-src 'self'"
	page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>e2e</title>
<script src="/online-crypto.js"></script></head><body></body></html>`
	arabic = "مرحبا، كيف حالك؟ 👋🏽 Grüße"
)

func server(t *testing.T) *httptest.Server {
	t.Helper()
	script, err := os.ReadFile("../../web/site/static/online-crypto.js")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("GET /online-crypto.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(script)
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent) // keeps the console free of a 404
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// run evaluates body as an async function of arg (passed as JSON) with K
// bound to window.KMNCrypto, and decodes what it returns.
func run[T any](t *testing.T, b *browsertest.Browser, body string, arg any) T {
	t.Helper()
	in, err := json.Marshal(arg)
	if err != nil {
		t.Fatal(err)
	}
	expr := "(async (arg) => { const K = window.KMNCrypto;\n" + body + "\n})(" + string(in) + ")"
	return browsertest.Get(t, b, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// TestBrowser pins the protocol between online-crypto.js in Chromium and
// this package, in both directions. One browser serves all subtests.
func TestBrowser(t *testing.T) {
	b := browsertest.New(t)
	srv := server(t)
	if status := b.Navigate(t, srv.URL+"/"); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if it := run[int](t, b, `return K.ITERATIONS;`, nil); it != e2e.Iterations {
		t.Fatalf("KMNCrypto.ITERATIONS = %d, want %d", it, e2e.Iterations)
	}
	t.Run("base64url", func(t *testing.T) { testBase64(t, b) })
	t.Run("browser to Go", func(t *testing.T) { testBrowserToGo(t, b) })
	t.Run("Go to browser", func(t *testing.T) { testGoToBrowser(t, b) })
	t.Run("recovery code", func(t *testing.T) { testRecovery(t, b) })
	t.Run("safety numbers", func(t *testing.T) { testSafety(t, b) })
	t.Run("key store", func(t *testing.T) { testKeyStore(t, b) })
	t.Run("attachments", func(t *testing.T) { testFiles(t, b) })
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors (CSP?): %q", errs)
	}
}

func testBase64(t *testing.T, b *browsertest.Browser) {
	got := run[[]string](t, b, `
		const out = [];
		for (let n = 0; n < 7; n++) out.push(K.b64(new Uint8Array(n).map((_, i) => 250 + i)));
		for (const s of out) if (K.b64(K.unb64(s)) !== s) throw new Error("round trip " + s);
		for (const bad of ["a", "ab+c", "ab/c", "ab==", "a b"]) {
			try { K.unb64(bad); throw new Error("accepted " + bad); } catch (e) { if (!(e instanceof TypeError)) throw e; }
		}
		return out;`, nil)
	for n, s := range got {
		want := make([]byte, n)
		for i := range want {
			want[i] = byte(250 + i)
		}
		if s != e2e.Encode(want) {
			t.Errorf("%d bytes: browser %q, Go %q", n, s, e2e.Encode(want))
		}
	}
}

// browserOut is what the browser made for Go to open.
type browserOut struct {
	Auth, PublicKey, Sealed, Wrapped, Safety string
	Msgs                                     []string
}

func testBrowserToGo(t *testing.T, b *browsertest.Browser) {
	goID, _ := e2e.NewIdentity()
	salt := e2e.NewSalt()
	texts := []string{"Hallo", arabic, ""}
	// The browser gets the decomposed "ü", Go the composed one: NFC must
	// make them the same password.
	arg := map[string]any{"password": "Pa\u0308sswort 🔐 أمان", "salt": e2e.Encode(salt),
		"goPub": goID.PublicB64(), "texts": texts}
	out := run[browserOut](t, b, `
		const s = await K.passwordSecrets(arg.password, arg.salt);
		const id = await K.newIdentity();
		const ck = await K.newConversationKey();
		const msgs = [];
		for (let i = 0; i < arg.texts.length; i++) {
			msgs.push(await K.encryptMessage(ck, "conv-42", 2, i + 1, "client-9", {text: arg.texts[i]}));
		}
		return {auth: s.auth, publicKey: id.publicKey, msgs,
			sealed: await K.wrapPrivateKey(id.privateKey, s.wrapKey),
			wrapped: await K.wrapConversationKey(ck, arg.goPub, "conv-42", 2, "counselor-7"),
			safety: await K.safetyNumber(id.publicKey, arg.goPub)};`, arg)

	auth, wrap, err := e2e.PasswordSecrets("Pässwort 🔐 أمان", salt)
	if err != nil {
		t.Fatal(err)
	}
	if out.Auth != e2e.Encode(auth) {
		t.Errorf("auth: browser %s, Go %s", out.Auth, e2e.Encode(auth))
	}
	browserID, err := e2e.OpenPrivateKey(out.Sealed, wrap)
	if err != nil {
		t.Fatalf("Go cannot open the browser's sealed private key: %v", err)
	}
	if browserID.PublicB64() != out.PublicKey {
		t.Errorf("opened private key does not match the browser's public key")
	}
	if err := e2e.ValidPublicKey(out.PublicKey); err != nil {
		t.Error(err)
	}
	if err := e2e.ValidWrappedKey(out.Wrapped); err != nil {
		t.Error(err)
	}
	key, err := e2e.UnwrapConversationKey(out.Wrapped, goID, "conv-42", 2, "counselor-7")
	if err != nil {
		t.Fatalf("Go cannot unwrap the browser's conversation key: %v", err)
	}
	for i, m := range out.Msgs {
		if got, err := e2e.DecryptMessage(key, "conv-42", 2, i+1, "client-9", m); err != nil || got != texts[i] {
			t.Errorf("message %d: %q, %v; want %q", i+1, got, err, texts[i])
		}
		if _, err := e2e.DecryptMessage(key, "conv-42", 2, i+2, "client-9", m); !errors.Is(err, e2e.ErrVerify) {
			t.Errorf("message %d at another seq: err = %v", i+1, err)
		}
	}
	if _, err := e2e.UnwrapConversationKey(out.Wrapped, goID, "conv-42", 2, "counselor-8"); !errors.Is(err, e2e.ErrVerify) {
		t.Errorf("unwrap for another recipient id: err = %v", err)
	}
	if sn, _ := e2e.SafetyNumber(goID.PublicB64(), out.PublicKey); sn != out.Safety {
		t.Errorf("safety number: browser %q, Go %q", out.Safety, sn)
	}
}
