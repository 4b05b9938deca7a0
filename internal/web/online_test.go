package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/online"
	"github.com/kmn-niedersachsen/kmn/internal/online/asbrowser"
	"github.com/kmn-niedersachsen/kmn/internal/online/e2e"
)

// onlineSignUp is a valid sign-up as the browser sends it.
func onlineSignUp(t *testing.T, nickname string) online.SignUp {
	t.Helper()
	u, _ := onlineSignUpKey(t, nickname)
	return u
}

// onlineSignUpKey is onlineSignUp with the client as its browser knows it.
func onlineSignUpKey(t *testing.T, nickname string) (online.SignUp, asbrowser.Client) {
	t.Helper()
	u, c, err := asbrowser.NewSignUp(nickname, "ein langes Passwort", "ar")
	if err != nil {
		t.Fatal(err)
	}
	return u, c
}

// TestOnlineClientAPI: what the client scripts send, refused clearly when
// wrong (4xx with translated messages, never 5xx), and nothing of another
// client's reachable.
func TestOnlineClientAPI(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	a, b := srv.NewClient(t), srv.NewClient(t)
	if res, body := a.JSON(t, "POST", "/online-client/api/signup", "ar", onlineSignUp(t, "Zahra")); res.StatusCode != http.StatusCreated {
		t.Fatalf("sign-up: %d %s", res.StatusCode, body)
	}
	if res, body := b.JSON(t, "POST", "/online-client/api/signup", "ar", onlineSignUp(t, "Other")); res.StatusCode != http.StatusCreated {
		t.Fatalf("sign-up: %d %s", res.StatusCode, body)
	}
	weak := onlineSignUp(t, "x")
	weak.PublicKey = "AAAA"
	cases := []struct {
		name, method, path, lang string
		body                     any
		want                     int
		field, text              string
	}{
		{"nickname taken (other case)", "POST", "/online-client/api/signup", "ar", onlineSignUp(t, "zahra"), 422, "nickname", "الاسم"},
		{"short nickname, bad key", "POST", "/online-client/api/signup", "de", weak, 422, "public_key", "Spitzname"},
		{"unknown field", "POST", "/online-client/api/nickname", "", map[string]string{"nick": "x"}, 400, "", ""},
		{"not JSON", "POST", "/online-client/api/login", "", "plain", 400, "", ""},
		{"wrong login", "POST", "/online-client/api/login", "en", map[string]string{"nickname": "Zahra", "auth": e2e.Encode(make([]byte, 32))}, 401, "", "wrong"},
		{"enquiry without age group", "POST", "/online-client/api/route", "de", map[string]string{"topic": "work", "lang": "ar"}, 422, "age_group", "Alter"},
		{"a conversation that is not yours", "GET", "/online-client/api/c/" + online.NewConversationID(), "", nil, 404, "", ""},
		{"writing into it", "POST", "/online-client/api/c/" + online.NewConversationID() + "/messages", "", map[string]any{"seq": 1, "epoch": 1, "body": e2e.Encode(make([]byte, 64))}, 404, "", ""},
		{"a message too large", "POST", "/online-client/api/c/" + online.NewConversationID() + "/messages", "de", map[string]any{"seq": 1, "epoch": 1, "body": strings.Repeat("A", 2<<20)}, 422, "body", "zu groß"},
		{"an attachment too large", "POST", "/online-client/api/c/" + online.NewConversationID() + "/messages", "de", map[string]any{"seq": 1, "epoch": 1, "body": e2e.Encode(make([]byte, 64)), "attachment": strings.Repeat("A", 7<<20)}, 422, "attachment", "Datei"},
		{"a request beyond any limit", "POST", "/online-client/api/c/" + online.NewConversationID() + "/messages", "", map[string]any{"seq": 1, "epoch": 1, "body": strings.Repeat("A", 9<<20)}, 413, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := a.JSON(t, c.method, c.path, c.lang, c.body)
			if res.StatusCode != c.want {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.want, body)
			}
			var out struct {
				Error  string            `json:"error"`
				Fields map[string]string `json:"fields"`
			}
			if err := json.Unmarshal([]byte(body), &out); err != nil || out.Error == "" {
				t.Fatalf("no JSON error message: %s", body)
			}
			if c.field != "" && out.Fields[c.field] == "" {
				t.Errorf("no message for %s: %s", c.field, body)
			}
			if c.text != "" && !strings.Contains(body, c.text) {
				t.Errorf("answer does not say %q (translated): %s", c.text, body)
			}
		})
	}
}

// TestOnlineSignUpLimit: sign-ups from one address range are limited.
func TestOnlineSignUpLimit(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := srv.NewClient(t)
	var last int
	for i := range 12 {
		res, _ := c.JSON(t, "POST", "/online-client/api/signup", "de", onlineSignUp(t, "Name "+strings.Repeat("x", i+1)))
		last = res.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("the 12th sign-up from one range: %d, want 429", last)
	}
}

// untranslated finds a catalog key shown instead of its text.
var untranslated = regexp.MustCompile(`online\.[a-z]+_[a-z_]+`)

// TestOnlinePagesWithoutScript: every online counseling page says in its
// language that it needs JavaScript, links the office finder instead and
// shows the crisis numbers.
func TestOnlinePagesWithoutScript(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	c := srv.NewClient(t)
	for _, l := range i18n.Public {
		for _, p := range []string{"/", "/signup", "/login", "/recover"} {
			res, body := c.Get(t, "/"+l+"/online"+p)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s%s: %d", l, p, res.StatusCode)
			}
			for _, want := range []string{"<noscript>", `href="/` + l + `/"`, `href="tel:112"`, `href="tel:116016"`, `href="tel:08001110111"`} {
				if !strings.Contains(body, want) {
					t.Errorf("/%s/online%s lacks %s", l, p, want)
				}
			}
			if untranslated.MatchString(body) {
				t.Errorf("/%s/online%s shows an untranslated key", l, p)
			}
		}
	}
}
